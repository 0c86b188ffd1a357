import Foundation
import Testing
@testable import Domain

@Suite struct MonitoringRoundTests {
    static let zone = TimeZone(identifier: "Asia/Jakarta")!
    /// Monday 23 November 2026 is a working day; 25 November is made a day off below.
    static let calendar = OfficeCalendar(timeZone: zone, daysOff: [Day(year: 2026, month: 11, day: 25)])
    static let monday = Day(year: 2026, month: 11, day: 23)

    static func at(_ day: Day, _ hour: Int, _ minute: Int = 0) -> Date {
        WallClock.instant(day: day.dayNumber, second: hour * 3600 + minute * 60, in: zone)
    }

    static func statuses(_ occurrences: [RoundOccurrence]) -> [String] {
        occurrences.map { "\($0.day) \($0.spec.key) \($0.status.rawValue)" }
    }

    @Test func theDefaultsAreTheKendalRounds() {
        // setup and action
        let settings = MonitoringSettings.preset(.kendal)
        // check
        #expect(settings.enabled)
        #expect(settings.standardMinutes == 60)
        #expect(settings.rounds.map { "\($0.key) \($0.start)-\($0.end)" } == ["pagi 480-600", "siang 690-810", "sore 870-960"])
        #expect(settings.problems() == [])
        #expect(!MonitoringSettings.preset(.dkiKSD).enabled)
    }

    @Test func aRoundRecordedWithinItsWindowIsDoneAndOneNeverRecordedIsMissed() {
        // setup: Monday's pagi recorded at 08:40; siang never; now is 14:00
        let recorded = [RecordedRound(roundKey: "pagi", day: Self.monday, recordedAt: Self.at(Self.monday, 8, 40))]
        // action
        let result = MonitoringSchedule.occurrences(MonitoringSettings.defaultRounds, calendar: Self.calendar, from: Self.monday,
                                                    through: Self.monday, recorded: recorded, now: Self.at(Self.monday, 14))
        // check
        #expect(Self.statuses(result) == ["2026-11-23 pagi done", "2026-11-23 siang missed", "2026-11-23 sore upcoming"])
        #expect(result[0].recordedAt == Self.at(Self.monday, 8, 40))
        #expect(result[1].endsAt == Self.at(Self.monday, 13, 30))
    }

    @Test func aRoundRecordedAfterItsEndIsLate() {
        // setup: pagi recorded at 10:01, one minute after its window; recorded twice, the first counts
        let recorded = [
            RecordedRound(roundKey: "pagi", day: Self.monday, recordedAt: Self.at(Self.monday, 11)),
            RecordedRound(roundKey: "pagi", day: Self.monday, recordedAt: Self.at(Self.monday, 10, 1)),
        ]
        // action
        let result = MonitoringSchedule.occurrences([.pagi], calendar: Self.calendar, from: Self.monday, through: Self.monday,
                                                    recorded: recorded, now: Self.at(Self.monday, 12))
        // check
        #expect(result.map(\.status) == [.late])
        #expect(result[0].recordedAt == Self.at(Self.monday, 10, 1))
        // check: exactly at the end is still done
        let onTime = MonitoringSchedule.occurrences([.pagi], calendar: Self.calendar, from: Self.monday, through: Self.monday,
                                                    recorded: [RecordedRound(roundKey: "pagi", day: Self.monday, recordedAt: Self.at(Self.monday, 10))],
                                                    now: Self.at(Self.monday, 12))
        #expect(onTime.map(\.status) == [.done])
    }

    @Test func daysOffHaveNoRounds() {
        // setup: Monday to Sunday, with Wednesday a holiday
        let sunday = Day(year: 2026, month: 11, day: 29)
        // action
        let result = MonitoringSchedule.occurrences(MonitoringSettings.defaultRounds, calendar: Self.calendar, from: Self.monday,
                                                    through: sunday, recorded: [], now: Self.at(sunday, 12))
        // check: Monday, Tuesday, Thursday, Friday; three rounds each, all missed
        #expect(Set(result.map(\.day.day)) == [23, 24, 26, 27])
        #expect(result.count == 12)
        #expect(result.allSatisfy { $0.status == .missed })
        let tally = MonitoringSchedule.tally(result)
        #expect(tally.map(\.day.day) == [23, 24, 26, 27] && tally.allSatisfy { $0.missed == 3 && $0.done == 0 })
        // check: a Saturday alone has nothing, and no current round
        let saturday = Day(year: 2026, month: 11, day: 28)
        #expect(MonitoringSchedule.occurrences(MonitoringSettings.defaultRounds, calendar: Self.calendar, from: saturday, through: saturday,
                                               recorded: [], now: Self.at(saturday, 9)).isEmpty)
        #expect(MonitoringSchedule.current(MonitoringSettings.defaultRounds, calendar: Self.calendar, recorded: [], now: Self.at(saturday, 9)) == nil)
    }

    @Test func theOpenRoundIsCurrentUntilItIsRecorded() {
        // setup: 12:00 on Monday, within siang
        let now = Self.at(Self.monday, 12)
        // action
        let current = MonitoringSchedule.current(MonitoringSettings.defaultRounds, calendar: Self.calendar, recorded: [], now: now)
        // check
        #expect(current?.spec.key == "siang" && current?.status == .current)
        // action: recorded at 12:05
        let recorded = [RecordedRound(roundKey: "siang", day: Self.monday, recordedAt: Self.at(Self.monday, 12, 5))]
        // check: no current round any more; between windows neither
        #expect(MonitoringSchedule.current(MonitoringSettings.defaultRounds, calendar: Self.calendar, recorded: recorded,
                                           now: Self.at(Self.monday, 12, 10)) == nil)
        #expect(MonitoringSchedule.current(MonitoringSettings.defaultRounds, calendar: Self.calendar, recorded: [],
                                           now: Self.at(Self.monday, 11)) == nil)
    }

    @Test func badSettingsAreNamed() {
        // setup
        var settings = MonitoringSettings(enabled: true)
        settings.rounds.append(MonitoringRoundSpec(key: "pagi", name: " ", start: 600, end: 540))
        settings.rounds.append(MonitoringRoundSpec(key: "Malam!", name: "Malam", start: 1200, end: 1500))
        settings.standardMinutes = -1
        // action and check
        #expect(settings.problems() == [
            .duplicateKey("pagi"), .emptyName(position: 4), .invalidWindow(position: 4), .invalidKey(position: 5),
            .invalidWindow(position: 5), .invalidMinutes,
        ])
    }

    @Test func aLongRangeIsCapped() {
        // setup and action: ten years asked
        let result = MonitoringSchedule.occurrences([.pagi], calendar: Self.calendar, from: Self.monday,
                                                    through: Day(year: 2036, month: 1, day: 1), recorded: [], now: Self.at(Self.monday, 7))
        // check
        #expect(result.count <= MonitoringSchedule.maximumDays)
        #expect(result.first?.status == .upcoming)
    }
}
