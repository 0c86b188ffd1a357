import Domain
import Foundation
import GRDB

/// One delegation with the names of both people, for the delegations page.
struct DelegationRow: Sendable, Equatable {
    var record: DelegationRecord
    var fromName: String
    var toName: String
    /// The delegator is active and still holds the role: a delegation acts only then.
    var fromHoldsRole: Bool = true
}

/// What the delegations page reads.
extension AppDatabase {
    /// Delegations given or received by `userId` (every one when nil), newest first.
    func delegations(involving userId: Int64?) throws -> [DelegationRow] {
        try writer.read { db in
            var sql = """
                SELECT d.*, f.displayName AS fromName, t.displayName AS toName,
                       f.isActive AND EXISTS (SELECT 1 FROM userRole r WHERE r.userId = d.fromUserId AND r.roleKey = d.roleKey) AS fromHoldsRole
                FROM delegation d
                JOIN user f ON f.id = d.fromUserId JOIN user t ON t.id = d.toUserId
                """
            var arguments: StatementArguments = []
            if let userId {
                sql += " WHERE d.fromUserId = ? OR d.toUserId = ?"
                arguments = [userId, userId]
            }
            sql += " ORDER BY d.id DESC LIMIT 200"
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                DelegationRow(record: try DelegationRecord(row: $0), fromName: $0["fromName"], toName: $0["toName"], fromHoldsRole: $0["fromHoldsRole"])
            }
        }
    }

    func delegation(id: Int64) throws -> DelegationRecord? {
        try writer.read { db in try DelegationRecord.fetchOne(db, key: id) }
    }
}
