import Foundation

// Planning: when work on an item must start so that it is published on time, the DKI SOP's timing
// rules for each kind of post, commemoration days that recur every year, and the planned publish
// times the portal proposes from an agenda item.

// MARK: - Local clock

// MARK: - Latest start

extension OfficeCalendar {
    /// How far back `latestStart(due:officeMinutes:)` looks, in days: about ten years, the same span
    /// `officeMinutes(from:to:)` counts at most.
    public static let latestStartSearchDays = 3_700

    /// The latest moment work can start ("mulai paling lambat") so that `officeMinutes` minutes of
    /// office time still lie before `due`.
    ///
    /// Counting runs backwards from `due` over office hours on working days, skipping weekends,
    /// holidays and joint leave days (cuti bersama). When `due` lies outside office hours (in the
    /// evening, on a weekend, on a holiday) counting starts at the last office minute before it.
    ///
    /// The result is the inverse of `officeMinutes(from:to:)`: for `officeMinutes > 0`,
    /// `officeMinutes(from: result, to: due) == officeMinutes`, and any later instant gives fewer
    /// minutes. When the minutes run out exactly at a day's opening (say 07:30 on Tuesday), that
    /// opening is returned, not the previous working day's closing time (16:00 on Monday): both
    /// leave the same office minutes, and the opening is the later instant.
    ///
    /// The result is a whole second (any fraction of a second in `due` is dropped, as
    /// `officeMinutes(from:to:)` drops it).
    ///
    /// - Returns: `due` itself when `officeMinutes` is 0 or negative; nil when the calendar has no
    ///   office time to count (no working weekdays, opening not before closing, or hours outside
    ///   0:00–24:00), or when the minutes cannot be found within `latestStartSearchDays` days
    ///   before `due`.
    public func latestStart(due: Date, officeMinutes minutes: Int) -> Date? {
        guard minutes > 0 else { return due }
        let opens = opensAt * 60, closes = closesAt * 60
        guard !workingWeekdays.isEmpty, opens >= 0, closes <= 86_400, opens < closes else { return nil }
        let (dueDay, dueSecond) = local(due)
        var remaining = minutes * 60
        // The due day: only the office time before `due` counts.
        if isWorking(dayNumber: dueDay) {
            let end = min(dueSecond, closes)
            if end > opens {
                if remaining <= end - opens {
                    return WallClock.instant(day: dueDay, second: end - remaining, in: timeZone)
                }
                remaining -= end - opens
            }
        }
        // Whole working days before it, latest first.
        let fullDay = closes - opens
        var day = dueDay - 1
        while dueDay - day <= Self.latestStartSearchDays {
            if isWorking(dayNumber: day) {
                if remaining <= fullDay {
                    return WallClock.instant(day: day, second: closes - remaining, in: timeZone)
                }
                remaining -= fullDay
            }
            day -= 1
        }
        return nil
    }
}

extension Workflow {
    /// The standard minutes (Mutu Baku) still ahead of an item standing at `position` (1-based):
    /// the steps from `position` through the publish step, both included. The publish step's own
    /// standard time counts because the item must be *published* by its due time.
    ///
    /// Steps without a standard time count 0. A position before the first step counts from the
    /// first; a position after the publish step gives 0. A workflow without a publish step (not a
    /// valid one) counts through its last step.
    public func remainingStandardMinutes(from position: Int) -> Int {
        let last = publishPosition ?? steps.count
        let first = max(1, position)
        guard first <= last else { return 0 }
        return (first...last).reduce(0) { $0 + (step(at: $1)?.standardMinutes ?? 0) }
    }

    /// The standard minutes of the whole path from the first step through publishing:
    /// `remainingStandardMinutes(from: 1)`.
    public var standardMinutesToPublish: Int { remainingStandardMinutes(from: 1) }
}

// MARK: - Timing rules

/// The DKI SOP's timing rules for particular kinds of post. Each institution switches them on or off.
public enum TimingRule: String, CaseIterable, Sendable, Codable {
    /// A `kegiatan` (activity coverage) post goes out on the day of the activity, after it ends.
    case coverageSameDayAfterEvent = "kegiatan-hari-sama"
    /// An `infografis-rencana` (planned-activity infographic) goes out at least three calendar days
    /// before the activity (H-3).
    case planInfographicThreeDaysBefore = "infografis-3-hari"
    /// An `ucapan` (greeting) goes out on or before the day it marks.
    case greetingOnOrBeforeDay = "ucapan-sebelum-hari"

