import Domain
import Foundation
import GRDB

/// What the days-off page reads besides the lists the institution store keeps.
extension AppDatabase {
    func holiday(id: Int64) throws -> HolidayRecord? {
        try writer.read { db in try HolidayRecord.fetchOne(db, key: id) }
    }
}
