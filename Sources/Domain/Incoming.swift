import Foundation

/// How a message reached the institution's account.
public enum MessageKind: String, Sendable, Codable, CaseIterable {
    case comment
    case dm
    case mention
    case review
    case tag
}

/// What a message is about, as the monitor files it.
public enum MessageCategory: String, Sendable, Codable, CaseIterable {
    case pertanyaan
    /// Keluhan / aduan: may be referred to SP4N-LAPOR!.
    case keluhan
    case saran
    case informasi
    case apresiasi
    /// Hoaks / disinformasi: may be closed at the first step.
    case hoaks
    /// May be closed at the first step.
    case spam

    /// Closed at the first step with a reason, without a division.
    public var canBeDismissed: Bool { self == .spam || self == .hoaks }
    /// May be referred to SP4N-LAPOR!, the national complaint service.
    public var canBeReferred: Bool { self == .keluhan }
}

// MARK: - The follow-up workflow

/// The four stages of a message's follow-up (Kendal SOP, activities 6–9). Their order is fixed,
/// because each moves the message in its own way; names, roles and standard times are settings.
public enum FollowUpStepKind: String, Sendable, Codable, CaseIterable {
    /// The monitor logs the message.
    case log
    /// The monitor forwards it to the division concerned.
    case forward
    /// The division answers or decides, with a reason.
    case followUp = "follow-up"
    /// The monitor posts the answer and records the reply's link.
    case post
}

/// One step of the follow-up workflow. Like `WorkflowStep`, a name, a role and a standard time in
/// office minutes; the follow-up step's standard depends on the category.
public struct FollowUpStep: Sendable, Equatable, Hashable, Codable {
    public var kind: FollowUpStepKind
    public var name: String
    /// The role that acts. For the follow-up step, nil: the members of the message's division act.
    public var roleKey: RoleKey?
    public var standardMinutes: Int?

    public init(kind: FollowUpStepKind, name: String, roleKey: RoleKey?, standardMinutes: Int?) {
        self.kind = kind
        self.name = name
        self.roleKey = roleKey
        self.standardMinutes = standardMinutes
    }
}

/// The follow-up of incoming messages, as an institution runs it.
public struct FollowUpWorkflow: Sendable, Equatable, Hashable, Codable {
    /// Always four, in `FollowUpStepKind` order (`problems` checks it).
    public var steps: [FollowUpStep]
    /// The follow-up step's standard time per category, in office minutes; a category without one
    /// falls back to the step's own `standardMinutes`.
    public var categoryMinutes: [MessageCategory: Int]

    public init(steps: [FollowUpStep], categoryMinutes: [MessageCategory: Int]) {
        self.steps = steps
        self.categoryMinutes = categoryMinutes
    }

    /// One office day, as the default office hours count it (07:30–16:00).
    public static let officeDayMinutes = 8 * 60 + 30

    /// The Kendal default: log and forward (Pengelola TI, 5 minutes), follow-up by the division,
    /// the answer posted (Pengelola TI, 5 minutes). A complaint has one office day.
    public static func kendal(monitorRole: RoleKey = "pengelola-ti") -> FollowUpWorkflow {
        FollowUpWorkflow(
            steps: [
                FollowUpStep(kind: .log, name: "Catat informasi yang masuk", roleKey: monitorRole, standardMinutes: nil),
                FollowUpStep(kind: .forward, name: "Teruskan ke bidang terkait", roleKey: monitorRole, standardMinutes: 5),
                FollowUpStep(kind: .followUp, name: "Tindak lanjut oleh bidang", roleKey: nil, standardMinutes: officeDayMinutes),
                FollowUpStep(kind: .post, name: "Unggah tindak lanjut", roleKey: monitorRole, standardMinutes: 5),
            ],
            categoryMinutes: [
                .pertanyaan: officeDayMinutes, .keluhan: officeDayMinutes, .saran: 2 * officeDayMinutes,
                .informasi: 2 * officeDayMinutes, .apresiasi: officeDayMinutes, .hoaks: 4 * 60,
            ])
    }

