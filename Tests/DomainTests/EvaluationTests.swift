import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Domain

@Suite struct EvaluationTests {
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    /// Office 07:30–16:00 Monday to Friday in Jakarta (510 minutes a day).
    let office = OfficeCalendar(timeZone: EvaluationTests.jakarta)

    func wib(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: Self.jakarta)! }
    func day(_ text: String) -> Day { Day(text)! }

    // MARK: Median, 90th percentile, share within standard

    @Test func medianAndP90ByNearestRank() {
        // Ten values: the median is the 5th (rank ⌈0.5·10⌉), the p90 the 9th (⌈0.9·10⌉).
        let lines = [50, 10, 30, 20, 40, 100, 60, 90, 70, 80].map { StepMinutes(officeMinutes: $0, standardMinutes: 60) }
        let statistics = StepStatistics(lines)
        #expect(statistics.count == 10)
        #expect(statistics.median == 50)
        #expect(statistics.p90 == 90)
        // 10…60 meet 60: six of ten.
        #expect(statistics.withinStandard == 6)
        #expect(statistics.withStandard == 10)
        #expect(statistics.withinStandardPercent == 60)
    }

    @Test func percentileOfOneAndOfNone() {
        #expect(Percentile.nearestRank([7], 90) == 7)
        #expect(Percentile.nearestRank([7], 50) == 7)
        #expect(Percentile.nearestRank([], 50) == nil)
        // Eleven values: p90 is rank ⌈9.9⌉ = 10.
        #expect(Percentile.nearestRank(Array(1...11), 90) == 10)
        // Three values: the median is rank 2.
        #expect(Percentile.nearestRank([3, 1, 2], 50) == 2)
    }

    @Test func shareWithinStandardIgnoresLinesWithoutStandard() {
        let statistics = StepStatistics([
            StepMinutes(officeMinutes: 30, standardMinutes: 30),  // exactly the standard: within
            StepMinutes(officeMinutes: 31, standardMinutes: 30),
            StepMinutes(officeMinutes: 500, standardMinutes: nil),
        ])
        #expect(statistics.withStandard == 2)
        #expect(statistics.withinStandard == 1)
        #expect(statistics.withinStandardPercent == 50)
        #expect(StepStatistics([StepMinutes(officeMinutes: 5, standardMinutes: nil)]).withinStandardPercent == nil)
    }

    @Test func shareRoundsDown() {
        #expect(Share(2, of: 3).percent == 66)
        #expect(Share(0, of: 0).percent == nil)
        #expect(Share(0, of: 0).fraction == nil)
        #expect(Share(1, of: 4).fraction == 0.25)
    }

    // MARK: Periods

    @Test func shortcuts() throws {
        let november = EvaluationPeriod.month(YearMonth(year: 2026, month: 11))
        #expect(november.first == day("2026-11-01") && november.last == day("2026-11-30"))
        #expect(november.description == "2026-11")
        let q4 = try #require(EvaluationPeriod.quarter("2026-Q4"))
        #expect(q4.first == day("2026-10-01") && q4.last == day("2026-12-31"))
        #expect(q4.dayCount == 92)
        #expect(EvaluationPeriod.quarter("2026-q1")?.last == day("2026-03-31"))
        let year = try #require(EvaluationPeriod.year("2024"))
        #expect(year.dayCount == 366)
        #expect(EvaluationPeriod.currentQuarter(day("2026-05-17")).description == "2026-Q2")
    }

    @Test func badShortcutsAreNil() {
        for text in ["2026-Q5", "2026-Q0", "2026Q4", "26-Q4", "2026-Q", "2026-Q44", "", "abcd-Q1"] {
            #expect(EvaluationPeriod.quarter(text) == nil, "\(text)")
        }
        for text in ["26", "20266", "２０２６", "-202", "1899"] {
            #expect(EvaluationPeriod.year(text) == nil, "\(text)")
        }
        #expect(EvaluationPeriod.custom(from: day("2026-11-02"), to: day("2026-11-01")) == nil)
        #expect(EvaluationPeriod.custom(from: day("2020-01-01"), to: day("2026-01-01")) == nil)
        #expect(EvaluationPeriod.custom(from: day("2026-11-01"), to: day("2026-11-01"))?.dayCount == 1)
    }

    @Test func previousPeriodOfTheSameLength() throws {
        #expect(EvaluationPeriod.month(YearMonth(year: 2026, month: 1)).previous.description == "2025-12")
        #expect(try #require(EvaluationPeriod.quarter("2026-Q1")).previous.description == "2025-Q4")
        #expect(try #require(EvaluationPeriod.quarter("2026-Q3")).previous.description == "2026-Q2")
        #expect(try #require(EvaluationPeriod.year("2026")).previous.description == "2025")
        // A custom period: the same number of days, ending the day before.
        let custom = try #require(EvaluationPeriod.custom(from: day("2026-03-01"), to: day("2026-03-10")))
        #expect(custom.previous.first == day("2026-02-19"))
        #expect(custom.previous.last == day("2026-02-28"))
        #expect(custom.previous.dayCount == custom.dayCount)
        #expect(custom.next.first == day("2026-03-11") && custom.next.last == day("2026-03-20"))
        #expect(try #require(EvaluationPeriod.quarter("2026-Q4")).next.description == "2027-Q1")
    }

    @Test func monthsOfAPeriod() throws {
        let custom = try #require(EvaluationPeriod.custom(from: day("2026-11-20"), to: day("2027-01-05")))
        #expect(custom.months.map(\.description) == ["2026-11", "2026-12", "2027-01"])
        #expect(custom.contains(day("2026-12-31")))
        #expect(!custom.contains(day("2027-01-06")))
    }

    // MARK: Period-over-period

    @Test func deltaAgainstThePreviousPeriod() {
        let up = PeriodDelta(current: 150, previous: 100)
        #expect(up.difference == 50)
        #expect(up.percentChange == 50)
        #expect(up.direction == .up)
        let down = PeriodDelta(current: 1, previous: 3)
        #expect(down.percentChange == -67)
        #expect(down.direction == .down)
        #expect(PeriodDelta(current: 5, previous: 0).percentChange == nil)
        #expect(PeriodDelta(current: 5, previous: 0).direction == .up)
        #expect(PeriodDelta(current: 5, previous: nil as Int?).direction == .unknown)
        #expect(PeriodDelta(current: 4, previous: 4).direction == .same)
    }

    // MARK: Rework

    @Test func reworkRunsUntilTheItemIsBackAtTheRejectingStep() {
        // Step 3 rejects to 1 on Monday 09:00; the item is submitted (1→2) at 11:00 and approved
        // (2→3) on Tuesday 08:30: back at step 3 after 7 h on Monday + 1 h on Tuesday = 480 minutes.
        let events = [
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 1, toPosition: 2, at: wib("2026-11-23T08:00")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 2, toPosition: 3, at: wib("2026-11-23T08:30")),
            ReworkEvent(itemId: 1, isRejection: true, fromPosition: 3, toPosition: 1, at: wib("2026-11-23T09:00")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 1, toPosition: 2, at: wib("2026-11-23T11:00")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 2, toPosition: 3, at: wib("2026-11-24T08:30")),
        ]
        let episodes = Rework.episodes(events, calendar: office)
        #expect(episodes.count == 1)
        #expect(episodes.first?.position == 3)
        #expect(episodes.first?.officeMinutes == 7 * 60 + 60)
    }

    @Test func nestedRejectionsAndOpenRework() {
        // Step 4 rejects to 2; step 3 then rejects to 1; the item returns to 3, then to 4.
        // Item 2 was rejected and has not come back: an open episode.
        let events = [
            ReworkEvent(itemId: 1, isRejection: true, fromPosition: 4, toPosition: 2, at: wib("2026-11-23T08:00")),
            ReworkEvent(itemId: 1, isRejection: true, fromPosition: 3, toPosition: 1, at: wib("2026-11-23T08:10")),
            ReworkEvent(itemId: 2, isRejection: true, fromPosition: 2, toPosition: 1, at: wib("2026-11-23T08:00")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 2, toPosition: 3, at: wib("2026-11-23T09:10")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 1, toPosition: 2, at: wib("2026-11-23T08:40")),
            ReworkEvent(itemId: 1, isRejection: false, fromPosition: 3, toPosition: 4, at: wib("2026-11-23T10:00")),
        ]
        let episodes = Rework.episodes(events, calendar: office)
        #expect(episodes.count == 3)
        let four = episodes.first { $0.itemId == 1 && $0.position == 4 }
        let three = episodes.first { $0.itemId == 1 && $0.position == 3 }
        #expect(four?.officeMinutes == 120)
        #expect(three?.officeMinutes == 60)
        let open = episodes.first { $0.itemId == 2 }
        #expect(open?.officeMinutes == nil && open?.backAt == nil)
    }

    @Test func reworkCountsOfficeMinutesOnly() {
        // Friday 15:00 → Monday 08:30: 60 minutes on Friday + 60 on Monday.
        let events = [
            ReworkEvent(itemId: 9, isRejection: true, fromPosition: 2, toPosition: 1, at: wib("2026-11-27T15:00")),
            ReworkEvent(itemId: 9, isRejection: false, fromPosition: 1, toPosition: 2, at: wib("2026-11-30T08:30")),
        ]
        #expect(Rework.episodes(events, calendar: office).first?.officeMinutes == 120)
    }

    // MARK: Steps across a workflow version change

    static let v1 = Workflow(steps: [
        WorkflowStep(name: "Susun draf", roleKey: "staf", kind: .work, standardMinutes: 120),
        WorkflowStep(name: "Periksa", roleKey: "kasubbag", kind: .decide, standardMinutes: 60, rejectTo: 1),
        WorkflowStep(name: "Persetujuan akhir", roleKey: "kabag", kind: .decide, standardMinutes: 60, rejectTo: 1),
        WorkflowStep(name: "Unggah", roleKey: "admin-medsos", kind: .publish, standardMinutes: 30),
    ])

    @Test func unchangedWorkflowGivesOneRowPerStep() {
        let groups = EvaluationStepGroup.groups([1: Self.v1])
        #expect(groups.map(\.step.name) == ["Susun draf", "Periksa", "Persetujuan akhir", "Unggah"])
        #expect(groups.allSatisfy { !$0.versionSpecific && $0.members.count == 1 })
    }

    @Test func periodSpanningAVersionChangeSplitsOnlyTheChangedSteps() throws {
        // Version 2 raises the final approval's standard to 120 and inserts a legal check before it.
        var v2 = Self.v1
        v2.steps[2].standardMinutes = 120
        v2.steps.insert(WorkflowStep(name: "Cek hukum", roleKey: "hukum", kind: .decide, standardMinutes: 60, rejectTo: 1), at: 2)
        let groups = EvaluationStepGroup.groups([2: v2, 1: Self.v1])
        #expect(groups.map(\.step.name) == ["Susun draf", "Periksa", "Cek hukum", "Persetujuan akhir", "Persetujuan akhir", "Unggah"])
        // Unchanged steps are merged across versions, even where their position moved.
        let upload = try #require(groups.last)
        #expect(!upload.versionSpecific)
        #expect(upload.members == [.init(version: 1, position: 4), .init(version: 2, position: 5)])
        // The changed step: the old version first, then the new one, each on its own.
        let before = groups[3], after = groups[4]
        #expect(before.versionSpecific && before.members == [.init(version: 1, position: 3)])
        #expect(before.step.standardMinutes == 60)
        #expect(after.versionSpecific && after.members == [.init(version: 2, position: 4)])
        #expect(after.step.standardMinutes == 120)
        // The new step exists only in version 2.
        #expect(groups[2].versionSpecific && groups[2].version == 2)
    }

    @Test func aRemovedStepStillHasItsRow() {
        var v2 = Self.v1
        v2.steps.remove(at: 1)
        v2.steps[1].rejectTo = 1
        let groups = EvaluationStepGroup.groups([1: Self.v1, 2: v2])
        #expect(groups.map(\.step.name) == ["Susun draf", "Persetujuan akhir", "Unggah", "Periksa"])
        #expect(groups.last?.versionSpecific == true)
        #expect(groups.last?.members == [.init(version: 1, position: 2)])
    }

    // MARK: On time

    @Test func onTimeAgainstPlanAndLatestStart() {
        // Planned Tuesday 10:00 with 240 standard minutes: 150 on Tuesday morning, the other 90
        // before Monday 16:00, so the latest start is Monday 14:30.
        let plan = wib("2026-11-24T10:00")
        let latest = office.latestStart(due: plan, officeMinutes: 240)!
        #expect(latest == wib("2026-11-23T14:30"))
        let early = OnTimeCheck.check(publishAt: plan, publishedAt: wib("2026-11-24T09:59"), startedAt: latest,
                                      standardMinutes: 240, calendar: office)
        #expect(early == OnTimeCheck(onPlan: true, startedInTime: true))
        let late = OnTimeCheck.check(publishAt: plan, publishedAt: wib("2026-11-24T10:01"), startedAt: latest.addingTimeInterval(60),
                                     standardMinutes: 240, calendar: office)
        #expect(late == OnTimeCheck(onPlan: false, startedInTime: false))
        #expect(OnTimeCheck.check(publishAt: nil, publishedAt: plan, startedAt: plan, standardMinutes: 240, calendar: office)
                == OnTimeCheck(onPlan: nil, startedInTime: nil))
    }

    // MARK: Charts

    @Test func stepChartIsXMLWithAStandardMarkerPerStepAndEscapedNames() {
        let svg = EvaluationChart.stepTimes([
            .init(label: "Periksa <draf> & \"uji\"", median: 30, p90: 90, standard: 60),
            .init(label: "Unggah", median: nil, p90: nil, standard: nil),
        ], id: "chart-steps", title: "Waktu per langkah", legend: ("Median", "P90", "Mutu Baku"))
        let parser = XMLParser(data: Data(svg.utf8))
        #expect(parser.parse(), "\(String(describing: parser.parserError))")
        #expect(svg.hasPrefix("<svg "))
        #expect(svg.contains("role=\"img\""))
        #expect(svg.contains("<title id=\"chart-steps-title\">Waktu per langkah</title>"))
        #expect(!svg.contains("<draf>"))
        #expect(svg.contains("Periksa &lt;draf&gt; &amp; &quot;uji&quot;"))
        // The legend's marker and one per step that has a standard.
        #expect(svg.components(separatedBy: "class=\"standard-mark\"").count - 1 == 2)
    }

    @Test func columnChartIsXMLWithOneColumnPerMonth() {
        let svg = EvaluationChart.columns([.init(label: "Okt", value: 10), .init(label: "Nov", value: 0), .init(label: "Des", value: 4)],
                                          id: "chart-months", title: "Volume")
        #expect(XMLParser(data: Data(svg.utf8)).parse())
        #expect(svg.components(separatedBy: "class=\"chart-column\"").count - 1 == 3)
        // No data draws an empty chart, not a division by zero.
        #expect(XMLParser(data: Data(EvaluationChart.columns([], id: "x", title: "t").utf8)).parse())
    }
}
