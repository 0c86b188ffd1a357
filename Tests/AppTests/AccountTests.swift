import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

@Suite struct AccountPasswordTests {
    func change(_ browser: TestBrowser, current: String, new: String, confirm: String? = nil) async throws -> TestBrowser.Page {
        try await browser.get("/account/password")
        return try await browser.post("/account/password", [("current_password", current), ("new_password", new), ("confirm_password", confirm ?? new)])
    }

    @Test func wrongCurrentPasswordIsRefused() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            let page = try await change(browser, current: "not-it-at-all", new: "another good one")
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Kata sandi saat ini tidak cocok."))
        }
    }

    @Test(arguments: [
        ("pendek", "minimal 8 karakter"),
        (String(repeating: "x", count: 65), "maksimal 64 karakter"),
        (String(repeating: "é", count: 40), "melebihi 72 byte"),
    ])
    func newPasswordRules(new: String, message: String) async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            let page = try await change(browser, current: TestApp.userPassword, new: new)
            #expect(page.status == .unprocessableContent)
            #expect(page.contains(message))
        }
    }

    @Test func confirmationMustMatch() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            let page = try await change(browser, current: TestApp.userPassword, new: "first version ok", confirm: "second version")
            #expect(page.contains("tidak sama"))
        }
        #expect(try await app.runReturning { try await $0.login("kabiro", TestApp.userPassword).status } == .seeOther, "nothing changed")
    }
}

@Suite struct LanguageTests {
    @Test func anonymousVisitorSwitchesToEnglish() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            #expect(try await browser.get("/login").contains("Masuk ke Warta"))
            let switched = try await browser.post("/language", [("lang", "en"), ("next", "/login")])
            #expect(switched.location == "/login")
            #expect(browser.cookie("warta_lang") == "en")
            let page = try await browser.get("/login")
            #expect(page.contains("Log in to Warta"))
            #expect(page.contains("<html lang=\"en\">"))
        }
    }

    @Test func signedInChoiceIsStoredInTheAccount() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            try await browser.get("/")
            try await browser.post("/language", [("lang", "en"), ("next", "/")])
            #expect(try await browser.get("/").contains("Welcome, Ibu Kepala Biro"))
        }
        #expect(try app.database.user(id: app.kabiroId)?.language == .en)
        try await app.run { browser in  // another browser, no cookie
            try await browser.login("kabiro", TestApp.userPassword)
            #expect(try await browser.get("/").contains("Welcome"))
        }
    }

    @Test func unknownLanguageIs400AndUnsafeNextIsIgnored() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.get("/login")
            #expect(try await browser.post("/language", [("lang", "fr")]).status == .badRequest)
            try await browser.get("/login")
            #expect(try await browser.post("/language", [("lang", "en"), ("next", "https://evil.example")]).location == "/")
        }
    }

    @Test func datesAreShownInIndonesianForm() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            #expect(try await browser.get("/").contains("Sabtu, 21 November 2026"))
        }
    }
}

@Suite struct AuditLogTests {
    @Test func adminsReadSecurityEvents() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", "wrong-password")
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/audit")
            #expect(page.status == .ok)
            #expect(page.contains("data-action=\"login.failure\""))
            #expect(page.contains("data-action=\"login.success\""))
            #expect(page.contains("Gagal masuk"))
            let filtered = try await browser.get("/admin/audit?action=login.failure")
            #expect(!filtered.contains("data-action=\"login.success\""))
        }
    }

    @Test func auditPagesAreLimitedAndLinkOlder() async throws {
        let app = try await TestApp.make()
        for index in 0..<60 {
            try app.database.audit(.loginFailure, actorId: nil, actorUsername: "x\(index)", target: "x\(index)", clientAddress: "127.0.0.1", at: app.clock.now)
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let first = try await browser.get("/admin/audit")
            #expect(first.body.components(separatedBy: "data-action=").count - 1 == 50)
            let older = try #require(TestBrowser.firstMatch(in: first.body, after: "<a href=\"/admin/audit?before="))
            let second = try await browser.get("/admin/audit?before=" + older)
            #expect(second.body.components(separatedBy: "data-action=").count - 1 == 11)
        }
    }
}