    /// The default of a preset: the Kendal shape, with the role that publishes as the monitor
    /// (the Pengelola TI in Kendal, the admin medsos elsewhere).
    public static func preset(_ preset: SOPPreset) -> FollowUpWorkflow {
        let monitor = preset.steps.last { $0.kind == .publish }?.roleKey ?? preset.roles.first?.key ?? .admin
        return kendal(monitorRole: monitor)
    }

    /// The step of `kind`. Positions are 1-based, in kind order.
    public func step(_ kind: FollowUpStepKind) -> FollowUpStep? { steps.first { $0.kind == kind } }

    public static func position(of kind: FollowUpStepKind) -> Int {
        (FollowUpStepKind.allCases.firstIndex(of: kind) ?? 0) + 1
    }

    /// The standard time of the step of `kind` for a message of `category`.
    public func standardMinutes(_ kind: FollowUpStepKind, category: MessageCategory) -> Int? {
        if kind == .followUp, let minutes = categoryMinutes[category] { return minutes }
        return step(kind)?.standardMinutes
    }

    public enum Problem: Equatable, Sendable, Hashable {
        /// The steps are not log, forward, follow-up and post, in that order.
        case wrongSteps
        case emptyName(position: Int)
        case unknownRole(position: Int, role: RoleKey)
        /// Log, forward and post need a role; the follow-up step is the division's.
        case missingRole(position: Int)
        case invalidMinutes(position: Int)
        case invalidCategoryMinutes(MessageCategory)
    }

    public func problems(knownRoles: Set<RoleKey>) -> [Problem] {
        guard steps.map(\.kind) == FollowUpStepKind.allCases else { return [.wrongSteps] }
        var problems: [Problem] = []
        for (index, step) in steps.enumerated() {
            let position = index + 1
            if step.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.emptyName(position: position)) }
            if let role = step.roleKey, !knownRoles.contains(role) { problems.append(.unknownRole(position: position, role: role)) }
            if step.roleKey == nil, step.kind != .followUp { problems.append(.missingRole(position: position)) }
            if let minutes = step.standardMinutes, !(0...Workflow.maximumStandardMinutes).contains(minutes) {
                problems.append(.invalidMinutes(position: position))
            }
        }
        for category in MessageCategory.allCases {
            if let minutes = categoryMinutes[category], !(0...Workflow.maximumStandardMinutes).contains(minutes) {
                problems.append(.invalidCategoryMinutes(category))
            }
        }
        return problems
    }

    // Stored as `{"steps":[…],"categoryMinutes":{"keluhan":510,…}}`: category keys, not an array of pairs.
    enum CodingKeys: String, CodingKey { case steps, categoryMinutes }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        steps = try container.decode([FollowUpStep].self, forKey: .steps)
        let minutes = try container.decodeIfPresent([String: Int].self, forKey: .categoryMinutes) ?? [:]
        categoryMinutes = Dictionary(uniqueKeysWithValues: minutes.compactMap { key, value in MessageCategory(rawValue: key).map { ($0, value) } })
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(steps, forKey: .steps)
        try container.encode(Dictionary(uniqueKeysWithValues: categoryMinutes.map { ($0.key.rawValue, $0.value) }), forKey: .categoryMinutes)
    }
}

/// Where a message is in its follow-up. The step it waits at follows from it.
public enum FollowUpStatus: String, Sendable, Codable, CaseIterable {
    /// Logged, waiting to be forwarded (step 2).
    case logged
    /// At the division (step 3).
    case forwarded
    /// Answered by the division, waiting to be posted (step 4).
    case answered
    /// Referred to SP4N-LAPOR!, waiting for the referral's outcome.
    case referred
    case closed

    /// The step a message with this status waits at; nil when it waits for no one here.
    public var waitingStep: FollowUpStepKind? {
        switch self {
        case .logged: .forward
        case .forwarded: .followUp
        case .answered: .post
        case .referred, .closed: nil
        }
    }
}

/// How a closed message ended.
public enum FollowUpOutcome: String, Sendable, Codable, CaseIterable {
    /// The answer was posted, with the reply's link.
    case posted
    /// The division decided, with a reason, and no reply is posted.
    case decided
    /// Closed at the first step as spam or hoaks, with a reason.
    case dismissed
    /// Closed on the outcome of its SP4N-LAPOR! referral.
    case referralClosed = "referral-closed"
}

