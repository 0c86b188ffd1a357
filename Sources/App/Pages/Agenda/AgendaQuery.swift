import Domain
import Foundation
import GRDB

/// What the agenda list reads: the occurrences of a month, recurring items expanded, at most
/// `AgendaOccurrences.pageCeiling` of them, in start order.
struct AgendaQuery {
    let database: AppDatabase
    let calendar: OfficeCalendar
    let timeZone: TimeZone

    struct Occurrence: Sendable {
        var record: AgendaItemRecord
        var start: Date
        var end: Date
    }

    /// The month's occurrences, and whether there were more than a page shows.
    func month(_ month: YearMonth) throws -> (occurrences: [Occurrence], truncated: Bool) {
        guard let start = calendar.startOfDayDate(month.first), let end = calendar.startOfDayDate(month.last.adding(days: 1)) else { throw AppError.notFound }
        var occurrences: [Occurrence] = []
        var truncated = false
        try database.forEachAgendaItem(overlapping: start, end) { record in
            // Bounded work per page, whatever was imported: the first ones and a notice.
            let room = AgendaOccurrences.pageCeiling - occurrences.count
            guard room > 0 else { truncated = true; return false }
            for occurrence in AgendaOccurrences.expand(record, from: start, to: end, timeZone: timeZone, limit: room) {
                occurrences.append(Occurrence(record: record, start: occurrence.start, end: occurrence.end))
            }
            return true
        }
        return (occurrences.sorted { $0.start < $1.start }, truncated)
    }
}

/// What the agenda pages read: a second submission of the same form, and the content planned from an item.
extension AppDatabase {
    /// An item typed in by the same person with the same fields moments ago: a second submission.
    func recentAgendaTwin(title: String, start: Date, end: Date, owner: String, location: String, createdBy: Int64, since: Date) throws -> Int64? {
        try writer.read { db in
            try Int64.fetchOne(db, sql: """
                SELECT id FROM agendaItem WHERE source = ? AND createdBy = ? AND createdAt >= ? AND title = ? AND startsAt = ?
                  AND endsAt = ? AND owner = ? AND location = ? ORDER BY id DESC LIMIT 1
                """, arguments: [AgendaSource.manual, createdBy, since, title, start, end, owner, location])
        }
    }

    /// The items that cover or announce an agenda item.
    func items(agendaId: Int64) throws -> [ContentItemRecord] {
        try writer.read { db in
            try ContentItemRecord.filter(Column("agendaId") == agendaId).order(Column("id")).fetchAll(db)
        }
    }
}