    /// The kind of post the rule applies to.
    public var contentKind: ContentKind {
        switch self {
        case .coverageSameDayAfterEvent: .kegiatan
        case .planInfographicThreeDaysBefore: .infografisRencana
        case .greetingOnOrBeforeDay: .ucapan
        }
    }
}

/// A planned or actual publish time that breaks a timing rule.
public struct TimingViolation: Equatable, Sendable {
    /// What exactly is wrong.
    public enum Problem: String, Equatable, Sendable {
        /// `kegiatan`: published before the activity ended.
        case beforeEventEnds = "sebelum-kegiatan-selesai"
        /// `kegiatan`: published on a later day than the activity.
        case afterEventDay = "setelah-hari-kegiatan"
        /// `infografis-rencana`: published later than three calendar days before the activity.
        case lessThanThreeDaysBefore = "kurang-dari-h-3"
        /// `ucapan`: published after the day it marks.
        case afterDay = "setelah-harinya"
    }

    public var rule: TimingRule
    public var problem: Problem
    /// The publish time that breaks the rule.
    public var publishAt: Date
    /// What the rule measures against: the activity's end (or start, when no end is known) for
    /// `kegiatan`, the activity's start for `infografis-rencana`, and midnight at the start of the
    /// day for `ucapan`.
    public var reference: Date
    /// `publishAt`'s local day in the institution's zone.
    public var publishDay: Day
    /// `reference`'s local day: the activity's day, or the day the greeting marks.
    public var referenceDay: Day
    /// The last local day on which publishing satisfies the rule: the activity's day for
    /// `kegiatan`, H-3 for `infografis-rencana`, the day itself for `ucapan`.
    public var lastAllowedDay: Day

    public init(rule: TimingRule, problem: Problem, publishAt: Date, reference: Date, publishDay: Day, referenceDay: Day, lastAllowedDay: Day) {
        self.rule = rule
        self.problem = problem
        self.publishAt = publishAt
        self.reference = reference
        self.publishDay = publishDay
        self.referenceDay = referenceDay
        self.lastAllowedDay = lastAllowedDay
    }
}

/// Checks a publish time against the timing rules.
public enum TimingRules {
    /// Days before the activity an `infografis-rencana` must go out at the latest (H-3).
    public static let infographicDaysBefore = 3

    /// The rules `publishAt` breaks for an item of `kind`.
    ///
    /// Days are local calendar days in `timeZone`, so midnight is the institution's midnight
    /// (00:00 WIB is 17:00 UTC the day before).
    ///
    /// - `kegiatan`: `publishAt` must be at or after the activity's end (`eventEnd`, or
    ///   `eventStart` when there is no end) and on the same local day. Exactly at the end is allowed.
    /// - `infografis-rencana`: H-3 in calendar days, not 72 hours: the local day of `publishAt`
    ///   must be at least three days before the local day of `eventStart`. For an activity on
    ///   Tuesday at 10:00, any time on Saturday is fine and Sunday 00:00 is too late.
    /// - `ucapan`: the local day of `publishAt` must be `dueDay` or earlier (23:59:59 on the day is
    ///   fine, 00:00 the next day is not).
    /// - Other kinds have no timing rule.
    ///
    /// A missing `publishAt` or reference (event time, due day) gives no violation: whether those
    /// dates are required is a separate check. Rules not in `enabled` are not checked.
    public static func check(
        kind: ContentKind, publishAt: Date?, eventStart: Date?, eventEnd: Date?, dueDay: Day?,
        timeZone: TimeZone, enabled: Set<TimingRule> = Set(TimingRule.allCases)
    ) -> [TimingViolation] {
        guard let publishAt else { return [] }
        let publishDayNumber = WallClock.local(publishAt, in: timeZone).day
        let publishDay = Day(dayNumber: publishDayNumber)
        switch kind {
        case .kegiatan:
            guard enabled.contains(.coverageSameDayAfterEvent), let reference = eventEnd ?? eventStart else { return [] }
            let referenceDayNumber = WallClock.local(reference, in: timeZone).day
            let problem: TimingViolation.Problem
            if publishAt < reference {
                problem = .beforeEventEnds
            } else if publishDayNumber > referenceDayNumber {
                problem = .afterEventDay
            } else {
                return []
            }
            let referenceDay = Day(dayNumber: referenceDayNumber)
            return [TimingViolation(rule: .coverageSameDayAfterEvent, problem: problem, publishAt: publishAt, reference: reference,
                                    publishDay: publishDay, referenceDay: referenceDay, lastAllowedDay: referenceDay)]
        case .infografisRencana:
            guard enabled.contains(.planInfographicThreeDaysBefore), let eventStart else { return [] }
            let referenceDayNumber = WallClock.local(eventStart, in: timeZone).day
            let lastAllowed = referenceDayNumber - infographicDaysBefore
            guard publishDayNumber > lastAllowed else { return [] }
            return [TimingViolation(rule: .planInfographicThreeDaysBefore, problem: .lessThanThreeDaysBefore, publishAt: publishAt,
                                    reference: eventStart, publishDay: publishDay, referenceDay: Day(dayNumber: referenceDayNumber),
                                    lastAllowedDay: Day(dayNumber: lastAllowed))]
        case .ucapan:
            guard enabled.contains(.greetingOnOrBeforeDay), let dueDay, publishDay > dueDay else { return [] }
            let reference = WallClock.instant(day: dueDay.dayNumber, second: 0, in: timeZone)
            return [TimingViolation(rule: .greetingOnOrBeforeDay, problem: .afterDay, publishAt: publishAt, reference: reference,
                                    publishDay: publishDay, referenceDay: dueDay, lastAllowedDay: dueDay)]
        case .informasi, .repost:
            return []
        }
    }
}

