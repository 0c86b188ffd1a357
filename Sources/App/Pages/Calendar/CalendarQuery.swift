import Domain
import Foundation

/// Everything the calendar shows between two days, gathered once for the month, week and list
/// views and for the iCalendar feed: the agenda (recurring events expanded), the days off, the
/// commemoration days, and the content items with their latest start and timing warnings.
struct CalendarQuery {
    let database: AppDatabase
    let institution: InstitutionStore
    let now: Date

    struct Filters: Sendable, Equatable {
        var channel: Channel?
        var status: ItemStatus?
        var kind: ContentKind?
    }

    /// One thing on one day.
    struct Entry: Sendable {
        enum Kind: String, Sendable {
            case agenda, libur, cutiBersama = "cuti_bersama", peringatan, content
            /// A monitoring round of incoming messages, done or missed (issue 14), when rounds are on.
            case ronde
        }
        var kind: Kind
        var day: Day
        var sortKey: Date
        var start: Date?
        var end: Date?
        var isAllDay: Bool
        var title: String
        var detail: String = ""
        var agendaId: Int64?
        var itemId: Int64?
        var status: ItemStatus?
        var contentKind: ContentKind?
        var channels: [Channel] = []
        var latestStart: Date?
        var late = false
        var violations: [TimingViolation] = []
        var needsCoverage = false
        /// A stable identifier for the feed.
        var uid: String
        var location: String = ""
        var hasGreeting = false
        /// For a monitoring round: where it stands.
        var roundStatus: RoundStatus?
    }

    func entries(from first: Day, through last: Day, filters: Filters = Filters()) throws -> [Entry] {
        try gather(from: first, through: last, filters: filters).entries
    }

