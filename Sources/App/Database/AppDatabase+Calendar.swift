import Domain
import Foundation
import GRDB

/// The result of importing an iCalendar file.
struct AgendaImportResult: Sendable, Equatable {
    var added = 0
    var updated = 0
    var unchanged = 0
}

// MARK: - Agenda

extension AppDatabase {
    func agendaItem(id: Int64) throws -> AgendaItemRecord? {
        try writer.read { db in try AgendaItemRecord.fetchOne(db, key: id) }
    }

    /// Agenda items that may show between `from` and `to`: the ones overlapping the range, and
    /// the recurring ones whose series starts before `to` and has not ended before `from`
    /// (expanded by the caller), in start order.
    func agendaItems(overlapping from: Date, _ to: Date) throws -> [AgendaItemRecord] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT * FROM agendaItem WHERE (startsAt < ? AND endsAt >= ?)
                   OR (rrule IS NOT NULL AND startsAt < ? AND (seriesEndsAt IS NULL OR seriesEndsAt >= ?))
                ORDER BY startsAt, id
                """)
            return try AgendaItemRecord.fetchAll(statement, arguments: [to, from, to, from])
        }
    }

    /// Like `agendaItems(overlapping:_:)`, one at a time until `body` returns false: a page that
    /// has gathered enough stops reading (and decoding) rows.
    func forEachAgendaItem(overlapping from: Date, _ to: Date, _ body: (AgendaItemRecord) throws -> Bool) throws {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT * FROM agendaItem WHERE (startsAt < ? AND endsAt >= ?)
                   OR (rrule IS NOT NULL AND startsAt < ? AND (seriesEndsAt IS NULL OR seriesEndsAt >= ?))
                ORDER BY startsAt, id
                """)
            let cursor = try AgendaItemRecord.fetchCursor(statement, arguments: [to, from, to, from])
            while let record = try cursor.next() {
                guard try body(record) else { return }
            }
        }
    }

    @discardableResult
    func saveAgendaItem(_ record: AgendaItemRecord) throws -> AgendaItemRecord {
        try writer.write { db in
            var record = record
            try record.save(db)
            return record
        }
    }

    func deleteAgendaItem(id: Int64) throws -> AgendaItemRecord? {
        try writer.write { db in
            guard let record = try AgendaItemRecord.fetchOne(db, key: id) else { return nil }
            try record.delete(db)
            return record
        }
    }

    /// What an import would do with each incoming item: add it, update the item it matches, or
    /// leave that item as it is.
    enum AgendaImportAction: Sendable, Equatable {
        case add
        case update(existing: AgendaItemRecord)
        case unchanged
    }

    /// The stored item an incoming one updates: the same UID in the same calendar, or an item
    /// imported before calendars were kept (no calendar) with that UID, which the import then
    /// claims for its calendar. Items typed in are never matched.
    private static func match(_ db: Database, _ incoming: AgendaItemRecord) throws -> AgendaItemRecord? {
        if let same = try AgendaItemRecord
            .filter(AgendaItemRecord.Columns.calendar == incoming.calendar && AgendaItemRecord.Columns.uid == incoming.uid).fetchOne(db) {
            return same
        }
        guard !incoming.calendar.isEmpty else { return nil }
        return try AgendaItemRecord
            .filter(AgendaItemRecord.Columns.calendar == "" && AgendaItemRecord.Columns.uid == incoming.uid
                    && AgendaItemRecord.Columns.source == AgendaSource.ics.rawValue)
            .fetchOne(db)
    }

    /// The incoming item merged over the stored one: the fields people add in Warta (coverage, an
    /// owner the file does not give) are kept.
    private static func merged(_ incoming: AgendaItemRecord, over existing: AgendaItemRecord) -> AgendaItemRecord {
        var merged = incoming
        merged.id = existing.id
        merged.needsCoverage = existing.needsCoverage || incoming.needsCoverage
        if merged.owner.isEmpty { merged.owner = existing.owner }
        merged.createdBy = existing.createdBy
        merged.createdAt = existing.createdAt
        merged.updatedAt = existing == merged.with(updatedAt: existing.updatedAt) ? existing.updatedAt : incoming.updatedAt
        return merged
    }

    /// What `importAgenda` would do with `records`, without doing it (the import's preview).
    func planAgendaImport(_ records: [AgendaItemRecord]) throws -> [(record: AgendaItemRecord, action: AgendaImportAction)] {
        try writer.read { db in
            try records.map { incoming in
                guard let existing = try Self.match(db, incoming) else { return (incoming, .add) }
                let merged = Self.merged(incoming, over: existing)
                return (incoming, merged == existing ? .unchanged : .update(existing: existing))
            }
        }
    }

    /// Stores imported events in one transaction: an event whose UID is known in its calendar
    /// updates that item, the others are added. Fields people add in Warta (coverage) are kept.
    func importAgenda(_ records: [AgendaItemRecord]) throws -> AgendaImportResult {
        try writer.write { db in
            var result = AgendaImportResult()
            for incoming in records {
                if let existing = try Self.match(db, incoming) {
                    let merged = Self.merged(incoming, over: existing)
                    if merged == existing {
                        result.unchanged += 1
                        continue
                    }
                    try merged.update(db)
                    result.updated += 1
                } else {
                    var record = incoming
                    try record.insert(db)
                    result.added += 1
                }
            }
            return result
        }
    }
}