// MARK: - Commemoration days

/// A day marked every year on the same month and day (Hari Pahlawan, 10 November), the occasion
/// for an `ucapan`.
public struct Commemoration: Sendable, Equatable, Hashable {
    public var month: Int
    public var day: Int
    /// The Indonesian name, e.g. "Hari Pahlawan".
    public var name: String
    /// The legal basis (e.g. "Keppres 316/1959"); empty when unknown.
    public var basis: String

    /// nil unless `month`/`day` is a date some year has (29 February counts) and `name` is not blank.
    public init?(month: Int, day: Int, name: String, basis: String = "") {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...12).contains(month), (1...Day.daysIn(month: month, year: 2000)).contains(day), !name.isEmpty else { return nil }
        self.month = month
        self.day = day
        self.name = name
        self.basis = basis.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// From the stored `MM-DD` form.
    public init?(monthDay: String, name: String, basis: String = "") {
        let parts = monthDay.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let month = Int(parts[0]), let day = Int(parts[1])
        else { return nil }
        self.init(month: month, day: day, name: name, basis: basis)
    }

    /// `MM-DD`, as in the data file and the database.
    public var monthDay: String { Digits.padded(month, 2) + "-" + Digits.padded(day, 2) }

    /// Parses the `month_day,name_id,kind,basis` CSV (`Data/commemoration-days.csv`).
    ///
    /// Fields follow RFC 4180: a field in double quotes may hold commas, line breaks and doubled
    /// quotes (`""`). CRLF and LF line ends and a leading byte order mark are accepted. The header
    /// line, blank lines and lines whose month and day or name are not usable are skipped; `kind`
    /// is not kept and `basis` may be missing.
    public static func parseCSV(_ text: String) -> [Commemoration] {
        csvRecords(text).compactMap { fields in
            guard fields.count >= 2 else { return nil }
            return Commemoration(monthDay: fields[0], name: fields[1], basis: fields.count >= 4 ? fields[3] : "")
        }
    }

