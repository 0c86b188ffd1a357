import Foundation

// iCalendar (RFC 5545) for the portal: reading the calendars institutions import (Google, Outlook,
// Apple exports) and writing the feeds they subscribe to.
//
// Reading is strict about structure and lenient about details: a file that is not a calendar, an
// unclosed component, an unreadable date or a recurrence rule we cannot honour fails with an
// `ICSError` that names the problem and its line, so the person importing can be told what to fix;
// unknown properties, parameters and components (VTIMEZONE, VALARM, VTODO, X-…) are skipped.

// MARK: - Errors

/// What is wrong with an iCalendar file, and where.
///
/// Line numbers are the file's own lines, counted from 1, and point at the first line of a folded
/// content line (where a text editor shows it to begin).
public enum ICSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The text does not begin with `BEGIN:VCALENDAR`: an empty file, an HTML page, a CSV, ….
    case notCalendar
    /// The text is larger than `limit` bytes.
    case tooLarge(limit: Int)
    /// The calendar holds more than `limit` events.
    case tooManyEvents(limit: Int)
    /// A content line that is not `NAME[;PARAM=value…]:value`.
    case malformedLine(line: Int)
    /// `BEGIN:component` on `line` is never closed by its `END`.
    case unterminated(component: String, line: Int)
    /// `END:component` on `line` does not close the component that is open there.
    case unexpectedEnd(component: String, line: Int)
    /// An event lacks a property it needs; `line` is the event's `BEGIN:VEVENT`.
    case missingProperty(name: String, line: Int)
    /// A DATE or DATE-TIME value that cannot be read (or a DATE where a DATE-TIME belongs).
    case badDate(value: String, line: Int)
    /// A DURATION value that cannot be read (negative durations included).
    case badDuration(value: String, line: Int)
    /// A recurrence rule part that is invalid or not supported, e.g. `BYSETPOS=-1` or `FREQ=HOURLY`.
    case badRule(part: String, line: Int)
    /// A TZID that is neither an IANA zone, a known Windows zone name, nor defined by a VTIMEZONE.
    case unknownTimeZone(tzid: String, line: Int)

    public var description: String {
        switch self {
        case .notCalendar: "not an iCalendar file (no BEGIN:VCALENDAR)"
        case .tooLarge(let limit): "file larger than \(limit) bytes"
        case .tooManyEvents(let limit): "more than \(limit) events"
        case .malformedLine(let line): "line \(line): not a NAME:value content line"
        case .unterminated(let component, let line): "line \(line): BEGIN:\(component) is never closed"
        case .unexpectedEnd(let component, let line): "line \(line): END:\(component) does not match the open component"
        case .missingProperty(let name, let line): "line \(line): event without \(name)"
        case .badDate(let value, let line): "line \(line): unreadable date \"\(value)\""
        case .badDuration(let value, let line): "line \(line): unreadable duration \"\(value)\""
        case .badRule(let part, let line): "line \(line): unsupported or invalid recurrence rule part \"\(part)\""
        case .unknownTimeZone(let tzid, let line): "line \(line): unknown time zone \"\(tzid)\""
        }
    }
}

// MARK: - Events

/// One VEVENT, as read from a calendar or to be written to one.
///
/// Timed events carry instants (`start`, `end`) and the zone their wall-clock times belong to
/// (`timeZone`: the TZID's zone, UTC for `…Z` times, the reader's default zone for floating times),
/// which is the zone recurrences are expanded in. All-day events carry their days as well: `allDayEnd`
/// is exclusive, as in the file, and `start`/`end` are midnight of those days in `timeZone`.
public struct ICSEvent: Sendable, Equatable {
    /// The UID. When a file has none the reader makes one from DTSTART and SUMMARY:
    /// `"generated-"` followed by 16 hex digits of a 64-bit FNV-1a hash of `"<TZID>:<DTSTART>|<SUMMARY>"`,
    /// so importing the same file twice gives the same UIDs.
    public var uid: String
    public var summary: String
    public var description: String
    public var location: String
    public var url: String?
    public var categories: [String]
    /// The ORGANIZER value as written (usually `mailto:…`).
    public var organizer: String?
    /// STATUS, upper-cased (`TENTATIVE`, `CONFIRMED`, `CANCELLED`), nil when absent.
    public var status: String?
    public var start: Date
    public var end: Date
    public var isAllDay: Bool
    /// First day of an all-day event; nil for timed events.
    public var allDayStart: Day?
    /// The day after the last day of an all-day event (exclusive, as DTEND is); nil for timed events.
    public var allDayEnd: Day?
    /// The zone wall-clock times belong to and recurrences expand in.
    public var timeZone: TimeZone
    /// The RRULE value as written (validated by the reader), nil for single events.
    public var rrule: String?
    /// EXDATE date-times (every EXDATE line, every comma-separated value).
    public var exdates: [Date]
    /// EXDATE dates (`VALUE=DATE`): every occurrence starting on one of these days is dropped.
    public var excludedDays: [Day]
    /// RECURRENCE-ID: the start of the occurrence of the series with the same UID that this event
    /// replaces (a date form is midnight in `timeZone`). `RANGE=THISANDFUTURE` is not honoured.
    public var recurrenceId: Date?
    public var sequence: Int

    /// UTC, as the reader and writer name it.
    public static let utc = TimeZone(identifier: "UTC")!

    /// A timed event.
    public init(uid: String, summary: String, description: String = "", location: String = "",
                start: Date, end: Date, timeZone: TimeZone = ICSEvent.utc) {
        self.uid = uid
        self.summary = summary
        self.description = description
        self.location = location
        self.url = nil
        self.categories = []
        self.organizer = nil
        self.status = nil
        self.start = start
        self.end = end
        self.isAllDay = false
        self.allDayStart = nil
        self.allDayEnd = nil
        self.timeZone = timeZone
        self.rrule = nil
        self.exdates = []
        self.excludedDays = []
        self.recurrenceId = nil
        self.sequence = 0
    }

    /// An all-day event from `first` up to, not including, `endExclusive` (one day when that is not
    /// after `first`); `start`/`end` become midnight of those days in `timeZone`.
    public init(uid: String, summary: String, description: String = "", location: String = "",
                allDayFrom first: Day, to endExclusive: Day, timeZone: TimeZone) {
        let last = endExclusive > first ? endExclusive : Day(dayNumber: first.dayNumber + 1)
        self.init(uid: uid, summary: summary, description: description, location: location,
                  start: ICSTime.instant(dayNumber: first.dayNumber, second: 0, in: timeZone),
                  end: ICSTime.instant(dayNumber: last.dayNumber, second: 0, in: timeZone),
                  timeZone: timeZone)
        self.isAllDay = true
        self.allDayStart = first
        self.allDayEnd = last
    }

    public var isCancelled: Bool { status == "CANCELLED" }