/// A line of a message's history.
public enum IncomingAction: String, Sendable, Codable, CaseIterable {
    case log
    case forward
    case dismiss
    case answer
    case decide
    case post
    case refer
    case referralOutcome = "referral-outcome"
}

/// What someone does to a message.
public enum FollowUpAction: Sendable, Equatable {
    /// Forward to a division (the forward step).
    case forward(divisionId: Int64)
    /// Close a spam or hoaks message at the first step, with a reason.
    case dismiss(reason: String)
    /// The division's answer, to be posted (the reason is optional).
    case answer(text: String, reason: String?)
    /// The division's decision without a reply, with a reason: closes the message.
    case decide(reason: String)
    /// The answer posted, with the reply's link (already validated for the message's channel).
    case post(link: String)
    /// Refer a complaint to SP4N-LAPOR!, with its tracking number.
    case refer(trackingNumber: String)
    /// The referral's outcome: the message closes, or goes back to where it was referred from.
    case referralOutcome(text: String, close: Bool)

    public var historyAction: IncomingAction {
        switch self {
        case .forward: .forward
        case .dismiss: .dismiss
        case .answer: .answer
        case .decide: .decide
        case .post: .post
        case .refer: .refer
        case .referralOutcome: .referralOutcome
        }
    }
}

/// A message as the transition function reads it.
public struct FollowUpState: Sendable, Equatable {
    public var status: FollowUpStatus
    public var category: MessageCategory
    public var divisionId: Int64?
    public var outcome: FollowUpOutcome?

    public init(status: FollowUpStatus, category: MessageCategory, divisionId: Int64? = nil, outcome: FollowUpOutcome? = nil) {
        self.status = status
        self.category = category
        self.divisionId = divisionId
        self.outcome = outcome
    }

    public static func logged(_ category: MessageCategory) -> FollowUpState { FollowUpState(status: .logged, category: category) }
}

/// Who acts, as the transition function needs it: the roles they may act in now (their own, or
/// the ones delegated to them when acting "a.n."), and the divisions they belong to.
public struct FollowUpActor: Sendable, Equatable {
    public var roles: Set<RoleKey>
    public var divisionIds: Set<Int64>

    public init(roles: Set<RoleKey>, divisionIds: Set<Int64>) {
        self.roles = roles
        self.divisionIds = divisionIds
    }
}

public enum FollowUpError: Error, Equatable, Sendable {
    /// The action does not fit where the message is (answering a message not yet forwarded, say).
    case wrongStep(action: IncomingAction, status: FollowUpStatus)
    /// The actor does not hold the step's role.
    case wrongRole(RoleKey)
    /// The actor is not a member of the message's division.
    case notInDivision
    case missingReason
    case missingText
    case missingLink
    case missingTrackingNumber
    case unknownDivision
    /// The division has no active members: nobody could follow the message up.
    case divisionHasNoMembers
    /// Only spam and hoaks are closed at the first step.
    case cannotDismiss(MessageCategory)
    /// Only complaints go to SP4N-LAPOR!.
    case cannotRefer(MessageCategory)
}

/// What a transition did: the new state, and the step acted at with its standard time, for the
/// history line.
public struct FollowUpTransition: Sendable, Equatable {
    public var state: FollowUpState
    /// The step whose work this action was (nil for the referral's outcome, which is no step of the SOP).
    public var step: FollowUpStepKind?
    public var standardMinutes: Int?
}