    /// The entries, and whether the agenda had more than `AgendaOccurrences.pageCeiling` of them
    /// in the range (then only that many are included).
    /// `includeAgenda: false` leaves the agenda out (the feed writes its items, series and all, itself).
    func gather(from first: Day, through last: Day, filters: Filters = Filters(), includeAgenda: Bool = true) throws -> (entries: [Entry], agendaTruncated: Bool) {
        let calendar = institution.officeCalendar
        let timeZone = institution.settings.timeZone
        guard let start = calendar.startOfDayDate(first), let end = calendar.startOfDayDate(last.adding(days: 1)) else { return ([], false) }
        var entries: [Entry] = []

        // The leadership's agenda, recurring events expanded over the range. However many items
        // were imported, a page does bounded work: past the ceiling it stops, and says so.
        var agendaTruncated = false
        if includeAgenda { try database.forEachAgendaItem(overlapping: start, end) { record in
            let room = AgendaOccurrences.pageCeiling - entries.count
            guard room > 0 else { agendaTruncated = true; return false }
            for occurrence in AgendaOccurrences.expand(record, from: start, to: end, timeZone: timeZone, limit: room) {
                let firstDay = max(first, calendar.day(of: occurrence.start))
                let lastInstant = occurrence.end > occurrence.start ? occurrence.end.addingTimeInterval(-1) : occurrence.start
                let lastDay = min(last, calendar.day(of: lastInstant))
                guard firstDay <= lastDay else { continue }
                for number in firstDay.dayNumber...lastDay.dayNumber {
                    guard entries.count < AgendaOccurrences.pageCeiling else { agendaTruncated = true; return false }
                    entries.append(Entry(
                        kind: .agenda, day: Day(dayNumber: number), sortKey: occurrence.start, start: occurrence.start, end: occurrence.end,
                        isAllDay: record.isAllDay, title: record.title, detail: record.owner, agendaId: record.id,
                        needsCoverage: record.needsCoverage, uid: "agenda-\(occurrence.key)", location: record.location))
                }
            }
            return true
        } }

        // National days: holidays and joint leave as fixed dates, commemorations every year.
        let greetings = try database.greetingDays(from: first, through: last)
        for holiday in institution.holidays {
            guard let day = Day(holiday.day), first <= day, day <= last else { continue }
            entries.append(Entry(
                kind: holiday.kind == .cutiBersama ? .cutiBersama : .libur, day: day, sortKey: calendar.startOfDayDate(day) ?? start,
                isAllDay: true, title: holiday.name, uid: "hari-\(holiday.id ?? 0)", hasGreeting: greetings.contains(holiday.day)))
        }
        for record in institution.commemorations {
            guard let commemoration = record.commemoration else { continue }
            for day in commemoration.occurrences(from: first, through: last) {
                entries.append(Entry(
                    kind: .peringatan, day: day, sortKey: calendar.startOfDayDate(day) ?? start, isAllDay: true, title: record.name,
                    detail: record.basis, uid: "peringatan-\(record.id ?? 0)-\(day.year)", hasGreeting: greetings.contains(day.description)))
            }
        }

        // Content items on the day they are (or were) published, or on the greeting's day.
        let rules = institution.settings.timingRules
        for item in try database.calendarItems(from: start, to: end, fromDay: first, toDay: last) {
            let status = item.status
            let kind = item.kind
            let channels = item.channels.keys
            if let wanted = filters.status, status != wanted { continue }
            if let wanted = filters.kind, kind != wanted { continue }
            if let wanted = filters.channel, !channels.contains(wanted) { continue }
            let dueDay = item.dueOn.flatMap(Day.init)
            // A published post is shown when it went live, not when it was planned (issue 13).
            let shownAt = item.status == .published ? (item.publishedAt ?? item.publishAt) : (item.publishAt ?? item.publishedAt)
            guard let day = shownAt.map(calendar.day(of:)) ?? dueDay else { continue }
            var entry = Entry(
                kind: .content, day: day, sortKey: shownAt ?? calendar.startOfDayDate(day) ?? start, start: shownAt, isAllDay: shownAt == nil,
                title: item.title, itemId: item.id, status: status, contentKind: kind, channels: channels, uid: "konten-\(item.id ?? 0)")
            if status != .published, let plan = Self.plan(item, institution: institution, now: now) {
                entry.latestStart = plan.latestStart
                entry.late = plan.late
            }
            if status != .published {
                entry.violations = TimingRules.check(
                    kind: kind, publishAt: item.publishAt, eventStart: item.eventAt, eventEnd: item.eventEndAt, dueDay: dueDay, timeZone: timeZone
                ).filter { rules.contains($0.rule) }
            }
            entries.append(entry)
        }
        // Monitoring rounds up to today, done, late or missed, when they are on and nothing is
        // filtered; bounded like the agenda (the schedule itself stops at `maximumDays`).
        if filters == Filters() {
            let today = calendar.day(of: now)
            let lastRoundDay = min(last, today)
            if first <= lastRoundDay {
                for occurrence in try database.roundOccurrences(from: first, through: lastRoundDay, calendar: calendar, now: now)
                where occurrence.status == .done || occurrence.status == .late || occurrence.status == .missed {
                    guard entries.count < 2 * AgendaOccurrences.pageCeiling else { break }
                    entries.append(Entry(
                        kind: .ronde, day: occurrence.day, sortKey: occurrence.startsAt, start: occurrence.startsAt, end: occurrence.endsAt,
                        isAllDay: false, title: occurrence.spec.name, uid: "ronde-\(occurrence.day)-\(occurrence.spec.key)",
                        roundStatus: occurrence.status))
                }
            }
        }
        // By day, then holidays before the agenda before content, then time and title. The indices
        // are sorted rather than the entries, which are large: moving them was a tenth of the month.
        func rank(_ kind: Entry.Kind) -> Int {
            switch kind {
            case .libur: 0
            case .cutiBersama: 1
            case .peringatan: 2
            case .agenda: 3
            case .content: 4
            case .ronde: 5
            }
        }
        let order = entries.indices.sorted { a, b in
            if entries[a].day != entries[b].day { return entries[a].day < entries[b].day }
            let rankA = rank(entries[a].kind), rankB = rank(entries[b].kind)
            if rankA != rankB { return rankA < rankB }
            if entries[a].sortKey != entries[b].sortKey { return entries[a].sortKey < entries[b].sortKey }
            return entries[a].title < entries[b].title
        }
        return (order.map { entries[$0] }, agendaTruncated)
    }

