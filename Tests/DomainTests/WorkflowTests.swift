import Foundation
import Testing
@testable import Domain

@Suite struct WorkflowTests {
    static func roles(_ preset: SOPPreset) -> Set<RoleKey> { Set(preset.allRoles.map(\.key)) }

    @Test(arguments: SOPPreset.all)
    func presetIsSoundAndFollowsTheSOP(preset: SOPPreset) {
        let workflow = Workflow(preset: preset)
        #expect(workflow.problems(knownRoles: Self.roles(preset)) == [])
        #expect(workflow.steps.count == preset.steps.count)
        #expect(workflow.publishPosition == preset.steps.count)
    }

    /// Walks every preset from creation to published, approving every decision.
    @Test(arguments: SOPPreset.all)
    func fullPath(preset: SOPPreset) throws {
        let workflow = Workflow(preset: preset)
        var item = ItemPosition.start
        var visited = [item.position]
        #expect(workflow.status(of: item) == .draft)
        while !item.published {
            let actions = workflow.actions(at: item)
            let action = try #require(actions.first { $0 != .reject })
            item = try workflow.apply(action, to: item)
            visited.append(item.position)
            if !item.published, item.position > 1, item.position < workflow.steps.count {
                #expect(workflow.status(of: item) == .inReview)
            }
        }
        #expect(workflow.status(of: item) == .published)
        #expect(Array(visited.dropLast()) == Array(1...workflow.steps.count))
        #expect(workflow.actions(at: item) == [])
    }

    /// Every decision step sends a rejected item back where SOP-PRESETS.md says.
    @Test(arguments: [
        ("ub", [2: 1, 4: 3]),
        ("fisip-ub", [4: 3]),
        ("unsoed", [2: 1, 3: 2, 4: 3]),
        ("kendal", [2: 1, 3: 1, 4: 1]),
        ("dki-ksd", [2: 1, 3: 2, 4: 3, 5: 4]),
    ])
    func rejectionsLandWhereTheSOPSays(key: String, targets: [Int: Int]) throws {
        let workflow = Workflow(preset: try #require(SOPPreset.named(key)))
        let decidePositions = workflow.steps.indices.filter { workflow.steps[$0].kind == .decide }.map { $0 + 1 }
        #expect(Set(decidePositions) == Set(targets.keys))
        for (position, target) in targets {
            let back = try workflow.apply(.reject, to: ItemPosition(position: position))
            #expect(back == ItemPosition(position: target), "\(key): reject at step \(position)")
        }
    }

    /// The publish step sends an item it cannot publish back to the first step, whatever the
    /// decide steps' own targets; nothing else is taken there but publishing.
    @Test(arguments: SOPPreset.all)
    func thePublishStepReturnsToTheFirstStep(preset: SOPPreset) throws {
        let workflow = Workflow(preset: preset)
        let publish = try #require(workflow.publishPosition)
        #expect(workflow.actions(at: ItemPosition(position: publish)) == [.publish, .reject])
        #expect(try workflow.apply(.reject, to: ItemPosition(position: publish)) == ItemPosition(position: 1))
        #expect(throws: TransitionError.actionNotAllowed(action: .approve, stepKind: .publish)) {
            try workflow.apply(.approve, to: ItemPosition(position: publish))
        }
        #expect(throws: TransitionError.alreadyPublished) {
            try workflow.apply(.reject, to: ItemPosition(position: publish, published: true))
        }
    }

    @Test func dkiRejectionAtKepalaBiroReturnsToKepalaBagian() throws {
        let workflow = Workflow(preset: .dkiKSD)
        let back = try workflow.apply(.reject, to: ItemPosition(position: 5))
        #expect(workflow.step(at: back.position)?.roleKey == "kepala-bagian")
    }

    @Test func actionsMustFitTheStep() {
        let workflow = Workflow(preset: .ub)
        #expect(throws: TransitionError.actionNotAllowed(action: .approve, stepKind: .work)) {
            try workflow.apply(.approve, to: .start)
        }
        #expect(throws: TransitionError.actionNotAllowed(action: .reject, stepKind: .work)) {
            try workflow.apply(.reject, to: .start)
        }
        #expect(throws: TransitionError.actionNotAllowed(action: .submit, stepKind: .decide)) {
            try workflow.apply(.submit, to: ItemPosition(position: 2))
        }
        #expect(throws: TransitionError.actionNotAllowed(action: .approve, stepKind: .publish)) {
            try workflow.apply(.approve, to: ItemPosition(position: 5))
        }
        #expect(throws: TransitionError.alreadyPublished) {
            try workflow.apply(.publish, to: ItemPosition(position: 5, published: true))
        }
        #expect(throws: TransitionError.positionOutOfRange) {
            try workflow.apply(.submit, to: ItemPosition(position: 9))
        }
    }

    @Test func statusFollowsThePosition() {
        let workflow = Workflow(preset: .dkiKSD)
        #expect(workflow.status(of: ItemPosition(position: 1)) == .draft)
        #expect(workflow.status(of: ItemPosition(position: 3)) == .inReview)
        #expect(workflow.status(of: ItemPosition(position: 6)) == .readyToPublish)
        #expect(workflow.status(of: ItemPosition(position: 6, published: true)) == .published)
        #expect(ItemStatus.allCases.map(\.rawValue) == ["draft", "in_review", "ready_to_publish", "published"])
    }
}

