import Foundation

/// The four-eyes rule: who may decide (approve, send back, or correct as the decider) on an item
/// at a `decide` step. Pure: the caller feeds it the item's whole history, read in the same
/// transaction as the decision it is about to record.
///
/// **The round.** An item's round is its current pass through the workflow: everything since it
/// was created or, if it has been published and sent back through the workflow for an update
/// (`reopen`), since its last reopen. A rejection does *not* start a new round: the work is redone,
/// but whoever authored or handed on a revision earlier in the pass is still not an independent
/// checker of what follows from it.
///
/// **The rule.** Someone deciding counts as the people of their action: themselves and, when they
/// act on someone's behalf (Plt./Plh.), the person they stand in for. They are refused when
///
/// 1. any of those people created the item (in any round), or authored a revision or handed it on
///    at a `work` step in the current round (`create`, `edit` or `submit` there, as themselves or
///    on behalf of someone: both count). Corrections a decider makes at a `decide` step do not
///    count: a decider may still correct the caption at their own step and approve it.
/// 2. with `separateDeciders` on (the institution's setting, on by default): any of those people
///    already decided (approved or sent back) in the current round at a decide step whose role
///    differs from this step's role. One person holding two roles may not stand for two levels
///    of review. The same role at two steps (the UB Kasubdiv checks the material and then the
///    design) is the SOP itself and stays allowed.
public enum FourEyes {
    /// An item history action, as the history stores it.
    public enum Action: String, Sendable, CaseIterable {
        case create, edit, submit, approve, reject, publish, reopen, update
    }

    /// One line of an item's history, as far as the rule needs it.
    public struct Event: Sendable, Equatable {
        public var action: Action
        /// The step the item was at when it happened.
        public var position: Int
        public var actorId: Int64
        public var onBehalfOfId: Int64?

        public init(action: Action, position: Int, actorId: Int64, onBehalfOfId: Int64? = nil) {
            self.action = action
            self.position = position
            self.actorId = actorId
            self.onBehalfOfId = onBehalfOfId
        }

        /// The person who acted and the one they stood in for.
        public var people: Set<Int64> { Set([actorId] + (onBehalfOfId.map { [$0] } ?? [])) }
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// The decider (or the person they stand in for) created the item, or authored or handed on
        /// one of its revisions at a work step in this round.
        case authored
        /// The decider already decided at the decide step at `position` in this round, through
        /// another role.
        case decidedAtAnotherLevel(position: Int)
    }

    /// The events of the current round, in order: after the last `reopen`, or all of them.
    public static func currentRound(_ events: [Event]) -> ArraySlice<Event> {
        guard let reopen = events.lastIndex(where: { $0.action == .reopen }) else { return events[...] }
        return events[(reopen + 1)...]
    }

    /// Why the person `userId` (acting on behalf of `onBehalfOf`, if any) may not decide at
    /// `position`; nil when they may. Steps that are not `decide` steps are not the rule's concern.
    public static func refusal(
        userId: Int64, onBehalfOf: Int64?, at position: Int, workflow: Workflow, creatorId: Int64, events: [Event],
        separateDeciders: Bool
    ) -> Refusal? {
        guard let step = workflow.step(at: position), step.kind == .decide else { return nil }
        let decider = Set([userId] + (onBehalfOf.map { [$0] } ?? []))
        var authors: Set<Int64> = [creatorId]
        for event in events where event.action == .create { authors.formUnion(event.people) }
        let round = currentRound(events)
        for event in round where [.create, .edit, .submit].contains(event.action) && workflow.step(at: event.position)?.kind == .work {
            authors.formUnion(event.people)
        }
        if !authors.isDisjoint(with: decider) { return .authored }
        guard separateDeciders else { return nil }
        for event in round where [.approve, .reject].contains(event.action) && !event.people.isDisjoint(with: decider) {
            guard let earlier = workflow.step(at: event.position), earlier.kind == .decide else { continue }
            if earlier.roleKey != step.roleKey { return .decidedAtAnotherLevel(position: event.position) }
        }
        return nil
    }
}
