import Foundation

extension Day {
    /// 1 = Sunday … 7 = Saturday, as `Calendar` numbers weekdays.
    public var weekday: Int { ((dayNumber % 7) + 7 + 4) % 7 + 1 }

    /// 1 = Monday … 7 = Sunday (ISO 8601).
    public var isoWeekday: Int { weekday == 1 ? 7 : weekday - 1 }

    public func adding(days: Int) -> Day { Day(dayNumber: dayNumber + days) }

    /// The Monday of this day's week.
    public var monday: Day { adding(days: 1 - isoWeekday) }

    /// The ISO 8601 week this day belongs to (its year may differ from the day's near New Year).
    public var isoWeek: ISOWeek {
        let thursday = adding(days: 4 - isoWeekday)
        let firstOfYear = Day(year: thursday.year, month: 1, day: 1)
        return ISOWeek(year: thursday.year, week: (thursday.dayNumber - firstOfYear.dayNumber) / 7 + 1)
    }
}

/// A month, written `YYYY-MM` (as in `/calendar?month=2026-11`).
public struct YearMonth: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int

    public init(year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    public init(_ day: Day) { self.init(year: day.year, month: day.month) }

    /// Parses `YYYY-MM` for years 1900–9999; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
              (1900...9999).contains(year), (1...12).contains(month)
        else { return nil }
        self.init(year: year, month: month)
    }

    public var description: String { Digits.padded(year, 4) + "-" + Digits.padded(month, 2) }
    public var first: Day { Day(year: year, month: month, day: 1) }
    public var last: Day { Day(year: year, month: month, day: Day.daysIn(month: month, year: year)) }

    public func adding(months: Int) -> YearMonth {
        let index = year * 12 + (month - 1) + months
        return YearMonth(year: index / 12, month: index % 12 + 1)
    }

    /// The days a month grid shows: whole weeks, Monday to Sunday, around the month.
    public var gridDays: [Day] {
        let start = first.monday
        let end = last.adding(days: 7 - last.isoWeekday)
        return (start.dayNumber...end.dayNumber).map(Day.init(dayNumber:))
    }

    public static func < (a: YearMonth, b: YearMonth) -> Bool { (a.year, a.month) < (b.year, b.month) }
}

/// An ISO 8601 week, written `YYYY-Www` (as in `/calendar?week=2026-W47`).
public struct ISOWeek: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var week: Int

    public init(year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// Parses `YYYY-Www`; nil for anything else, including week 53 of a year that has 52.
    public init?(_ text: String) {
        let parts = text.uppercased().split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 3, parts[1].first == "W",
              let year = Int(parts[0]), let week = Int(parts[1].dropFirst()), (1900...9999).contains(year),
              (1...ISOWeek.weeks(in: year)).contains(week)
        else { return nil }
        self.init(year: year, week: week)
    }

    /// 52 or 53: a year has 53 ISO weeks when 28 December falls in week 53.
    public static func weeks(in year: Int) -> Int {
        Day(year: year, month: 12, day: 28).isoWeek.week
    }

    /// Monday of the week: week 1 holds the year's first Thursday (so also 4 January).
    public var monday: Day {
        Day(year: year, month: 1, day: 4).monday.adding(days: (week - 1) * 7)
    }

    public var days: [Day] { (0..<7).map { monday.adding(days: $0) } }

    public var description: String { Digits.padded(year, 4) + "-W" + Digits.padded(week, 2) }

    public func adding(weeks: Int) -> ISOWeek { monday.adding(days: weeks * 7).isoWeek }
}
