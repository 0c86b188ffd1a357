import Foundation
import Testing
@testable import Domain

/// The rules of a finding (issue 15, control and improvement): what a draft needs, who raises and
/// edits, and how its status moves.
@Suite struct FindingTests {
    static let dki = Workflow(preset: .dkiKSD)  // 1 work, 2–5 decide (5: kepala-biro), 6 publish
    static func draft(_ change: (inout FindingDraft) -> Void = { _ in }) -> FindingDraft {
        var draft = FindingDraft(subject: "Persetujuan akhir: p90 3× Mutu Baku", figure: "p90 180 menit", periodFrom: Day("2026-10-01"),
                                 periodTo: Day("2026-12-31"), workflowVersion: 1, stepPosition: 5, cause: "Kepala Biro sering dinas luar",
                                 correctiveAction: "", ownerId: 7, dueOn: Day("2027-01-15"))
        change(&draft)
        return draft
    }

    @Test func aCompleteDraftHasNoProblems() {
        #expect(Self.draft().problems() == [])
        // Without a step at all (a finding about the whole period) is fine too.
        #expect(Self.draft { $0.workflowVersion = nil; $0.stepPosition = nil }.problems() == [])
    }

    @Test func eachMissingOrBrokenFieldIsNamed() {
        #expect(Self.draft { $0.subject = "  \n" }.problems() == [.subjectEmpty])
        #expect(Self.draft { $0.ownerId = nil }.problems() == [.ownerMissing])
        #expect(Self.draft { $0.dueOn = nil }.problems() == [.dueMissing])
        #expect(Self.draft { $0.periodTo = Day("2026-09-30") }.problems() == [.periodReversed])
        #expect(Self.draft { $0.stepPosition = nil }.problems() == [.stepWithoutVersion])
        #expect(Self.draft { $0.workflowVersion = nil }.problems() == [.stepWithoutVersion])
    }

    @Test func textsAreBounded() {
        #expect(Self.draft { $0.subject = String(repeating: "a", count: 200) }.problems() == [])
        #expect(Self.draft { $0.subject = String(repeating: "a", count: 201) }.problems() == [.tooLong(.subject, limit: 200)])
        #expect(Self.draft { $0.cause = String(repeating: "é", count: 2001) }.problems() == [.tooLong(.cause, limit: 2000)])
        #expect(Self.draft { $0.correctiveAction = String(repeating: "x", count: 2001) }.problems() == [.tooLong(.correctiveAction, limit: 2000)])
        #expect(Self.draft { $0.figure = String(repeating: "x", count: 201) }.problems() == [.tooLong(.figure, limit: 200)])
    }

    @Test func doneNeedsTheCorrectiveAction() {
        #expect(Self.draft { $0.status = .done }.problems() == [.doneWithoutAction])
        #expect(Self.draft { $0.status = .done; $0.correctiveAction = " " }.problems() == [.doneWithoutAction])
        #expect(Self.draft { $0.status = .done; $0.correctiveAction = "Persetujuan akhir dapat didelegasikan" }.problems() == [])
        #expect(Self.draft { $0.status = .inProgress }.problems() == [])
    }

    @Test func headsAreTheLastDecideStepsRoleAndTheAdmins() {
        #expect(FindingRules.isHead(roles: ["kepala-biro"], workflow: Self.dki))
        #expect(FindingRules.isHead(roles: ["admin"], workflow: Self.dki))
        #expect(FindingRules.isHead(roles: ["admin"], workflow: nil))
        #expect(!FindingRules.isHead(roles: ["kepala-bagian"], workflow: Self.dki))
        #expect(!FindingRules.isHead(roles: ["admin-medsos"], workflow: Self.dki))
        #expect(!FindingRules.isHead(roles: ["kepala-biro"], workflow: nil))
        #expect(FindingRules.mayRaise(roles: ["kepala-biro"], workflow: Self.dki))
        #expect(!FindingRules.mayRaise(roles: ["tim-pengelola"], workflow: Self.dki))
    }

    @Test func theOwnerHeadsAndAdminsMayEdit() {
        #expect(FindingRules.mayEdit(userId: 7, roles: ["admin-medsos"], workflow: Self.dki, ownerId: 7))
        #expect(!FindingRules.mayEdit(userId: 8, roles: ["admin-medsos"], workflow: Self.dki, ownerId: 7))
        #expect(FindingRules.mayEdit(userId: 8, roles: ["kepala-biro"], workflow: Self.dki, ownerId: 7))
        #expect(FindingRules.mayEdit(userId: 8, roles: ["admin"], workflow: Self.dki, ownerId: 7))
    }

    @Test func citingMovesAnOpenFindingInProgressOnly() {
        #expect(FindingRules.statusAfterCited(.open) == .inProgress)
        #expect(FindingRules.statusAfterCited(.inProgress) == .inProgress)
        #expect(FindingRules.statusAfterCited(.done) == .done)
    }

    @Test func overdueIsPastTheDueDayAndNotDone() {
        let due = Day("2026-12-01")!
        #expect(!FindingRules.isOverdue(status: .open, dueOn: due, today: due))
        #expect(FindingRules.isOverdue(status: .open, dueOn: due, today: Day("2026-12-02")!))
        #expect(FindingRules.isOverdue(status: .inProgress, dueOn: due, today: Day("2026-12-02")!))
        #expect(!FindingRules.isOverdue(status: .done, dueOn: due, today: Day("2026-12-02")!))
    }

    @Test func closedAtFollowsDone() {
        #expect(FindingRules.closedChange(from: nil, to: .open) == .keep)
        #expect(FindingRules.closedChange(from: nil, to: .done) == .set)
        #expect(FindingRules.closedChange(from: .open, to: .done) == .set)
        #expect(FindingRules.closedChange(from: .inProgress, to: .done) == .set)
        #expect(FindingRules.closedChange(from: .done, to: .done) == .keep)
        #expect(FindingRules.closedChange(from: .done, to: .open) == .clear)
        #expect(FindingRules.closedChange(from: .done, to: .inProgress) == .clear)
        #expect(FindingRules.closedChange(from: .open, to: .inProgress) == .keep)
        #expect(FindingStatus.allCases.filter(\.isOpen) == [.open, .inProgress])
    }
}
