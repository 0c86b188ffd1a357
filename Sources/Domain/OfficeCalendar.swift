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

    /// Parses `YYYY-MM-DD`; nil for anything else, including dates that do not exist.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), (1...Day.daysIn(month: month, year: year)).contains(day)
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

    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

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
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    let calendar: Calendar

    public func day(of date: Date) -> Day {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return Day(year: c.year!, month: c.month!, day: c.day!)
    }

    public func isWorkingDay(_ day: Day) -> Bool {
        guard !daysOff.contains(day), let start = startOfDay(day) else { return false }
        return workingWeekdays.contains(calendar.component(.weekday, from: start))
    }

    /// Midnight at the start of `day`, in the institution's zone.
    public func startOfDayDate(_ day: Day) -> Date? { startOfDay(day) }

    func startOfDay(_ day: Day) -> Date? {
        calendar.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
    }

    /// Office minutes between two instants (0 when `end` is not after `start`).
    public func officeMinutes(from start: Date, to end: Date) -> Int {
        guard end > start else { return 0 }
        var total: TimeInterval = 0
        var current = calendar.startOfDay(for: start)
        var guardDays = 0
        while current < end, guardDays < 3700 {  // ten years at most
            let day = self.day(of: current)
            if isWorkingDay(day) {
                let open = current.addingTimeInterval(TimeInterval(opensAt * 60))
                let close = current.addingTimeInterval(TimeInterval(closesAt * 60))
                let from = max(open, start)
                let to = min(close, end)
                if to > from { total += to.timeIntervalSince(from) }
            }
            guard let next = calendar.date(byAdding: .day, value: 1, to: current) else { break }
            current = next
            guardDays += 1
        }
        return Int(total / 60)
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
