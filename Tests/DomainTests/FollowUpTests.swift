import Foundation
import Testing
@testable import Domain

@Suite struct FollowUpTests {
    static let workflow = FollowUpWorkflow.kendal()
    static let monitor = FollowUpActor(roles: ["pengelola-ti"], divisionIds: [])
    static let bidang = FollowUpActor(roles: ["bidang"], divisionIds: [7])
    static let outsider = FollowUpActor(roles: ["bidang"], divisionIds: [8])
    static func members(_ id: Int64) -> Int? { [7: 2, 8: 1, 9: 0][id] }

    static func apply(_ action: FollowUpAction, _ state: FollowUpState, _ actor: FollowUpActor) throws(FollowUpError) -> FollowUpTransition {
        try workflow.apply(action, to: state, by: actor, activeMembers: members)
    }

    @Test func theKendalWorkflowIsSoundAndFollowsTheSOP() {
        // setup and action
        let workflow = FollowUpWorkflow.preset(.kendal)
        // check
        #expect(workflow == Self.workflow)
        #expect(workflow.problems(knownRoles: Set(SOPPreset.kendal.allRoles.map(\.key))) == [])
        #expect(workflow.steps.map(\.kind) == [.log, .forward, .followUp, .post])
        #expect(workflow.steps.map(\.standardMinutes) == [nil, 5, FollowUpWorkflow.officeDayMinutes, 5])
        #expect(workflow.standardMinutes(.followUp, category: .keluhan) == FollowUpWorkflow.officeDayMinutes)
        #expect(workflow.standardMinutes(.followUp, category: .spam) == FollowUpWorkflow.officeDayMinutes, "no category figure: the step's")
        #expect(FollowUpWorkflow.preset(.dkiKSD).step(.forward)?.roleKey == "admin-medsos")
    }

    /// Every category that is answered: logged → forwarded → answered → closed as posted.
    @Test(arguments: MessageCategory.allCases)
    func everyCategoryCanBeForwardedAnsweredAndPosted(category: MessageCategory) throws {
        // setup
        var state = FollowUpState.logged(category)
        // action
        let forwarded = try Self.apply(.forward(divisionId: 7), state, Self.monitor)
        state = forwarded.state
        let answered = try Self.apply(.answer(text: "Terima kasih, jadwal layanan Senin–Jumat.", reason: nil), state, Self.bidang)
        state = answered.state
        let posted = try Self.apply(.post(link: "https://www.instagram.com/p/ABC/c/1/"), state, Self.monitor)
        // check
        #expect(forwarded.state == FollowUpState(status: .forwarded, category: category, divisionId: 7))
        #expect(forwarded.step == .forward && forwarded.standardMinutes == 5)
        #expect(answered.state.status == .answered && answered.step == .followUp)
        #expect(answered.standardMinutes == Self.workflow.standardMinutes(.followUp, category: category))
        #expect(posted.state == FollowUpState(status: .closed, category: category, divisionId: 7, outcome: .posted))
        #expect(posted.step == .post && posted.standardMinutes == 5)
        #expect(Self.workflow.actions(for: posted.state) == [])
    }

    @Test(arguments: MessageCategory.allCases)
    func onlySpamAndHoaksAreClosedAtTheFirstStep(category: MessageCategory) throws {
        // setup
        let state = FollowUpState.logged(category)
        // action
        let result = Result { () throws(FollowUpError) in try Self.apply(.dismiss(reason: "Akun promosi judi daring"), state, Self.monitor) }
        // check
        switch category {
        case .spam, .hoaks:
            #expect(try result.get().state == FollowUpState(status: .closed, category: category, outcome: .dismissed))
            #expect(Self.workflow.actions(for: state).contains(.dismiss))
        default:
            #expect(throws: FollowUpError.cannotDismiss(category)) { try result.get() }
            #expect(!Self.workflow.actions(for: state).contains(.dismiss))
        }
    }

    @Test func dismissingNeedsAReason() {
        #expect(throws: FollowUpError.missingReason) { try Self.apply(.dismiss(reason: "  \n"), .logged(.spam), Self.monitor) }
    }

    @Test func theDivisionMayDecideWithoutAReply() throws {
        // setup
        let state = FollowUpState(status: .forwarded, category: .saran, divisionId: 7)
        // action
        let decided = try Self.apply(.decide(reason: "Saran dicatat untuk rapat evaluasi layanan."), state, Self.bidang)
        // check
        #expect(decided.state == FollowUpState(status: .closed, category: .saran, divisionId: 7, outcome: .decided))
        #expect(throws: FollowUpError.missingReason) { try Self.apply(.decide(reason: ""), state, Self.bidang) }
    }

