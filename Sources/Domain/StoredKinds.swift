/// A day off in the national calendar.
public enum HolidayKind: String, Sendable, Codable, CaseIterable {
    /// A public holiday (libur nasional).
    case libur
    /// A joint leave day (cuti bersama).
    case cutiBersama = "cuti_bersama"
}

/// Where an agenda item came from.
public enum AgendaSource: String, Sendable, Codable, CaseIterable {
    /// Typed in on the agenda form.
    case manual
    /// Imported from an iCalendar file.
    case ics
}

/// What a publish line's comment holds: publishing takes no comment, so the column carries the
/// publisher's confirmation of a text-only post (no photo or video) as this mark, shown in words.
public enum PublishNote {
    public static let textOnly = "text-only"

    /// True for the publish line of a text-only post.
    public static func isTextOnly(action: HistoryAction, comment: String?) -> Bool {
        action == .publish && comment == textOnly
    }
}

/// A line in an item's history: its creation, an edit, a workflow action, or a change after
/// publication.
public enum HistoryAction: String, Sendable, Codable, CaseIterable {
    case create
    case edit
    case submit
    case approve
    case reject
    case publish
    /// A published item sent back through the workflow.
    case reopen
    /// A published item changed directly by the publishing role.
    case update

    public init(_ action: WorkflowAction) {
        switch action {
        case .submit: self = .submit
        case .approve: self = .approve
        case .reject: self = .reject
        case .publish: self = .publish
        }
    }

    /// The workflow action this line records, if it is one.
    public var workflowAction: WorkflowAction? { WorkflowAction(rawValue: rawValue) }
}

extension HistoryAction {
    /// The lines that move an item to another step or publish it. An edit, the creation and an
    /// update after publishing leave it where it is.
    public var isMove: Bool {
        switch self {
        case .submit, .approve, .reject, .publish, .reopen: true
        case .create, .edit, .update: false
        }
    }
}

/// An item sent back ("dikembalikan"): its last move was a rejection. It stays returned, and its
/// creator and the holders of the step it was sent to are told, until it moves on; edits while
/// it is back do not end it.
public enum ReturnedItem {
    /// The position in `history` (oldest first) of the rejection the item stands returned by, or
    /// nil when its last move was something else or it never moved.
    public static func rejectionIndex(_ history: [HistoryAction]) -> Int? {
        guard let last = history.lastIndex(where: \.isMove), history[last] == .reject else { return nil }
        return last
    }
}