@Suite struct WorkflowValidationTests {
    let roles: Set<RoleKey> = ["admin", "staf", "kasubdiv"]

    func step(_ kind: StepKind, _ reject: Int? = nil, role: RoleKey = "staf", name: String = "Langkah", minutes: Int? = 10) -> WorkflowStep {
        WorkflowStep(name: name, roleKey: role, kind: kind, standardMinutes: minutes, rejectTo: reject)
    }

    @Test func aMinimalWorkflowIsValid() {
        #expect(Workflow(steps: [step(.work), step(.publish)]).problems(knownRoles: roles) == [])
        #expect(Workflow(steps: [step(.work), step(.decide, 1, role: "kasubdiv"), step(.publish)]).problems(knownRoles: roles) == [])
    }

    @Test func workflowsThatCannotFinishAreRefused() {
        #expect(Workflow(steps: []).problems(knownRoles: roles) == [.noSteps])
        #expect(Workflow(steps: [step(.work), step(.decide, 1)]).problems(knownRoles: roles) == [.noPublishStep])
        #expect(Workflow(steps: [step(.work), step(.publish), step(.decide, 1)]).problems(knownRoles: roles) == [.publishStepNotLast])
        #expect(Workflow(steps: [step(.work), step(.publish), step(.publish)]).problems(knownRoles: roles) == [.moreThanOnePublishStep])
        #expect(Workflow(steps: [step(.decide, 1), step(.publish)]).problems(knownRoles: roles).contains(.firstStepMustBeWork))
    }

    @Test func rejectTargetsMustPointBackwards() {
        #expect(Workflow(steps: [step(.work), step(.decide, 3), step(.publish)]).problems(knownRoles: roles)
                == [.rejectTargetNotBackwards(position: 2, target: 3)])
        #expect(Workflow(steps: [step(.work), step(.decide, 2), step(.publish)]).problems(knownRoles: roles)
                == [.rejectTargetNotBackwards(position: 2, target: 2)])
        #expect(Workflow(steps: [step(.work), step(.decide, 0), step(.publish)]).problems(knownRoles: roles)
                == [.rejectTargetNotBackwards(position: 2, target: 0)])
        #expect(Workflow(steps: [step(.work), step(.decide), step(.publish)]).problems(knownRoles: roles)
                == [.missingRejectTarget(position: 2)])
        #expect(Workflow(steps: [step(.work, 1), step(.publish)]).problems(knownRoles: roles)
                == [.rejectTargetOnNonDecideStep(position: 1)])
    }

    @Test func namesRolesAndMinutesAreChecked() {
        let problems = Workflow(steps: [step(.work, name: "  "), step(.publish, role: "ghost", minutes: -5)]).problems(knownRoles: roles)
        #expect(problems == [.emptyName(position: 1), .unknownRole(position: 2, role: "ghost"), .invalidMinutes(position: 2)])
        #expect(Workflow(steps: [step(.work, minutes: nil), step(.publish)]).isValid(knownRoles: roles), "minutes may be empty")
    }

    @Test func tooManySteps() {
        let steps = [step(.work)] + Array(repeating: step(.work), count: 20) + [step(.publish)]
        #expect(Workflow(steps: steps).problems(knownRoles: roles) == [.tooManySteps(maximum: 20)])
    }

    @Test func workflowsSurviveJSON() throws {
        let workflow = Workflow(preset: .kendal)
        let data = try JSONEncoder().encode(workflow)
        #expect(try JSONDecoder().decode(Workflow.self, from: data) == workflow)
    }
}