    /// When work on an item must start at the latest for it to be published on time, counted back
    /// over the standard times of the steps still ahead of it, in office minutes.
    static func plan(_ item: ContentItemRecord, institution: InstitutionStore, now: Date) -> (latestStart: Date, late: Bool, due: Date)? {
        let calendar = institution.officeCalendar
        guard let workflow = institution.workflow(version: item.workflowVersion) else { return nil }
        let due: Date
        if let publishAt = item.publishAt {
            due = publishAt
        } else if let day = item.dueOn.flatMap(Day.init), let nextMidnight = calendar.startOfDayDate(day.adding(days: 1)) {
            due = nextMidnight.addingTimeInterval(-60)
        } else {
            return nil
        }
        let minutes = workflow.remainingStandardMinutes(from: item.position)
        guard let latest = calendar.latestStart(due: due, officeMinutes: minutes) else { return nil }
        // An item still in its first step has not started; one further on has, so only the
        // time left counts.
        return (latest, now > latest, due)
    }
}

extension CommemorationRecord {
    var commemoration: Commemoration? { Commemoration(monthDay: monthDay, name: name, basis: basis) }
}

/// The occurrences of a stored agenda item over a range: itself, or its recurrences.
enum AgendaOccurrences {
    struct Occurrence: Sendable {
        var start: Date
        var end: Date
        var key: String
    }

    /// The most agenda entries one page (or the feed) gathers; past it the page shows the first
    /// ones and a notice. Each series gives at most `perItemLimit`.
    static let pageCeiling = 300
    static let perItemLimit = 500

    static func expand(_ record: AgendaItemRecord, from: Date, to: Date, timeZone: TimeZone, limit: Int = perItemLimit) -> [Occurrence] {
        let id = record.id ?? 0
        guard record.rrule != nil else {
            guard limit > 0, record.startsAt < to, max(record.endsAt, record.startsAt.addingTimeInterval(1)) > from else { return [] }
            return [Occurrence(start: record.startsAt, end: record.endsAt, key: "\(id)")]
        }
        let event = record.icsEvent(institutionZone: timeZone)
        return event.occurrences(from: from, to: to, limit: min(limit, perItemLimit), seriesEndsAt: record.seriesEndsAt).map {
            Occurrence(start: $0.start, end: $0.end, key: "\(id)-\(Int($0.start.timeIntervalSince1970))")
        }
    }
}

/// The content items the calendar reads (the agenda and the national days are shared with other pages).
extension AppDatabase {
    /// Content items planned between `from` and `to`, or published then (a published item is
    /// placed at `publishedAt`, whatever was planned), with the greeting and activity dates the
    /// calendar needs.
    func calendarItems(from: Date, to: Date, fromDay: Day, toDay: Day) throws -> [ContentItemRecord] {
        try writer.read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT * FROM contentItem
                WHERE (status = 'published' AND publishedAt IS NOT NULL AND publishedAt >= ? AND publishedAt < ?)
                   OR (NOT (status = 'published' AND publishedAt IS NOT NULL) AND publishAt >= ? AND publishAt < ?)
                   OR (NOT (status = 'published' AND publishedAt IS NOT NULL) AND publishAt IS NULL AND publishedAt >= ? AND publishedAt < ?)
                   OR (publishAt IS NULL AND publishedAt IS NULL AND dueOn >= ? AND dueOn <= ?)
                ORDER BY CASE WHEN status = 'published' AND publishedAt IS NOT NULL THEN publishedAt ELSE COALESCE(publishAt, publishedAt) END, id
                """)
            return try ContentItemRecord.fetchAll(statement, arguments: [from, to, from, to, from, to, fromDay.description, toDay.description])
        }
    }
}
