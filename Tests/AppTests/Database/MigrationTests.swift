import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Migrations that rewrite rows written before a rule.
@Suite struct MigrationTests {
    @Test func namesStoredBeforeTheRuleAreSanitisedByTheMigration() async throws {
        // setup
        // A database written before the rule, replayed: the row keeps its hostile name until migrated.
        let queue = try DatabaseQueue()
        var migrator = AppDatabase.migrator
        // action
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
            // check
            #expect(name.map { $0.utf8.count <= UploadName.maximumBytes && !$0.contains("\\") } == true)
            let columns = try db.columns(in: "calendarFeed").map(\.name)
            #expect(!columns.contains("token"), "the clear token column is gone")
            #expect(try Int.fetchOne(db, sql: "SELECT count(*) FROM calendarFeed") == 0, "a disabled account's feed ended")
        }
    }
}