    /// The parsed RRULE; nil for single events and for a rule that does not parse.
    public var recurrenceRule: RecurrenceRule? {
        guard let rrule else { return nil }
        return try? RecurrenceRule(parsing: rrule, timeZone: timeZone)
    }
}

/// One occurrence of an event inside a visible range.
public struct ICSOccurrence: Sendable, Equatable {
    /// The event this occurrence comes from: the series, or the override (RECURRENCE-ID) that
    /// replaced this occurrence.
    public var event: ICSEvent
    public var start: Date
    public var end: Date
    /// For all-day occurrences, the first day and the exclusive end day.
    public var allDayStart: Day?
    public var allDayEnd: Day?
    /// Where the series put this occurrence before any override: its RECURRENCE-ID.
    public var originalStart: Date
    /// A stable key to store and de-duplicate occurrences: `uid/yyyyMMdd` for all-day series,
    /// `uid/yyyyMMddTHHmmssZ` (the original start in UTC) for timed ones. An override keeps the key of
    /// the occurrence it replaces.
    public var occurrenceKey: String

    public var isAllDay: Bool { allDayStart != nil }
    public var isOverride: Bool { event.recurrenceId != nil }
}

// MARK: - Recurrence rules

/// An RRULE the portal can expand.
///
/// Supported: `FREQ` = DAILY, WEEKLY, MONTHLY or YEARLY; `INTERVAL`; `COUNT`; `UNTIL` (date or
/// date-time, inclusive); `BYDAY` (plain weekdays, and with an ordinal such as `1MO` or `-1FR` in
/// monthly and yearly rules); `BYMONTHDAY` (negative counts from the month's end); `BYMONTH`; `WKST`.
/// Everything else (`BYSETPOS`, `BYHOUR`, `BYMINUTE`, `BYSECOND`, `BYYEARDAY`, `BYWEEKNO`, `RSCALE`,
/// `SKIP`, X- parts, FREQ=SECONDLY/MINUTELY/HOURLY) is refused with `ICSError.badRule` naming the part.
public struct RecurrenceRule: Sendable, Equatable {
    public enum Frequency: String, Sendable, CaseIterable {
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// Weekdays, Monday first (ISO order); raw values are the RRULE codes.
    public enum Weekday: String, Sendable, CaseIterable {
        case monday = "MO", tuesday = "TU", wednesday = "WE", thursday = "TH", friday = "FR", saturday = "SA", sunday = "SU"

        /// 0 = Monday … 6 = Sunday.
        var index: Int { Weekday.allCases.firstIndex(of: self)! }

        /// The weekday of a day number (1 January 1970 was a Thursday).
        static func index(ofDayNumber day: Int) -> Int { ((day % 7) + 7 + 3) % 7 }
    }

    /// One BYDAY entry: a weekday, and for monthly/yearly rules optionally which one
    /// (1 = first, -1 = last).
    public struct ByDay: Sendable, Equatable {
        public var ordinal: Int?
        public var weekday: Weekday

        public init(_ weekday: Weekday, ordinal: Int? = nil) {
            self.weekday = weekday
            self.ordinal = ordinal
        }
    }

    /// UNTIL, inclusive.
    public enum Until: Sendable, Equatable {
        case day(Day)
        case instant(Date)
    }

    public var frequency: Frequency
    public var interval: Int
    public var count: Int?
    public var until: Until?
    public var byDay: [ByDay]
    public var byMonthDay: [Int]
    public var byMonth: [Int]
    public var weekStart: Weekday

    /// Parses an RRULE value (`FREQ=WEEKLY;BYDAY=MO,WE;COUNT=10`; a leading `RRULE:` is allowed).
    /// A floating UNTIL is read in `timeZone`; `line` only labels errors.
    public init(parsing text: String, timeZone: TimeZone, line: Int = 0) throws(ICSError) {
        var body = Substring(text.trimmingCharacters(in: .whitespaces))
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        var frequency: Frequency?
        var interval = 1
        var count: Int?
        var until: Until?
        var byDay: [ByDay] = []
        var byMonthDay: [Int] = []
        var byMonth: [Int] = []
        var weekStart = Weekday.monday
        var seen: Set<String> = []

        func bad(_ part: Substring) -> ICSError { .badRule(part: String(part), line: line) }
        func integers(_ value: String, in range: ClosedRange<Int>) -> [Int]? {
            let list = value.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
            guard !list.isEmpty, list.allSatisfy({ $0.map { range.contains($0) && $0 != 0 } ?? false }) else { return nil }
            return list.compactMap { $0 }
        }

        for part in body.split(separator: ";") {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw bad(part) }
            let key = pieces[0].trimmingCharacters(in: .whitespaces).uppercased()
            let value = pieces[1].trimmingCharacters(in: .whitespaces).uppercased()
            guard seen.insert(key).inserted else { throw bad(part) }
            switch key {
            case "FREQ":
                guard let f = Frequency(rawValue: value) else { throw bad(part) }
                frequency = f
            case "INTERVAL":
                guard let n = Int(value), (1...10_000).contains(n) else { throw bad(part) }
                interval = n
            case "COUNT":
                guard let n = Int(value), n >= 1 else { throw bad(part) }
                count = n
            case "UNTIL":
                switch ICSTime.parse(Substring(value)) {
                case .date(let day)?: until = .day(day)
                case .dateTime(let day, let second, let utc)?:
                    until = .instant(ICSTime.instant(dayNumber: day.dayNumber, second: second, in: utc ? ICSEvent.utc : timeZone))
                case nil: throw bad(part)
                }
            case "BYDAY":
                for item in value.split(separator: ",", omittingEmptySubsequences: false) {
                    guard item.count >= 2, let weekday = Weekday(rawValue: String(item.suffix(2))) else { throw bad(part) }
                    let prefix = item.dropLast(2)
                    var ordinal: Int?
                    if !prefix.isEmpty {
                        guard let n = Int(prefix), n != 0, (-53...53).contains(n) else { throw bad(part) }
                        ordinal = n
                    }
                    byDay.append(ByDay(weekday, ordinal: ordinal))
                }
            case "BYMONTHDAY":
                guard let list = integers(value, in: -31...31) else { throw bad(part) }
                byMonthDay = list
            case "BYMONTH":
                guard let list = integers(value, in: 1...12) else { throw bad(part) }
                byMonth = list
            case "WKST":
                guard let w = Weekday(rawValue: value) else { throw bad(part) }
                weekStart = w
            default:
                throw bad(part)
            }
        }
        guard let frequency else { throw .badRule(part: "FREQ", line: line) }
        let ordinals = byDay.compactMap(\.ordinal)
        if !ordinals.isEmpty {
            switch frequency {
            case .daily, .weekly:
                throw .badRule(part: "BYDAY=" + byDay.map(\.text).joined(separator: ","), line: line)
            case .monthly:
                guard ordinals.allSatisfy({ (-5...5).contains($0) }) else {
                    throw .badRule(part: "BYDAY=" + byDay.map(\.text).joined(separator: ","), line: line)
                }
            case .yearly:
                break
            }
        }
        if frequency == .weekly, !byMonthDay.isEmpty {
            throw .badRule(part: "BYMONTHDAY=" + byMonthDay.map(String.init).joined(separator: ","), line: line)
        }
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byDay = byDay
        self.byMonthDay = byMonthDay
        self.byMonth = byMonth
        self.weekStart = weekStart
    }

