import Domain
import Foundation
import GRDB

/// What the calendar feed reads before anything else: whose feed a token opens.
extension AppDatabase {
    /// The active user a feed token belongs to.
    func feedOwner(token: String) throws -> UserRecord? {
        try writer.read { db in
            try UserRecord.fetchOne(db, sql: """
                SELECT u.* FROM calendarFeed f JOIN user u ON u.id = f.userId WHERE f.tokenHash = ? AND u.isActive
                """, arguments: [Tokens.sha256(token)])
        }
    }
}
