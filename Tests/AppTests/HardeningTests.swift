import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Issue 10, sent as an attacker would: a hostile upload name, a flood of long logins, multipart
/// bodies without the CSRF token, feed tokens, and absolute links. Each test checks the refusal,
/// that nothing changed, and that the server still answers.
@Suite struct HardeningTests {
    static let png = UploadTests.png

    /// Creates an item as admin-medsos with one upload named `name`; returns the item's path.
    static func itemWithUpload(_ app: TestApp, named name: String) async throws -> String {
        let box = WorkflowRouterTests.ItemPath()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", WorkflowRouterTests.itemFields(), files: [("media_files", name, "image/png", Self.png)])
            guard answer.status == .seeOther, let path = answer.location?.components(separatedBy: "?").first else {
                throw TestFailure("upload answered \(answer.status)")
            }
            box.value = path
        }
        return box.value
    }

    // MARK: 1. A long file name

    @Test func aNameOfFortyThousandCombiningMarksIsStoredShortAndEveryArchiveAndHeaderHoldsIt() async throws {
        // Setup
        let app = try await WorkflowRouterTests.dki()
        let hostile = "a" + String(repeating: "\u{0301}", count: 40_000) + ".png"
        // Action
        let item = try await Self.itemWithUpload(app, named: hostile)
        // Check: stored once, bounded in bytes.
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        let media = try app.database.media(itemId: id)
        let stored = try #require(media.first)
        #expect(stored.originalName.utf8.count <= UploadName.maximumBytes)
        #expect(stored.originalName.hasSuffix(".png"))
        try await app.as("kepala-biro") { browser in
            let file = try await browser.rawGet("/media/\(stored.sha256)")
            #expect(file.status == .ok)
            let disposition = try #require(file.headers[.contentDisposition])
            #expect(disposition.utf8.count < 1024, "the header stays small: \(disposition.utf8.count) bytes")
            #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII }, "filename* is percent-encoded")
            for suffix in ["media.zip", "record.zip"] {
                let zip = try await browser.rawGet("\(item)/\(suffix)")
                #expect(zip.status == .ok, "\(suffix)")
                let entries = try ZipReader.entries(zip.bytes)
                let image = try #require(entries.first { $0.bytes == Self.png }, "\(suffix) holds the image")
                #expect(image.name.utf8.count <= UploadName.maximumBytes + 10)
                #expect(image.name.hasSuffix(".png"))
            }
            #expect(try await browser.get("/healthz").status == .ok, "still up")
        }
    }

    @Test func bothArchivesNameAHostileFileByOneRule() async throws {
        let app = try await WorkflowRouterTests.dki()
        let item = try await Self.itemWithUpload(app, named: "..\\..\\..\\evil\u{202E}gnp.png")
        try await app.as("kepala-biro") { browser in
            let media = try ZipReader.entries(try await browser.rawGet("\(item)/media.zip").bytes)
            let record = try ZipReader.entries(try await browser.rawGet("\(item)/record.zip").bytes)
            let mediaName = try #require(media.first { $0.bytes == Self.png }?.name)
            let recordName = try #require(record.first { $0.bytes == Self.png }?.name)
            #expect(mediaName == "01-evilgnp.png")
            #expect(recordName == "media/" + mediaName, "one rule, under the record's media/ folder")
            for name in (media + record).map(\.name) {
                #expect(!name.contains("..") && !name.contains("\\") && !name.hasPrefix("/"), "\(name)")
            }
        }
    }

    @Test func anArchiveThatCannotBeWrittenIsA413NotACrash() throws {
        let entries = [ZipStream.Entry(name: "a.png", path: nil, data: [1, 2, 3])]
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(entries, recordedSize: ZipStream.maximumTotal + 1) }
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(entries, recordedSize: -1) }
        let longName = ZipStream.Entry(name: String(repeating: "é", count: 40_000), path: nil, data: [])
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked([longName], recordedSize: 0) }
        let many = Array(repeating: entries[0], count: Int(UInt16.max))
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(many, recordedSize: 0) }
        #expect(throws: Never.self) { try ZipStream.checked(entries, recordedSize: 3) }
    }

    @Test func namesStoredBeforeTheRuleAreSanitisedByTheMigration() async throws {
        // A database written before the rule, replayed: the row keeps its hostile name until migrated.
        let queue = try DatabaseQueue()
        var migrator = AppDatabase.migrator
        try migrator.migrate(queue, upTo: "v6-archive")
        try await queue.write { db in
            try db.execute(sql: "INSERT INTO user (username, displayName, passwordHash, createdAt, updatedAt, passwordChangedAt) VALUES ('u', 'U', 'x', 0, 0, 0)")
            try db.execute(sql: "INSERT INTO mediaFile (sha256, contentType, size, originalName, uploadedBy, createdAt) VALUES ('ab', 'image/png', 1, ?, 1, 0)",
                           arguments: ["..\\..\\" + "x" + String(repeating: "\u{0301}", count: 5000)])
            try db.execute(sql: "INSERT INTO calendarFeed (userId, token, tokenHash, createdAt) VALUES (1, 'secret', 'hash', 0)")
            try db.execute(sql: "UPDATE user SET isActive = 0")
        }
        migrator = AppDatabase.migrator
        try migrator.migrate(queue)
        try await queue.read { db in
            let name = try String.fetchOne(db, sql: "SELECT originalName FROM mediaFile")
            #expect(name.map { $0.utf8.count <= UploadName.maximumBytes && !$0.contains("\\") } == true)
            let columns = try db.columns(in: "calendarFeed").map(\.name)
            #expect(!columns.contains("token"), "the clear token column is gone")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM calendarFeed") == 0, "a disabled account's feed ended")
        }
    }

    // MARK: 3. The login form and the security log

    @Test func megabyteUsernamesDoNotGrowTheDatabaseOrTheLog() async throws {
        // Setup
        let app = try await WorkflowRouterTests.dki()
        let huge = String(repeating: "x", count: 1_000_000)
        // Action: 30 logins with ~1 MB usernames from one address, past both throttles.
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
        // Check: nothing long was stored.
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
        // Setup: the throttles out of the way, so every attempt reaches the password check.
        let app = try await TestApp.make {
            $0.addressThrottle = LoginThrottle(limit: 100_000, window: 900, lockout: 900)
            $0.usernameThrottle = LoginThrottle(limit: 100_000, window: 900, lockout: 900)
        }
        // Action: far more failed logins than the cap, with a different username each time.
        try await app.run { browser in
            try await browser.get("/login")
            for n in 0..<(AppDatabase.anonymousAuditLimit + 25) {
                try await browser.post("/login", [("username", "tebak\(n)"), ("password", "salah-sekali")])
            }
        }
        // Check: the log stops at the cap, with one row saying so.
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

    @Test func multipartWithoutAFileOrATokenChangesNothing() async throws {
        // Setup
        let app = try await WorkflowRouterTests.dki()
        let item = try await WorkflowRouterTests.createItem(app)
        let before = try app.database.items(status: nil, limit: 10, offset: 0).count
        let name = try app.database.institution()?.name
        // Action: the three multipart forms, without any file part and without csrf_token.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let create = try await browser.postMultipart("/content", WorkflowRouterTests.itemFields(title: "Disusupkan"), files: [], csrf: false)
            #expect(create.status == .forbidden)
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let version = String((try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any])?["version"] as? Int ?? 0)
            let edit = try await browser.postMultipart("\(item)/edit", WorkflowRouterTests.itemFields(title: "Judul diganti") + [("version", version)],
                                                       files: [], csrf: false)
            #expect(edit.status == .forbidden)
            // A wrong token is no better than none.
            let wrong = try await browser.postMultipart("/content", [("csrf_token", "salah")] + WorkflowRouterTests.itemFields(title: "Disusupkan"),
                                                        files: [], csrf: false)
            #expect(wrong.status == .forbidden)
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let settings = try await browser.postMultipart("/admin/settings", [("name", "Dibajak"), ("time_zone", "Asia/Jakarta")], files: [], csrf: false)
            #expect(settings.status == .forbidden)
        }
        // Check: no item created, the title kept, the institution not renamed.
        #expect(try app.database.items(status: nil, limit: 10, offset: 0).count == before)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        #expect(try app.database.item(id: id)?.title == "Rapat koordinasi")
        #expect(try app.database.institution()?.name == name)
    }

    // MARK: 10. Feed tokens

    @Test func feedTokensAreKeptOnlyAsHashesAndShownOnce() async throws {
        let app = try await WorkflowRouterTests.dki()
        let shown = WorkflowRouterTests.PageBox()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            let made = try await browser.post("/account/calendar-feed")
            #expect(made.status == .seeOther)
            shown.page = try await browser.get("/account")
            #expect(shown.page?.headers[.cacheControl] == "no-store")
            let later = try await browser.get("/account")
            #expect(!later.contains("?token="), "the address is not shown again")
            #expect(later.contains("id=\"feed-active\""))
        }
        let url = try #require(TestBrowser.firstMatch(in: shown.page?.body ?? "", after: "id=\"feed-url\" type=\"text\" readonly value=\""))
        let token = try #require(url.components(separatedBy: "token=").last)
        #expect(url.hasPrefix("http://127.0.0.1:8080/calendar.ics?token="))
        try await app.database.writer.read { db in
            let values = try Row.fetchAll(db, sql: "SELECT * FROM calendarFeed").flatMap { row in row.databaseValues.map(\.description) }
            #expect(!values.contains { $0.contains(token) }, "no column holds the token itself")
        }
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            #expect(answer.status == .ok)
        }
    }

    @Test func aDisabledAccountsFeedDoesNotComeBackWhenEnabledAgain() async throws {
        let app = try await WorkflowRouterTests.dki()
        let userId = try #require(try app.database.userRecord(username: "admin-medsos")?.id)
        let token = try app.database.renewCalendarFeed(userId: userId, now: app.clock.now)
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            #expect(answer.status == .ok)
        }
        try app.database.setActive(userId: userId, false, now: app.clock.now)
        try app.database.setActive(userId: userId, true, now: app.clock.now)
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            #expect(answer.status == .notFound)
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)
    }

    // MARK: 12. Absolute links

    @Test func absoluteLinksComeFromThePublicURLNeverTheHostHeader() async throws {
        let app = try await TestApp.make { $0.publicURL = "https://humas.example.ac.id/" }
        try await app.addUser("admin-medsos", roles: ["admin-medsos"])
        let item = try await WorkflowRouterTests.createItem(app)
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            try await browser.post("/account/calendar-feed")
            let page = try await browser.get("/account")
            #expect(page.contains("value=\"https://humas.example.ac.id/calendar.ics?token="))
            let token = try #require(TestBrowser.firstMatch(in: page.body, after: "/calendar.ics?token="))
            let feed = try await browser.get("/calendar.ics?token=\(token)")
            #expect(feed.status == .ok)
            #expect(feed.contains("https://humas.example.ac.id/content/"), "links in the feed")
            let itemPage = try await browser.get(item)
            #expect(itemPage.contains("humas.example.ac.id%2Fcontent%2F") || itemPage.contains("https://humas.example.ac.id/content/"), "the share link too")
            #expect(!itemPage.contains("localhost/content"))
        }
        #expect(AppConfig.isValidPublicURL("https://humas.example.ac.id"))
        #expect(!AppConfig.isValidPublicURL("javascript:alert(1)"))
        #expect(!AppConfig.isValidPublicURL("https://"))
        #expect(!AppConfig.isValidPublicURL("https://x.id/?a=b"))
        var config = AppConfig()
        config.host = "0.0.0.0"
        config.port = 9000
        #expect(config.publicBaseURL == "http://0.0.0.0:9000")
    }
}