extension FollowUpWorkflow {
    /// The longest text kept for a reason, an answer or a tracking number is the caller's concern;
    /// here only emptiness counts.
    static func isBlank(_ text: String?) -> Bool { (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }

    /// Applies `action` to a message in `state`. Pure: `activeMembers` says how many active members
    /// a division has (nil for no such division).
    public func apply(_ action: FollowUpAction, to state: FollowUpState, by actor: FollowUpActor,
                      activeMembers: (Int64) -> Int?) throws(FollowUpError) -> FollowUpTransition {
        func requireRole(_ kind: FollowUpStepKind) throws(FollowUpError) {
            if let role = step(kind)?.roleKey, !actor.roles.contains(role) { throw .wrongRole(role) }
        }
        func requireMember() throws(FollowUpError) {
            guard let division = state.divisionId, actor.divisionIds.contains(division) else { throw .notInDivision }
            if let role = step(.followUp)?.roleKey, !actor.roles.contains(role) { throw .wrongRole(role) }
        }
        func wrong() -> FollowUpError { .wrongStep(action: action.historyAction, status: state.status) }
        var next = state
        let acted: FollowUpStepKind?
        switch action {
        case .forward(let divisionId):
            guard state.status == .logged else { throw wrong() }
            try requireRole(.forward)
            guard let members = activeMembers(divisionId) else { throw .unknownDivision }
            guard members > 0 else { throw .divisionHasNoMembers }
            next.status = .forwarded
            next.divisionId = divisionId
            acted = .forward
        case .dismiss(let reason):
            guard state.status == .logged else { throw wrong() }
            try requireRole(.forward)
            guard state.category.canBeDismissed else { throw .cannotDismiss(state.category) }
            guard !Self.isBlank(reason) else { throw .missingReason }
            next.status = .closed
            next.outcome = .dismissed
            acted = .forward
        case .answer(let text, _):
            guard state.status == .forwarded else { throw wrong() }
            try requireMember()
            guard !Self.isBlank(text) else { throw .missingText }
            next.status = .answered
            acted = .followUp
        case .decide(let reason):
            guard state.status == .forwarded else { throw wrong() }
            try requireMember()
            guard !Self.isBlank(reason) else { throw .missingReason }
            next.status = .closed
            next.outcome = .decided
            acted = .followUp
        case .post(let link):
            guard state.status == .answered else { throw wrong() }
            try requireRole(.post)
            guard !Self.isBlank(link) else { throw .missingLink }
            next.status = .closed
            next.outcome = .posted
            acted = .post
        case .refer(let number):
            guard state.category.canBeReferred else { throw .cannotRefer(state.category) }
            switch state.status {
            case .logged: try requireRole(.forward)
            case .forwarded: try requireMember()
            default: throw wrong()
            }
            guard !Self.isBlank(number) else { throw .missingTrackingNumber }
            next.status = .referred
            acted = state.status == .logged ? .forward : .followUp
        case .referralOutcome(let text, let close):
            guard state.status == .referred else { throw wrong() }
            // The monitor records it, or a member of the division it was referred from.
            let isMonitor = step(.forward)?.roleKey.map(actor.roles.contains) ?? true
            let isMember = state.divisionId.map(actor.divisionIds.contains) ?? false
            guard isMonitor || isMember else {
                if let role = step(.forward)?.roleKey { throw .wrongRole(role) }
                throw .notInDivision
            }
            guard !Self.isBlank(text) else { throw .missingText }
            if close {
                next.status = .closed
                next.outcome = .referralClosed
            } else {
                next.status = state.divisionId == nil ? .logged : .forwarded
            }
            acted = nil
        }
        return FollowUpTransition(state: next, step: acted, standardMinutes: acted.flatMap { standardMinutes($0, category: state.category) })
    }

    /// The actions that make sense for a message in `state`, for the buttons a page offers (the
    /// actor's rights are checked when one is taken).
    public func actions(for state: FollowUpState) -> [IncomingAction] {
        switch state.status {
        case .logged:
            [.forward] + (state.category.canBeDismissed ? [.dismiss] : []) + (state.category.canBeReferred ? [.refer] : [])
        case .forwarded: [.answer, .decide] + (state.category.canBeReferred ? [.refer] : [])
        case .answered: [.post]
        case .referred: [.referralOutcome]
        case .closed: []
        }
    }
}

// MARK: - Logging a message

/// What the monitor fills in for a new message, checked before it is stored.
public struct IncomingDraft: Sendable, Equatable {
    public var channel: Channel
    public var sender: String
    public var receivedAt: Date
    public var kind: MessageKind
    public var category: MessageCategory
    public var text: String
    /// The link to the message, already normalised by `IncomingLinks.validate`; nil when none.
    public var link: String?
    /// An uploaded screenshot (`mediaFile.sha256`).
    public var screenshotSha256: String?
    public var contentItemId: Int64?

