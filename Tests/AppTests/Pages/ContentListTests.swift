import Foundation
import Testing
@testable import App

/// The content list (`/content`).
@Suite struct ContentListTests {
    @Test func hugePageNumbersAndUnknownStatusesAreNot500() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/content?page=9223372036854775807").status == .ok)
            #expect(try await browser.get("/content?status=nonsense").status == .ok)
        }
    }
}
