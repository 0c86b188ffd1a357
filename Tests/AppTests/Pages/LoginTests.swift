import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The login page (`/login`, `/logout`): the form, sessions it starts, throttles, and a flood of
/// long usernames that must not grow the database or the security log.
@Suite struct LoginTests {
    @Test func loginFormHasTheNamedFields() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let page = try await browser.get("/login")
            // check
            #expect(page.status == .ok)
            #expect(page.contains("name=\"username\""))
            #expect(page.contains("name=\"password\""))
            #expect(page.contains("name=\"csrf_token\""))
            #expect(browser.csrfToken.count >= 32)
            #expect(browser.cookie("warta_pre") == browser.csrfToken)
        }
    }

    @Test func homeWithoutSessionRedirectsToLogin() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let page = try await browser.get("/")
            // check
            #expect(page.status == .seeOther)
            #expect(page.location == "/login")
            // action
            let deep = try await browser.get("/admin/users?x=1")
            // check
            #expect(deep.location == "/login?next=/admin/users?x%3D1")
        }
    }

    @Test func successfulLoginRedirectsHomeWithANewSession() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(answer.status == .seeOther)
            #expect(answer.location == "/")
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("warta_session=") })
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(!cookie.contains("Secure"))
            // action
            let home = try await browser.get("/")
            // check
            #expect(home.status == .ok)
            #expect(home.contains("Selamat datang, Admin Sistem"))
        }
    }

    @Test func usernameIsCaseAndSpaceInsensitive() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let answer = try await browser.login("  ADMIN ", TestApp.adminPassword)
            // check
            #expect(answer.location == "/")
        }
    }

    @Test func safeNextIsFollowedAndUnsafeNextIsNot() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword, next: "/admin/users")
            // check
            #expect(answer.location == "/admin/users")
        }
        // action
        try await app.run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword, next: "//evil.example/x")
            // check
            #expect(answer.location == "/")
        }
        // action
        try await app.run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword, next: "https://evil.example/")
            // check
            #expect(answer.location == "/")
        }
    }

    @Test func wrongPasswordAndUnknownUserGetTheSame401() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let wrong = try await browser.login("admin", "not-the-password")
            // check
            #expect(wrong.status == .unauthorized)
            #expect(wrong.contains("Nama pengguna atau kata sandi salah."))
            #expect(wrong.contains("value=\"admin\""), "the username is kept")
            #expect(browser.cookie("warta_session") == nil)
            // action
            let unknown = try await browser.login("nobody", "not-the-password")
            // check
            #expect(unknown.status == .unauthorized)
            let message = { (page: TestBrowser.Page) in
                page.body.components(separatedBy: "id=\"login-error\">").last?.components(separatedBy: "<").first
            }
            #expect(message(wrong) == message(unknown))
        }
    }

    @Test func disabledAccountCannotLogIn() async throws {
        // setup
        let app = try await TestApp.make()
        try app.database.setActive(userId: app.kabiroId, false, now: app.clock.now)
        // action
        try await app.run { browser in
            let answer = try await browser.login("kabiro", TestApp.userPassword)
            // check
            #expect(answer.status == .unauthorized)
        }
    }

    @Test func passwordLongerThan72BytesNeverMatches() async throws {
        // setup
        // bcrypt would read only the first 72 bytes; such a password must not log in as a shorter one.
        let app = try await TestApp.make()
        let base = String(repeating: "a", count: 72)
        let hash = try await app.services.hasher.hash(base)
        try app.database.setPassword(userId: app.kabiroId, hash: hash, mustChange: false, keepSession: nil, now: app.clock.now)
        // action
        try await app.run { browser async throws in
            // check
            #expect(try await browser.login("kabiro", base + "extra").status == .unauthorized)
            #expect(try await browser.login("kabiro", base).status == .seeOther)
        }
    }

    // MARK: - Throttles and the security log

    @Test func fiveFailuresLockTheUsernameFor15Minutes() async throws {
        // setup: five failures, a minute apart
        let app = try await TestApp.make()
        try await app.run { browser in
            for _ in 0..<5 {
                #expect(try await browser.login("kabiro", "wrong-password").status == .unauthorized)
                app.clock.advance(minutes: 1)
            }
            // action: even the right password is refused while locked, with a clear message.
            let locked = try await browser.login("kabiro", TestApp.userPassword)
            // check
            #expect(locked.status == .tooManyRequests)
            #expect(locked.contains("Terlalu banyak percobaan masuk yang gagal untuk nama pengguna ini"))
            // The fifth failure came at minute 4, so the lock lasts until minute 19: 14 minutes from now.
            #expect(locked.contains("14 menit"))
            #expect(locked.headers[.retryAfter] != nil)
            // Another account is not affected.
            #expect(try await browser.login("admin", TestApp.adminPassword).status == .seeOther)
        }
        // action
        app.clock.advance(minutes: 14)
        try await app.run { browser in
            let answer = try await browser.login("kabiro", TestApp.userPassword)
            // check
            #expect(answer.status == .seeOther)
        }
        let throttled = try app.database.auditEvents(beforeId: nil, action: .loginThrottled, limit: 10)
        #expect(throttled.count == 1)
        #expect(try app.database.auditEvents(beforeId: nil, action: .loginFailure, limit: 10).count == 5)
    }

    /// Moved from the browser suite (`test_login_lockout_after_five_failures`, check A1 of issue 12):
    /// the locked login says in `Retry-After` when to try again, within the 15 minutes of the lock.
    @Test func aLockedLoginSaysInRetryAfterWhenToTryAgain() async throws {
        // setup: five wrong passwords, each a 401, lock the username
        let app = try await TestApp.make()
        try await app.addUser("uji-kunci", roles: ["kepala-bagian"])
        try await app.run { browser in
            for attempt in 1...5 {
                try await browser.get("/login")
                let wrong = try await browser.post("/login", [("username", "uji-kunci"), ("password", "salah-\(attempt)-sekali"), ("next", "")])
                #expect(wrong.status == .unauthorized, "failure \(attempt)")
            }
        }
        // action: the right password, in a fresh session from the same address
        let locked = try await app.runReturning { browser in
            try await browser.login("uji-kunci", "password-uji-kunci")
        }
        // check
        #expect(locked.status == .tooManyRequests)
        let retryAfter = try #require(locked.headers[.retryAfter].flatMap { Int($0) }, "Retry-After is a whole number of seconds")
        #expect(retryAfter > 0 && retryAfter <= 900, "\(retryAfter) s")
    }

    @Test func oneAddressTryingManyUsernamesIsThrottled() async throws {
        // setup
        let app = try await TestApp.make { $0.trustProxy = true }
        let from: HTTPFields = [HTTPField.Name("X-Forwarded-For")!: "10.1.2.3"]
        try await app.run { browser in
            for index in 0..<20 {
                #expect(try await browser.login("user\(index)", "wrong-password", headers: from).status == .unauthorized)
            }
            // action
            let locked = try await browser.login("admin", TestApp.adminPassword, headers: from)
            // check
            #expect(locked.status == .tooManyRequests)
            #expect(locked.contains("dari perangkat ini"))
            // Another address still gets in.
            #expect(try await browser.login("admin", TestApp.adminPassword, headers: [HTTPField.Name("X-Forwarded-For")!: "10.9.9.9"]).status == .seeOther)
        }
    }

    @Test func megabyteUsernamesDoNotGrowTheDatabaseOrTheLog() async throws {
        // setup
        let app = try await TestApp.dki()
        let huge = String(repeating: "x", count: 1_000_000)
        // action: 30 logins with ~1 MB usernames from one address, past both throttles.
        try await app.run { browser in
            try await browser.get("/login")
            for _ in 0..<30 {
                let answer = try await browser.post("/login", [("username", huge), ("password", "salah-sekali")])
                #expect([.unauthorized, .tooManyRequests, .contentTooLarge].contains(answer.status), "\(answer.status)")
            }
            // A 15 KB username within the body limit is refused just the same, and stored cut.
            let long = String(repeating: "y", count: 15_000)
            let answer = try await browser.post("/login", [("username", long), ("password", "salah-sekali")])
            #expect([.unauthorized, .tooManyRequests].contains(answer.status))
            #expect(try await browser.get("/healthz").status == .ok)
        }
        // check: nothing long was stored.
        try await app.database.writer.read { db in
            let longest = try Int.fetchOne(db, sql: """
                SELECT max(m) FROM (SELECT max(length(actorUsername), length(target), length(detail), length(clientAddress)) AS m FROM auditEvent)
                """) ?? 0
            #expect(longest <= AuditEventRecord.targetBytes)
            let failure = try Int.fetchOne(db, sql: "SELECT max(length(username)) FROM loginFailure") ?? 0
            #expect(failure <= 64)
            let bytes = try Int.fetchOne(db, sql: "SELECT sum(length(CAST(actorUsername AS BLOB)) + length(CAST(target AS BLOB))) FROM auditEvent") ?? 0
            #expect(bytes < 10_000, "the log holds names of at most 64 bytes, not megabytes: \(bytes)")
        }
    }

    @Test func oneAddressCannotGrowTheSecurityLogWithoutEnd() async throws {
        // setup: the throttles out of the way, so every attempt reaches the password check.
        let app = try await TestApp.make {
            $0.addressThrottle = LoginThrottle(limit: 100_000, window: 900, lockout: 900)
            $0.usernameThrottle = LoginThrottle(limit: 100_000, window: 900, lockout: 900)
        }
        // action: far more failed logins than the cap, with a different username each time.
        try await app.run { browser in
            try await browser.get("/login")
            for n in 0..<(AppDatabase.anonymousAuditLimit + 25) {
                try await browser.post("/login", [("username", "tebak\(n)"), ("password", "salah-sekali")])
            }
        }
        // check: the log stops at the cap, with one row saying so.
        let rows = try await app.database.writer.read { db in
            try (Int.fetchOne(db, sql: "SELECT count(*) FROM auditEvent WHERE actorId IS NULL") ?? 0,
                 Int.fetchOne(db, sql: "SELECT count(*) FROM auditEvent WHERE action = 'audit.capped'") ?? 0)
        }
        #expect(rows.0 == AppDatabase.anonymousAuditLimit + 1)
        #expect(rows.1 == 1)
        // After the window, the address is logged again.
        app.clock.advance(minutes: 16)
        try await app.run { browser in
            try await browser.get("/login")
            try await browser.post("/login", [("username", "lagi"), ("password", "salah-sekali")])
        }
        let again = try await app.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEvent WHERE target = 'lagi'") }
        #expect(again == 1)
    }

    // MARK: - Logout

    @Test func logoutDeletesTheSessionOnTheServer() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            let stolen = try #require(browser.cookie("warta_session"))
            // action
            try await browser.get("/")
            let out = try await browser.post("/logout")
            // check
            #expect(out.status == .seeOther)
            #expect(out.location == "/login?out=1")
            #expect(browser.cookie("warta_session") == nil, "the cookie is cleared")
            // action
            // Replaying the old cookie does not work: the session is gone on the server.
            let replay = try await browser.get("/", headers: [.cookie: "warta_session=\(stolen)"])
            // check
            #expect(replay.status == .seeOther)
            #expect(try app.database.sessionCount(userId: app.kabiroId) == 0)
        }
        #expect(try app.database.auditEvents(beforeId: nil, action: .logout, limit: 5).count == 1)
    }
}
