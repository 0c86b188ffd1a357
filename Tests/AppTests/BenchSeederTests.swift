import Domain
import Foundation
import GRDB
import Logging
import Testing
@testable import App

/// `warta seed-bench`: small workloads of each kind, written into a database file, then read back
/// and checked against the rules the app's own writes keep.
@Suite struct BenchSeederTests {
    let now = TestClock.start

    /// A fresh database file in a folder of its own.
    func temporaryPath() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("warta-bench-seed-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent("warta.sqlite").path
    }

    /// A database as `warta serve --demo --preset dki-ksd` leaves it: demo accounts, national days, the demo's items.
    func demoDatabase() async throws -> String {
        let path = try temporaryPath()
        let database = try AppDatabase.open(path: path)
        var logger = Logger(label: "bench-seeder-test")
        logger.logLevel = .critical
        try NationalDays.seedOnce(database: database, dataPath: projectRoot + "/Data", logger: logger)
        _ = try await DemoSeeder(database: database, hasher: PasswordHasher(cost: 10)).seed(preset: .dkiKSD, now: now)
        return path
    }

    /// A read outside the async context of the tests (GRDB's synchronous read).
    func read<T>(_ database: AppDatabase, _ body: (Database) throws -> T) throws -> T {
        try database.writer.read(body)
    }

    /// `key=value` fields of a summary line.
    func fields(_ summary: String) -> [String: String] {
        Dictionary(summary.split(separator: " ").compactMap { pair -> (String, String)? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }, uniquingKeysWith: { a, _ in a })
    }

    /// What must hold in any seeded database, checked here by reading it (not through the seeder's own check).
    func checkItems(_ database: AppDatabase, workflow: Workflow, calendar: OfficeCalendar) throws {
        try database.writer.read { db in
            let items = try Row.fetchAll(db, sql: """
                SELECT i.id, i.position, i.status, i.stepRoleKey, i.version, i.publishedAt, i.stepEnteredAt,
                       (SELECT count(*) FROM contentEvent e WHERE e.itemId = i.id) AS events
                FROM contentItem i
                """)
            #expect(!items.isEmpty)
            for item in items {
                let id: Int64 = item["id"]
                let position = ItemPosition(position: item["position"], published: (item["publishedAt"] as Date?) != nil)
                #expect(item["version"] as Int == item["events"] as Int, "item \(id): version is its number of history lines")
                #expect(item["status"] as String == workflow.status(of: position).rawValue, "item \(id): status follows its step")
                #expect(item["stepRoleKey"] as RoleKey? == (position.published ? nil : workflow.step(at: position.position)?.roleKey),
                        "item \(id): waits for its step's role")
                // The history leads to where the item is, and each move counts the office minutes since the one before.
                let events = try Row.fetchAll(db, sql: "SELECT action, fromPosition, toPosition, at, waitedMinutes FROM contentEvent WHERE itemId = ? ORDER BY id",
                                              arguments: [id])
                #expect(events.first?["action"] as String? == "create")
                var arrived: Date = events[0]["at"]
                var at = 1
                for event in events.dropFirst() {
                    let action: String = event["action"]
                    let when: Date = event["at"]
                    #expect(event["fromPosition"] as Int == at)
                    if action == "edit" { continue }
                    #expect(event["waitedMinutes"] as Int? == calendar.officeMinutes(from: arrived, to: when), "item \(id): office minutes of \(action)")
                    at = event["toPosition"]
                    arrived = when
                }
                #expect(at == position.position, "item \(id): the history ends where the item is")
                if !position.published { #expect(item["stepEnteredAt"] as Date == arrived) }
            }
        }
    }