@Suite struct OfficeCalendarTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    func at(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: jakarta)! }

    var calendar: OfficeCalendar { OfficeCalendar(timeZone: jakarta) }

    @Test func minutesWithinOneWorkingDay() {
        #expect(calendar.officeMinutes(from: at("2026-11-20T09:00"), to: at("2026-11-20T10:15")) == 75)
        #expect(calendar.officeMinutes(from: at("2026-11-20T06:00"), to: at("2026-11-20T08:00")) == 30, "before opening does not count")
        #expect(calendar.officeMinutes(from: at("2026-11-20T15:30"), to: at("2026-11-20T20:00")) == 30, "after closing does not count")
        #expect(calendar.officeMinutes(from: at("2026-11-20T10:00"), to: at("2026-11-20T09:00")) == 0)
    }

    @Test func aWeekendDoesNotCount() {
        // Friday 15:00 to Monday 08:30: one hour on Friday, one on Monday.
        #expect(calendar.officeMinutes(from: at("2026-11-20T15:00"), to: at("2026-11-23T08:30")) == 120)
    }

    @Test func holidaysAndJointLeaveDoNotCount() {
        // Christmas 2026 is Friday 25 December, with cuti bersama on Thursday the 24th.
        var withHolidays = calendar
        withHolidays.daysOff = [Day("2026-12-24")!, Day("2026-12-25")!]
        // Wednesday 15:00 → Monday 08:00: Wed 60 min + Mon 30 min.
        #expect(withHolidays.officeMinutes(from: at("2026-12-23T15:00"), to: at("2026-12-28T08:00")) == 90)
        #expect(calendar.officeMinutes(from: at("2026-12-23T15:00"), to: at("2026-12-28T08:00")) == 90 + 2 * 510, "without them, two full days count")
        #expect(!withHolidays.isWorkingDay(Day("2026-12-25")!))
        #expect(!withHolidays.isWorkingDay(Day("2026-12-26")!), "Saturday")
        #expect(withHolidays.isWorkingDay(Day("2026-12-28")!))
    }

    @Test func officeHoursAreSettings() {
        let short = OfficeCalendar(timeZone: jakarta, opensAt: 8 * 60, closesAt: 12 * 60, workingWeekdays: [2, 3, 4, 5, 6, 7])
        // Saturday counts in this office: 08:00–12:00.
        #expect(short.officeMinutes(from: at("2026-11-21T07:00"), to: at("2026-11-21T13:00")) == 240)
    }

    @Test func waitingAgainstTheStandardTime() {
        #expect(WaitingTime(officeMinutes: 61, standardMinutes: 60).isOverdue)
        #expect(WaitingTime(officeMinutes: 61, standardMinutes: 60).overdueBy == 1)
        #expect(!WaitingTime(officeMinutes: 60, standardMinutes: 60).isOverdue)
        #expect(!WaitingTime(officeMinutes: 600, standardMinutes: nil).isOverdue, "no standard, never overdue")
    }

    @Test func daysParseStrictly() {
        #expect(Day("2026-02-29") == nil)
        #expect(Day("2028-02-29") != nil)
        #expect(Day("2026-13-01") == nil)
        #expect(Day("26-11-21") == nil)
        #expect(Day("2026-11-21")?.description == "2026-11-21")
        #expect(Day("2026-11-21")! < Day("2026-12-01")!)
    }
}

@Suite struct ContentRuleTests {
    @Test func captionLimitCountsCharactersPeopleSee() {
        let rule = CaptionRule(limit: 5)
        #expect(rule.count("👨‍👩‍👧‍👦🇮🇩é") == 3, "a ZWJ family, a flag and a combining accent are one each")
        #expect(rule.excess("abcde") == nil)
        #expect(rule.excess("abcdef") == 1)
        #expect(CaptionRule().limit == 200)
    }

    @Test func httpLinks() {
        #expect(WebLink.isHTTP("https://drive.google.com/file/d/abc/view"))
        #expect(WebLink.isHTTP("http://intranet.go.id/foto.jpg"))
        #expect(!WebLink.isHTTP("ftp://x.org/a"))
        #expect(!WebLink.isHTTP("javascript:alert(1)"))
        #expect(!WebLink.isHTTP("https://"))
        #expect(!WebLink.isHTTP("https://a b.com"))
        #expect(!WebLink.isHTTP("drive.google.com/x"))
        #expect(WebLink.lines(" https://a.id/1 \n\n\r\nhttps://a.id/2\n") == ["https://a.id/1", "https://a.id/2"])
    }

    @Test func localDateTimesInTheInstitutionsZone() {
        let jakarta = TimeZone(identifier: "Asia/Jakarta")!
        let date = LocalDateTime.parse("2026-11-21T14:05", timeZone: jakarta)
        #expect(date == Date(timeIntervalSince1970: 1_795_244_700))
        #expect(LocalDateTime.format(date!, timeZone: jakarta) == "2026-11-21T14:05")
        for bad in ["2026-11-21", "2026-11-21T24:00", "2026-11-21T9:05", "2026-02-30T10:00", "x"] {
            #expect(LocalDateTime.parse(bad, timeZone: jakarta) == nil, "\(bad)")
        }
    }

