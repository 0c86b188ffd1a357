import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// `/healthz`.
@Suite struct HealthTests {
    @Test func healthz() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            let page = try await browser.get("/healthz")
            #expect(page.status == .ok)
            #expect(page.body == "ok\n")
        }
    }
}
