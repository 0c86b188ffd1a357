import Foundation
import Testing
@testable import Domain

/// The one wall-clock conversion: exact in Indonesian zones, defined at daylight-saving transitions,
/// and the same answer for every caller.
@Suite struct WallClockTests {
    @Test func jakartaIsSevenHoursAheadEveryDay() {
        let jakarta = TimeZone(identifier: "Asia/Jakarta")!
        for day in stride(from: -800, through: 30_000, by: 97) {
            // action
            let instant = WallClock.instant(day: day, second: 8 * 3600 + 30 * 60, in: jakarta)
            // check
            #expect(instant.timeIntervalSince1970 == Double(day * 86_400 + 90 * 60))
            #expect(WallClock.local(instant, in: jakarta) == (day, 8 * 3600 + 30 * 60))
        }
    }

    @Test func aReadingSkippedBySpringForwardMapsToTheInstantAfterTheGap() throws {
        // setup: 8 March 2026, 02:30 does not exist in New York (02:00 → 03:00)
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let day = Day(year: 2026, month: 3, day: 8).dayNumber
        // action
        let instant = WallClock.instant(day: day, second: 2 * 3600 + 30 * 60, in: newYork)
        // check: 03:30 EDT = 07:30 UTC
        #expect(WallClock.local(instant, in: newYork).second == 3 * 3600 + 30 * 60)
        #expect(instant.timeIntervalSince1970 == Double(day * 86_400 + 7 * 3600 + 30 * 60))
    }

    @Test func aRepeatedReadingMapsToOneOfItsInstants() throws {
        // setup: 1 November 2026, 01:30 happens twice in New York
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let day = Day(year: 2026, month: 11, day: 1).dayNumber
        // action
        let instant = WallClock.instant(day: day, second: 5400, in: newYork)
        // check
        #expect(WallClock.local(instant, in: newYork) == (day, 5400))
    }

    @Test func typedDateTimesGoThroughIt() throws {
        let makassar = try #require(TimeZone(identifier: "Asia/Makassar"))
        let date = try #require(LocalDateTime.parse("2026-11-25T07:05", timeZone: makassar))
        #expect(date == WallClock.instant(day: Day(year: 2026, month: 11, day: 25).dayNumber, second: 7 * 3600 + 300, in: makassar))
        #expect(LocalDateTime.format(date, timeZone: makassar) == "2026-11-25T07:05")
        #expect(OfficeCalendar(timeZone: makassar).startOfDayDate(Day(year: 2026, month: 11, day: 25))
                == WallClock.instant(day: Day(year: 2026, month: 11, day: 25).dayNumber, second: 0, in: makassar))
    }
}