    /// Calls `body` with the day number of every occurrence in order, `startDay` (DTSTART, which
    /// always counts as the first occurrence) first, until `body` returns false or the days pass
    /// `lastDay`.
    /// `skipBefore` lets it start near that day instead of at DTSTART: only for rules without COUNT,
    /// which need every occurrence counted.
    func forEachDay(startDay: Int, lastDay: Int, skipBefore: Int? = nil, _ body: (Int) -> Bool) {
        guard body(startDay) else { return }
        let limit = min(lastDay, Day(year: 9999, month: 12, day: 31).dayNumber)
        let origin = Day(dayNumber: startDay)
        var period = 0
        if let skip = skipBefore, skip > startDay, count == nil {
            // A period that ends before `skip`, so none of the days skipped is at or after it.
            let target = Day(dayNumber: min(skip, limit))
            switch frequency {
            case .daily: period = (target.dayNumber - startDay) / interval - 1
            case .weekly: period = (target.dayNumber - startDay) / (7 * interval) - 1
            case .monthly: period = ((target.year - origin.year) * 12 + target.month - origin.month) / interval - 1
            case .yearly: period = (target.year - origin.year) / interval - 1
            }
            period = max(0, period)
        }
        while true {
            let (first, days) = candidates(period: period, startDay: startDay, origin: origin)
            if first > limit { return }
            for day in days where day > startDay {
                if day > limit { return }
                guard body(day) else { return }
            }
            period += 1
        }
    }

    /// The first day of a period and the rule's days in it, sorted.
    private func candidates(period: Int, startDay: Int, origin: Day) -> (first: Int, days: [Int]) {
        switch frequency {
        case .daily:
            let day = startDay + period * interval
            let date = Day(dayNumber: day)
            if !byMonth.isEmpty, !byMonth.contains(date.month) { return (day, []) }
            if !byMonthDay.isEmpty {
                let length = Day.daysIn(month: date.month, year: date.year)
                guard byMonthDay.contains(where: { ($0 > 0 ? $0 : length + $0 + 1) == date.day }) else { return (day, []) }
            }
            if !byDay.isEmpty {
                let weekday = Weekday.index(ofDayNumber: day)
                guard byDay.contains(where: { $0.weekday.index == weekday }) else { return (day, []) }
            }
            return (day, [day])
        case .weekly:
            let offset = (Weekday.index(ofDayNumber: startDay) - weekStart.index + 7) % 7
            let weekFirst = startDay - offset + period * 7 * interval
            let weekdays = byDay.isEmpty ? [Weekday.index(ofDayNumber: startDay)] : byDay.map(\.weekday.index)
            var days = Set(weekdays.map { weekFirst + ($0 - weekStart.index + 7) % 7 })
            if !byMonth.isEmpty { days = days.filter { byMonth.contains(Day(dayNumber: $0).month) } }
            return (weekFirst, days.sorted())
        case .monthly:
            let index = origin.year * 12 + (origin.month - 1) + period * interval
            let year = index / 12, month = index % 12 + 1
            let first = Day(year: year, month: month, day: 1).dayNumber
            if !byMonth.isEmpty, !byMonth.contains(month) { return (first, []) }
            return (first, monthDays(year: year, month: month, defaultDay: origin.day))
        case .yearly:
            let year = origin.year + period * interval
            let first = Day(year: year, month: 1, day: 1).dayNumber
            if byMonth.isEmpty, byMonthDay.isEmpty, !byDay.isEmpty {
                let last = Day(year: year, month: 12, day: 31).dayNumber
                return (first, weekdayDays(from: first, through: last))
            }
            let months = !byMonth.isEmpty ? byMonth.sorted() : (byMonthDay.isEmpty ? [origin.month] : Array(1...12))
            var days: [Int] = []
            for month in months { days += monthDays(year: year, month: month, defaultDay: origin.day) }
            return (first, Array(Set(days)).sorted())
        }
    }

    /// The rule's days in one month: BYMONTHDAY (limited by BYDAY), else BYDAY, else `defaultDay`
    /// (none when the month is too short, as RFC 5545 has it).
    private func monthDays(year: Int, month: Int, defaultDay: Int) -> [Int] {
        let first = Day(year: year, month: month, day: 1).dayNumber
        let length = Day.daysIn(month: month, year: year)
        var days: [Int]
        if !byMonthDay.isEmpty {
            days = byMonthDay.compactMap { n in
                let day = n > 0 ? n : length + n + 1
                return (1...length).contains(day) ? first + day - 1 : nil
            }
            if !byDay.isEmpty {
                let allowed = Set(weekdayDays(from: first, through: first + length - 1))
                days = days.filter { allowed.contains($0) }
            }
        } else if !byDay.isEmpty {
            days = weekdayDays(from: first, through: first + length - 1)
        } else {
            days = defaultDay <= length ? [first + defaultDay - 1] : []
        }
        return Array(Set(days)).sorted()
    }

    /// The BYDAY days between two day numbers (a month or a year): every such weekday, or the
    /// n-th from the start (n > 0) or the end (n < 0).
    private func weekdayDays(from first: Int, through last: Int) -> [Int] {
        var days: Set<Int> = []
        for entry in byDay {
            let target = entry.weekday.index
            let firstMatch = first + (target - Weekday.index(ofDayNumber: first) + 7) % 7
            let lastMatch = last - (Weekday.index(ofDayNumber: last) - target + 7) % 7
            switch entry.ordinal {
            case nil:
                var day = firstMatch
                while day <= last { days.insert(day); day += 7 }
            case let n? where n > 0:
                let day = firstMatch + (n - 1) * 7
                if day <= last { days.insert(day) }
            case let n?:
                let day = lastMatch + (n + 1) * 7
                if day >= first { days.insert(day) }
            }
        }
        return days.sorted()
    }
}

extension RecurrenceRule.ByDay {
    var text: String { (ordinal.map(String.init) ?? "") + weekday.rawValue }
}

// MARK: - Expansion

