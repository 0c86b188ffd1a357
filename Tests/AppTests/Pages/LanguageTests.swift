import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The language switch (`POST /language`) and the language pages are shown in.
@Suite struct LanguageTests {
    @Test func anonymousVisitorSwitchesToEnglish() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            // check
            #expect(try await browser.get("/login").contains("Masuk ke Warta"))
            // action
            let switched = try await browser.post("/language", [("lang", "en"), ("next", "/login")])
            // check
            #expect(switched.location == "/login")
            #expect(browser.cookie("warta_lang") == "en")
            // action
            let page = try await browser.get("/login")
            // check
            #expect(page.contains("Log in to Warta"))
            #expect(page.contains("<html lang=\"en\">"))
        }
    }

    @Test func signedInChoiceIsStoredInTheAccount() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            try await browser.get("/")
            try await browser.post("/language", [("lang", "en"), ("next", "/")])
            // check
            #expect(try await browser.get("/").contains("Welcome, Ibu Kepala Biro"))
        }
        #expect(try app.database.user(id: app.kabiroId)?.language == .en)
        // action
        try await app.run { browser in  // another browser, no cookie
            try await browser.login("kabiro", TestApp.userPassword)
            #expect(try await browser.get("/").contains("Welcome"))
        }
    }

    @Test func unknownLanguageIs400AndUnsafeNextIsIgnored() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.get("/login")
            // check
            #expect(try await browser.post("/language", [("lang", "fr")]).status == .badRequest)
            // action
            try await browser.get("/login")
            // check
            #expect(try await browser.post("/language", [("lang", "en"), ("next", "https://evil.example")]).location == "/")
        }
    }

    @Test func datesAreShownInIndonesianForm() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            #expect(try await browser.get("/").contains("Sabtu, 21 November 2026"))
        }
    }
}
