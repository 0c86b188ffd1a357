import Foundation

// MARK: - Recurrence rules

/// An RRULE the portal can expand.
///
/// Supported: `FREQ` = DAILY, WEEKLY, MONTHLY or YEARLY; `INTERVAL`; `COUNT`; `UNTIL` (date or
/// date-time, inclusive); `BYDAY` (plain weekdays, and with an ordinal such as `1MO` or `-1FR` in
/// monthly and yearly rules); `BYMONTHDAY` (negative counts from the month's end); `BYMONTH`; `WKST`.
/// Everything else (`BYSETPOS`, `BYHOUR`, `BYMINUTE`, `BYSECOND`, `BYYEARDAY`, `BYWEEKNO`, `RSCALE`,
/// `SKIP`, X- parts, FREQ=SECONDLY/MINUTELY/HOURLY) is refused with `ICSError.badRule` naming the part.
public struct RecurrenceRule: Sendable, Equatable {
    /// The largest COUNT accepted: ten years of a daily agenda item, well past any real series.
    public static let maximumCount = 5_000

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

        // Tolerant of how real exports write rules: spaces around parts and list items
        // (`BYDAY=MO, TU`), a trailing `;`, lower case.
        for part in body.split(separator: ";") where !part.allSatisfy(\.isWhitespace) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2 else { throw bad(part) }
            let key = pieces[0].trimmingCharacters(in: .whitespaces).uppercased()
            let value = pieces[1].split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ",").uppercased()
            guard seen.insert(key).inserted else { throw bad(part) }
            switch key {
            case "FREQ":
                guard let f = Frequency(rawValue: value) else { throw bad(part) }
                frequency = f
            case "INTERVAL":
                guard let n = Int(value), (1...10_000).contains(n) else { throw bad(part) }
                interval = n
            case "COUNT":
                // A series is counted from its start, so an absurd COUNT would be walked in full.
                guard let n = Int(value), (1...Self.maximumCount).contains(n) else { throw bad(part) }
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

    /// How a walk over the rule's periods ended.
    struct Walk: Sendable, Equatable {
        /// Candidate periods looked at.
        var periods: Int
        /// True when a bound stopped it (`maximumEmptyPeriods` in a row without a day, or
        /// `maximumPeriods` in all), not `body`, the last day or the end of year 9999.
        var exhausted: Bool
    }

    /// Consecutive candidate periods without a single day after which a walk gives up. Large enough
    /// for the sparsest rule an office uses: 29 February on a daily rule waits 2,921 days across 2100
    /// (a leap year skipped), a yearly one 8 periods.
    public static let maximumEmptyPeriods = 4_000
    /// Candidate periods one walk looks at, whatever the rule: COUNT=5000 on a daily, weekly or
    /// monthly rule fits, with room for the months a BYMONTHDAY=31 skips.
    public static let maximumPeriods = 20_000

    /// Calls `body` with the day number of every occurrence in order, `startDay` (DTSTART, which
    /// always counts as the first occurrence) first, until `body` returns false or the days pass
    /// `lastDay`, or a bound is reached (see `Walk`): the work is bounded whatever the rule says.
    /// `skipBefore` lets it start near that day instead of at DTSTART: only for rules without COUNT,
    /// which need every occurrence counted, or when the caller knows the COUNT-th occurrence's day
    /// (`countResolved`) and stops there itself.
    @discardableResult
    func forEachDay(startDay: Int, lastDay: Int, skipBefore: Int? = nil, countResolved: Bool = false, _ body: (Int) -> Bool) -> Walk {
        guard body(startDay) else { return Walk(periods: 0, exhausted: false) }
        let limit = min(lastDay, Self.lastDayNumber)
        let origin = Day(dayNumber: startDay)
        var period = 0
        if let skip = skipBefore, skip > startDay, count == nil || countResolved {
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
        var walked = 0
        var empty = 0
        while true {
            if walked >= Self.maximumPeriods || empty >= Self.maximumEmptyPeriods { return Walk(periods: walked, exhausted: true) }
            walked += 1
            let (first, days) = candidates(period: period, startDay: startDay, origin: origin)
            if first > limit { return Walk(periods: walked, exhausted: false) }
            var matched = false
            for day in days where day > startDay {
                if day > limit { return Walk(periods: walked, exhausted: false) }
                matched = true
                guard body(day) else { return Walk(periods: walked, exhausted: false) }
            }
            empty = matched ? 0 : empty + 1
            period += 1
        }
    }

    /// 31 December 9999: no series goes further.
    static let lastDayNumber = Day(year: 9999, month: 12, day: 31).dayNumber

    /// `a × b + c`, or nil where it would not fit: rule arithmetic never traps.
    private static func scaled(_ a: Int, _ b: Int, plus c: Int) -> Int? {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow else { return nil }
        let (sum, overflow2) = product.addingReportingOverflow(c)
        return overflow2 ? nil : sum
    }

    /// The first day of a period and the rule's days in it, sorted.
    private func candidates(period: Int, startDay: Int, origin: Day) -> (first: Int, days: [Int]) {
        switch frequency {
        case .daily:
            guard let day = Self.scaled(period, interval, plus: startDay), day <= Self.lastDayNumber else { return (Int.max, []) }
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
            guard let weeks = Self.scaled(period, 7, plus: 0), let weekFirst = Self.scaled(weeks, interval, plus: startDay - offset),
                  weekFirst <= Self.lastDayNumber else { return (Int.max, []) }
            let weekdays = byDay.isEmpty ? [Weekday.index(ofDayNumber: startDay)] : byDay.map(\.weekday.index)
            var days = Set(weekdays.map { weekFirst + ($0 - weekStart.index + 7) % 7 })
            if !byMonth.isEmpty { days = days.filter { byMonth.contains(Day(dayNumber: $0).month) } }
            return (weekFirst, days.sorted())
        case .monthly:
            guard let index = Self.scaled(period, interval, plus: origin.year * 12 + (origin.month - 1)), index / 12 <= 9999 else { return (Int.max, []) }
            let year = index / 12, month = index % 12 + 1
            let first = Day(year: year, month: month, day: 1).dayNumber
            if !byMonth.isEmpty, !byMonth.contains(month) { return (first, []) }
            return (first, monthDays(year: year, month: month, defaultDay: origin.day))
        case .yearly:
            guard let year = Self.scaled(period, interval, plus: origin.year), year <= 9999 else { return (Int.max, []) }
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

extension RecurrenceRule {
    /// Whether UNTIL lets an occurrence on `day` starting at `start` in.
    func allows(day: Int, start: Date) -> Bool {
        switch until {
        case .instant(let until)?: start <= until
        case .day(let until)?: day <= until.dayNumber
        case nil: true
        }
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
    ///
    /// `seriesEndsAt`, when given, must be `seriesExtent().endsAt` of this very event: a COUNT series
    /// is then cut at its known last occurrence instead of being counted from DTSTART, so the walk
    /// jumps straight to the range. The work is bounded whatever the rule (see `RecurrenceRule.Walk`).
    public func occurrences(from: Date, to: Date, limit: Int = 1000, seriesEndsAt: Date? = nil) -> [ICSOccurrence] {
        guard from < to, limit > 0 else { return [] }
        guard let rule = recurrenceRule else {
            guard ICSTime.overlaps(start, end, from, to) else { return [] }
            let original = recurrenceId ?? start
            return [ICSOccurrence(event: self, start: start, end: end, allDayStart: allDayStart, allDayEnd: allDayEnd,
                                  originalStart: original, occurrenceKey: occurrenceKey(for: original))]
        }
        if let seriesEndsAt, seriesEndsAt < from { return [] }
        let shape = seriesShape
        let zone = timeZone
        let (startDay, startSecond, spanDays, duration) = (shape.startDay, shape.startSecond, shape.spanDays, shape.duration)
        let excluded = Set(exdates)
        let excludedDayNumbers = Set(excludedDays.map(\.dayNumber))
        let lastDay = ICSTime.local(to, in: zone).day + 1
        // The COUNT-th occurrence's day, when known: every occurrence up to it, and none after.
        let lastCountedDay = rule.count != nil ? seriesEndsAt.map { lastStartDay(endingAt: $0) } : nil
        // Without COUNT nothing before the range matters but what may still be running in it.
        let reach = isAllDay ? spanDays : Int((duration / 86_400).rounded(.up))
        let skipBefore = ICSTime.local(from, in: zone).day - reach - 2
        var result: [ICSOccurrence] = []
        var counted = 0
        rule.forEachDay(startDay: startDay, lastDay: lastDay, skipBefore: skipBefore, countResolved: lastCountedDay != nil) { day in
            let occurrenceStart = day == startDay ? start : ICSTime.instant(dayNumber: day, second: startSecond, in: zone)
            if !rule.allows(day: day, start: occurrenceStart) { return false }
            if let lastCountedDay {
                if day > lastCountedDay { return false }
            } else {
                counted += 1
                if let count = rule.count, counted > count { return false }
            }
            if occurrenceStart >= to { return false }
            if excluded.contains(occurrenceStart) || excludedDayNumbers.contains(day) { return true }
            let occurrenceEnd = endOfOccurrence(day: day, start: occurrenceStart)
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

    /// Where a series starts and how long each occurrence lasts, in the local calendar of its zone.
    struct SeriesShape {
        var startDay: Int
        var startSecond: Int
        /// Days an all-day occurrence covers (at least 1); 0 for timed events.
        var spanDays: Int
        /// Seconds a timed occurrence lasts.
        var duration: TimeInterval
    }

    var seriesShape: SeriesShape {
        let startDay: Int, startSecond: Int
        if isAllDay, let first = allDayStart {
            (startDay, startSecond) = (first.dayNumber, 0)
        } else {
            (startDay, startSecond) = ICSTime.local(start, in: timeZone)
        }
        let spanDays = isAllDay ? max(1, (allDayEnd?.dayNumber ?? startDay + 1) - startDay) : 0
        return SeriesShape(startDay: startDay, startSecond: startSecond, spanDays: spanDays, duration: end.timeIntervalSince(start))
    }

    /// The end of the occurrence starting on `day` at `start`.
    func endOfOccurrence(day: Int, start occurrenceStart: Date) -> Date {
        isAllDay ? ICSTime.instant(dayNumber: day + seriesShape.spanDays, second: 0, in: timeZone)
            : occurrenceStart.addingTimeInterval(end.timeIntervalSince(start))
    }

    /// The local day of the occurrence that ends at `end` (the inverse of `occurrenceEnd`, robust to
    /// the millisecond rounding of a database).
    func lastStartDay(endingAt end: Date) -> Int {
        let shape = seriesShape
        if isAllDay {
            return ICSTime.local(Date(timeIntervalSince1970: end.timeIntervalSince1970.rounded()), in: timeZone).day - shape.spanDays
        }
        let lastStart = Date(timeIntervalSince1970: (end.timeIntervalSince1970 - shape.duration).rounded())
        return ICSTime.local(lastStart, in: timeZone).day
    }

    /// How far a series reaches, found with bounded work.
    public struct SeriesExtent: Sendable, Equatable {
        /// The end of its last occurrence (EXDATEs aside): exact for COUNT, an upper bound for UNTIL;
        /// nil for a series without end. A single event's own end.
        public var endsAt: Date?
        /// Why the rule cannot be honoured: it never recurs after DTSTART within
        /// `RecurrenceRule.maximumEmptyPeriods` periods (`ruleNeverRecurs`), or its COUNT occurrences
        /// are not found within the walk's bounds (`countUnreachable`). `endsAt` then stops at
        /// the last occurrence found.
        public var problem: ICSError?
        /// Candidate periods walked to find this out (for a file's budget).
        public var periods: Int
    }

    /// How far this event's series reaches, and whether its rule makes sense; `line` labels the
    /// problem. Costs at most two bounded walks of the rule.
    public func seriesExtent(line: Int = 0) -> SeriesExtent {
        guard let rule = recurrenceRule else { return SeriesExtent(endsAt: end, problem: nil, periods: 0) }
        let shape = seriesShape
        // Does it recur at all? DTSTART always counts, so a rule matching nothing after it is a
        // single event dressed up as a series, and expanding it would walk every period to 9999.
        var recurs = false
        let probe = rule.forEachDay(startDay: shape.startDay, lastDay: RecurrenceRule.lastDayNumber) { day in
            if day == shape.startDay { return true }
            recurs = true
            return false
        }
        var periods = probe.periods
        if !recurs, probe.exhausted {
            return SeriesExtent(endsAt: end, problem: .ruleNeverRecurs(line: line), periods: periods)
        }
        if let count = rule.count {
            var counted = 0
            var lastDay = shape.startDay
            var lastStart = start
            var cutByUntil = false
            let walk = rule.forEachDay(startDay: shape.startDay, lastDay: RecurrenceRule.lastDayNumber) { day in
                let occurrenceStart = day == shape.startDay ? start : ICSTime.instant(dayNumber: day, second: shape.startSecond, in: timeZone)
                guard rule.allows(day: day, start: occurrenceStart) else { cutByUntil = true; return false }
                counted += 1
                (lastDay, lastStart) = (day, occurrenceStart)
                return counted < count
            }
            periods += walk.periods
            let endsAt = endOfOccurrence(day: lastDay, start: lastStart)
            if counted < count, !cutByUntil {
                return SeriesExtent(endsAt: endsAt, problem: .countUnreachable(count: count, line: line), periods: periods)
            }
            return SeriesExtent(endsAt: endsAt, problem: nil, periods: periods)
        }
        switch rule.until {
        case .instant(let until)?:
            let day = max(shape.startDay, ICSTime.local(until, in: timeZone).day)
            return SeriesExtent(endsAt: max(end, endOfOccurrence(day: day, start: ICSTime.instant(dayNumber: day, second: shape.startSecond, in: timeZone))),
                                problem: nil, periods: periods)
        case .day(let until)?:
            let day = max(shape.startDay, until.dayNumber)
            return SeriesExtent(endsAt: max(end, endOfOccurrence(day: day, start: ICSTime.instant(dayNumber: day, second: shape.startSecond, in: timeZone))),
                                problem: nil, periods: periods)
        case nil:
            return SeriesExtent(endsAt: nil, problem: nil, periods: periods)
        }
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
