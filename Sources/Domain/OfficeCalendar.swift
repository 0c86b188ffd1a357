import Foundation

/// A calendar day, written `YYYY-MM-DD`, independent of time zones.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD` for the years 1900–9999 (what an office calendar can mean); nil for
    /// anything else, including dates that do not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }),
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1900...9999).contains(year), (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    public var description: String { Digits.padded(year, 4) + "-" + Digits.padded(month, 2) + "-" + Digits.padded(day, 2) }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

/// Office hours and days off: the clock the standard times (Mutu Baku) run on.
///
/// Only minutes inside office hours on working days count. Weekends, national holidays and joint
/// leave days (cuti bersama) do not.
public struct OfficeCalendar: Sendable, Equatable {
    public let timeZone: TimeZone
    /// Minutes after midnight when the office opens and closes.
    public var opensAt: Int
    public var closesAt: Int
    /// Working weekdays, 1 = Sunday … 7 = Saturday (as `Calendar` numbers them).
    public var workingWeekdays: Set<Int>
    public var daysOff: Set<Day>

    public init(timeZone: TimeZone, opensAt: Int = 7 * 60 + 30, closesAt: Int = 16 * 60, workingWeekdays: Set<Int> = [2, 3, 4, 5, 6], daysOff: Set<Day> = []) {
        self.timeZone = timeZone
        self.opensAt = opensAt
        self.closesAt = closesAt
        self.workingWeekdays = workingWeekdays
        self.daysOff = daysOff
    }

    /// The local day and the second within it of an instant, by integer arithmetic: this runs for
    /// every item on every "Tugas saya" page.
    func local(_ date: Date) -> (day: Int, second: Int) { WallClock.local(date, in: timeZone) }

    public func day(of date: Date) -> Day {
        Day(dayNumber: local(date).day)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        isWorking(dayNumber: day.dayNumber)
    }

    func isWorking(dayNumber: Int) -> Bool {
        // 1 January 1970 was a Thursday; weekdays are numbered 1 = Sunday … 7 = Saturday.
        let weekday = ((dayNumber % 7) + 7 + 4) % 7 + 1
        return workingWeekdays.contains(weekday) && !daysOff.contains(Day(dayNumber: dayNumber))
    }

    /// Midnight at the start of `day`, in the institution's zone.
    public func startOfDayDate(_ day: Day) -> Date? { startOfDay(day) }

    func startOfDay(_ day: Day) -> Date? { WallClock.startOfDay(day, in: timeZone) }

    /// Office minutes between two instants (0 when `end` is not after `start`).
    public func officeMinutes(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        let (firstDay, firstSecond) = local(start)
        var (lastDay, lastSecond) = local(end)
        if lastDay - firstDay > 3_700 { (lastDay, lastSecond) = (firstDay + 3_700, 86_400) }  // ten years at most
        let opens = opensAt * 60, closes = closesAt * 60
        func overlap(_ day: Int, _ from: Int, _ to: Int) -> Int {
            isWorking(dayNumber: day) ? max(0, min(to, closes) - max(from, opens)) : 0
        }
        var seconds: Int
        if firstDay == lastDay {
            seconds = overlap(firstDay, firstSecond, lastSecond)
        } else {
            seconds = overlap(firstDay, firstSecond, 86_400) + overlap(lastDay, 0, lastSecond)
            let fullDay = max(0, closes - opens)
            var day = firstDay + 1
            while day < lastDay {
                if isWorking(dayNumber: day) { seconds += fullDay }
                day += 1
            }
        }
        return seconds / 60
    }
}

extension Day {
    /// Days since 1 January 1970 (proleptic Gregorian), and back: Howard Hinnant's civil-date
    /// algorithms, exact for every day a portal will see.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: day)
    }
}

/// How long an item has waited at its step, against the step's standard time.
public struct WaitingTime: Sendable, Equatable {
    public var officeMinutes: Int
    public var standardMinutes: Int?

    public init(officeMinutes: Int, standardMinutes: Int?) {
        self.officeMinutes = officeMinutes
        self.standardMinutes = standardMinutes
    }

    public var isOverdue: Bool { standardMinutes.map { officeMinutes > $0 } ?? false }
    /// Minutes past the standard time (0 when on time or without a standard).
    public var overdueBy: Int { standardMinutes.map { max(0, officeMinutes - $0) } ?? 0 }
}
