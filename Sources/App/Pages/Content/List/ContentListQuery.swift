import Domain
import Foundation
import GRDB

/// What the content list reads.
extension AppDatabase {
    /// All items, newest change first, optionally of one status.
    func items(status: ItemStatus?, limit: Int, offset: Int) throws -> [ContentListRow] {
        try writer.read { db in
            var sql = "SELECT i.*, u.displayName AS creatorName FROM contentItem i JOIN user u ON u.id = i.createdBy"
            var arguments: StatementArguments = []
            if let status {
                sql += " WHERE i.status = ?"
                arguments += [status]
            }
            sql += " ORDER BY i.updatedAt DESC, i.id DESC LIMIT ? OFFSET ?"
            arguments += [limit, offset]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                try ContentListRow(row: $0)
            }
        }
    }
}
