import Domain
import Foundation
import GRDB

/// What the account page reads: whether the user has a calendar feed.
extension AppDatabase {
    func calendarFeed(userId: Int64) throws -> CalendarFeedRecord? {
        try writer.read { db in try CalendarFeedRecord.fetchOne(db, key: userId) }
    }
}
