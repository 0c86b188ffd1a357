import Foundation
import Testing
@testable import Domain

@Suite struct FourEyesTests {
    // People.
    static let author: Int64 = 1
    static let checker: Int64 = 2
    static let twoRoles: Int64 = 3
    static let delegator: Int64 = 4
    static let colleague: Int64 = 5

    static let dki = Workflow(preset: .dkiKSD)  // 1 work, 2–5 decide, 6 publish
    static let ub = Workflow(preset: .ub)      // 1 work, 2 decide (kasubdiv), 3 work, 4 decide (kasubdiv), 5 publish

    typealias E = FourEyes.Event

    static func refusal(_ userId: Int64, onBehalfOf: Int64? = nil, at position: Int, workflow: Workflow = dki, creator: Int64 = author,
                        _ events: [E], separate: Bool = true) -> FourEyes.Refusal? {
        FourEyes.refusal(userId: userId, onBehalfOf: onBehalfOf, at: position, workflow: workflow, creatorId: creator, events: events,
                         separateDeciders: separate)
    }

    static let submitted: [E] = [E(action: .create, position: 1, actorId: author), E(action: .submit, position: 1, actorId: author)]

    @Test func anIndependentCheckerMayDecide() {
        #expect(Self.refusal(Self.checker, at: 2, Self.submitted) == nil)
    }

    @Test func theCreatorNeverDecides() {
        #expect(Self.refusal(Self.author, at: 2, Self.submitted) == .authored)
        // Even in a later round, after a reopen and someone else's work.
        let later = Self.submitted + [
            E(action: .approve, position: 2, actorId: Self.checker), E(action: .publish, position: 6, actorId: Self.colleague),
            E(action: .reopen, position: 6, actorId: Self.colleague), E(action: .submit, position: 1, actorId: Self.colleague),
        ]
        #expect(Self.refusal(Self.author, at: 2, later) == .authored)
    }

    @Test func editingFirstDoesNotLaunderTheSubmission() {
        // Item 4: the submitter edits at the decide step (a new revision in their name) and then approves.
        let events = Self.submitted + [E(action: .edit, position: 2, actorId: Self.author, onBehalfOfId: Self.delegator)]
        #expect(Self.refusal(Self.author, onBehalfOf: Self.delegator, at: 2, events) == .authored)
        // Someone who only edited at a work step is an author too.
        let edited = [E(action: .create, position: 1, actorId: Self.colleague), E(action: .edit, position: 1, actorId: Self.twoRoles),
                      E(action: .submit, position: 1, actorId: Self.colleague)]
        #expect(Self.refusal(Self.twoRoles, at: 2, creator: Self.colleague, edited) == .authored)
    }

    @Test func aDeciderMayCorrectAtTheirOwnStepAndApprove() {
        let events = Self.submitted + [E(action: .edit, position: 2, actorId: Self.checker)]
        #expect(Self.refusal(Self.checker, at: 2, events) == nil)
    }

    @Test func delegationsCountBothWays() {
        // Handed on a.n. the delegator: neither the delegate nor the delegator decides.
        let events = [E(action: .create, position: 1, actorId: Self.colleague), E(action: .submit, position: 1, actorId: Self.twoRoles, onBehalfOfId: Self.delegator)]
        #expect(Self.refusal(Self.twoRoles, at: 2, creator: Self.colleague, events) == .authored)
        #expect(Self.refusal(Self.delegator, at: 2, creator: Self.colleague, events) == .authored)
        // Deciding a.n. the author is refused as well.
        #expect(Self.refusal(Self.checker, onBehalfOf: Self.author, at: 2, Self.submitted) == .authored)
    }

    @Test func aRejectionDoesNotStartANewRound() {
        // twoRoles edited at step 1, was sent back from step 2, and the creator handed on again.
        let events = [
            E(action: .create, position: 1, actorId: Self.author), E(action: .edit, position: 1, actorId: Self.twoRoles),
            E(action: .submit, position: 1, actorId: Self.author), E(action: .reject, position: 2, actorId: Self.checker),
            E(action: .submit, position: 1, actorId: Self.author),
        ]
        #expect(Self.refusal(Self.twoRoles, at: 2, events) == .authored)
    }

    @Test func aReopenStartsANewRound() {
        let events = [
            E(action: .create, position: 1, actorId: Self.author), E(action: .edit, position: 1, actorId: Self.twoRoles),
            E(action: .submit, position: 1, actorId: Self.author), E(action: .approve, position: 2, actorId: Self.checker),
            E(action: .publish, position: 6, actorId: Self.author), E(action: .reopen, position: 6, actorId: Self.author),
            E(action: .submit, position: 1, actorId: Self.author),
        ]
        #expect(FourEyes.currentRound(events).map(\.action) == [.submit])
        #expect(Self.refusal(Self.twoRoles, at: 2, events) == nil, "their edit belongs to the finished round")
        #expect(Self.refusal(Self.checker, at: 3, events) == nil, "decisions of the finished round do not count either")
    }

    @Test func oneRoleAtATimeWhenDecidersMustDiffer() {
        let events = Self.submitted + [E(action: .approve, position: 2, actorId: Self.checker), E(action: .approve, position: 3, actorId: Self.twoRoles)]
        #expect(Self.refusal(Self.twoRoles, at: 4, events) == .decidedAtAnotherLevel(position: 3))
        #expect(Self.refusal(Self.twoRoles, at: 4, events, separate: false) == nil, "the setting switched off")
        // Through a delegation too: they approved at step 3 and now stand in for the Kepala Biro.
        #expect(Self.refusal(Self.twoRoles, onBehalfOf: Self.delegator, at: 5, events) == .decidedAtAnotherLevel(position: 3))
        // A rejection is a decision as well, and a rejection does not wipe it.
        let sentBack = Self.submitted + [E(action: .reject, position: 3, actorId: Self.twoRoles), E(action: .approve, position: 2, actorId: Self.checker)]
        #expect(Self.refusal(Self.twoRoles, at: 2, sentBack) == .decidedAtAnotherLevel(position: 3))
        // Deciding again at the same step (after a rejection from above) is fine.
        let again = Self.submitted + [E(action: .approve, position: 2, actorId: Self.checker), E(action: .reject, position: 3, actorId: Self.twoRoles)]
        #expect(Self.refusal(Self.checker, at: 2, again) == nil)
    }

    @Test func theSameRoleAtTwoStepsIsTheSOP() {
        // UB: the Kasubdiv checks the material (2) and then approves the design (4).
        let events = Self.submitted + [E(action: .approve, position: 2, actorId: Self.checker), E(action: .submit, position: 3, actorId: Self.colleague)]
        #expect(Self.refusal(Self.checker, at: 4, workflow: Self.ub, events) == nil)
        // The designer who handed on step 3 may not approve the design.
        #expect(Self.refusal(Self.colleague, at: 4, workflow: Self.ub, events) == .authored)
    }

    @Test func onlyDecideStepsAreConcerned() {
        #expect(Self.refusal(Self.author, at: 1, Self.submitted) == nil)
        #expect(Self.refusal(Self.author, at: 6, Self.submitted) == nil)
        #expect(Self.refusal(Self.author, at: 99, Self.submitted) == nil)
    }
}