    public init(channel: Channel, sender: String, receivedAt: Date, kind: MessageKind, category: MessageCategory, text: String,
                link: String? = nil, screenshotSha256: String? = nil, contentItemId: Int64? = nil) {
        self.channel = channel
        self.sender = sender
        self.receivedAt = receivedAt
        self.kind = kind
        self.category = category
        self.text = text
        self.link = link
        self.screenshotSha256 = screenshotSha256
        self.contentItemId = contentItemId
    }

    public static let maximumSenderLength = 200
    public static let maximumTextLength = 5_000
    /// Clocks differ a little: a received time up to this many seconds ahead of now is taken as now.
    public static let clockSkew: TimeInterval = 120

    public enum Problem: Equatable, Sendable, Hashable {
        case emptySender
        case senderTooLong
        case emptyText
        case textTooLong
        case receivedInFuture
    }

    public func problems(now: Date) -> [Problem] {
        var problems: [Problem] = []
        let sender = sender.trimmingCharacters(in: .whitespacesAndNewlines)
        if sender.isEmpty { problems.append(.emptySender) }
        if sender.count > Self.maximumSenderLength { problems.append(.senderTooLong) }
        let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { problems.append(.emptyText) }
        if text.count > Self.maximumTextLength { problems.append(.textTooLong) }
        if receivedAt.timeIntervalSince(now) > Self.clockSkew { problems.append(.receivedInFuture) }
        return problems
    }
}

// MARK: - Office minutes per step

/// Office minutes spent at one step, against its standard, over many messages.
public struct StepMinutes: Sendable, Equatable {
    public var officeMinutes: Int
    public var standardMinutes: Int?

    public init(officeMinutes: Int, standardMinutes: Int?) {
        self.officeMinutes = officeMinutes
        self.standardMinutes = standardMinutes
    }

    public var withinStandard: Bool { standardMinutes.map { officeMinutes <= $0 } ?? true }
}

/// Median and 90th percentile of a step's office minutes, and the share within standard.
public struct StepStatistics: Sendable, Equatable {
    public var count: Int
    public var median: Int?
    public var p90: Int?
    /// Lines with a standard that met it, of the lines with a standard.
    public var withinStandard: Int
    public var withStandard: Int

    /// Percent within standard, rounded down; nil without a line that has a standard.
    public var withinStandardPercent: Int? { withStandard == 0 ? nil : withinStandard * 100 / withStandard }

    public init(_ lines: [StepMinutes]) {
        let values = lines.map(\.officeMinutes)
        count = values.count
        median = Percentile.nearestRank(values, 50)
        p90 = Percentile.nearestRank(values, 90)
        let standard = lines.filter { $0.standardMinutes != nil }
        withStandard = standard.count
        withinStandard = standard.filter(\.withinStandard).count
    }
}

public enum Percentile {
    /// The nearest-rank percentile (`p` in 0…100) of `values`: the smallest value with at least
    /// `p` percent of the values at or below it. Nil for no values.
    public static func nearestRank(_ values: [Int], _ p: Double) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

// MARK: - WhatsApp hand-off

public enum WhatsAppNumber {
    /// The number as `wa.me` takes it: digits only, with the country code. A leading `0` is taken
    /// as Indonesian (`0812…` → `62812…`); spaces, hyphens, dots, brackets and a leading `+` are
    /// dropped. Nil for anything else or outside 8–15 digits; an empty text stays empty.
    public static func normalise(_ text: String) -> String? {
        var digits = ""
        for (index, character) in text.trimmingCharacters(in: .whitespaces).enumerated() {
            if character.isASCII, character.isNumber { digits.append(character) }
            else if character == "+", index == 0 { continue }
            else if " -.()".contains(character) { continue }
            else { return nil }
        }
        if digits.isEmpty { return text.trimmingCharacters(in: .whitespaces).isEmpty ? "" : nil }
        if digits.hasPrefix("0") { digits = "62" + digits.dropFirst() }
        return (8...15).contains(digits.count) ? digits : nil
    }
}

extension WhatsAppNumber {
    /// The WhatsApp hand-off link to `number` (as `normalise` gives it) with `text` filled in:
    /// `https://wa.me/6281234567890?text=…`. Nil without a number.
    public static func link(_ number: String, text: String) -> String? {
        guard !number.isEmpty, number.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        let encoded = text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
        return "https://wa.me/\(number)" + (encoded.isEmpty ? "" : "?text=\(encoded)")
    }
}
