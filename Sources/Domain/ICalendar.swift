import Foundation

// iCalendar (RFC 5545) for the portal: reading the calendars institutions import (Google, Outlook,
// Apple exports) and writing the feeds they subscribe to.
//
// Reading is strict about structure and lenient about details: a file that is not a calendar, an
// unclosed component, an unreadable date or a recurrence rule we cannot honour fails with an
// `ICSError` that names the problem and its line, so the person importing can be told what to fix;
// unknown properties, parameters and components (VTIMEZONE, VALARM, VTODO, X-…) are skipped.
// `ICalendarReader.read`, which the import uses, is kinder to real exports: an event it cannot read
// is left out and named (`ICSCalendar.skipped`) instead of refusing the file, unless most of the file
// is such events. Both accept the deviations real exports write: `BYDAY=MO, TU`, a DATE start with a
// DATE-TIME end (and the reverse), `VALUE=DATE` with a midnight time, dashed ISO dates, and Outlook's
// `(UTC+07:00) …` zone names.

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
    /// A recurrence rule that yields no occurrence after DTSTART within
    /// `RecurrenceRule.maximumEmptyPeriods` periods (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30`).
    case ruleNeverRecurs(line: Int)
    /// A COUNT whose occurrences are not all found within the bounds of a walk (or before 9999).
    case countUnreachable(count: Int, line: Int)
    /// The file's recurrence rules together need more than `limit` candidate periods to check.
    case tooMuchRecurrence(limit: Int)

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
        case .ruleNeverRecurs(let line): "line \(line): the recurrence rule yields no occurrence after the first"
        case .countUnreachable(let count, let line): "line \(line): the recurrence rule does not reach COUNT=\(count)"
        case .tooMuchRecurrence(let limit): "recurrence rules needing more than \(limit) periods to check"
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

    /// The instant a local wall-clock time names in `zone` (see `WallClock`).
    static func instant(dayNumber: Int, second: Int, in zone: TimeZone) -> Date {
        WallClock.instant(day: dayNumber, second: second, in: zone)
    }

    /// The local day number and second of the day of an instant in `zone`.
    static func local(_ date: Date, in zone: TimeZone) -> (day: Int, second: Int) { WallClock.local(date, in: zone) }

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