extension AgendaItemRecord {
    func with(updatedAt: Date) -> AgendaItemRecord {
        var copy = self
        copy.updatedAt = updatedAt
        return copy
    }
}

// MARK: - Commemoration days

extension AppDatabase {
    func commemorations() throws -> [CommemorationRecord] {
        try writer.read { db in try CommemorationRecord.order(CommemorationRecord.Columns.monthDay, Column("name")).fetchAll(db) }
    }

    /// Loads the shipped commemoration days once per database, like the holidays.
    @discardableResult
    func seedCommemorationsOnce(_ list: [Commemoration]) throws -> Int {
        try writer.write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'commemorationsSeeded'") == nil else { return 0 }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('commemorationsSeeded', ?)", arguments: [String(list.count)])
            var count = 0
            for day in list {
                var record = CommemorationRecord(id: nil, monthDay: day.monthDay, name: day.name, basis: day.basis)
                try record.insert(db, onConflict: .ignore)
                count += 1
            }
            return count
        }
    }

    @discardableResult
    func saveCommemoration(_ record: CommemorationRecord) throws -> CommemorationRecord {
        try writer.write { db in
            var record = record
            try record.save(db, onConflict: .replace)
            return record
        }
    }

    func deleteCommemoration(id: Int64) throws -> CommemorationRecord? {
        try writer.write { db in
            guard let record = try CommemorationRecord.fetchOne(db, key: id) else { return nil }
            try record.delete(db)
            return record
        }
    }

    /// Corrects a day off in place (the government moves them by joint decree).
    func updateHoliday(id: Int64, day: Day, name: String, kind: HolidayKind) throws -> HolidayRecord? {
        try writer.write { db in
            guard var record = try HolidayRecord.fetchOne(db, key: id) else { return nil }
            // Another entry with the same day and name gives way to the corrected one.
            try db.execute(sql: "DELETE FROM holiday WHERE day = ? AND name = ? AND id != ?", arguments: [day.description, name, id])
            record.day = day.description
            record.name = name
            record.kind = kind
            try record.update(db)
            return record
        }
    }

    /// Imports days from a CSV file in one transaction; a day with the same date and name is
    /// replaced. Returns how many rows were stored.
    func importDays(holidays: [(day: Day, name: String, kind: HolidayKind)], commemorations: [Commemoration]) throws -> Int {
        try writer.write { db in
            for row in holidays {
                var record = HolidayRecord(id: nil, day: row.day.description, name: row.name, kind: row.kind)
                try record.insert(db, onConflict: .replace)
            }
            for day in commemorations {
                var record = CommemorationRecord(id: nil, monthDay: day.monthDay, name: day.name, basis: day.basis)
                try record.insert(db, onConflict: .replace)
            }
            return holidays.count + commemorations.count
        }
    }
}

// MARK: - Greeting days (the calendar and "Tugas saya")

extension AppDatabase {
    /// Greeting items for days from `fromDay` through `toDay`: which days already have one.
    func greetingDays(from fromDay: Day, through toDay: Day) throws -> Set<String> {
        try writer.read { db in
            Set(try String.fetchAll(db, sql: """
                SELECT dueOn FROM contentItem WHERE kind = 'ucapan' AND dueOn >= ? AND dueOn <= ?
                """, arguments: [fromDay.description, toDay.description]))
        }
    }
}

// MARK: - Calendar feeds

extension AppDatabase {
    /// A new secret feed token for the user; the old one stops working. Only its hash is kept: the
    /// token returned here is shown once and cannot be read back.
    @discardableResult
    func renewCalendarFeed(userId: Int64, now: Date) throws -> String {
        let token = Tokens.random(bytes: 24)
        let record = CalendarFeedRecord(userId: userId, tokenHash: Tokens.sha256(token), createdAt: now)
        try writer.write { db in try record.save(db) }
        return token
    }

    func revokeCalendarFeed(userId: Int64) throws {
        _ = try writer.write { db in try CalendarFeedRecord.deleteOne(db, key: userId) }
    }
}
