import Foundation

/// One step of an institution's workflow.
public struct WorkflowStep: Sendable, Equatable, Hashable, Codable {
    public var name: String
    public var roleKey: RoleKey
    public var kind: StepKind
    /// The standard time ("Mutu Baku") in minutes; nil where the SOP gives none.
    public var standardMinutes: Int?
    /// For `decide` steps: the 1-based position a rejection returns to.
    public var rejectTo: Int?

    public init(name: String, roleKey: RoleKey, kind: StepKind, standardMinutes: Int? = nil, rejectTo: Int? = nil) {
        self.name = name
        self.roleKey = roleKey
        self.kind = kind
        self.standardMinutes = standardMinutes
        self.rejectTo = rejectTo
    }
}

/// An ordered list of steps: the SOP as the portal runs it. Positions are 1-based, as in the SOP
/// documents ("kegiatan no. 3").
public struct Workflow: Sendable, Equatable, Hashable, Codable {
    public var steps: [WorkflowStep]

    public init(steps: [WorkflowStep]) {
        self.steps = steps
    }

    public init(preset: SOPPreset) {
        self.steps = preset.steps.map {
            WorkflowStep(name: $0.name, roleKey: $0.roleKey, kind: $0.kind, standardMinutes: $0.standardMinutes, rejectTo: $0.rejectTo)
        }
    }

    public func step(at position: Int) -> WorkflowStep? {
        steps.indices.contains(position - 1) ? steps[position - 1] : nil
    }

    public var publishPosition: Int? { steps.firstIndex { $0.kind == .publish }.map { $0 + 1 } }

    public static let maximumSteps = 20
    public static let maximumStandardMinutes = 60 * 24 * 30

    /// Why a workflow cannot be used. Positions are 1-based.
    public enum Problem: Equatable, Sendable, Hashable {
        case noSteps
        case tooManySteps(maximum: Int)
        case firstStepMustBeWork
        case noPublishStep
        case moreThanOnePublishStep
        case publishStepNotLast
        case emptyName(position: Int)
        case unknownRole(position: Int, role: RoleKey)
        case invalidMinutes(position: Int)
        case missingRejectTarget(position: Int)
        case rejectTargetNotBackwards(position: Int, target: Int)
        case rejectTargetOnNonDecideStep(position: Int)
    }

    /// Everything that stops this workflow from carrying an item from the first step to a published
    /// post. Empty means the workflow is sound.
    public func problems(knownRoles: Set<RoleKey>) -> [Problem] {
        var problems: [Problem] = []
        guard !steps.isEmpty else { return [.noSteps] }
        if steps.count > Self.maximumSteps { problems.append(.tooManySteps(maximum: Self.maximumSteps)) }
        if steps[0].kind != .work { problems.append(.firstStepMustBeWork) }
        let publishCount = steps.filter { $0.kind == .publish }.count
        if publishCount == 0 { problems.append(.noPublishStep) }
        if publishCount > 1 { problems.append(.moreThanOnePublishStep) }
        if publishCount >= 1, steps.last?.kind != .publish { problems.append(.publishStepNotLast) }
        for (index, step) in steps.enumerated() {
            let position = index + 1
            if step.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.emptyName(position: position)) }
            if !knownRoles.contains(step.roleKey) { problems.append(.unknownRole(position: position, role: step.roleKey)) }
            if let minutes = step.standardMinutes, !(0...Self.maximumStandardMinutes).contains(minutes) {
                problems.append(.invalidMinutes(position: position))
            }
            switch (step.kind, step.rejectTo) {
            case (.decide, nil):
                problems.append(.missingRejectTarget(position: position))
            case (.decide, let target?) where target < 1 || target >= position:
                problems.append(.rejectTargetNotBackwards(position: position, target: target))
            case (.work, _?), (.publish, _?):
                problems.append(.rejectTargetOnNonDecideStep(position: position))
            default:
                break
            }
        }
        return problems
    }

    public func isValid(knownRoles: Set<RoleKey>) -> Bool { problems(knownRoles: knownRoles).isEmpty }
}

// MARK: - Moving an item along

/// Where an item is: the status people see follows from its position.
public enum ItemStatus: String, Sendable, Codable, CaseIterable {
    case draft
    case inReview = "in_review"
    case readyToPublish = "ready_to_publish"
    case published
}

