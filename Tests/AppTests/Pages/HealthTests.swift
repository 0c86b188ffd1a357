import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// `/healthz`.
@Suite struct HealthTests {
    @Test func healthz() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let page = try await browser.get("/healthz")
            // check
            #expect(page.status == .ok)
            #expect(page.body == "ok\n")
        }
    }
}