    @Test func aComplaintIsReferredToLaporAndContinuesOrCloses() throws {
        // setup: a complaint at the division
        let atDivision = FollowUpState(status: .forwarded, category: .keluhan, divisionId: 7)
        // action: the division refers it
        let referred = try Self.apply(.refer(trackingNumber: "LAPOR-2611-0042"), atDivision, Self.bidang)
        // check
        #expect(referred.state.status == .referred && referred.state.divisionId == 7)
        #expect(referred.step == .followUp)
        #expect(referred.state.status.waitingStep == nil)
        #expect(Self.workflow.actions(for: referred.state) == [.referralOutcome])
        // action: the outcome sends it back to the division
        let back = try Self.apply(.referralOutcome(text: "Diteruskan ke OPD, mohon dijawab.", close: false), referred.state, Self.monitor)
        #expect(back.state.status == .forwarded && back.step == nil)
        // action: or closes it (a member of the division may record it too)
        let closed = try Self.apply(.referralOutcome(text: "Selesai ditangani melalui LAPOR!", close: true), referred.state, Self.bidang)
        #expect(closed.state == FollowUpState(status: .closed, category: .keluhan, divisionId: 7, outcome: .referralClosed))
        // action: referred at the first step, it goes back there
        let early = try Self.apply(.refer(trackingNumber: "LAPOR-1"), .logged(.keluhan), Self.monitor)
        #expect(early.step == .forward)
        #expect(try Self.apply(.referralOutcome(text: "Dikembalikan", close: false), early.state, Self.monitor).state.status == .logged)
    }

