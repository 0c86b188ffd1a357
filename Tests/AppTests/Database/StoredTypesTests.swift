import Domain
import Foundation
import GRDB
import Testing
@testable import App

/// The typed columns: the database refuses a value no Swift enum knows, the lists written into
/// migration `v8-typed-columns` match the enums, and older rows are converted on upgrade.
@Suite struct StoredTypesTests {
    /// The CHECK constraints as they stand in the schema, by table.
    static func checks(_ db: Database, _ table: String) throws -> String {
        try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) ?? ""
    }

    @Test func theMigrationListsEveryCaseOfEachEnum() throws {
        // setup
        let database = try AppDatabase.inMemory()
        // action
        let schema = try database.writer.read { db in
            try ["institution", "user", "holiday", "contentItem", "contentRevision", "contentEvent", "contentLink", "linkCheck",
                 "agendaItem", "auditEvent", "monitoringRound", "incomingMessage", "incomingEvent", "finding"].map { try Self.checks(db, $0) }.joined(separator: "\n")
        }
        // check: a case added to an enum without a migration fails here
        func listed<E: RawRepresentable & CaseIterable>(_: E.Type) -> [String] where E.RawValue == String {
            E.allCases.map(\.rawValue).filter { !schema.contains("'\($0)'") && !schema.contains("\"\($0)\"") }
        }
        #expect(listed(ItemStatus.self) == [])
        #expect(listed(ContentKind.self) == [])
        #expect(listed(ContentSource.self) == [])
        #expect(listed(Channel.self) == [])
        #expect(listed(LinkStatus.self) == [])
        #expect(listed(HolidayKind.self) == [])
        #expect(listed(AgendaSource.self) == [])
        #expect(listed(HistoryAction.self) == [])
        #expect(listed(UpdatePolicy.self) == [])
        #expect(listed(Language.self) == [])
        #expect(listed(AuditAction.self) == [])
        #expect(listed(TimingRule.self) == [])
        #expect(listed(MessageKind.self) == [])
        #expect(listed(MessageCategory.self) == [])
        #expect(listed(FollowUpStatus.self) == [])
        #expect(listed(FollowUpOutcome.self) == [])
        #expect(listed(FollowUpStepKind.self) == [])
        #expect(listed(IncomingAction.self) == [])
        #expect(listed(FindingStatus.self) == [])
    }

    @Test func theDatabaseRefusesUnknownValues() async throws {
        // setup
        let app = try await TestApp.make()
        try await app.addUser("admin-medsos", roles: ["admin-medsos"])
        let item = try await app.createItem(as: "admin-medsos",
                                            fields: Fixtures.itemFields(channels: ["instagram"]))
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        // action and check: each statement is refused by a CHECK constraint, and nothing changes
        let refused = [
            "UPDATE contentItem SET status = 'archived' WHERE id = \(id)",
            "UPDATE contentItem SET kind = 'podcast' WHERE id = \(id)",
            "UPDATE contentItem SET channels = '[\"instagram\",\"myspace\"]' WHERE id = \(id)",
            "UPDATE contentItem SET channels = 'instagram' WHERE id = \(id)",
            "UPDATE contentItem SET channels = '[\"instagram\" ]' WHERE id = \(id)",
            "UPDATE contentRevision SET source = 'bisikan' WHERE itemId = \(id)",
            "UPDATE contentEvent SET action = 'delete' WHERE itemId = \(id)",
            "UPDATE institution SET updatePolicy = 'sometimes'",
            "UPDATE institution SET timingRules = '[\"never\"]'",
            "UPDATE user SET language = 'fr'",
            "INSERT INTO holiday (day, name, kind) VALUES ('2026-12-31', 'Malam tahun baru', 'pesta')",
            "UPDATE auditEvent SET action = 'user.vanish'",
            """
            INSERT INTO finding (subject, ownerId, dueOn, status, createdBy, createdAt, updatedAt)
            VALUES ('x', 1, '2026-12-01', 'lupa', 1, '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000')
            """,
        ]
        for sql in refused {
            #expect(throws: DatabaseError.self, "\(sql)") { try app.database.writer.write { try $0.execute(sql: sql) } }
        }
        let stored = try #require(try app.database.item(id: id))
        #expect(stored.status == .draft && stored.channels == [.instagram])
        // check: a known value passes
        try await app.database.writer.write { try $0.execute(sql: "UPDATE contentItem SET channels = '[\"instagram\",\"instagram-story\"]' WHERE id = \(id)") }
        #expect(try app.database.item(id: id)?.channels == [.instagram, .instagramStory])
    }

    @Test func anOlderDatabaseIsConvertedOnUpgrade() throws {
        // setup: a database migrated up to the migration before the typed columns, with an item
        // whose channels are space-separated, as they were stored then
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v7-agenda-series-end")
        try queue.write { db in
            try db.execute(sql: """
                INSERT INTO institution (id, name, timeZone, defaultLanguage, createdAt, channels, timingRules)
                VALUES (1, 'Biro', 'Asia/Jakarta', 'id', '2026-11-01 00:00:00.000', 'instagram facebook', 'ucapan-sebelum-hari');
                INSERT INTO user (username, displayName, passwordHash, createdAt, updatedAt, passwordChangedAt)
                VALUES ('admin', 'Admin', 'x', '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000');
                INSERT INTO workflowVersion (number, steps, createdAt) VALUES (1, '[]', '2026-11-01 00:00:00.000');
                INSERT INTO contentItem (workflowVersion, position, status, stepRoleKey, stepEnteredAt, version, revision, title, kind,
                                         createdBy, createdAt, updatedAt, channels)
                VALUES (1, 1, 'draft', 'admin', '2026-11-01 00:00:00.000', 1, 1, 'Judul', 'informasi', 1,
                        '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000', 'instagram x');
                INSERT INTO contentItem (workflowVersion, position, status, stepRoleKey, stepEnteredAt, version, revision, title, kind,
                                         createdBy, createdAt, updatedAt, channels)
                VALUES (1, 1, 'draft', 'admin', '2026-11-01 00:00:00.000', 1, 1, 'Tanpa kanal', 'informasi', 1,
                        '2026-11-01 00:00:00.000', '2026-11-01 00:00:00.000', '');
                """)
        }
        // action
        let database = try AppDatabase(queue)
        // check
        let items = try queue.read { db in try ContentItemRecord.order(Column("id")).fetchAll(db) }
        #expect(items.map(\.channels) == [[.instagram, .x], []])
        let settings = try #require(try database.institution())
        #expect(settings.channels == [.instagram, .facebook])
        #expect(settings.timingRules == [.greetingOnOrBeforeDay])
        let indexes = try queue.read { db in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'contentItem'") }
        #expect(indexes.contains { $0.hasPrefix("contentItem_on") }, "the rebuilt table keeps its indexes: \(indexes)")
        let problems = try queue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }
        #expect(problems.isEmpty)
    }

    @Test func keyListsReadOnlyTheirOwnForm() {
        // check
        #expect(ChannelList(json: "[]") == [])
        #expect(ChannelList(json: "[\"x\",\"website\"]") == [.x, .website])
        #expect(ChannelList(json: "[\"x\",\"friendster\"]") == nil)
        #expect(ChannelList(json: "instagram") == nil)
        #expect(ChannelList(json: "[\"x\",]") == nil)
        for broken in ["", "[", "]", "[\"", "[\"x\"", "[\"x\"\"website\"]", "[,\"x\"]", "[\"\"]", "[ \"x\"]", "[\"x\"] ", "[\"x\",\"\"]", "[\"é\"]"] {
            #expect(ChannelList(json: broken) == nil, "\(broken)")
        }
        for channel in Channel.allCases {
            #expect(ChannelList(json: ChannelList([channel, .x]).json) == [channel, .x])
        }
        #expect(ChannelList([.instagram, .instagramStory]).json == "[\"instagram\",\"instagram-story\"]")
    }
}