    /// Splits RFC 4180 text into records of fields.
    static func csvRecords(_ text: String, separator: Unicode.Scalar = ",") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Substring(text).unicodeScalars
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }  // a byte order mark
        var iterator = scalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        func next() -> Unicode.Scalar? {
            if let scalar = pending { pending = nil; return scalar }
            return iterator.next()
        }
        func endRecord() {
            record.append(field)
            field = ""
            if !(record.count == 1 && record[0].isEmpty) { records.append(record) }
            record = []
        }
        while let scalar = next() {
            if quoted {
                if scalar == "\"" {
                    let following = next()
                    if following == "\"" {
                        field.unicodeScalars.append("\"")
                    } else {
                        quoted = false
                        pending = following
                    }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"" where field.isEmpty:
                quoted = true
            case separator:
                record.append(field)
                field = ""
            case "\r":
                let following = next()
                if following != "\n" { pending = following }
                endRecord()
            case "\n":
                endRecord()
            default:
                field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !record.isEmpty { endRecord() }
        return records
    }

    /// Every day from `from` through `through` (both included) this commemoration falls on, one a
    /// year. A 29 February commemoration occurs only in leap years; it is not moved to 28 February
    /// or 1 March in other years.
    public func occurrences(from: Day, through: Day) -> [Day] {
        guard from <= through else { return [] }
        return (from.year...through.year).compactMap { year in
            guard day <= Day.daysIn(month: month, year: year) else { return nil }
            let date = Day(year: year, month: month, day: day)
            return from <= date && date <= through ? date : nil
        }
    }

    /// The commemorations falling in the `days` days starting at `from` (`from` included, so
    /// `days: 30` from 22 December runs through 20 January), with the day each falls on, sorted
    /// by day; commemorations on the same day keep the order of `list`.
    public static func upcoming(_ list: [Commemoration], from: Day, days: Int) -> [(commemoration: Commemoration, day: Day)] {
        guard days > 0 else { return [] }
        let through = Day(dayNumber: from.dayNumber + days - 1)
        var found: [(index: Int, commemoration: Commemoration, day: Day)] = []
        for (index, commemoration) in list.enumerated() {
            for day in commemoration.occurrences(from: from, through: through) {
                found.append((index, commemoration, day))
            }
        }
        found.sort { ($0.day, $0.index) < ($1.day, $1.index) }
        return found.map { ($0.commemoration, $0.day) }
    }
}

// MARK: - Planned publish times from the agenda

/// The publish time the portal proposes when an item is planned from an agenda item or a
/// commemoration day. Each proposal satisfies the matching timing rule.
public enum PlanFromAgenda {
    /// Coverage (`kegiatan`): `delayMinutes` (default 60) after the activity ends, but no later than
    /// 23:59 local on the day it ends, so it stays on the activity's day. An activity ending at
    /// 23:30 gives 23:59; one ending after 23:59 gives its end itself.
    public static func coveragePublishAt(eventEnd: Date, timeZone: TimeZone, delayMinutes: Int = 60) -> Date {
        let day = WallClock.local(eventEnd, in: timeZone).day
        let lastMinute = WallClock.instant(day: day, second: 23 * 3_600 + 59 * 60, in: timeZone)
        let proposed = eventEnd.addingTimeInterval(TimeInterval(max(0, delayMinutes) * 60))
        return max(eventEnd, min(proposed, lastMinute))
    }

    /// Planned-activity infographic (`infografis-rencana`): 09:00 local on H-3, three calendar days
    /// before the day the activity starts.
    public static func infographicPublishAt(eventStart: Date, timeZone: TimeZone) -> Date {
        let day = WallClock.local(eventStart, in: timeZone).day - TimingRules.infographicDaysBefore
        return WallClock.instant(day: day, second: 9 * 3_600, in: timeZone)
    }

    /// Greeting (`ucapan`): 06:00 local on the day itself. Greetings go out early in the morning of
    /// the day they mark.
    public static func greetingPublishAt(day: Day, timeZone: TimeZone) -> Date {
        WallClock.instant(day: day.dayNumber, second: 6 * 3_600, in: timeZone)
    }
}

// MARK: - Late flag

/// Where an unpublished item stands against its plan.
public enum PlanStatus: String, Sendable, Equatable, CaseIterable {
    /// Published, or there is still time to start.
    case onTrack = "sesuai-rencana"
    /// Past the latest start ("mulai paling lambat") but not yet past the due time.
    case late = "terlambat-mulai"
    /// Past the due time and still not published.
    case overdue = "lewat-tenggat"

    /// `.overdue` when `now` is after `due`, `.late` when `now` is after `latestStart`, else
    /// `.onTrack`; always `.onTrack` once published. Exactly at `latestStart` or `due` is not late
    /// yet. Without a `latestStart` (see `OfficeCalendar.latestStart(due:officeMinutes:)`) only the
    /// due time is checked.
    public static func of(now: Date, latestStart: Date?, due: Date, published: Bool) -> PlanStatus {
        if published { return .onTrack }
        if now > due { return .overdue }
        if let latestStart, now > latestStart { return .late }
        return .onTrack
    }
}