extension ICSEvent {
    /// The occurrences of this event that overlap `[from, to)`, in order, at most `limit`.
    ///
    /// A single event yields itself when it overlaps. A series is expanded from DTSTART (which is
    /// always the first occurrence, and counts towards COUNT even when the range starts later) in
    /// the local calendar of `timeZone`, so 09:00 stays 09:00; UNTIL is inclusive; EXDATEs drop
    /// occurrences after counting. Overrides (RECURRENCE-ID) need the other events: use
    /// `occurrences(from:to:includeCancelled:limit:)` on the whole list. An event is in the range
    /// when it starts before `to` and ends after `from` (zero-length events: starts in the range).
    public func occurrences(from: Date, to: Date, limit: Int = 1000) -> [ICSOccurrence] {
        guard from < to, limit > 0 else { return [] }
        guard let rule = recurrenceRule else {
            guard ICSTime.overlaps(start, end, from, to) else { return [] }
            let original = recurrenceId ?? start
            return [ICSOccurrence(event: self, start: start, end: end, allDayStart: allDayStart, allDayEnd: allDayEnd,
                                  originalStart: original, occurrenceKey: occurrenceKey(for: original))]
        }
        let zone = timeZone
        let startDay: Int, startSecond: Int
        if isAllDay, let first = allDayStart {
            (startDay, startSecond) = (first.dayNumber, 0)
        } else {
            (startDay, startSecond) = ICSTime.local(start, in: zone)
        }
        let spanDays = isAllDay ? max(1, (allDayEnd?.dayNumber ?? startDay + 1) - startDay) : 0
        let duration = end.timeIntervalSince(start)
        let excluded = Set(exdates)
        let excludedDayNumbers = Set(excludedDays.map(\.dayNumber))
        let lastDay = ICSTime.local(to, in: zone).day + 1
        // Without COUNT nothing before the range matters but what may still be running in it.
        let reach = isAllDay ? spanDays : Int((duration / 86_400).rounded(.up))
        let skipBefore = ICSTime.local(from, in: zone).day - reach - 2
        var result: [ICSOccurrence] = []
        var counted = 0
        rule.forEachDay(startDay: startDay, lastDay: lastDay, skipBefore: skipBefore) { day in
            let occurrenceStart = day == startDay ? start : ICSTime.instant(dayNumber: day, second: startSecond, in: zone)
            switch rule.until {
            case .instant(let until)?: if occurrenceStart > until { return false }
            case .day(let until)?: if day > until.dayNumber { return false }
            case nil: break
            }
            counted += 1
            if let count = rule.count, counted > count { return false }
            if occurrenceStart >= to { return false }
            if excluded.contains(occurrenceStart) || excludedDayNumbers.contains(day) { return true }
            let occurrenceEnd = isAllDay
                ? ICSTime.instant(dayNumber: day + spanDays, second: 0, in: zone)
                : occurrenceStart.addingTimeInterval(duration)
            guard ICSTime.overlaps(occurrenceStart, occurrenceEnd, from, to) else { return true }
            result.append(ICSOccurrence(
                event: self, start: occurrenceStart, end: occurrenceEnd,
                allDayStart: isAllDay ? Day(dayNumber: day) : nil,
                allDayEnd: isAllDay ? Day(dayNumber: day + spanDays) : nil,
                originalStart: occurrenceStart, occurrenceKey: occurrenceKey(for: occurrenceStart)))
            return result.count < limit
        }
        return result
    }

    /// `uid/yyyyMMdd` for all-day events, `uid/yyyyMMddTHHmmssZ` for timed ones.
    func occurrenceKey(for originalStart: Date) -> String {
        if isAllDay {
            return uid + "/" + ICSTime.dateText(Day(dayNumber: ICSTime.local(originalStart, in: timeZone).day))
        }
        return uid + "/" + ICSTime.utcText(originalStart)
    }
}

extension Collection where Element == ICSEvent {
    /// Every occurrence of a list of events (a parsed calendar) that overlaps `[from, to)`, sorted
    /// by start, with overrides applied: an event with a RECURRENCE-ID replaces the occurrence of
    /// the series with the same UID that starts at that time, keeping its `occurrenceKey`, even when
    /// the override moves it into or out of the range. Of duplicates (same UID, same
    /// RECURRENCE-ID or none) the highest SEQUENCE wins, the later one on a tie. An override whose
    /// series is missing stands alone; one whose occurrence the series does not have (EXDATE, past
    /// COUNT/UNTIL) is dropped. Cancelled events and occurrences are left out unless
    /// `includeCancelled`.
    public func occurrences(from: Date, to: Date, includeCancelled: Bool = false, limit: Int = 10_000) -> [ICSOccurrence] {
        guard from < to, limit > 0 else { return [] }
        var masters: [String: ICSEvent] = [:]
        var overrides: [String: [Date: ICSEvent]] = [:]
        for event in self {
            if let id = event.recurrenceId {
                if let existing = overrides[event.uid]?[id], existing.sequence > event.sequence { continue }
                overrides[event.uid, default: [:]][id] = event
            } else {
                if let existing = masters[event.uid], existing.sequence > event.sequence { continue }
                masters[event.uid] = event
            }
        }
        var result: [ICSOccurrence] = []
        func replaced(_ original: ICSOccurrence, by override: ICSEvent) -> ICSOccurrence {
            ICSOccurrence(event: override, start: override.start, end: override.end,
                          allDayStart: override.allDayStart, allDayEnd: override.allDayEnd,
                          originalStart: original.originalStart, occurrenceKey: original.occurrenceKey)
        }
        for (uid, master) in masters {
            let replacements = overrides[uid] ?? [:]
            var used: Set<Date> = []
            for occurrence in master.occurrences(from: from, to: to, limit: limit) {
                if let override = replacements[occurrence.originalStart] {
                    used.insert(occurrence.originalStart)
                    if ICSTime.overlaps(override.start, override.end, from, to) {
                        result.append(replaced(occurrence, by: override))
                    }
                } else {
                    result.append(occurrence)
                }
            }
            for (id, override) in replacements where !used.contains(id) && ICSTime.overlaps(override.start, override.end, from, to) {
                // Moved into the range from outside it: only if the series has that occurrence.
                let probeEnd = id.addingTimeInterval(1)
                guard let original = master.occurrences(from: id, to: probeEnd, limit: 64).first(where: { $0.originalStart == id })
                else { continue }
                result.append(replaced(original, by: override))
            }
        }
        for (uid, replacements) in overrides where masters[uid] == nil {
            for override in replacements.values {
                result += override.occurrences(from: from, to: to, limit: 1)
            }
        }
        if !includeCancelled { result.removeAll { $0.event.isCancelled } }
        result.sort { ($0.start, $0.occurrenceKey) < ($1.start, $1.occurrenceKey) }
        return Array(result.prefix(limit))
    }
}

// MARK: - Reader

/// Reads VEVENTs from iCalendar text.
public enum ICalendarReader {
    /// Larger files are refused (`ICSError.tooLarge`).
    public static let maxBytes = 5 * 1024 * 1024
    /// Calendars with more events are refused (`ICSError.tooManyEvents`).
    public static let maxEvents = 5_000

    /// Parses the events of a calendar's bytes (UTF-8; invalid sequences become U+FFFD).
    ///
    /// Pass the raw bytes when you have them: lines are unfolded before decoding, so a fold that
    /// splits a multi-byte character (which some writers produce) is rejoined intact.
    /// Floating times and all-day dates are placed in `defaultTimeZone`. Cancelled events are
    /// returned too, with `status == "CANCELLED"`.
    public static func parse(bytes: some Collection<UInt8>, defaultTimeZone: TimeZone) throws(ICSError) -> [ICSEvent] {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let lines = unfold(Array(bytes))
        var parser = Parser(defaultZone: defaultTimeZone)
        return try parser.run(lines)
    }