    @Test func delegationRunsInsideItsDates() {
        let period = DelegationPeriod(startsOn: Day("2026-11-20")!, endsOn: Day("2026-11-22")!)
        #expect(!period.isActive(on: Day("2026-11-19")!))
        #expect(period.isActive(on: Day("2026-11-20")!))
        #expect(period.isActive(on: Day("2026-11-22")!))
        #expect(!period.isActive(on: Day("2026-11-23")!))
        #expect(!DelegationPeriod(startsOn: Day("2026-11-20")!, endsOn: Day("2026-11-22")!, revoked: true).isActive(on: Day("2026-11-21")!))
        #expect(!DelegationPeriod(startsOn: Day("2026-11-22")!, endsOn: Day("2026-11-20")!).isValidRange)
    }
}

@Suite struct WorkflowVersionTests {
    let roles = Set(SOPPreset.ub.allRoles.map(\.key))

    @Test func editingAddsAVersionAndKeepsTheOldOnes() throws {
        var history = WorkflowHistory(first: Workflow(preset: .ub))
        var edited = history.current
        edited.steps[1].standardMinutes = 30
        edited.steps.insert(WorkflowStep(name: "Periksa ejaan", roleKey: "kasubdiv", kind: .decide, standardMinutes: 5, rejectTo: 1), at: 2)
        edited.steps[4].rejectTo = 4  // "Setujui desain" moved from 4 to 5; its target "Buat desain" from 3 to 4
        #expect(try history.revise(edited, knownRoles: roles) == 2)
        #expect(history.currentNumber == 2)
        #expect(history.workflow(version: 1) == Workflow(preset: .ub), "version 1 is untouched")
        #expect(history.workflow(version: 2)?.steps.count == 6)
        #expect(history.workflow(version: 3) == nil)
    }

    @Test func anItemInFlightFinishesOnItsVersion() throws {
        var history = WorkflowHistory(first: Workflow(preset: .ub))
        // An item started on version 1 and sits at step 4 ("Setujui desain posting").
        let pinned = 1
        var item = ItemPosition(position: 4)
        var shorter = history.current
        shorter.steps.removeSubrange(2...3)  // drop the design steps: 3 steps now
        try history.revise(shorter, knownRoles: roles)
        // On its own version, step 4 still exists and approving leads to the publish step 5.
        let workflow = try #require(history.workflow(version: pinned))
        item = try workflow.apply(.approve, to: item)
        #expect(item.position == 5)
        #expect(workflow.status(of: item) == .readyToPublish)
        #expect(history.current.step(at: 4) == nil, "the new version has no step 4")
    }

    @Test func invalidOrUnchangedEditsAreRefused() {
        var history = WorkflowHistory(first: Workflow(preset: .ub))
        var broken = history.current
        broken.steps.removeLast()
        #expect(throws: WorkflowHistory.RevisionError.invalid([.noPublishStep])) { try history.revise(broken, knownRoles: roles) }
        #expect(throws: WorkflowHistory.RevisionError.unchanged) { try history.revise(history.current, knownRoles: roles) }
        #expect(history.currentNumber == 1)
    }
}

@Suite struct DayNumberTests {
    @Test func dayNumbersRoundTrip() {
        #expect(Day(year: 1970, month: 1, day: 1).dayNumber == 0)
        #expect(Day(year: 2026, month: 11, day: 21).dayNumber == 20_778)
        #expect(Day(year: 2000, month: 2, day: 29).dayNumber == 11_016)
        #expect(Day(year: 1969, month: 12, day: 31).dayNumber == -1)
        for number in stride(from: -800, through: 40_000, by: 37) {
            #expect(Day(dayNumber: number).dayNumber == number)
        }
    }

    @Test func weekdaysFromDayNumbers() {
        let calendar = OfficeCalendar(timeZone: TimeZone(identifier: "Asia/Jakarta")!)
        #expect(calendar.isWorkingDay(Day("2026-11-20")!), "Friday")
        #expect(!calendar.isWorkingDay(Day("2026-11-21")!), "Saturday")
        #expect(!calendar.isWorkingDay(Day("2026-11-22")!), "Sunday")
        #expect(calendar.isWorkingDay(Day("2026-11-23")!), "Monday")
        #expect(calendar.day(of: Date(timeIntervalSince1970: 1_795_285_800)) == Day("2026-11-22"), "18:30 UTC is the next day in Jakarta")
    }

    @Test func aLongWaitIsCountedQuickly() {
        let jakarta = TimeZone(identifier: "Asia/Jakarta")!
        let calendar = OfficeCalendar(timeZone: jakarta)
        // A whole year: 52 weeks of five 510-minute days, plus the extra Thursday of 2026 (1 Jan).
        let minutes = calendar.officeMinutes(from: LocalDateTime.parse("2026-01-01T00:00", timeZone: jakarta)!,
                                             to: LocalDateTime.parse("2027-01-01T00:00", timeZone: jakarta)!)
        #expect(minutes == 261 * 510)
    }
}
