import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

@Suite struct SessionTests {
    @Test func theCookieSentBeforeLoginNoLongerWorksAfterIt() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let first = try #require(browser.cookie("warta_session"))
            // action
            // Logging in again from the same browser issues a new ID and retires the old one.
            try await browser.post("/logout")
            browser.setCookie("warta_session", first)
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let second = try #require(browser.cookie("warta_session"))
            #expect(first != second)
            #expect(try await browser.get("/", headers: [.cookie: "warta_session=\(first)"]).status == .seeOther)
            #expect(try await browser.get("/", headers: [.cookie: "warta_session=\(second)"]).status == .ok)
        }
    }

    @Test func aSessionIDChosenByTheBrowserIsNeverAdopted() async throws {
        // setup
        let app = try await TestApp.make()
        let planted = "attacker-chosen-session-id-0123456789abcdef"
        // action
        try await app.run { browser in
            browser.setCookie("warta_session", planted)
            let before = try await browser.get("/login")
            // check
            #expect(before.status == .ok)
            #expect(before.headers[values: .setCookie].contains { $0.hasPrefix("warta_session=;") }, "an unknown ID is cleared")
            // action
            browser.setCookie("warta_session", planted)
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let issued = try #require(browser.cookie("warta_session"))
            #expect(issued != planted)
            #expect(try await browser.get("/", headers: [.cookie: "warta_session=\(planted)"]).status == .seeOther)
        }
    }

    @Test func idleSessionsEndAfter30Minutes() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            app.clock.advance(minutes: 29)
            // check
            #expect(try await browser.get("/").status == .ok, "activity at 29 minutes keeps it alive")
            // action
            app.clock.advance(minutes: 29)
            // check
            #expect(try await browser.get("/").status == .ok, "idle time counts from the last request")
            // action
            app.clock.advance(minutes: 30)
            let expired = try await browser.get("/")
            // check
            #expect(expired.status == .seeOther)
            #expect(expired.location == "/login?ended=1")
            // action
            let login = try await browser.get(expired.location!)
            // check
            #expect(login.contains("Sesi Anda telah berakhir"))
        }
        #expect(try app.database.sessionCount(userId: app.kabiroId) == 0, "the ended session is deleted")
    }

    @Test func sessionsEndAfter12HoursEvenWhenActive() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            for _ in 0..<35 {  // 35 × 20 minutes = 11 h 40 min
                app.clock.advance(minutes: 20)
                #expect(try await browser.get("/").status == .ok)
            }
            app.clock.advance(minutes: 20)
            // check
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func timeoutsAreConfigurable() async throws {
        // setup
        let app = try await TestApp.make { $0.session = .init(idleTimeout: 5 * 60, absoluteLifetime: 3600) }
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            app.clock.advance(minutes: 6)
            // check
            #expect(try await browser.get("/").status == .seeOther)
        }
    }

    @Test func disablingAnAccountEndsItsSessions() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let session = try #require(browser.cookie("warta_session"))
            // action
            try app.database.setActive(userId: app.kabiroId, false, now: app.clock.now)
            // check
            #expect(try await browser.get("/", headers: [.cookie: "warta_session=\(session)"]).status == .seeOther)
        }
    }

    @Test func changingThePasswordEndsTheOtherSessions() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { other in
            try await other.login("kabiro", TestApp.userPassword)
            // check
            let otherSession = try #require(other.cookie("warta_session"))
            // action
            try await app.run { browser in
                try await browser.login("kabiro", TestApp.userPassword)
                try await browser.get("/account/password")
                let changed = try await browser.post("/account/password", [
                    ("current_password", TestApp.userPassword), ("new_password", "a brand new passphrase"), ("confirm_password", "a brand new passphrase"),
                ])
                // check
                #expect(changed.status == .seeOther)
                #expect(changed.location == "/?ok=password_changed")
                // action
                let home = try await browser.get("/?ok=password_changed")
                // check
                #expect(home.status == .ok, "this browser stays logged in, on a fresh session ID")
                #expect(home.contains("Kata sandi berhasil diganti."))
            }
            #expect(try await other.get("/", headers: [.cookie: "warta_session=\(otherSession)"]).status == .seeOther)
        }
        // action
        try await app.run { browser async throws in
            // check
            #expect(try await browser.login("kabiro", TestApp.userPassword).status == .unauthorized)
            #expect(try await browser.login("kabiro", "a brand new passphrase").status == .seeOther)
        }
    }

    @Test func secureCookiesUseTheHostPrefixAndHSTS() async throws {
        // setup
        let app = try await TestApp.make { $0.secureCookies = true }
        // action
        try await app.run { browser in
            let form = try await browser.get("/login")
            // check
            #expect(form.headers[.strictTransportSecurity] == "max-age=31536000; includeSubDomains")
            let pre = try #require(form.headers[values: .setCookie].first)
            #expect(pre.hasPrefix("__Host-warta_pre="))
            #expect(pre.contains("Secure"))
            // action
            let answer = try await browser.post("/login", [("username", "kabiro"), ("password", TestApp.userPassword)])
            // check
            #expect(answer.status == .seeOther)
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("__Host-warta_session=") })
            #expect(cookie.contains("Secure"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Domain"))
            #expect(try await browser.get("/").status == .ok)
        }
    }

    @Test func theJanitorRemovesEndedSessions() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
        }
        // check
        #expect(try app.database.sessionCount(userId: app.kabiroId) == 1)
        // action
        app.clock.advance(minutes: 31)
        SessionJanitor(services: app.services).sweep()
        // check
        #expect(try app.database.sessionCount(userId: app.kabiroId) == 0)
    }
}