    @Test func workflowWorkload() async throws {
        let path = try temporaryPath()
        let (biro, approver): (Int64, Int64)
        do {
            let database = try AppDatabase.open(path: path)
            try database.initialise(preset: .dkiKSD, name: "Bench", now: now)
            let hash = try await PasswordHasher(cost: 10).hash("a password for the test")
            biro = try database.createUser(username: "bench-kabiro", displayName: "KB", passwordHash: hash, roleKeys: ["kepala-biro"], now: now)
            approver = try database.createUser(username: "bench-pengelola", displayName: "TP", passwordHash: hash, roleKeys: ["tim-pengelola"], now: now)
        }
        var options = BenchSeeder.Options(workload: .workflow, preset: .dkiKSD)
        options.items = 70
        options.biroItems = 7
        options.step2Items = 31
        options.users = 20
        options.biroUser = "bench-kabiro"
        options.approverUser = "bench-pengelola"
        let summary = fields(try await BenchSeeder.seed(path: path, options: options, now: now))
        #expect(summary["users"] == "20")
        #expect(summary["items"] == "70")
        #expect(summary["step2"] == "31")
        #expect(summary["step5"] == "7")
        #expect(["step1", "step3", "step4", "step6"].map { summary[$0] } == ["8", "8", "8", "8"])

        let database = try AppDatabase.open(path: path)
        let settings = try #require(try database.institution())
        let calendar = OfficeCalendar(timeZone: settings.timeZone, opensAt: settings.officeOpens, closesAt: settings.officeCloses,
                                      workingWeekdays: settings.officeDays, daysOff: try database.daysOff())
        try checkItems(database, workflow: Workflow(preset: .dkiKSD), calendar: calendar)
        #expect(try BenchSeeder.problems(database, now: now).isEmpty)
        try read(database) { (db: Database) throws -> Void in
            #expect(try String.fetchOne(db, sql: "PRAGMA journal_mode") == "wal", "the file stays in WAL mode")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem") == 70)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM user") == 20)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM userRole WHERE roleKey = 'kepala-biro'") == 1)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem WHERE stepRoleKey = 'kepala-biro'") == 7)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentEvent WHERE actorId = ?", arguments: [approver]) == 0,
                    "the login approver's approvals are the benchmark's")
            #expect(try Int.fetchOne(db, sql: "SELECT count(DISTINCT actorId) FROM contentEvent WHERE fromPosition = 5") == 1)
            #expect(try Int64.fetchOne(db, sql: "SELECT actorId FROM contentEvent WHERE fromPosition = 5 LIMIT 1") == biro)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem WHERE stepEnteredAt > ? OR stepEnteredAt < ?",
                                     arguments: [now, now.addingTimeInterval(-21 * 86_400 - 60)]) == 0, "waiting from minutes to 21 days")
            // Nobody can sign in with a seeded account: its hash is bcrypt's, of a password nobody kept.
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM user WHERE passwordHash NOT LIKE '$2%'") == 0)
        }

        // The same again: refused, nothing changed.
        await #expect(throws: BenchSeeder.SetupError("the database already has content items: seed a fresh one")) {
            try await BenchSeeder.seed(path: path, options: options, now: now)
        }
        #expect(try read(database) { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem") } == 70)
    }

    @Test func workflowNeedsTheOnlyKepalaBiro() async throws {
        let path = try temporaryPath()
        do {
            let database = try AppDatabase.open(path: path)
            try database.initialise(preset: .dkiKSD, name: "Bench", now: now)
            for (name, role) in [("bench-kabiro", "kepala-biro"), ("other-kabiro", "kepala-biro"), ("bench-pengelola", "tim-pengelola")] {
                try database.createUser(username: name, displayName: name, passwordHash: "x", roleKeys: [RoleKey(role)], now: now)
            }
        }
        var options = BenchSeeder.Options(workload: .workflow, preset: .dkiKSD)
        options.items = 10
        options.biroItems = 1
        options.step2Items = 1
        options.biroUser = "bench-kabiro"
        options.approverUser = "bench-pengelola"
        await #expect(throws: BenchSeeder.SetupError("another account holds kepala-biro: the login account must be the only one")) {
            try await BenchSeeder.seed(path: path, options: options, now: now)
        }
        options.preset = .ub
        await #expect(throws: BenchSeeder.SetupError("the database is set up on preset dki-ksd, not ub")) {
            try await BenchSeeder.seed(path: path, options: options, now: now)
        }
    }

    @Test func calendarWorkload() async throws {
        let path = try await demoDatabase()
        var options = BenchSeeder.Options(workload: .calendar, preset: .dkiKSD)
        options.items = 90
        options.agenda = 40
        options.year = 2026
        let summary = fields(try await BenchSeeder.seed(path: path, options: options, now: now))
        #expect(summary["agenda"] == "40")
        #expect(summary["items"] == "90")
        #expect(summary["items_in_2026"] == "90")

        let database = try AppDatabase.open(path: path)
        let settings = try #require(try database.institution())
        let calendar = OfficeCalendar(timeZone: settings.timeZone, opensAt: settings.officeOpens, closesAt: settings.officeCloses,
                                      workingWeekdays: settings.officeDays, daysOff: try database.daysOff())
        try checkItems(database, workflow: Workflow(preset: .dkiKSD), calendar: calendar)
        #expect(try BenchSeeder.problems(database, now: now).isEmpty)
        try read(database) { (db: Database) throws -> Void in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM agendaItem") == 40)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM agendaItem WHERE isAllDay AND source != 'ics'") == 0,
                    "the agenda form makes timed items only")
            let published = try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem WHERE status = 'published'") ?? 0
            #expect(published > 0)
            // One current link per channel of each published post, recorded at its publication by the publisher.
            #expect(try Int.fetchOne(db, sql: """
                SELECT count(*) FROM contentItem i WHERE i.status = 'published' AND (SELECT count(*) FROM contentLink l WHERE l.itemId = i.id)
                  != json_array_length(i.channels)
                """) == 0)
            #expect(try Int.fetchOne(db, sql: """
                SELECT count(*) FROM contentLink l JOIN contentEvent e ON e.itemId = l.itemId AND e.action = 'publish'
                WHERE e.at != l.createdAt OR e.actorId != l.createdBy
                """) == 0)
            // A submitted plan that breaks a timing rule was corrected after its submission: the submit button refuses it.
            let rows = try Row.fetchAll(db, sql: """
                SELECT i.id, i.kind, i.publishAt, i.eventAt, i.eventEndAt, i.dueOn,
                       EXISTS (SELECT 1 FROM contentEvent e WHERE e.itemId = i.id AND e.action = 'edit') AS corrected
                FROM contentItem i WHERE i.position > 1 OR i.status = 'published'
                """)
            for row in rows {
                let violations = TimingRules.check(
                    kind: ContentKind(rawValue: row["kind"])!, publishAt: row["publishAt"], eventStart: row["eventAt"], eventEnd: row["eventEndAt"],
                    dueDay: (row["dueOn"] as String?).flatMap(Day.init), timeZone: settings.timeZone, enabled: settings.timingRules)
                #expect(violations.isEmpty || row["corrected"] as Bool, "item \(row["id"] as Int64) breaks a timing rule and was never corrected")
            }
        }

        await #expect(throws: BenchSeeder.SetupError("the database already has agenda items: seed a fresh demo database")) {
            try await BenchSeeder.seed(path: path, options: options, now: now)
        }
    }

    @Test func incomingWorkload() async throws {
        // setup: a Kendal demo database (its 5 sample messages, 3 divisions)
        let path = try temporaryPath()
        let demo = try AppDatabase.open(path: path)
        var logger = Logger(label: "bench-seeder-test")
        logger.logLevel = .critical
        try NationalDays.seedOnce(database: demo, dataPath: projectRoot + "/Data", logger: logger)
        _ = try await DemoSeeder(database: demo, hasher: PasswordHasher(cost: 10)).seed(preset: .kendal, now: now)
        let before = try demo.incomingMessages(IncomingFilter(), limit: 1, offset: 0).total
        var options = BenchSeeder.Options(workload: .incoming, preset: .kendal)
        options.items = 40
        // action
        let summary = fields(try await BenchSeeder.seed(path: path, options: options, now: now))
        // check
        #expect(summary["messages"] == "40")
        let database = try AppDatabase.open(path: path)
        #expect(try database.incomingMessages(IncomingFilter(), limit: 1, offset: 0).total == before + 40)
        let forwarded = try #require(Int(summary["forwarded"] ?? ""))
        #expect(forwarded > 0 && forwarded <= 40)
        #expect(try database.incomingMessages(IncomingFilter(from: now.addingTimeInterval(-366 * 86_400), to: now.addingTimeInterval(1)), limit: 1, offset: 0).total == before + 40)
    }

    @Test func archiveWorkload() async throws {
        let path = try await demoDatabase()
        var options = BenchSeeder.Options(workload: .archive, preset: .dkiKSD)
        options.links = 41  // the demo's 2, then 19 items with 2 and the last with 1
        options.months = 2
        options.analyze = true
        let summary = fields(try await BenchSeeder.seed(path: path, options: options, now: now))
        #expect(summary["items"] == "20")
        #expect(summary["links"] == "41")
        #expect(summary["seeded_links"] == "39")
        #expect(summary["analyze"] == "1")

        let database = try AppDatabase.open(path: path)
        let settings = try #require(try database.institution())
        let calendar = OfficeCalendar(timeZone: settings.timeZone, opensAt: settings.officeOpens, closesAt: settings.officeCloses,
                                      workingWeekdays: settings.officeDays, daysOff: try database.daysOff())
        try checkItems(database, workflow: Workflow(preset: .dkiKSD), calendar: calendar)
        #expect(try BenchSeeder.problems(database, now: now).isEmpty)
        try read(database) { (db: Database) throws -> Void in
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentLink") == 41)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem WHERE status = 'published'") == 21)
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM contentLink WHERE createdAt < ?",
                                     arguments: [now.addingTimeInterval(-62 * 86_400)]) == 0, "published in the last two months")
            // Each link's status is what its last check found, as the checker records it.
            let links = try Row.fetchAll(db, sql: """
                SELECT l.status, l.httpStatus, l.checkedAt, (SELECT count(*) FROM linkCheck c WHERE c.linkId = l.id) AS checks,
                       (SELECT c.checkedAt FROM linkCheck c WHERE c.linkId = l.id) AS lastCheck
                FROM contentLink l
                """)
            for link in links {
                let checks: Int = link["checks"]
                if checks == 0 {
                    #expect(link["status"] as String == LinkStatus.unchecked.rawValue)
                } else {
                    #expect(checks == 1)
                    #expect(link["status"] as String == LinkCheck.classify(statusCode: link["httpStatus"]).rawValue)
                    #expect(link["checkedAt"] as Date? == link["lastCheck"] as Date?)
                }
            }
            #expect(links.contains { ($0["checks"] as Int) > 0 })
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_stat1") ?? 0 > 0, "ANALYZE ran")
        }

        await #expect(throws: BenchSeeder.SetupError("the database already has 41 links: seed a fresh demo database")) {
            try await BenchSeeder.seed(path: path, options: options, now: now)
        }
    }
}