    /// Parses the events of calendar text; see `parse(bytes:defaultTimeZone:)`.
    public static func parse(_ text: String, defaultTimeZone: TimeZone) throws(ICSError) -> [ICSEvent] {
        try parse(bytes: text.utf8, defaultTimeZone: defaultTimeZone)
    }

    // MARK: Content lines

    struct RawLine {
        var text: String
        var line: Int
    }

    /// Splits on CRLF, LF or CR and joins continuation lines (a leading space or tab, which is
    /// removed), working on bytes. Blank lines are skipped; a leading BOM is dropped.
    static func unfold(_ bytes: [UInt8]) -> [RawLine] {
        var lines: [RawLine] = []
        var current: [UInt8] = []
        var currentLine = 0
        var physical = 0
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func flush() {
            if !current.isEmpty { lines.append(RawLine(text: String(decoding: current, as: UTF8.self), line: currentLine)) }
            current.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            var j = i
            while j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
            physical += 1
            if j > i {
                if (bytes[i] == 0x20 || bytes[i] == 0x09), !current.isEmpty {
                    current.append(contentsOf: bytes[(i + 1)..<j])
                } else {
                    flush()
                    current.append(contentsOf: bytes[i..<j])
                    currentLine = physical
                }
            }
            if j < bytes.count {
                j += (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A) ? 2 : 1
            }
            i = j
        }
        flush()
        return lines
    }

    struct Property {
        var name: String
        var parameters: [(name: String, values: [String])]
        var value: String
        var line: Int

