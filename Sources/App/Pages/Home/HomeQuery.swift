import Domain
import Foundation
import GRDB

/// What "Tugas saya" reads: the items waiting for the user's roles (their own and delegated), and
/// the items they created that are still in flight, in one read transaction.
extension AppDatabase {
    /// Items waiting at a step whose role is one of `roleKeys`, oldest first.
    static func tasks(_ db: Database, roleKeys: [RoleKey], limit: Int, offset: Int) throws -> [ContentListRow] {
        guard !roleKeys.isEmpty else { return [] }
        let marks = databaseQuestionMarks(count: roleKeys.count)
        let statement = try db.cachedStatement(sql: """
            SELECT i.*, u.displayName AS creatorName, \(returnedColumns) FROM contentItem i JOIN user u ON u.id = i.createdBy
            \(returnedJoins)
            WHERE i.stepRoleKey IN (\(marks)) ORDER BY i.stepEnteredAt, i.id LIMIT ? OFFSET ?
            """)
        // A cursor decodes each row straight from the statement, without copying it first.
        return try Array(Row.fetchCursor(statement, arguments: StatementArguments(roleKeys) + [limit, offset]).map(ContentListRow.init(row:)))
    }

    /// "Tugas saya" in one read: the items waiting for `roleKeys`, and the user's own items in flight.
    func home(roleKeys: [RoleKey], userId: Int64, taskLimit: Int, taskOffset: Int) throws -> (tasks: [ContentListRow], mine: [ContentListRow]) {
        try writer.read { db in
            (try Self.tasks(db, roleKeys: roleKeys, limit: taskLimit, offset: taskOffset), try Self.itemsInFlight(db, createdBy: userId, limit: 100))
        }
    }

    /// Items someone created that are not yet published: the ones sent back to be fixed first,
    /// then newest change first.
    static func itemsInFlight(_ db: Database, createdBy userId: Int64, limit: Int) throws -> [ContentListRow] {
        let statement = try db.cachedStatement(sql: """
            SELECT i.*, u.displayName AS creatorName, \(returnedColumns) FROM contentItem i JOIN user u ON u.id = i.createdBy
            \(returnedJoins)
            WHERE i.createdBy = ? AND i.status != ? ORDER BY rj.id IS NULL, i.updatedAt DESC, i.id DESC LIMIT ?
            """)
        return try Array(Row.fetchCursor(statement, arguments: [userId, ItemStatus.published, limit]).map(ContentListRow.init(row:)))
    }
}
