import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

@Suite struct WebSafetyTests {
    @Test func postWithoutCSRFTokenIsRefusedAndChangesNothing() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let refused = try await browser.post("/admin/users", [
                ("username", "sneaky"), ("display_name", "Sneaky"), ("role", "admin"), ("language", "id"), ("password", "password123"),
            ], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(refused.contains("Formulir ini sudah kedaluwarsa"))
            let forged = try await browser.post("/admin/users", [
                ("csrf_token", "forged-token-forged-token-forged-token-12"), ("username", "sneaky"), ("display_name", "Sneaky"),
                ("role", "admin"), ("language", "id"), ("password", "password123"),
            ])
            #expect(forged.status == .forbidden)
        }
        #expect(try app.database.userRecord(username: "sneaky") == nil)
    }

    @Test func loginNeedsThePreSessionToken() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            let refused = try await browser.post("/login", [("username", "admin"), ("password", TestApp.adminPassword)], csrf: false)
            #expect(refused.status == .forbidden)
            #expect(browser.cookie("warta_session") == nil)
        }
    }

    @Test func tokenOfAnotherSessionIsRefused() async throws {
        let app = try await TestApp.make()
        let otherToken = try await app.runReturning { other in
            try await other.login("kabiro", TestApp.userPassword)
            try await other.get("/")
            return other.csrfToken
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.post("/logout", [("csrf_token", otherToken)]).status == .forbidden)
            #expect(try await browser.get("/").status == .ok, "still logged in")
        }
    }

    @Test func crossOriginPostIsRefused() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/")
            let evil = try await browser.post("/logout", headers: [.origin: "https://evil.example"])
            #expect(evil.status == .forbidden)
            #expect(evil.contains("tidak berasal dari situs ini"))
            let same = try await browser.post("/logout", headers: [.origin: "http://localhost"])
            #expect(same.status == .seeOther)
        }
    }

    @Test func postAfterTheSessionEndedGoesToLoginWithAMessage() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            app.clock.advance(minutes: 45)
            let stale = try await browser.post("/admin/users", [
                ("username", "late"), ("display_name", "Late"), ("role", "admin"), ("language", "id"), ("password", "password123"),
            ])
            #expect(stale.status == .seeOther)
            #expect(stale.location == "/login?ended=1")
        }
        #expect(try app.database.userRecord(username: "late") == nil)
    }

    @Test func oversizedBodiesGet413() async throws {
        let app = try await TestApp.make { $0.maxBodyBytes = 4096 }
        try await app.run { browser in
            try await browser.get("/login")
            let big = String(repeating: "x", count: 10_000)
            let page = try await browser.post("/login", [("username", big), ("password", "x")])
            #expect(page.status == .contentTooLarge)
            #expect(page.contains("Kiriman terlalu besar"))
        }
    }

    @Test func malformedFormGets400() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.get("/login")
            let page = try await browser.send("/login", method: .post, body: "username=%E0%A4%A&password=%%", headers: [.contentType: "application/x-www-form-urlencoded"])
            #expect(page.status == .badRequest)
            #expect(page.contains("Isian formulir tidak dapat dibaca"))
        }
    }

    @Test func securityHeadersOnPagesErrorsAndStaticFiles() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            for path in ["/login", "/no-such-page", "/static/css/app.css"] {
                let page = try await browser.get(path)
                let csp = try #require(page.headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("object-src 'none'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(page.headers[.strictTransportSecurity] == nil, "no HSTS without secure cookies")
            }
        }
    }

    @Test func pagesHaveNoInlineScript() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            let page = try await browser.get("/login")
            #expect(page.contains("<script src=\"/static/js/app.js\" defer></script>"))
            let scripts = page.body.components(separatedBy: "<script").count - 1
            #expect(scripts >= 1)
            #expect(page.body.components(separatedBy: "<script src=\"/static/js/").count - 1 == scripts, "every script is an external file of ours")
            #expect(!page.contains(" onclick="))
            #expect(!page.contains("http://") && !page.contains("https://"), "no external CDN")
        }
    }

    @Test func notFoundPageInTheUsersLanguage() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            let id = try await browser.get("/nothing-here")
            #expect(id.status == .notFound)
            #expect(id.contains("Halaman tidak ditemukan"))
            browser.setCookie("warta_lang", "en")
            let en = try await browser.get("/nothing-here")
            #expect(en.contains("Page not found"))
            #expect(en.contains("<html lang=\"en\">"))
        }
    }

    @Test func serverErrorShowsAndLogsARequestID() async throws {
        let app = try await TestApp.make()
        struct Boom: Error {}
        app.router.get("/boom") { _, _ -> Response in throw Boom() }
        try await app.run { browser in
            let page = try await browser.get("/boom")
            #expect(page.status == .internalServerError)
            #expect(page.contains("Terjadi kesalahan pada server"))
            #expect(page.contains("Kode permintaan"))
            let code = TestBrowser.firstMatch(in: page.body, after: "<code>")
            #expect(code != nil)
            #expect(!page.contains("Boom"), "internals are not shown")
        }
    }

    @Test func staticFilesAreServedWithoutASession() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            let css = try await browser.get("/static/css/app.css")
            #expect(css.status == .ok)
            #expect(css.headers[.contentType]?.hasPrefix("text/css") == true)
            #expect(css.headers[values: .setCookie].isEmpty, "no session work for static files")
            #expect(try await browser.get("/static/../Package.swift").status != .ok)
            #expect(try await browser.get("/static/nope.css").status == .notFound)
        }
    }
}