        func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.values.first }
    }

    /// `NAME *(";" param) ":" value`, with quoted parameter values (which may hold `;`, `:` and `,`)
    /// and RFC 6868 `^` escapes; nil when the line is not shaped like that.
    static func property(_ raw: RawLine) -> Property? {
        let u = Array(raw.text.utf8)
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
        func text(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }
        var i = 0
        while i < u.count, isNameByte(u[i]) { i += 1 }
        guard i > 0, i < u.count else { return nil }
        let name = text(u[0..<i]).uppercased()
        var parameters: [(name: String, values: [String])] = []
        while i < u.count, u[i] == 0x3B {  // ;
            i += 1
            let nameStart = i
            while i < u.count, isNameByte(u[i]) { i += 1 }
            guard i > nameStart, i < u.count else { return nil }
            let parameterName = text(u[nameStart..<i]).uppercased()
            var values: [String] = []
            if u[i] == 0x3D {  // =
                repeat {
                    i += 1  // past "=" or ","
                    if i < u.count, u[i] == 0x22 {  // "
                        guard let close = u[(i + 1)...].firstIndex(of: 0x22) else { return nil }
                        values.append(caretDecoded(text(u[(i + 1)..<close])))
                        i = close + 1
                        guard i < u.count, [0x2C, 0x3B, 0x3A].contains(u[i]) else { return nil }
                    } else {
                        let valueStart = i
                        while i < u.count, u[i] != 0x2C, u[i] != 0x3B, u[i] != 0x3A, u[i] != 0x22 { i += 1 }
                        guard i < u.count, u[i] != 0x22 else { return nil }
                        values.append(caretDecoded(text(u[valueStart..<i])))
                    }
                } while u[i] == 0x2C
            }
            parameters.append((parameterName, values))
        }
        guard i < u.count, u[i] == 0x3A else { return nil }  // :
        return Property(name: name, parameters: parameters, value: text(u[(i + 1)...]), line: raw.line)
    }

    /// RFC 6868: `^n` newline, `^^` caret, `^'` double quote.
    static func caretDecoded(_ s: String) -> String {
        guard s.contains("^") else { return s }
        var out = ""
        var pending = false
        for c in s {
            if pending {
                switch c {
                case "n", "N": out.append("\n")
                case "^": out.append("^")
                case "'": out.append("\"")
                default: out.append("^"); out.append(c)
                }
                pending = false
            } else if c == "^" {
                pending = true
            } else {
                out.append(c)
            }
        }
        if pending { out.append("^") }
        return out
    }

    /// TEXT unescaping: `\n` and `\N` newline, `\\`, `\;`, `\,`. Other backslashes stay as written.
    static func unescaped(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var pending = false
        for c in s {
            if pending {
                switch c {
                case "n", "N": out.append("\n")
                case "\\", ";", ",": out.append(c)
                default: out.append("\\"); out.append(c)
                }
                pending = false
            } else if c == "\\" {
                pending = true
            } else {
                out.append(c)
            }
        }
        if pending { out.append("\\") }
        return out
    }

    /// Splits a TEXT list on commas that are not escaped.
    static func splitList(_ s: String) -> [Substring] {
        var parts: [Substring] = []
        var start = s.startIndex
        var index = s.startIndex
        var escaped = false
        while index < s.endIndex {
            let c = s[index]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                parts.append(s[start..<index])
                start = s.index(after: index)
            }
            index = s.index(after: index)
        }
        parts.append(s[start..<s.endIndex])
        return parts
    }

    // MARK: Time zones

    /// Windows zone names (Outlook, Exchange) for the zones an Indonesian institution meets.
    static let windowsZones: [String: String] = [
        "se asia standard time": "Asia/Jakarta",
        "singapore standard time": "Asia/Singapore",
        "malay peninsula standard time": "Asia/Kuala_Lumpur",
        "w. australia standard time": "Australia/Perth",
        "tokyo standard time": "Asia/Tokyo",
        "korea standard time": "Asia/Seoul",
        "china standard time": "Asia/Shanghai",
        "taipei standard time": "Asia/Taipei",
        "india standard time": "Asia/Kolkata",
        "arabian standard time": "Asia/Dubai",
        "arab standard time": "Asia/Riyadh",
        "aus eastern standard time": "Australia/Sydney",
        "utc": "UTC",
        "coordinated universal time": "UTC",
        "gmt standard time": "Europe/London",
        "greenwich standard time": "Atlantic/Reykjavik",
        "w. europe standard time": "Europe/Berlin",
        "romance standard time": "Europe/Paris",
        "eastern standard time": "America/New_York",
        "central standard time": "America/Chicago",
        "mountain standard time": "America/Denver",
        "pacific standard time": "America/Los_Angeles",
    ]

    /// What a VTIMEZONE says about its zone: enough for a zone without daylight saving.
    struct DeclaredZone {
        var hasDaylight = false
        /// (STANDARD's DTSTART as written, its TZOFFSETTO in seconds)
        var standardOffsets: [(since: String, seconds: Int)] = []
    }

    /// `+0700`, `-0530`, `+070000` → seconds east of UTC.
    static func offsetSeconds(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        let digits = s.dropFirst()
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy(\.isASCII), let _ = Int(digits) else { return nil }
        let d = Array(digits)
        guard let h = Int(String(d[0...1])), let m = Int(String(d[2...3])), h < 24, m < 60 else { return nil }
        let sec = d.count == 6 ? Int(String(d[4...5])) ?? 0 : 0
        let total = h * 3600 + m * 60 + sec
        return sign == "-" ? -total : total
    }

    // MARK: Parser

    struct Parser {
        let defaultZone: TimeZone
        var declared: [String: DeclaredZone] = [:]
        var zones: [String: TimeZone] = [:]

        init(defaultZone: TimeZone) { self.defaultZone = defaultZone }

        mutating func run(_ lines: [RawLine]) throws(ICSError) -> [ICSEvent] {
            guard let first = lines.first, let head = ICalendarReader.property(first), head.name == "BEGIN",
                  head.value.trimmingCharacters(in: .whitespaces).uppercased() == "VCALENDAR"
            else { throw .notCalendar }

            var stack: [(name: String, line: Int)] = []
            var rawEvents: [(properties: [Property], line: Int)] = []
            var current: [Property] = []
            var zoneID: String?
            var zone = DeclaredZone()
            var observance: (standard: Bool, since: String, offset: Int?)?
            var eventCount = 0

            for raw in lines {
                guard let property = ICalendarReader.property(raw) else {
                    if stack.isEmpty { continue }  // after END:VCALENDAR: ignore trailing junk
                    throw .malformedLine(line: raw.line)
                }
                switch property.name {
                case "BEGIN":
                    let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
                    if stack.isEmpty, name != "VCALENDAR" { continue }
                    stack.append((name, property.line))
                    if stack.count == 2, name == "VEVENT" {
                        eventCount += 1
                        guard eventCount <= ICalendarReader.maxEvents else { throw .tooManyEvents(limit: ICalendarReader.maxEvents) }
                        current = []
                    } else if stack.count == 2, name == "VTIMEZONE" {
                        zoneID = nil
                        zone = DeclaredZone()
                    } else if stack.count == 3, stack[1].name == "VTIMEZONE", name == "STANDARD" || name == "DAYLIGHT" {
                        observance = (name == "STANDARD", "", nil)
                        if name == "DAYLIGHT" { zone.hasDaylight = true }
                    }
                case "END":
                    let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
                    if stack.isEmpty { continue }
                    guard stack.last?.name == name else { throw .unexpectedEnd(component: name, line: property.line) }
                    let closed = stack.removeLast()
                    if stack.count == 1, name == "VEVENT" {
                        rawEvents.append((current, closed.line))
                        current = []
                    } else if stack.count == 1, name == "VTIMEZONE" {
                        if let zoneID { declared[zoneID] = zone }
                    } else if stack.count == 2, let o = observance {
                        if o.standard, let offset = o.offset { zone.standardOffsets.append((o.since, offset)) }
                        observance = nil
                    }
                default:
                    guard let top = stack.last else { continue }
                    if stack.count == 2, top.name == "VEVENT" {
                        current.append(property)
                    } else if stack.count == 2, top.name == "VTIMEZONE", property.name == "TZID" {
                        zoneID = property.value.trimmingCharacters(in: .whitespaces)
                    } else if stack.count == 3, observance != nil {
                        if property.name == "TZOFFSETTO" { observance?.offset = ICalendarReader.offsetSeconds(property.value) }
                        if property.name == "DTSTART" { observance?.since = property.value }
                    }
                }
            }
            if let open = stack.last { throw .unterminated(component: open.name, line: open.line) }
            var events: [ICSEvent] = []
            events.reserveCapacity(rawEvents.count)
            for raw in rawEvents {
                events.append(try event(raw.properties, line: raw.line))
            }
            return events
        }

        /// The zone a TZID names: an IANA name, a Windows name, an IANA name at the end of a
        /// path-like TZID (`/mozilla.org/20050126_1/Asia/Jakarta`), or a VTIMEZONE in the file
        /// (its standard offset when it has no daylight saving, else the default zone).
        mutating func zone(_ tzid: String, line: Int) throws(ICSError) -> TimeZone {
            let id = tzid.trimmingCharacters(in: .whitespaces)
            if let known = zones[id] { return known }
            var found: TimeZone?
            if id.uppercased() == "UTC" || id.uppercased() == "Z" || id.uppercased() == "GMT" {
                found = ICSEvent.utc
            } else if let zone = TimeZone(identifier: id) {
                found = zone
            } else if let mapped = ICalendarReader.windowsZones[id.lowercased()] {
                found = mapped == "UTC" ? ICSEvent.utc : TimeZone(identifier: mapped)
            } else if id.contains("/") {
                let parts = id.split(separator: "/")
                for n in [3, 2] where parts.count >= n {
                    if let zone = TimeZone(identifier: parts.suffix(n).joined(separator: "/")) { found = zone; break }
                }
            }
            if found == nil, let declaredZone = declared[id] {
                if !declaredZone.hasDaylight, let latest = declaredZone.standardOffsets.max(by: { $0.since < $1.since }) {
                    found = TimeZone(secondsFromGMT: latest.seconds) ?? defaultZone
                } else {
                    found = defaultZone
                }
            }
            guard let found else { throw .unknownTimeZone(tzid: id, line: line) }
            zones[id] = found
            return found
        }

        /// A DATE or DATE-TIME property value, resolved.
        enum Moment {
            case day(Day)
            case instant(Date, zone: TimeZone)
        }

        mutating func moment(_ text: Substring, of property: Property) throws(ICSError) -> Moment {
            let value = text.trimmingCharacters(in: .whitespaces)
            let declaredType = property.parameter("VALUE")?.uppercased()
            switch ICSTime.parse(Substring(value)) {
            case .date(let day)? where declaredType != "DATE-TIME":
                return .day(day)
            case .dateTime(let day, let second, let utc)? where declaredType != "DATE":
                let zone: TimeZone
                if utc {
                    zone = ICSEvent.utc
                } else if let tzid = property.parameter("TZID") {
                    zone = try self.zone(tzid, line: property.line)
                } else {
                    zone = defaultZone
                }
                return .instant(ICSTime.instant(dayNumber: day.dayNumber, second: second, in: zone), zone: zone)
            default:
                throw .badDate(value: value, line: property.line)
            }
        }

        mutating func event(_ properties: [Property], line: Int) throws(ICSError) -> ICSEvent {
            func first(_ name: String) -> Property? { properties.first { $0.name == name } }
            func text(_ name: String) -> String? { first(name).map { ICalendarReader.unescaped(Substring($0.value)) } }

            guard let dtstart = first("DTSTART") else { throw .missingProperty(name: "DTSTART", line: line) }
            let summary = text("SUMMARY") ?? ""
            let uid: String
            if let given = text("UID")?.trimmingCharacters(in: .whitespaces), !given.isEmpty {
                uid = given
            } else {
                uid = ICSTime.generatedUID((dtstart.parameter("TZID") ?? "") + ":" + dtstart.value + "|" + summary)
            }

            var event: ICSEvent
            switch try moment(Substring(dtstart.value), of: dtstart) {
            case .day(let firstDay):
                var endDay = firstDay.dayNumber + 1
                if let dtend = first("DTEND") {
                    guard case .day(let last) = try moment(Substring(dtend.value), of: dtend) else {
                        throw .badDate(value: dtend.value.trimmingCharacters(in: .whitespaces), line: dtend.line)
                    }
                    endDay = max(endDay, last.dayNumber)
                } else if let duration = first("DURATION") {
                    guard let d = ICSTime.Duration(duration.value) else {
                        throw .badDuration(value: duration.value.trimmingCharacters(in: .whitespaces), line: duration.line)
                    }
                    endDay = max(endDay, firstDay.dayNumber + d.days + (d.seconds + 86_399) / 86_400)
                }
                event = ICSEvent(uid: uid, summary: summary, allDayFrom: firstDay, to: Day(dayNumber: endDay), timeZone: defaultZone)
            case .instant(let start, let zone):
                var end = start
                if let dtend = first("DTEND") {
                    guard case .instant(let e, _) = try moment(Substring(dtend.value), of: dtend) else {
                        throw .badDate(value: dtend.value.trimmingCharacters(in: .whitespaces), line: dtend.line)
                    }
                    end = max(start, e)
                } else if let duration = first("DURATION") {
                    guard let d = ICSTime.Duration(duration.value) else {
                        throw .badDuration(value: duration.value.trimmingCharacters(in: .whitespaces), line: duration.line)
                    }
                    // Days are nominal (same wall-clock time), hours and less exact.
                    let local = ICSTime.local(start, in: zone)
                    let shifted = d.days == 0 ? start : ICSTime.instant(dayNumber: local.day + d.days, second: local.second, in: zone)
                    end = shifted.addingTimeInterval(TimeInterval(d.seconds))
                }
                event = ICSEvent(uid: uid, summary: summary, start: start, end: end, timeZone: zone)
            }

            event.description = text("DESCRIPTION") ?? ""
            event.location = text("LOCATION") ?? ""
            if let url = first("URL")?.value.trimmingCharacters(in: .whitespaces), !url.isEmpty { event.url = url }
            event.categories = properties.filter { $0.name == "CATEGORIES" }
                .flatMap { ICalendarReader.splitList($0.value) }
                .map { ICalendarReader.unescaped($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if let organizer = first("ORGANIZER")?.value.trimmingCharacters(in: .whitespaces), !organizer.isEmpty {
                event.organizer = organizer
            }
            if let status = first("STATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased(), !status.isEmpty {
                event.status = status
            }
            if let sequence = first("SEQUENCE").flatMap({ Int($0.value.trimmingCharacters(in: .whitespaces)) }) {
                event.sequence = max(0, sequence)
            }
            if let rrule = first("RRULE") {
                let value = rrule.value.trimmingCharacters(in: .whitespaces)
                _ = try RecurrenceRule(parsing: value, timeZone: event.timeZone, line: rrule.line)
                event.rrule = value
            }
            for exdate in properties where exdate.name == "EXDATE" {
                for item in exdate.value.split(separator: ",") {
                    switch try moment(item, of: exdate) {
                    case .day(let day): event.excludedDays.append(day)
                    case .instant(let date, _): event.exdates.append(date)
                    }
                }
            }
            if let recurrence = first("RECURRENCE-ID") {
                switch try moment(Substring(recurrence.value), of: recurrence) {
                case .day(let day): event.recurrenceId = ICSTime.instant(dayNumber: day.dayNumber, second: 0, in: event.timeZone)
                case .instant(let date, _): event.recurrenceId = date
                }
            }
            return event
        }
    }
}

// MARK: - Writer

/// Writes a VCALENDAR feed: CRLF line endings, TEXT escaping, lines folded at 75 octets without
/// splitting a UTF-8 sequence.
///
/// For streaming, send `header()`, then `event(_:)` for each event, then `footer()`;
/// `calendar(_:)` does all three at once. Timed events are written in UTC (`yyyyMMddTHHmmssZ`),
/// all-day events as `VALUE=DATE` with an exclusive DTEND; an event whose end is not after its
/// start gets no DTEND. Times are truncated to whole seconds and control characters other than
/// newlines (written `\n`) and tabs are dropped, so those do not survive a round trip.
public struct ICalendarWriter: Sendable {
    /// `X-WR-CALNAME`.
    public var name: String
    /// `X-WR-TIMEZONE`: the zone calendar apps show the feed in.
    public var timeZone: TimeZone
    /// DTSTAMP of every event: when the feed was generated.
    public var stamp: Date

    public static let productID = "-//Warta//Warta//ID"

    public init(name: String, timeZone: TimeZone, stamp: Date) {
        self.name = name
        self.timeZone = timeZone
        self.stamp = stamp
    }

    /// `BEGIN:VCALENDAR` and the calendar's properties.
    public func header() -> String {
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:" + Self.productID,
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escaped(name),
            "X-WR-TIMEZONE:" + Self.sanitized(timeZone.identifier),
        ].map(Self.folded).joined()
    }

    /// One VEVENT.
    public func event(_ event: ICSEvent) -> String {
        var lines = ["BEGIN:VEVENT", "UID:" + Self.escaped(event.uid), "DTSTAMP:" + ICSTime.utcText(stamp)]
        if event.isAllDay {
            let first = event.allDayStart ?? Day(dayNumber: ICSTime.local(event.start, in: event.timeZone).day)
            let last = event.allDayEnd.map { max($0, Day(dayNumber: first.dayNumber + 1)) } ?? Day(dayNumber: first.dayNumber + 1)
            lines.append("DTSTART;VALUE=DATE:" + ICSTime.dateText(first))
            lines.append("DTEND;VALUE=DATE:" + ICSTime.dateText(last))
        } else {
            lines.append("DTSTART:" + ICSTime.utcText(event.start))
            if event.end > event.start { lines.append("DTEND:" + ICSTime.utcText(event.end)) }
        }
        if let id = event.recurrenceId {
            lines.append(event.isAllDay
                ? "RECURRENCE-ID;VALUE=DATE:" + ICSTime.dateText(Day(dayNumber: ICSTime.local(id, in: event.timeZone).day))
                : "RECURRENCE-ID:" + ICSTime.utcText(id))
        }
        if event.sequence != 0 { lines.append("SEQUENCE:\(event.sequence)") }
        lines.append("SUMMARY:" + Self.escaped(event.summary))
        if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escaped(event.description)) }
        if !event.location.isEmpty { lines.append("LOCATION:" + Self.escaped(event.location)) }
        if let url = event.url, !url.isEmpty { lines.append("URL:" + Self.sanitized(url)) }
        if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(Self.escaped).joined(separator: ",")) }
        if let organizer = event.organizer, !organizer.isEmpty { lines.append("ORGANIZER:" + Self.sanitized(organizer)) }
        if let status = event.status, !status.isEmpty { lines.append("STATUS:" + Self.sanitized(status)) }
        if let rrule = event.rrule, !rrule.isEmpty { lines.append("RRULE:" + Self.sanitized(rrule)) }
        if !event.exdates.isEmpty { lines.append("EXDATE:" + event.exdates.map(ICSTime.utcText).joined(separator: ",")) }
        if !event.excludedDays.isEmpty { lines.append("EXDATE;VALUE=DATE:" + event.excludedDays.map(ICSTime.dateText).joined(separator: ",")) }
        lines.append("END:VEVENT")
        return lines.map(Self.folded).joined()
    }

    /// `END:VCALENDAR`.
    public func footer() -> String { "END:VCALENDAR\r\n" }

    /// A whole calendar.
    public func calendar(_ events: some Sequence<ICSEvent>) -> String {
        var out = header()
        for e in events { out += event(e) }
        return out + footer()
    }

    /// TEXT escaping: `\` `;` `,` escaped, any newline (CRLF, CR, LF) written `\n`, other control
    /// characters but tab dropped.
    public static func escaped(_ text: String) -> String {
        // On bytes: every byte of a multi-byte sequence is 0x80 or above, so none is mistaken.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var afterCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x5C, 0x3B, 0x2C: out.append(0x5C); out.append(byte)  // \ ; ,
            case 0x0D: out.append(0x5C); out.append(0x6E)
            case 0x0A: if !afterCR { out.append(0x5C); out.append(0x6E) }
            case 0x09: out.append(byte)
            case 0x00..<0x20, 0x7F: break
            default: out.append(byte)
            }
            afterCR = byte == 0x0D
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A non-TEXT value (URI, rule): control characters dropped, nothing escaped.
    static func sanitized(_ text: String) -> String {
        String(decoding: text.utf8.filter { $0 >= 0x20 && $0 != 0x7F }, as: UTF8.self)
    }

    /// A content line folded at 75 octets (continuations start with one space, so hold 74 octets
    /// of content), never inside a UTF-8 sequence, ended with CRLF.
    public static func folded(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 24 + 2)
        var octets = 0
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let end = min(i + width, bytes.count)
            if octets + (end - i) > 75 {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                octets = 1
            }
            out.append(contentsOf: bytes[i..<end])
            octets += end - i
            i = end
        }
        out.append(contentsOf: [0x0D, 0x0A])
        return String(decoding: out, as: UTF8.self)
    }
}