    @Test func referralNeedsAComplaintATrackingNumberAndAnOutcomeText() {
        #expect(throws: FollowUpError.cannotRefer(.pertanyaan)) { try Self.apply(.refer(trackingNumber: "X"), .logged(.pertanyaan), Self.monitor) }
        #expect(throws: FollowUpError.missingTrackingNumber) { try Self.apply(.refer(trackingNumber: " "), .logged(.keluhan), Self.monitor) }
        let referred = FollowUpState(status: .referred, category: .keluhan, divisionId: 7)
        #expect(throws: FollowUpError.missingText) { try Self.apply(.referralOutcome(text: "", close: true), referred, Self.monitor) }
        #expect(throws: FollowUpError.wrongRole("pengelola-ti")) {
            try Self.apply(.referralOutcome(text: "x", close: true), referred, Self.outsider)
        }
    }

    @Test func invalidTransitionsAreTypedErrors() {
        let logged = FollowUpState.logged(.keluhan)
        let forwarded = FollowUpState(status: .forwarded, category: .keluhan, divisionId: 7)
        let answered = FollowUpState(status: .answered, category: .keluhan, divisionId: 7)
        // wrong step
        #expect(throws: FollowUpError.wrongStep(action: .answer, status: .logged)) { try Self.apply(.answer(text: "x", reason: nil), logged, Self.bidang) }
        #expect(throws: FollowUpError.wrongStep(action: .post, status: .forwarded)) { try Self.apply(.post(link: "https://x.com/a/status/1"), forwarded, Self.monitor) }
        #expect(throws: FollowUpError.wrongStep(action: .forward, status: .answered)) { try Self.apply(.forward(divisionId: 7), answered, Self.monitor) }
        #expect(throws: FollowUpError.wrongStep(action: .refer, status: .answered)) { try Self.apply(.refer(trackingNumber: "1"), answered, Self.monitor) }
        // wrong role
        #expect(throws: FollowUpError.wrongRole("pengelola-ti")) { try Self.apply(.forward(divisionId: 7), logged, Self.bidang) }
        #expect(throws: FollowUpError.wrongRole("pengelola-ti")) { try Self.apply(.post(link: "https://x.com/a/status/1"), answered, Self.bidang) }
        // not in the division
        #expect(throws: FollowUpError.notInDivision) { try Self.apply(.answer(text: "x", reason: nil), forwarded, Self.outsider) }
        #expect(throws: FollowUpError.notInDivision) { try Self.apply(.answer(text: "x", reason: nil), forwarded, Self.monitor) }
        // missing text and link
        #expect(throws: FollowUpError.missingText) { try Self.apply(.answer(text: " ", reason: "r"), forwarded, Self.bidang) }
        #expect(throws: FollowUpError.missingLink) { try Self.apply(.post(link: ""), answered, Self.monitor) }
        // a division with no members, or none at all
        #expect(throws: FollowUpError.divisionHasNoMembers) { try Self.apply(.forward(divisionId: 9), logged, Self.monitor) }
        #expect(throws: FollowUpError.unknownDivision) { try Self.apply(.forward(divisionId: 99), logged, Self.monitor) }
        // closed stays closed
        let closed = FollowUpState(status: .closed, category: .spam, outcome: .dismissed)
        #expect(throws: FollowUpError.wrongStep(action: .forward, status: .closed)) { try Self.apply(.forward(divisionId: 7), closed, Self.monitor) }
    }

    @Test func aReceivedTimeInTheFutureIsRefused() {
        // setup
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        var draft = IncomingDraft(channel: .instagram, sender: "@warga", receivedAt: now.addingTimeInterval(60), kind: .comment,
                                  category: .pertanyaan, text: "Jam buka perpustakaan?")
        // check: a minute ahead is clock skew
        #expect(draft.problems(now: now) == [])
        // action: an hour ahead
        draft.receivedAt = now.addingTimeInterval(3600)
        draft.sender = " "
        draft.text = ""
        // check
        #expect(draft.problems(now: now) == [.emptySender, .emptyText, .receivedInFuture])
    }

    @Test func officeMinutesPerStepAreCountedOnTheOfficeClock() {
        // setup: Friday 27 November 2026 15:50 WIB forwarded; answered Monday 08:00
        let zone = TimeZone(identifier: "Asia/Jakarta")!
        let calendar = OfficeCalendar(timeZone: zone)
        let forwardedAt = LocalDateTime.parse("2026-11-27T15:50", timeZone: zone)!
        let answeredAt = LocalDateTime.parse("2026-11-30T08:00", timeZone: zone)!
        let postedAt = LocalDateTime.parse("2026-11-30T08:07", timeZone: zone)!
        // action
        let followUp = StepMinutes(officeMinutes: calendar.officeMinutes(from: forwardedAt, to: answeredAt),
                                   standardMinutes: Self.workflow.standardMinutes(.followUp, category: .keluhan))
        let post = StepMinutes(officeMinutes: calendar.officeMinutes(from: answeredAt, to: postedAt),
                               standardMinutes: Self.workflow.standardMinutes(.post, category: .keluhan))
        // check: 10 minutes on Friday and 30 on Monday; the weekend does not count
        #expect(followUp.officeMinutes == 40 && followUp.withinStandard)
        #expect(post.officeMinutes == 7 && !post.withinStandard)
    }

    @Test func medianAndP90AreNearestRank() {
        // setup
        let lines = (1...10).map { StepMinutes(officeMinutes: $0 * 10, standardMinutes: 50) } + [StepMinutes(officeMinutes: 3, standardMinutes: nil)]
        // action
        let statistics = StepStatistics(lines)
        // check
        #expect(statistics.count == 11)
        #expect(statistics.median == 50)
        #expect(statistics.p90 == 90)
        #expect(statistics.withStandard == 10 && statistics.withinStandard == 5 && statistics.withinStandardPercent == 50)
        #expect(StepStatistics([]).median == nil && StepStatistics([]).withinStandardPercent == nil)
        #expect(Percentile.nearestRank([7], 90) == 7)
    }

    @Test func theWorkflowSurvivesAJSONRoundTripAndBadSettingsAreNamed() throws {
        // setup
        let data = try JSONEncoder().encode(Self.workflow)
        // action
        let decoded = try JSONDecoder().decode(FollowUpWorkflow.self, from: data)
        // check
        #expect(decoded == Self.workflow)
        #expect(String(decoding: data, as: UTF8.self).contains("\"keluhan\":510"))
        var bad = Self.workflow
        bad.steps[1].roleKey = nil
        bad.steps[3].roleKey = "tidak-ada"
        bad.categoryMinutes[.saran] = -5
        #expect(bad.problems(knownRoles: ["pengelola-ti"]) == [.missingRole(position: 2), .unknownRole(position: 4, role: "tidak-ada"),
                                                              .invalidCategoryMinutes(.saran)])
        bad.steps.swapAt(0, 1)
        #expect(bad.problems(knownRoles: ["pengelola-ti"]) == [.wrongSteps])
    }
}

@Suite struct WhatsAppNumberTests {
    @Test func numbersAreNormalisedForTheHandOff() {
        #expect(WhatsAppNumber.normalise("0812-3456-7890") == "6281234567890")
        #expect(WhatsAppNumber.normalise("+62 812 3456 7890") == "6281234567890")
        #expect(WhatsAppNumber.normalise("(0294) 381305") == "62294381305")
        #expect(WhatsAppNumber.normalise("  ") == "")
        #expect(WhatsAppNumber.normalise("0812abc") == nil)
        #expect(WhatsAppNumber.normalise("12+3") == nil)
        #expect(WhatsAppNumber.normalise("123") == nil)
    }

    @Test func theHandOffLinkCarriesTheText() {
        #expect(WhatsAppNumber.link("6281234567890", text: "Pesan #12: AC mati & panas?") ==
                "https://wa.me/6281234567890?text=Pesan%20%2312%3A%20AC%20mati%20%26%20panas%3F")
        #expect(WhatsAppNumber.link("6281234567890", text: "") == "https://wa.me/6281234567890")
        #expect(WhatsAppNumber.link("", text: "x") == nil)
        #expect(WhatsAppNumber.link("62+1", text: "x") == nil)
    }
}
