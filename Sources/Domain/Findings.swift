import Foundation

/// Control and improvement (issue 15, items 3 and 4): a finding ("temuan") recorded from the
/// evaluation, with its cause, corrective action, owner, due date and status; a workflow edit may
/// cite the findings it answers.

/// Where a finding stands. Stored by its raw value (migration `v15-findings` lists them).
public enum FindingStatus: String, CaseIterable, Sendable, Codable {
    case open = "open"
    case inProgress = "in_progress"
    case done = "done"

    /// Still needs someone's work: shown in the owner's "Tugas saya".
    public var isOpen: Bool { self != .done }
}

/// A finding as typed into its form, checked before it is stored.
public struct FindingDraft: Sendable, Equatable {
    public var subject: String
    /// The figure it was raised from: "p90 3× Mutu Baku", free text.
    public var figure: String
    public var periodFrom: Day?
    public var periodTo: Day?
    /// The workflow version and the step position the finding concerns; both or neither.
    public var workflowVersion: Int?
    public var stepPosition: Int?
    public var cause: String
    public var correctiveAction: String
    public var ownerId: Int64?
    public var dueOn: Day?
    public var status: FindingStatus

    public init(subject: String, figure: String = "", periodFrom: Day? = nil, periodTo: Day? = nil, workflowVersion: Int? = nil,
                stepPosition: Int? = nil, cause: String = "", correctiveAction: String = "", ownerId: Int64? = nil, dueOn: Day? = nil,
                status: FindingStatus = .open) {
        self.subject = subject
        self.figure = figure
        self.periodFrom = periodFrom
        self.periodTo = periodTo
        self.workflowVersion = workflowVersion
        self.stepPosition = stepPosition
        self.cause = cause
        self.correctiveAction = correctiveAction
        self.ownerId = ownerId
        self.dueOn = dueOn
        self.status = status
    }

    /// The most a field keeps, in characters: a subject is a line, the texts a paragraph or two.
    public static let subjectLimit = 200
    public static let figureLimit = 200
    public static let textLimit = 2000

    public enum Field: String, Sendable, CaseIterable {
        case subject, figure, cause, correctiveAction
    }

    public enum Problem: Sendable, Equatable {
        case subjectEmpty
        case tooLong(Field, limit: Int)
        case periodReversed
        case ownerMissing
        case dueMissing
        /// A step position without the version it belongs to, or a version without a step.
        case stepWithoutVersion
        /// "Selesai" needs the corrective action that closed it.
        case doneWithoutAction
    }

    /// What is wrong with the draft, in the form's order; empty when it may be stored.
    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if subject.trimmed.isEmpty { problems.append(.subjectEmpty) }
        for (field, text, limit) in [(Field.subject, subject, Self.subjectLimit), (.figure, figure, Self.figureLimit),
                                     (.cause, cause, Self.textLimit), (.correctiveAction, correctiveAction, Self.textLimit)]
        where text.count > limit {
            problems.append(.tooLong(field, limit: limit))
        }
        if let from = periodFrom, let to = periodTo, to < from { problems.append(.periodReversed) }
        if (workflowVersion == nil) != (stepPosition == nil) { problems.append(.stepWithoutVersion) }
        if ownerId == nil { problems.append(.ownerMissing) }
        if dueOn == nil { problems.append(.dueMissing) }
        if status == .done && correctiveAction.trimmed.isEmpty { problems.append(.doneWithoutAction) }
        return problems
    }
}

/// The rules of who does what with findings, and how a status moves.
public enum FindingRules {
    /// The heads: holders of the role of the running workflow's last decide step (who approve its
    /// work last, as on the SOP document), and the administrators.
    public static func isHead(roles: Set<RoleKey>, workflow: Workflow?) -> Bool {
        if roles.isAdmin { return true }
        guard let last = workflow?.steps.last(where: { $0.kind == .decide }) else { return false }
        return roles.contains(last.roleKey)
    }

    /// Raise a finding, see every one, edit every one: heads and administrators.
    public static func mayRaise(roles: Set<RoleKey>, workflow: Workflow?) -> Bool { isHead(roles: roles, workflow: workflow) }

    /// See and edit one finding: its owner, heads and administrators.
    public static func mayEdit(userId: Int64, roles: Set<RoleKey>, workflow: Workflow?, ownerId: Int64) -> Bool {
        userId == ownerId || isHead(roles: roles, workflow: workflow)
    }

    /// The status after a workflow edit cited the finding: an open finding is being answered now
    /// ("sedang ditangani"); one already in progress or done stays as it is.
    public static func statusAfterCited(_ status: FindingStatus) -> FindingStatus {
        status == .open ? .inProgress : status
    }

    /// Past its due date and not done, on `today`.
    public static func isOverdue(status: FindingStatus, dueOn: Day, today: Day) -> Bool {
        status.isOpen && dueOn < today
    }

    /// Whether `closedAt` is set after a change from `old` to `new`: on entering "done", kept
    /// while done, cleared when the finding is opened again.
    public enum ClosedChange: Sendable, Equatable { case set, keep, clear }
    public static func closedChange(from old: FindingStatus?, to new: FindingStatus) -> ClosedChange {
        if new == .done { return old == .done ? .keep : .set }
        return old == .done ? .clear : .keep
    }
}

extension String {
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
