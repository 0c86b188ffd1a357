import Domain
import Foundation

/// What `/delegations` shows: the delegations given or received (every one, for administrators),
/// each with its state, and the form to hand a role on.
extension DelegationsController {
    struct Row: Sendable {
        let from: String
        let to: String
        let role: String
        let period: String
        let stateKey: String
        let state: String
        let revokeAction: String?
    }
    struct Form: Sendable {
        var fromUser: String = ""
        var toUser: String = ""
        var role: String = ""
        var startsOn: String = ""
        var endsOn: String = ""
        /// The days in Indonesian words beside their fields (`DateText.fieldWords`).
        var startsOnWords: String { DateText.fieldWords(startsOn, zone: "") }
        var endsOnWords: String { DateText.fieldWords(endsOn, zone: "") }
    }
    struct Page: Sendable {
        let rows: [Row]
        let isAdmin: Bool
        let fromUsers: [ChoiceOption]
        let toUsers: [ChoiceOption]
        let roles: [ChoiceOption]
        let form: Form
        let errors: [String]
        let canDelegate: Bool
    }
}

extension DelegationsController.Page {
    init(user: CurrentUser, delegations: [DelegationRow], users: [UserSummary], form: DelegationsController.Form, errors: [String],
         institution: InstitutionStore, today: Day, t: Texts, dates: DateText) {
        let isAdmin = user.roles.isAdmin
        let calendar = institution.officeCalendar
        func dayText(_ text: String) -> String {
            guard let day = Day(text), let date = calendar.startOfDayDate(day) else { return text }
            return dates.date(date)
        }
        let rows = delegations.map { row -> DelegationsController.Row in
            let record = row.record
            let state = Self.state(row, today: today)
            let mayRevoke = record.revokedAt == nil && state != "ended" && (isAdmin || record.fromUserId == user.id || record.toUserId == user.id)
            return .init(from: row.fromName, to: row.toName, role: institution.roleName(record.roleKey),
                         period: "\(dayText(record.startsOn)) – \(dayText(record.endsOn))", stateKey: state,
                         state: StoredLabel.delegationState(state, t),
                         revokeAction: mayRevoke ? SiteURL.delegationRevoke(record.id!).path : nil)
        }
        let ownRoles = user.roles.filter { $0 != RoleKey.admin }
        let roleChoices = institution.roles.filter { $0.key != RoleKey.admin && (isAdmin || ownRoles.contains($0.key)) }
        self.init(
            rows: rows, isAdmin: isAdmin,
            fromUsers: users.map { .init(value: "\($0.id)", label: $0.displayName, selected: "\($0.id)" == form.fromUser) },
            toUsers: users.filter { isAdmin || $0.id != user.id }.map { .init(value: "\($0.id)", label: $0.displayName, selected: "\($0.id)" == form.toUser) },
            roles: roleChoices.map { .init(value: $0.key.rawValue, label: $0.name, selected: $0.key.rawValue == form.role) },
            form: form, errors: errors, canDelegate: !roleChoices.isEmpty)
    }

    /// `revoked`, `lapsed`, `active`, `upcoming` or `ended` on `today`.
    static func state(_ row: DelegationRow, today: Day) -> String {
        let record = row.record
        let period = DelegationPeriod(startsOn: Day(record.startsOn)!, endsOn: Day(record.endsOn)!, revoked: record.revokedAt != nil)
        if record.revokedAt != nil {
            return "revoked"
        } else if !row.fromHoldsRole, today <= period.endsOn {
            // The delegator left or lost the role: the delegation no longer acts (issue 10).
            return "lapsed"
        } else if period.isActive(on: today) {
            return "active"
        } else if today < period.startsOn {
            return "upcoming"
        }
        return "ended"
    }
}
