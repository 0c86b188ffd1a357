import Testing
@testable import Domain

@Suite struct CalendarRangeTests {
    @Test func weekdays() {
        // 21 November 2026 is a Saturday; 23 November a Monday.
        #expect(Day(year: 2026, month: 11, day: 21).weekday == 7)
        #expect(Day(year: 2026, month: 11, day: 23).isoWeekday == 1)
        #expect(Day(year: 2026, month: 11, day: 22).isoWeekday == 7)
        #expect(Day(year: 2026, month: 11, day: 22).monday == Day(year: 2026, month: 11, day: 16))
    }

    @Test func isoWeeksAroundNewYear() throws {
        #expect(Day(year: 2026, month: 11, day: 19).isoWeek == ISOWeek(year: 2026, week: 47))
        // 1 January 2027 is a Friday: it belongs to week 53 of 2026.
        #expect(Day(year: 2027, month: 1, day: 1).isoWeek == ISOWeek(year: 2026, week: 53))
        #expect(ISOWeek.weeks(in: 2026) == 53)
        #expect(ISOWeek.weeks(in: 2025) == 52)
        // 29 December 2025 (Monday) starts week 1 of 2026.
        #expect(Day(year: 2025, month: 12, day: 29).isoWeek == ISOWeek(year: 2026, week: 1))
        #expect(try #require(ISOWeek("2026-W01")).monday == Day(year: 2025, month: 12, day: 29))
        #expect(try #require(ISOWeek("2026-W47")).monday == Day(year: 2026, month: 11, day: 16))
        #expect(ISOWeek(year: 2026, week: 53).adding(weeks: 1) == ISOWeek(year: 2027, week: 1))
    }

    @Test(arguments: ["2026-W00", "2025-W53", "2026-W54", "2026W47", "2026-47", "abcd-W01", "2026-W4", ""])
    func badWeeks(text: String) {
        #expect(ISOWeek(text) == nil)
    }

    @Test func monthGridCoversWholeWeeks() throws {
        let november = try #require(YearMonth("2026-11"))
        let grid = november.gridDays
        #expect(grid.first == Day(year: 2026, month: 10, day: 26))
        #expect(grid.last == Day(year: 2026, month: 12, day: 6))
        #expect(grid.count % 7 == 0)
        #expect(november.adding(months: 2) == YearMonth(year: 2027, month: 1))
        #expect(november.adding(months: -11) == YearMonth(year: 2025, month: 12))
        #expect(YearMonth("2026-13") == nil && YearMonth("26-11") == nil && YearMonth("2026-1") == nil)
    }
}