/// The timed check of issue 10 (item 3), run on its own after the other suites (see `TimedAgendaTests`).
@Suite(.serialized) struct TimedAuditTests {
    @Test func theSecurityLogPagesFiftyAtATimeOverAMillionRows() async throws {
        // Setup: a million rows, as a long-lived institution or an attack would leave.
        let app = try await TestApp.make()
        try await app.database.writer.write { db in
            try db.execute(sql: """
                WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000)
                INSERT INTO auditEvent (at, actorId, actorUsername, action, target, clientAddress, detail)
                SELECT 1795230000 - x, NULL, 'tebak' || x, CASE WHEN x % 1000 = 0 THEN 'user.disable' ELSE 'login.failure' END,
                       'tebak' || x, '10.0.' || (x % 250) || '.1', NULL FROM n
                """)
        }
        // Action and check: the newest page, a filter on a rare action, and a deep page, each 50 rows, each fast.
        try await app.run { browser in
            let login = try await browser.login("admin", TestApp.adminPassword)
            #expect(login.status == .seeOther)
            for path in ["/admin/audit", "/admin/audit?action=user.disable", "/admin/audit?before=500000", "/admin/audit?action=user.disable&before=300000"] {
                var best = Double.infinity
                var rows = 0
                for _ in 0..<3 {
                    let start = ContinuousClock.now
                    let page = try await browser.get(path)
                    let elapsed = ContinuousClock.now - start
                    best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                    #expect(page.status == .ok)
                    rows = page.body.components(separatedBy: "<tr").count - 2
                    #expect(page.contains("before="), "\(path) links to older rows")
                }
                #expect(rows == AdminAuditController.pageSize, "\(path): \(rows) rows")
                #expect(best < 0.5, "\(path) took \(best) s")
            }
        }
    }

    // MARK: 6. CSRF on multipart bodies without a file

}
