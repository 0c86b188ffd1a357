import Domain
import Foundation

// Labels of the incoming-message types (issue 14), from the compiled texts, in the pattern of
// Labels.swift: no key is built from strings at run time.

extension MessageKind {
    func label(_ t: Texts) -> String {
        switch self {
        case .comment: t.message_kind_comment
        case .dm: t.message_kind_dm
        case .mention: t.message_kind_mention
        case .review: t.message_kind_review
        case .tag: t.message_kind_tag
        }
    }
}

extension MessageCategory {
    func label(_ t: Texts) -> String {
        switch self {
        case .pertanyaan: t.message_category_pertanyaan
        case .keluhan: t.message_category_keluhan
        case .saran: t.message_category_saran
        case .informasi: t.message_category_informasi
        case .apresiasi: t.message_category_apresiasi
        case .hoaks: t.message_category_hoaks
        case .spam: t.message_category_spam
        }
    }
}

extension RoundStatus {
    func label(_ t: Texts) -> String {
        switch self {
        case .done: t.round_status_done
        case .late: t.round_status_late
        case .missed: t.round_status_missed
        case .current: t.round_status_current
        case .upcoming: t.round_status_upcoming
        }
    }
}

extension FollowUpStatus {
    func label(_ t: Texts) -> String {
        switch self {
        case .logged: t.followup_status_logged
        case .forwarded: t.followup_status_forwarded
        case .answered: t.followup_status_answered
        case .referred: t.followup_status_referred
        case .closed: t.followup_status_closed
        }
    }
}

extension FollowUpOutcome {
    func label(_ t: Texts) -> String {
        switch self {
        case .posted: t.followup_outcome_posted
        case .decided: t.followup_outcome_decided
        case .dismissed: t.followup_outcome_dismissed
        case .referralClosed: t.followup_outcome_referral_closed
        }
    }
}

extension FollowUpStepKind {
    /// The step's generic name; an institution's own step names are in its `FollowUpWorkflow`.
    func label(_ t: Texts) -> String {
        switch self {
        case .log: t.followup_step_log
        case .forward: t.followup_step_forward
        case .followUp: t.followup_step_follow_up
        case .post: t.followup_step_post
        }
    }
}

extension IncomingAction {
    func label(_ t: Texts) -> String {
        switch self {
        case .log: t.incoming_action_log
        case .forward: t.incoming_action_forward
        case .dismiss: t.incoming_action_dismiss
        case .answer: t.incoming_action_answer
        case .decide: t.incoming_action_decide
        case .post: t.incoming_action_post
        case .refer: t.incoming_action_refer
        case .referralOutcome: t.incoming_action_referral_outcome
        }
    }
}

extension IncomingDraft.Problem {
    func message(_ t: Texts) -> String {
        switch self {
        case .emptySender: t.incoming_error_empty_sender
        case .senderTooLong: t.incoming_error_sender_too_long
        case .emptyText: t.incoming_error_empty_text
        case .textTooLong: t.incoming_error_text_too_long(n: "\(IncomingDraft.maximumTextLength)")
        case .receivedInFuture: t.incoming_error_received_in_future
        }
    }
}

extension FollowUpError {
    func message(_ t: Texts) -> String {
        switch self {
        case .wrongStep: t.incoming_error_wrong_step
        case .wrongRole(let role): t.incoming_error_wrong_role(role: role.rawValue)
        case .notInDivision: t.incoming_error_not_in_division
        case .missingReason: t.incoming_error_missing_reason
        case .missingText: t.incoming_error_missing_text
        case .missingLink: t.incoming_error_missing_link
        case .missingTrackingNumber: t.incoming_error_missing_tracking
        case .unknownDivision: t.incoming_error_unknown_division
        case .divisionHasNoMembers: t.incoming_error_division_no_members
        case .cannotDismiss: t.incoming_error_cannot_dismiss
        case .cannotRefer: t.incoming_error_cannot_refer
        }
    }

    /// The HTTP status a page answers with: 403 for who may not act, 409 for where the message
    /// is, 422 for what is missing.
    var httpStatus: Int {
        switch self {
        case .wrongRole, .notInDivision: 403
        case .wrongStep: 409
        case .missingReason, .missingText, .missingLink, .missingTrackingNumber, .unknownDivision, .divisionHasNoMembers,
             .cannotDismiss, .cannotRefer: 422
        }
    }
}

extension IncomingError {
    /// The refusal in the user's language. `dateTime` formats the stale change's time (the page's
    /// `DateText`); `link` words a refused link (`LinkText.message`, which names the expected form).
    func message(_ t: Texts, dateTime: (Date) -> String, link: (PlatformLinkProblem) -> String) -> String {
        switch self {
        case .notFound: t.incoming_error_not_found
        case .stale(let actor, let at): t.incoming_error_stale(actor: actor, at: dateTime(at))
        case .transition(let error): error.message(t)
        case .invalid(let problems): problems.map { $0.message(t) }.joined(separator: " ")
        case .badLink(let problem): link(problem)
        case .duplicate: t.incoming_error_duplicate
        case .unknownScreenshot: t.incoming_error_unknown_screenshot
        case .unknownContentItem: t.incoming_error_unknown_content
        case .textTooLong: t.incoming_error_text_too_long(n: "\(IncomingDraft.maximumTextLength)")
        case .divisionNameEmpty: t.incoming_error_division_name_empty
        case .divisionNameTaken: t.incoming_error_division_name_taken
        case .invalidWhatsApp: t.incoming_error_invalid_whatsapp
        case .divisionInUse: t.incoming_error_division_in_use
        case .unknownDivision: t.incoming_error_unknown_division
        case .unknownUser: t.incoming_error_unknown_user
        case .monitoringOff: t.incoming_error_monitoring_off
        case .unknownRound: t.incoming_error_unknown_round
        case .notAnOfficeDay: t.incoming_error_not_office_day
        case .roundInFuture: t.incoming_error_round_in_future
        case .alreadyRecorded: t.incoming_error_already_recorded
        case .negativeCount: t.incoming_error_negative_count
        case .monitoringSettings, .followUpSettings: t.incoming_error_settings
        }
    }

    /// 404 not found, 409 stale or double, 403 not allowed, 422 for the rest (the form is shown again).
    var httpStatus: Int {
        switch self {
        case .notFound: 404
        case .stale, .duplicate, .alreadyRecorded: 409
        case .transition(let error): error.httpStatus
        default: 422
        }
    }
}
