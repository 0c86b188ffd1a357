import Domain
import Foundation

/// iCalendar events as agenda items. A recurring event stays one item with its rule (expanded
/// over whatever range is shown); a changed occurrence (RECURRENCE-ID) becomes an item of its own
/// and an exception of its series. Cancelled events are left out.
enum AgendaImport {
    static func records(from bytes: [UInt8], timeZone: TimeZone, owner: String, by userId: Int64, now: Date) throws -> [AgendaItemRecord] {
        let events = try ICalendarReader.parse(bytes: bytes, defaultTimeZone: timeZone)
        let iso = ISO8601DateFormatter()
        var byUID: [String: AgendaItemRecord] = [:]
        var order: [String] = []
        var overrides: [(uid: String, line: String)] = []
        for event in events where !event.isCancelled {
            for instant in [event.start, event.end] {
                guard (1900...9999).contains(Day(dayNumber: dayNumber(instant, event.timeZone)).year) else { throw OutOfRange() }
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
        return order.compactMap { byUID[$0] }
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
        let iso = ISO8601DateFormatter()
        for line in exdates.split(separator: "\n").map(String.init) {
            if let day = Day(line) { event.excludedDays.append(day) } else if let date = iso.date(from: line) { event.exdates.append(date) }
        }
        return event
    }
}
