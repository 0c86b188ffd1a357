import Domain
import Foundation
import GRDB

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