// MARK: - Dates and times

/// Date arithmetic on day numbers and seconds of the day, so no `Calendar` is needed.
enum ICSTime {
    enum Value: Equatable {
        case date(Day)
        case dateTime(Day, second: Int, utc: Bool)
    }

    /// `yyyyMMdd`, `yyyyMMddTHHmmss` or `yyyyMMddTHHmmssZ`.
    static func parse(_ text: Substring) -> Value? {
        let u = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            var n = 0
            for i in range {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                n = n * 10 + Int(u[i] - 0x30)
            }
            return n
        }
        guard u.count >= 8, let year = number(0..<4), let month = number(4..<6), let dayOfMonth = number(6..<8),
              year >= 1, (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(dayOfMonth)
        else { return nil }
        let day = Day(year: year, month: month, day: dayOfMonth)
        if u.count == 8 { return .date(day) }
        guard u.count == 15 || (u.count == 16 && (u[15] == 0x5A || u[15] == 0x7A)), u[8] == 0x54 || u[8] == 0x74,
              let hour = number(9..<11), let minute = number(11..<13), let second = number(13..<15),
              hour < 24, minute < 60, second <= 60
        else { return nil }
        return .dateTime(day, second: hour * 3600 + minute * 60 + min(second, 59), utc: u.count == 16)
    }

