import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Files under `/static/`.
@Suite struct StaticFilesTests {
    @Test func staticFilesAreServedWithoutASession() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let css = try await browser.get("/static/css/app.css")
            // check
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.headers[values: .setCookie].isEmpty, "no session work for static files")
            #expect(try await browser.get("/static/../Package.swift").status != .ok)
            #expect(try await browser.get("/static/nope.css").status == .notFound)
        }
    }
}
