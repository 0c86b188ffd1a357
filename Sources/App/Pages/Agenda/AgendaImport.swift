import Domain
import Foundation

/// iCalendar events as agenda items. A recurring event stays one item with its rule (expanded
/// over whatever range is shown); a changed occurrence (RECURRENCE-ID) becomes an item of its own
/// and an exception of its series. Cancelled events are left out.
enum AgendaImport {
    /// Why one event of a file was left out.
    enum Skip: Sendable, Equatable {
        case unreadable(ICSError)
        case outOfRange(summary: String)
    }

    /// A file read as agenda items, ready to preview or store.
    struct Parsed: Sendable {
        var records: [AgendaItemRecord]
        var skipped: [Skip]
        /// VEVENTs in the file, and how many of them were cancelled.
        var eventCount: Int
        var cancelled: Int
        /// Which calendar the file is (`ICSCalendar.identity`), stored on every item.
        var calendar: String
    }

    /// Reads a file's events as agenda items, leaving out (and naming) the events that cannot be
    /// read; throws only when the file as a whole is not a calendar that can be read.
    static func parse(_ bytes: [UInt8], fileName: String?, timeZone: TimeZone, owner: String, by userId: Int64, now: Date) throws -> Parsed {
        let file = try ICalendarReader.read(bytes: bytes, defaultTimeZone: timeZone)
        let calendar = file.identity(fallback: fileName.map { String($0.prefix(200)) } ?? "")
        let iso = ISO8601DateFormatter()
        var byUID: [String: AgendaItemRecord] = [:]
        var order: [String] = []
        var overrides: [(uid: String, line: String)] = []
        var skipped = file.skipped.map(Skip.unreadable)
        var cancelled = 0
        for event in file.events {
            if event.isCancelled { cancelled += 1; continue }
            guard [event.start, event.end].allSatisfy({ (1900...9999).contains(Day(dayNumber: dayNumber($0, event.timeZone)).year) }) else {
                skipped.append(.outOfRange(summary: String(event.summary.prefix(80))))
                continue
            }
            var uid = event.uid
            if let recurrenceId = event.recurrenceId {
                let line = event.isAllDay ? Day(dayNumber: dayNumber(recurrenceId, event.timeZone)).description : iso.string(from: recurrenceId)
                uid += "#" + line
                overrides.append((event.uid, line))
            }
            var record = AgendaItemRecord(
                id: nil, uid: String(uid.prefix(500)), title: String((event.summary.isEmpty ? "–" : event.summary).prefix(200)),
                startsAt: event.start, endsAt: max(event.end, event.start), isAllDay: event.isAllDay,
                location: String(event.location.prefix(200)), owner: String(owner.prefix(200)),
                notes: String(event.description.prefix(4000)), needsCoverage: false,
                rrule: event.recurrenceId == nil ? event.rrule : nil,
                exdates: (event.exdates.map { iso.string(from: $0) } + event.excludedDays.map(\.description)).joined(separator: "\n"),
                timeZone: event.timeZone.identifier == timeZone.identifier ? "" : event.timeZone.identifier,
                source: .ics, createdBy: userId, createdAt: now, updatedAt: now)
            record.calendar = calendar
            record.seriesEndsAt = record.seriesEnd(institutionZone: timeZone)
            if byUID[record.uid] == nil { order.append(record.uid) }
            byUID[record.uid] = record
        }
        // An occurrence changed on its own is no longer part of its series.
        for override in overrides {
            guard var series = byUID[override.uid], series.rrule != nil else { continue }
            if !series.exdates.split(separator: "\n").contains(Substring(override.line)) {
                series.exdates += (series.exdates.isEmpty ? "" : "\n") + override.line
            }
            byUID[override.uid] = series
        }
        return Parsed(records: order.compactMap { byUID[$0] }, skipped: skipped, eventCount: file.eventCount, cancelled: cancelled,
                      calendar: calendar)
    }

    /// The items of a file that is read whole (tests, the bench): refuses any unreadable event.
    static func records(from bytes: [UInt8], timeZone: TimeZone, owner: String, by userId: Int64, now: Date, fileName: String? = nil) throws -> [AgendaItemRecord] {
        let parsed = try parse(bytes, fileName: fileName, timeZone: timeZone, owner: owner, by: userId, now: now)
        switch parsed.skipped.first {
        case .unreadable(let error)?: throw error
        case .outOfRange?: throw OutOfRange()
        case nil: return parsed.records
        }
    }

    /// Why a file gave no event to import, in the user's language: the first line says what
    /// happened, the others which events were left out and why (at most 10).
    static func nothingToImport(_ parsed: Parsed, t: Texts, services: AppServices, context: AppRequestContext) -> [String] {
        let head: String
        if parsed.eventCount == 0 {
            head = t.agenda_import_no_events
        } else if parsed.skipped.isEmpty {
            head = t.agenda_import_all_cancelled(n: "\(parsed.cancelled)")
        } else {
            head = t.agenda_import_none_readable(n: "\(parsed.eventCount)")
        }
        return [head] + skipReasons(parsed.skipped, services: services, context: context)
    }