    /// The instant a local wall-clock time names in `zone`. In a daylight-saving gap the later
    /// reading wins; in an overlap, one of the two.
    static func instant(dayNumber: Int, second: Int, in zone: TimeZone) -> Date {
        let local = Double(dayNumber) * 86_400 + Double(second)
        let firstOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        let guess = local - Double(firstOffset)
        let secondOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        if secondOffset != firstOffset {
            let retry = local - Double(secondOffset)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: retry)) == secondOffset {
                return Date(timeIntervalSince1970: retry)
            }
        }
        return Date(timeIntervalSince1970: guess)
    }

    /// The local day number and second of the day of an instant in `zone`.
    static func local(_ date: Date, in zone: TimeZone) -> (day: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (day, seconds - day * 86_400)
    }

    static func overlaps(_ start: Date, _ end: Date, _ from: Date, _ to: Date) -> Bool {
        start < to && (end > from || (end <= start && start >= from))
    }

    static func padded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// `yyyyMMdd`.
    static func dateText(_ day: Day) -> String {
        padded(day.year, 4) + padded(day.month, 2) + padded(day.day, 2)
    }

    /// `yyyyMMddTHHmmssZ`, truncated to the second.
    static func utcText(_ date: Date) -> String {
        let (day, second) = local(date, in: ICSEvent.utc)
        return dateText(Day(dayNumber: day)) + "T" + padded(second / 3600, 2) + padded(second / 60 % 60, 2) + padded(second % 60, 2) + "Z"
    }

    /// `"generated-"` and the 64-bit FNV-1a hash of `seed`'s UTF-8, in hex.
    static func generatedUID(_ seed: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in seed.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return "generated-" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// An RFC 5545 DURATION (`P1D`, `PT1H30M`, `P1W`; a leading `+` allowed, negatives refused):
    /// nominal days and exact seconds.
    struct Duration: Equatable {
        var days: Int
        var seconds: Int

        init?(_ text: String) {
            var chars = Substring(text.trimmingCharacters(in: .whitespaces).uppercased())
            if chars.first == "+" { chars = chars.dropFirst() }
            guard chars.first == "P" else { return nil }
            chars = chars.dropFirst()
            var days = 0, seconds = 0
            var inTime = false, sawPart = false, sawTimePart = false
            var digits = ""
            for c in chars {
                if c.isASCII, c.isNumber {
                    guard digits.count < 9 else { return nil }
                    digits.append(c)
                    continue
                }
                if c == "T" {
                    guard !inTime, digits.isEmpty else { return nil }
                    inTime = true
                    continue
                }
                guard let n = Int(digits) else { return nil }
                digits = ""
                switch (c, inTime) {
                case ("W", false): days += n * 7
                case ("D", false): days += n
                case ("H", true): seconds += n * 3600
                case ("M", true): seconds += n * 60
                case ("S", true): seconds += n
                default: return nil
                }
                sawPart = true
                if inTime { sawTimePart = true }
            }
            guard digits.isEmpty, sawPart, !inTime || sawTimePart else { return nil }
            self.days = days
            self.seconds = seconds
        }
    }
}