public enum WorkflowAction: String, Sendable, Codable, CaseIterable {
    case submit
    case approve
    case reject
    case publish

    /// The step kind this action belongs to.
    public var stepKind: StepKind {
        switch self {
        case .submit: .work
        case .approve, .reject: .decide
        case .publish: .publish
        }
    }

    /// Whether the action can be taken at a step of `kind`: its own kind, and sending back
    /// (`reject`) also at the publish step, where an item that cannot go out (a channel that needs
    /// a photo or video has none) returns to the drafter.
    public func isAllowed(at kind: StepKind) -> Bool {
        kind == stepKind || (self == .reject && kind == .publish)
    }
}

/// An item's place in its workflow.
public struct ItemPosition: Sendable, Equatable, Codable {
    public var position: Int
    public var published: Bool

    public init(position: Int, published: Bool = false) {
        self.position = position
        self.published = published
    }

    public static let start = ItemPosition(position: 1)
}

public enum TransitionError: Error, Equatable, Sendable {
    /// The action does not fit the current step (approving at a `work` step, say).
    case actionNotAllowed(action: WorkflowAction, stepKind: StepKind)
    case alreadyPublished
    case positionOutOfRange
}

extension Workflow {
    public func status(of item: ItemPosition) -> ItemStatus {
        if item.published { return .published }
        if item.position == 1 { return .draft }
        if step(at: item.position)?.kind == .publish { return .readyToPublish }
        return .inReview
    }

    /// The position an action leads to. Pure: the caller checks who may act.
    public func apply(_ action: WorkflowAction, to item: ItemPosition) throws(TransitionError) -> ItemPosition {
        guard !item.published else { throw .alreadyPublished }
        guard let step = step(at: item.position) else { throw .positionOutOfRange }
        guard action.isAllowed(at: step.kind) else { throw .actionNotAllowed(action: action, stepKind: step.kind) }
        switch action {
        case .submit, .approve:
            guard item.position < steps.count else { throw .positionOutOfRange }
            return ItemPosition(position: item.position + 1)
        case .reject where step.kind == .publish:
            // From the publish step back to the drafter's step, the first one (always a work step).
            guard item.position > 1 else { throw .positionOutOfRange }
            return ItemPosition(position: 1)
        case .reject:
            guard let target = step.rejectTo, target >= 1, target < item.position else { throw .positionOutOfRange }
            return ItemPosition(position: target)
        case .publish:
            return ItemPosition(position: item.position, published: true)
        }
    }

    /// The actions a holder of the step's role can take at `item`.
    public func actions(at item: ItemPosition) -> [WorkflowAction] {
        guard !item.published, let step = step(at: item.position) else { return [] }
        switch step.kind {
        case .work: return [.submit]
        case .decide: return [.approve, .reject]
        case .publish: return [.publish, .reject]
        }
    }
}

// MARK: - Versions

/// Every version an institution's workflow has had. Editing adds a version; nothing is rewritten,
/// so items in flight finish on the version they started with and the SOP's evolution stays on
/// record.
public struct WorkflowHistory: Sendable, Equatable {
    public private(set) var versions: [Workflow]

    public init(first: Workflow) {
        versions = [first]
    }

    public init?(versions: [Workflow]) {
        guard !versions.isEmpty else { return nil }
        self.versions = versions
    }

    /// Versions are numbered from 1.
    public var currentNumber: Int { versions.count }
    public var current: Workflow { versions[versions.count - 1] }

    public func workflow(version: Int) -> Workflow? {
        versions.indices.contains(version - 1) ? versions[version - 1] : nil
    }

    public enum RevisionError: Error, Equatable, Sendable {
        case invalid([Workflow.Problem])
        case unchanged
    }

    /// Adds `workflow` as the new current version, after checking it can finish. Returns its number.
    @discardableResult
    public mutating func revise(_ workflow: Workflow, knownRoles: Set<RoleKey>) throws(RevisionError) -> Int {
        let problems = workflow.problems(knownRoles: knownRoles)
        guard problems.isEmpty else { throw .invalid(problems) }
        guard workflow != current else { throw .unchanged }
        versions.append(workflow)
        return currentNumber
    }
}
