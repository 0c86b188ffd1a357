import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The account's password page (`/account/password`). The feed forms of `/account` are in `CalendarFeedTests`.
@Suite struct AccountTests {
    func change(_ browser: TestBrowser, current: String, new: String, confirm: String? = nil) async throws -> TestBrowser.Page {
        try await browser.get("/account/password")
        return try await browser.post("/account/password", [("current_password", current), ("new_password", new), ("confirm_password", confirm ?? new)])
    }

    @Test func wrongCurrentPasswordIsRefused() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
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
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let page = try await change(browser, current: TestApp.userPassword, new: new)
            #expect(page.status == .unprocessableContent)
            #expect(page.contains(message))
        }
    }

    @Test func confirmationMustMatch() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let page = try await change(browser, current: TestApp.userPassword, new: "first version ok", confirm: "second version")
            #expect(page.contains("tidak sama"))
        }
        #expect(try await app.runReturning { try await $0.login("kabiro", TestApp.userPassword).status } == .seeOther, "nothing changed")
    }
}
