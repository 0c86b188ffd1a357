import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The error pages: 404 in the user's language, and a 500 that shows and logs a request ID.
@Suite struct ErrorPagesTests {
    @Test func notFoundPageInTheUsersLanguage() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let id = try await browser.get("/nothing-here")
            // check
            #expect(id.status == .notFound)
            #expect(id.contains("Halaman tidak ditemukan"))
            // action
            browser.setCookie("warta_lang", "en")
            let en = try await browser.get("/nothing-here")
            // check
            #expect(en.contains("Page not found"))
            #expect(en.contains("<html lang=\"en\">"))
        }
    }

    @Test func serverErrorShowsAndLogsARequestID() async throws {
        // setup
        let app = try await TestApp.make()
        struct Boom: Error {}
        app.router.get("/boom") { _, _ -> Response in throw Boom() }
        // action
        try await app.run { browser in
            let page = try await browser.get("/boom")
            // check
            #expect(page.status == .internalServerError)
            #expect(page.contains("Terjadi kesalahan pada server"))
            #expect(page.contains("Kode permintaan"))
            let code = TestBrowser.firstMatch(in: page.body, after: "<code>")
            #expect(code != nil)
            #expect(!page.contains("Boom"), "internals are not shown")
        }
    }
}