    /// One line per event left out (at most 10, then how many more).
    static func skipReasons(_ skipped: [Skip], services: AppServices, context: AppRequestContext) -> [String] {
        var lines = skipped.prefix(10).map { skip in
            switch skip {
            case .unreadable(let error): ICSText.message(error, services: services, context: context)
            case .outOfRange(let summary): (summary.isEmpty ? "" : summary + ": ") + services.texts(context).agenda_import_out_of_range
            }
        }
        if skipped.count > 10 { lines.append(services.texts(context).agenda_import_more_skipped(n: "\(skipped.count - 10)")) }
        return lines
    }

    static func dayNumber(_ date: Date, _ zone: TimeZone) -> Int {
        WallClock.local(date, in: zone).day
    }

    /// An event dated where no office calendar goes.
    struct OutOfRange: Error {}

    static func reason(_ error: any Error, services: AppServices, context: AppRequestContext) -> String {
        if error is OutOfRange { return services.texts(context).agenda_import_out_of_range }
        guard let error = error as? ICSError else { return services.texts(context).ics_error_unknown }
        return ICSText.message(error, services: services, context: context)
    }
}

/// Why an iCalendar file was refused, in the user's language.
enum ICSText {
    static func message(_ error: ICSError, services: AppServices, context: AppRequestContext) -> String {
        switch error {
        case .notCalendar: services.texts(context).ics_error_not_calendar
        case .tooLarge(let limit): services.texts(context).ics_error_too_large(kb: "\(limit / 1024)")
        case .tooManyEvents(let limit): services.texts(context).ics_error_too_many(n: "\(limit)")
        case .malformedLine(let line): services.texts(context).ics_error_line(line: "\(line)")
        case .unterminated(let component, let line): services.texts(context).ics_error_unterminated(line: "\(line)", component: component)
        case .unexpectedEnd(let component, let line): services.texts(context).ics_error_unterminated(line: "\(line)", component: component)
        case .missingProperty(let name, let line): services.texts(context).ics_error_missing(line: "\(line)", name: name)
        case .badDate(let value, let line): services.texts(context).ics_error_date(line: "\(line)", value: String(value.prefix(40)))
        case .badDuration(let value, let line): services.texts(context).ics_error_date(line: "\(line)", value: String(value.prefix(40)))
        case .badRule(let part, let line): services.texts(context).ics_error_rule(line: "\(line)", value: String(part.prefix(40)))
        case .unknownTimeZone(let tzid, let line): services.texts(context).ics_error_zone(line: "\(line)", value: String(tzid.prefix(60)))
        case .ruleNeverRecurs(let line):
            services.texts(context).ics_error_never_recurs(line: "\(line)", n: "\(RecurrenceRule.maximumEmptyPeriods)")
        case .countUnreachable(let count, let line):
            services.texts(context).ics_error_count_unreachable(line: "\(line)", count: "\(count)", n: "\(RecurrenceRule.maximumPeriods)")
        case .tooMuchRecurrence(let limit): services.texts(context).ics_error_too_much_recurrence(n: "\(limit)")
        }
    }
}

extension AgendaItemRecord {
    /// The zone its times belong to.
    func zone(default institution: TimeZone) -> TimeZone {
        timeZone.isEmpty ? institution : TimeZone(identifier: timeZone) ?? institution
    }

    /// Where its series ends (`seriesEndsAt`): the end of its last occurrence, nil for a series
    /// without end. Found with bounded work; the reader has refused rules that never recur.
    func seriesEnd(institutionZone: TimeZone) -> Date? {
        guard rrule != nil else { return nil }
        return icsEvent(institutionZone: institutionZone).seriesExtent().endsAt
    }

    /// The stored item as an iCalendar event (to expand its rule, or for the feed).
    func icsEvent(institutionZone: TimeZone) -> ICSEvent {
        let zone = zone(default: institutionZone)
        var event: ICSEvent
        if isAllDay {
            let first = Day(dayNumber: AgendaImport.dayNumber(startsAt, zone))
            let last = Day(dayNumber: AgendaImport.dayNumber(endsAt, zone))
            event = ICSEvent(uid: uid, summary: title, description: notes, location: location, allDayFrom: first, to: last, timeZone: zone)
        } else {
            event = ICSEvent(uid: uid, summary: title, description: notes, location: location, start: startsAt, end: endsAt, timeZone: zone)
        }
        event.rrule = rrule
        guard !exdates.isEmpty else { return event }
        let iso = ISO8601DateFormatter()  // not free: only for the items that need it
        for line in exdates.split(separator: "\n").map(String.init) {
            if let day = Day(line) { event.excludedDays.append(day) } else if let date = iso.date(from: line) { event.exdates.append(date) }
        }
        return event
    }
}
