import Foundation
import Testing
@testable import Domain

@Suite struct PlanningTests {
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    static let utcZone = TimeZone(identifier: "UTC")!

    /// Office 07:30–16:00 Monday to Friday in Jakarta; Thursday 24 December 2026 (cuti bersama) and
    /// Friday 25 December 2026 (Natal) off.
    let office = OfficeCalendar(timeZone: PlanningTests.jakarta, daysOff: [Day("2026-12-24")!, Day("2026-12-25")!])

    /// `YYYY-MM-DDTHH:MM` in Jakarta (WIB, UTC+7).
    func wib(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: Self.jakarta)! }
    /// `YYYY-MM-DDTHH:MM` in UTC.
    func utc(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: Self.utcZone)! }
    func show(_ date: Date?) -> String { date.map { LocalDateTime.format($0, timeZone: Self.jakarta) } ?? "nil" }

    // MARK: Latest start

    @Test func latestStartAcrossCutiBersamaAndHoliday() {
        // Monday 28 December 2026, 10:00: 150 office minutes that morning, then back over the
        // weekend, Friday 25 (Natal) and Thursday 24 (cuti bersama) to Wednesday 23.
        let due = wib("2026-12-28T10:00")
        let expected: [(Int, String)] = [
            (1, "2026-12-28T09:59"),
            (60, "2026-12-28T09:00"),
            (150, "2026-12-28T07:30"),  // exactly the morning: Monday's opening, not Wednesday 16:00
            (151, "2026-12-23T15:59"),
            (510, "2026-12-23T10:00"),  // one full office day
            (660, "2026-12-23T07:30"),
            (661, "2026-12-22T15:59"),
            (1000, "2026-12-22T10:20"),
            (150 + 510 * 2, "2026-12-22T07:30"),
            (150 + 510 * 3 + 1, "2026-12-18T15:59"),  // Monday 21 full, then Friday 18 across the weekend
        ]
        for (minutes, start) in expected {
            let result = office.latestStart(due: due, officeMinutes: minutes)
            #expect(show(result) == start, "\(minutes) minutes")
            if let result { #expect(office.officeMinutes(from: result, to: due) == minutes) }
        }
    }

    @Test func latestStartAcrossAWeekend() {
        // Monday 7 December 2026 08:00: 30 minutes on Monday, then Friday 4 December.
        let due = wib("2026-12-07T08:00")
        #expect(show(office.latestStart(due: due, officeMinutes: 30)) == "2026-12-07T07:30")
        #expect(show(office.latestStart(due: due, officeMinutes: 31)) == "2026-12-04T15:59")
        #expect(show(office.latestStart(due: due, officeMinutes: 90)) == "2026-12-04T15:00")
        #expect(show(office.latestStart(due: due, officeMinutes: 30 + 510 + 60)) == "2026-12-03T15:00")
    }

    @Test func dueOutsideOfficeHours() {
        // Evening: counting starts at 16:00 the same day.
        #expect(show(office.latestStart(due: wib("2026-12-22T19:00"), officeMinutes: 30)) == "2026-12-22T15:30")
        // Before opening: the previous working day (here across the holidays and the weekend).
        #expect(show(office.latestStart(due: wib("2026-12-28T06:00"), officeMinutes: 510)) == "2026-12-23T07:30")
        // Sunday evening.
        #expect(show(office.latestStart(due: wib("2026-12-27T20:00"), officeMinutes: 60)) == "2026-12-23T15:00")
        // On a holiday (Natal), at noon.
        #expect(show(office.latestStart(due: wib("2026-12-25T12:00"), officeMinutes: 30)) == "2026-12-23T15:30")
        // Exactly at opening: nothing of that day counts.
        #expect(show(office.latestStart(due: wib("2026-12-22T07:30"), officeMinutes: 60)) == "2026-12-21T15:00")
        // Exactly at closing: the whole day counts.
        #expect(show(office.latestStart(due: wib("2026-12-22T16:00"), officeMinutes: 510)) == "2026-12-22T07:30")
    }

    @Test func zeroMinutesIsTheDueTimeItself() {
        let due = wib("2026-12-27T20:00")  // Sunday: even outside office hours
        #expect(office.latestStart(due: due, officeMinutes: 0) == due)
        #expect(office.latestStart(due: due, officeMinutes: -5) == due)
    }

    @Test func boundaryAtOpeningPrefersTheLaterDay() throws {
        // 60 minutes before Tuesday 08:30 ends exactly at Tuesday 07:30. Monday 16:00 leaves the
        // same office minutes but is earlier.
        let due = wib("2026-12-22T08:30")
        let result = try #require(office.latestStart(due: due, officeMinutes: 60))
        #expect(show(result) == "2026-12-22T07:30")
        #expect(office.officeMinutes(from: wib("2026-12-21T16:00"), to: due) == 60)
        #expect(result > wib("2026-12-21T16:00"))
    }

    @Test func secondsInTheDueTimeCarryOver() {
        let due = wib("2026-12-22T10:00").addingTimeInterval(30)
        let result = office.latestStart(due: due, officeMinutes: 1)
        #expect(result == wib("2026-12-22T09:59").addingTimeInterval(30))
    }

    @Test func noOfficeTimeGivesNil() {
        let due = wib("2026-12-22T10:00")
        let noDays = OfficeCalendar(timeZone: Self.jakarta, workingWeekdays: [])
        #expect(noDays.latestStart(due: due, officeMinutes: 10) == nil)
        let closed = OfficeCalendar(timeZone: Self.jakarta, opensAt: 16 * 60, closesAt: 16 * 60)
        #expect(closed.latestStart(due: due, officeMinutes: 10) == nil)
        let inverted = OfficeCalendar(timeZone: Self.jakarta, opensAt: 17 * 60, closesAt: 8 * 60)
        #expect(inverted.latestStart(due: due, officeMinutes: 10) == nil)
        #expect(noDays.latestStart(due: due, officeMinutes: 0) == due)
        // More minutes than ten years hold.
        #expect(office.latestStart(due: due, officeMinutes: 510 * 261 * 11) == nil)
    }

    /// The inverse of `officeMinutes`, and the latest such instant, for many due times and amounts.
    @Test(arguments: [
        OfficeCalendar(timeZone: PlanningTests.jakarta, daysOff: [Day("2026-12-24")!, Day("2026-12-25")!, Day("2027-01-01")!]),
        OfficeCalendar(timeZone: TimeZone(identifier: "Asia/Jayapura")!, opensAt: 8 * 60, closesAt: 15 * 60 + 30,
                       workingWeekdays: [2, 3, 4, 5, 6, 7], daysOff: [Day("2026-12-25")!]),
        OfficeCalendar(timeZone: TimeZone(identifier: "UTC")!, opensAt: 0, closesAt: 24 * 60, workingWeekdays: [2, 4]),
    ])
    func latestStartIsTheExactInverse(calendar: OfficeCalendar) throws {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let base = wib("2026-12-01T00:00")
        let opens = calendar.opensAt * 60, closes = calendar.closesAt * 60
        for _ in 0..<400 {
            // Whole minutes most of the time, odd seconds sometimes.
            let offset = next(4) == 0 ? next(60 * 86_400) : next(60 * 1_440) * 60
            let due = base.addingTimeInterval(TimeInterval(offset))
            let minutes = 1 + next(3_000)
            let result = try #require(calendar.latestStart(due: due, officeMinutes: minutes))
            #expect(result <= due)
            #expect(calendar.officeMinutes(from: result, to: due) == minutes, "due \(due), \(minutes) minutes")
            // One second later is one second short.
            #expect(calendar.officeMinutes(from: result.addingTimeInterval(1), to: due) == minutes - 1, "due \(due), \(minutes) minutes")
            // It is an office instant: on a working day, from opening up to (before) closing.
            let (day, second) = calendar.local(result)
            #expect(calendar.isWorking(dayNumber: day))
            #expect(second >= opens && second < closes)
        }
    }

    // MARK: Standard minutes ahead

    @Test func remainingStandardMinutesForDKI() throws {
        let workflow = Workflow(preset: try #require(SOPPreset.named("dki-ksd")))
        // Steps: nil, 60, 15, 15, 60, 5 (publish).
        #expect(workflow.remainingStandardMinutes(from: 1) == 155)
        #expect(workflow.remainingStandardMinutes(from: 2) == 155)
        #expect(workflow.remainingStandardMinutes(from: 3) == 95)
        #expect(workflow.remainingStandardMinutes(from: 4) == 80)
        #expect(workflow.remainingStandardMinutes(from: 5) == 65)
        #expect(workflow.remainingStandardMinutes(from: 6) == 5)
        #expect(workflow.remainingStandardMinutes(from: 7) == 0)
        #expect(workflow.remainingStandardMinutes(from: 0) == 155)
        #expect(workflow.standardMinutesToPublish == 155)
    }

    @Test func remainingMinutesFeedTheLatestStart() throws {
        let workflow = Workflow(preset: try #require(SOPPreset.named("dki-ksd")))
        // At Kepala Biro (position 5): 65 minutes ahead of a Monday 08:00 due → Wednesday 23, 15:25.
        let start = office.latestStart(due: wib("2026-12-28T08:00"), officeMinutes: workflow.remainingStandardMinutes(from: 5))
        #expect(show(start) == "2026-12-23T15:25")
    }

    // MARK: Timing rules

    func check(_ kind: ContentKind, _ publishAt: Date?, start: Date? = nil, end: Date? = nil, due: Day? = nil,
               enabled: Set<TimingRule> = Set(TimingRule.allCases)) -> [TimingViolation] {
        TimingRules.check(kind: kind, publishAt: publishAt, eventStart: start, eventEnd: end, dueDay: due,
                          timeZone: Self.jakarta, enabled: enabled)
    }

    @Test func coverageOnTheDayAfterTheEventEnds() throws {
        let start = wib("2026-12-28T13:00"), end = wib("2026-12-28T15:00")
        #expect(check(.kegiatan, wib("2026-12-28T15:00"), start: start, end: end) == [])
        let early = check(.kegiatan, wib("2026-12-28T14:59"), start: start, end: end)
        #expect(early.map(\.problem) == [.beforeEventEnds])
        #expect(early.first?.reference == end)
        // 23:59 WIB is 16:59 UTC: still the same day in Jakarta.
        #expect(wib("2026-12-28T23:59") == utc("2026-12-28T16:59"))
        #expect(check(.kegiatan, utc("2026-12-28T16:59"), start: start, end: end) == [])
        // 00:00 WIB is 17:00 UTC, still 28 December in UTC but the next day in Jakarta.
        let midnight = try #require(check(.kegiatan, utc("2026-12-28T17:00"), start: start, end: end).first)
        #expect(midnight.rule == .coverageSameDayAfterEvent)
        #expect(midnight.problem == .afterEventDay)
        #expect(midnight.publishDay == Day("2026-12-29"))
        #expect(midnight.referenceDay == Day("2026-12-28"))
        #expect(midnight.lastAllowedDay == Day("2026-12-28"))
        #expect(check(.kegiatan, wib("2026-12-29T09:00"), start: start, end: end).map(\.problem) == [.afterEventDay])
    }

    @Test func coverageWithoutAnEndUsesTheStart() {
        let start = wib("2026-12-28T13:00")
        #expect(check(.kegiatan, wib("2026-12-28T13:00"), start: start) == [])
        #expect(check(.kegiatan, wib("2026-12-28T12:59"), start: start).map(\.problem) == [.beforeEventEnds])
        #expect(check(.kegiatan, wib("2026-12-29T00:00"), start: start).map(\.problem) == [.afterEventDay])
    }

    @Test func infographicThreeCalendarDaysBefore() throws {
        // Activity on Tuesday 29 December 2026 at 10:00: H-3 is Saturday 26 December.
        let start = wib("2026-12-29T10:00")
        #expect(check(.infografisRencana, wib("2026-12-26T00:00"), start: start) == [])
        #expect(check(.infografisRencana, wib("2026-12-26T23:59").addingTimeInterval(59), start: start) == [])
        // Calendar days, not 72 hours: Saturday 12:00 is fewer than 72 hours before, and allowed.
        #expect(start.timeIntervalSince(wib("2026-12-26T12:00")) < 72 * 3_600)
        #expect(check(.infografisRencana, wib("2026-12-26T12:00"), start: start) == [])
        #expect(check(.infografisRencana, wib("2026-12-20T12:00"), start: start) == [])
        // Sunday 00:00 (H-2) is too late.
        let sunday = try #require(check(.infografisRencana, wib("2026-12-27T00:00"), start: start).first)
        #expect(sunday.rule == .planInfographicThreeDaysBefore)
        #expect(sunday.problem == .lessThanThreeDaysBefore)
        #expect(sunday.lastAllowedDay == Day("2026-12-26"))
        #expect(sunday.referenceDay == Day("2026-12-29"))
        #expect(sunday.reference == start)
        #expect(check(.infografisRencana, wib("2026-12-29T11:00"), start: start).count == 1)
        // Midnight in Jakarta: 16:59 UTC on the 26th is still Saturday, 17:00 UTC is Sunday.
        #expect(check(.infografisRencana, utc("2026-12-26T16:59"), start: start) == [])
        #expect(check(.infografisRencana, utc("2026-12-26T17:00"), start: start).count == 1)
        // The end time plays no part.
        #expect(check(.infografisRencana, wib("2026-12-27T00:00"), end: start) == [])
    }

    @Test func greetingOnOrBeforeTheDay() throws {
        let day = Day("2026-11-10")!
        #expect(check(.ucapan, wib("2026-11-10T23:59").addingTimeInterval(59), due: day) == [])
        #expect(check(.ucapan, wib("2026-11-10T06:00"), due: day) == [])
        #expect(check(.ucapan, wib("2026-11-03T10:00"), due: day) == [])
        let late = try #require(check(.ucapan, wib("2026-11-11T00:00"), due: day).first)
        #expect(late.rule == .greetingOnOrBeforeDay)
        #expect(late.problem == .afterDay)
        #expect(late.reference == wib("2026-11-10T00:00"))
        #expect(late.publishDay == Day("2026-11-11"))
        #expect(late.lastAllowedDay == day)
        #expect(check(.ucapan, utc("2026-11-10T16:59"), due: day) == [])
        #expect(check(.ucapan, utc("2026-11-10T17:00"), due: day).count == 1)
    }

    @Test func missingDatesOrSwitchedOffRulesGiveNoViolation() {
        let start = wib("2026-12-29T10:00")
        #expect(check(.kegiatan, nil, start: start, end: start) == [])
        #expect(check(.kegiatan, wib("2026-12-30T10:00")) == [])
        #expect(check(.infografisRencana, wib("2026-12-30T10:00")) == [])
        #expect(check(.ucapan, wib("2026-12-30T10:00")) == [])
        #expect(check(.informasi, wib("2026-12-30T10:00"), start: start, end: start, due: Day("2026-12-01")) == [])
        #expect(check(.repost, wib("2026-12-30T10:00"), start: start, end: start, due: Day("2026-12-01")) == [])
        let tooLate = wib("2026-12-30T10:00")
        #expect(check(.kegiatan, tooLate, start: start, enabled: []) == [])
        #expect(check(.kegiatan, tooLate, start: start, enabled: [.greetingOnOrBeforeDay]) == [])
        #expect(check(.kegiatan, tooLate, start: start, enabled: [.coverageSameDayAfterEvent]).count == 1)
        #expect(check(.ucapan, tooLate, due: Day("2026-12-01"), enabled: [.planInfographicThreeDaysBefore]) == [])
    }

    @Test func ruleKeysAndKinds() {
        #expect(TimingRule.allCases.map(\.rawValue) == ["kegiatan-hari-sama", "infografis-3-hari", "ucapan-sebelum-hari"])
        #expect(TimingRule.allCases.map(\.contentKind) == [.kegiatan, .infografisRencana, .ucapan])
    }

    // MARK: Planned times from the agenda

    @Test func coverageProposal() {
        #expect(PlanFromAgenda.coveragePublishAt(eventEnd: wib("2026-12-28T15:00"), timeZone: Self.jakarta) == wib("2026-12-28T16:00"))
        #expect(PlanFromAgenda.coveragePublishAt(eventEnd: wib("2026-12-28T15:00"), timeZone: Self.jakarta, delayMinutes: 30) == wib("2026-12-28T15:30"))
        #expect(PlanFromAgenda.coveragePublishAt(eventEnd: wib("2026-12-28T23:30"), timeZone: Self.jakarta) == wib("2026-12-28T23:59"))
        #expect(PlanFromAgenda.coveragePublishAt(eventEnd: wib("2026-12-28T22:59"), timeZone: Self.jakarta) == wib("2026-12-28T23:59"))
        let veryLate = wib("2026-12-28T23:59").addingTimeInterval(30)
        #expect(PlanFromAgenda.coveragePublishAt(eventEnd: veryLate, timeZone: Self.jakarta) == veryLate)
        for end in [wib("2026-12-28T15:00"), wib("2026-12-28T23:30"), veryLate] {
            let proposal = PlanFromAgenda.coveragePublishAt(eventEnd: end, timeZone: Self.jakarta)
            #expect(check(.kegiatan, proposal, start: end, end: end) == [])
        }
    }

    @Test func infographicAndGreetingProposals() {
        let start = wib("2026-12-29T10:00")
        let proposal = PlanFromAgenda.infographicPublishAt(eventStart: start, timeZone: Self.jakarta)
        #expect(proposal == wib("2026-12-26T09:00"))
        #expect(check(.infografisRencana, proposal, start: start) == [])
        // Just after midnight Jakarta time, 17:30 UTC the day before: still H-3 of the 29th.
        #expect(PlanFromAgenda.infographicPublishAt(eventStart: wib("2026-12-29T00:30"), timeZone: Self.jakarta) == wib("2026-12-26T09:00"))
        let greeting = PlanFromAgenda.greetingPublishAt(day: Day("2026-11-10")!, timeZone: Self.jakarta)
        #expect(greeting == utc("2026-11-09T23:00"))
        #expect(check(.ucapan, greeting, due: Day("2026-11-10")) == [])
    }

    // MARK: Late flag

    @Test func planStatus() {
        let latest = wib("2026-12-23T15:00"), due = wib("2026-12-28T10:00")
        #expect(PlanStatus.of(now: wib("2026-12-23T14:59"), latestStart: latest, due: due, published: false) == .onTrack)
        #expect(PlanStatus.of(now: latest, latestStart: latest, due: due, published: false) == .onTrack)
        #expect(PlanStatus.of(now: wib("2026-12-23T15:01"), latestStart: latest, due: due, published: false) == .late)
        #expect(PlanStatus.of(now: due, latestStart: latest, due: due, published: false) == .late)
        #expect(PlanStatus.of(now: wib("2026-12-28T10:01"), latestStart: latest, due: due, published: false) == .overdue)
        #expect(PlanStatus.of(now: wib("2026-12-28T10:01"), latestStart: latest, due: due, published: true) == .onTrack)
        #expect(PlanStatus.of(now: wib("2026-12-27T10:00"), latestStart: nil, due: due, published: false) == .onTrack)
        #expect(PlanStatus.of(now: wib("2026-12-29T10:00"), latestStart: nil, due: due, published: false) == .overdue)
    }

    // MARK: Commemoration days

    static let pahlawan = Commemoration(month: 11, day: 10, name: "Hari Pahlawan", basis: "Keppres 316/1959")!

    @Test func recursEveryYear() {
        #expect(Self.pahlawan.occurrences(from: Day("2026-01-01")!, through: Day("2027-12-31")!) == [Day("2026-11-10")!, Day("2027-11-10")!])
        #expect(Self.pahlawan.occurrences(from: Day("2026-11-10")!, through: Day("2026-11-10")!) == [Day("2026-11-10")!])
        #expect(Self.pahlawan.occurrences(from: Day("2026-11-11")!, through: Day("2027-11-09")!) == [])
        #expect(Self.pahlawan.occurrences(from: Day("2027-01-01")!, through: Day("2026-01-01")!) == [])
        #expect(Self.pahlawan.monthDay == "11-10")
    }

    @Test func leapDayOnlyInLeapYears() throws {
        let leap = try #require(Commemoration(monthDay: "02-29", name: "Hari Kabisat"))
        #expect(leap.occurrences(from: Day("2025-01-01")!, through: Day("2033-12-31")!)
                == [Day("2028-02-29")!, Day("2032-02-29")!])
        #expect(leap.occurrences(from: Day("2099-01-01")!, through: Day("2101-12-31")!) == [])  // 2100 is not a leap year
        #expect(Commemoration(monthDay: "02-30", name: "x") == nil)
        #expect(Commemoration(monthDay: "13-01", name: "x") == nil)
        #expect(Commemoration(monthDay: "11-10", name: "  ") == nil)
    }

    @Test func upcomingAcrossTheYearEnd() throws {
        let list = [
            Self.pahlawan,
            try #require(Commemoration(monthDay: "01-15", name: "Hari Desa")),
            try #require(Commemoration(monthDay: "12-22", name: "Hari Ibu")),
            try #require(Commemoration(monthDay: "01-01", name: "Tahun Baru")),
            try #require(Commemoration(monthDay: "01-21", name: "Hari Ke-31")),
            try #require(Commemoration(monthDay: "01-20", name: "Hari Ke-30")),
        ]
        let upcoming = Commemoration.upcoming(list, from: Day("2026-12-22")!, days: 30)
        #expect(upcoming.map(\.commemoration.name) == ["Hari Ibu", "Tahun Baru", "Hari Desa", "Hari Ke-30"])
        #expect(upcoming.map(\.day) == [Day("2026-12-22")!, Day("2027-01-01")!, Day("2027-01-15")!, Day("2027-01-20")!])
        #expect(Commemoration.upcoming(list, from: Day("2026-12-22")!, days: 0).isEmpty)
        // Over more than a year the same day appears twice.
        #expect(Commemoration.upcoming([Self.pahlawan], from: Day("2026-01-01")!, days: 730).map(\.day) == [Day("2026-11-10")!, Day("2027-11-10")!])
    }

    @Test func parsesTheShippedFile() throws {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("Data/commemoration-days.csv"), encoding: .utf8)
        let list = Commemoration.parseCSV(text)
        #expect(list.count > 20)
        #expect(list.contains(Self.pahlawan))
        #expect(list.contains { $0.monthDay == "05-29" && $0.name == "Hari Lanjut Usia Nasional" && $0.basis.isEmpty })
        #expect(!list.contains { $0.name == "name_id" })
        // Two on 10 August, in file order.
        let august = Commemoration.upcoming(list, from: Day("2026-08-10")!, days: 1)
        #expect(august.map(\.commemoration.name) == ["Hari Kebangkitan Teknologi Nasional", "Hari Veteran Nasional"])
    }

    @Test func parsesQuotedFields() {
        let text = "\u{FEFF}month_day,name_id,kind,basis\r\n"
            + "11-10,\"Hari \"\"Pahlawan\"\", nasional\",peringatan,\"Keppres 316/1959, pasal 1\"\r\n"
            + "\r\n"
            + "13-01,Bulan Salah,peringatan,\n"
            + "02-30,Tanggal Salah,peringatan,\n"
            + "03-01,,peringatan,\n"
            + "hanya-satu-kolom\n"
            + "04-21,\"Hari\nKartini\",peringatan\n"
            + "12-22,Hari Ibu"
        let list = Commemoration.parseCSV(text)
        #expect(list.map(\.name) == ["Hari \"Pahlawan\", nasional", "Hari\nKartini", "Hari Ibu"])
        #expect(list.map(\.basis) == ["Keppres 316/1959, pasal 1", "", ""])
        #expect(list.map(\.monthDay) == ["11-10", "04-21", "12-22"])
    }
}
