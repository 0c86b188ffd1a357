import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/delegations`: a person hands one of their roles to a colleague for some days (Plt./Plh.),
/// or an administrator does it on their behalf. The delegate acts "a.n." the delegator.
struct DelegationsController {
    let services: AppServices

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

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.delegations.route, use: list)
        loggedIn.post(SiteURL.delegations.route, use: create)
        loggedIn.post(SiteURL.delegationRevoke(0).route, use: revoke)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let today = services.institution.officeCalendar.day(of: services.now)
        var form = Form(fromUser: "\(user.id)", startsOn: today.description, endsOn: today.description)
        form.role = user.roles.filter { $0 != RoleKey.admin }.sorted().first?.rawValue ?? ""
        return try render(form, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let user = try context.requireIdentity()
        let isAdmin = user.roles.isAdmin
        let today = services.institution.officeCalendar.day(of: services.now)
        let dates = services.dateText(context)
        func dayText(_ text: String) -> String {
            guard let day = Day(text), let date = services.institution.officeCalendar.startOfDayDate(day) else { return text }
            return dates.date(date)
        }
        let rows = try services.database.delegations(involving: isAdmin ? nil : user.id).map { row -> Row in
            let record = row.record
            let period = DelegationPeriod(startsOn: Day(record.startsOn)!, endsOn: Day(record.endsOn)!, revoked: record.revokedAt != nil)
            let state: String
            if record.revokedAt != nil {
                state = "revoked"
            } else if !row.fromHoldsRole, today <= period.endsOn {
                // The delegator left or lost the role: the delegation no longer acts (issue 10).
                state = "lapsed"
            } else if period.isActive(on: today) {
                state = "active"
            } else if today < period.startsOn {
                state = "upcoming"
            } else {
                state = "ended"
            }
            let mayRevoke = record.revokedAt == nil && state != "ended" && (isAdmin || record.fromUserId == user.id || record.toUserId == user.id)
            return Row(from: row.fromName, to: row.toName, role: services.institution.roleName(record.roleKey),
                       period: "\(dayText(record.startsOn)) – \(dayText(record.endsOn))", stateKey: state,
                       state: StoredLabel.delegationState(state, services.texts(context)),
                       revokeAction: mayRevoke ? SiteURL.delegationRevoke(record.id!).path : nil)
        }
        let users = try services.database.users().filter(\.isActive)
        let ownRoles = user.roles.filter { $0 != RoleKey.admin }
        let roleChoices = services.institution.roles.filter { $0.key != RoleKey.admin && (isAdmin || ownRoles.contains($0.key)) }
        let page = Page(
            rows: rows, isAdmin: isAdmin,
            fromUsers: users.map { .init(value: "\($0.id)", label: $0.displayName, selected: "\($0.id)" == form.fromUser) },
            toUsers: users.filter { isAdmin || $0.id != user.id }.map { .init(value: "\($0.id)", label: $0.displayName, selected: "\($0.id)" == form.toUser) },
            roles: roleChoices.map { .init(value: $0.key.rawValue, label: $0.name, selected: $0.key.rawValue == form.role) },
            form: form, errors: errors, canDelegate: !roleChoices.isEmpty)
        return services.render(title: services.texts(context).delegations_title, request: request, context: context, status: status) {
            Templates.delegations(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        var form = Form(fromUser: data.trimmed("from_user"), toUser: data.trimmed("to_user"), role: data.trimmed("role"),
                        startsOn: data.trimmed("starts_on"), endsOn: data.trimmed("ends_on"))
        if !user.roles.isAdmin { form.fromUser = "\(user.id)" }  // only administrators delegate for others
        var errors: [String] = []
        let from = Int64(form.fromUser), to = Int64(form.toUser)
        let starts = Day(form.startsOn), ends = Day(form.endsOn)
        if to == nil { errors.append(services.texts(context).delegation_error_to) }
        if starts == nil || ends == nil { errors.append(services.texts(context).delegation_error_dates) }
        if form.role.isEmpty || form.role == RoleKey.admin.rawValue { errors.append(services.texts(context).delegation_error_role) }
        if errors.isEmpty, let from, let to, let starts, let ends {
            do {
                let id = try services.database.createDelegation(from: from, to: to, roleKey: RoleKey(form.role), startsOn: starts, endsOn: ends, by: user.id, now: services.now)
                try services.database.audit(.delegationCreate, actorId: user.id, actorUsername: user.username, target: "#\(id)",
                                            clientAddress: context.clientAddress, detail: "\(form.role) \(from)→\(to) \(starts)…\(ends)", at: services.now)
                return .redirect(to: SiteURL.delegations.path + "?ok=delegation_created")
            } catch DelegationError.invalidRange {
                errors.append(services.texts(context).delegation_error_range)
            } catch DelegationError.selfDelegation {
                errors.append(services.texts(context).delegation_error_self)
            } catch DelegationError.roleNotHeld {
                errors.append(services.texts(context).delegation_error_not_held)
            } catch DelegationError.unknownUser {
                errors.append(services.texts(context).delegation_error_to)
            }
        }
        return try render(form, errors: errors, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
    }

    func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), let record = try services.database.delegation(id: id) else { throw AppError.notFound }
        guard user.roles.isAdmin || record.fromUserId == user.id || record.toUserId == user.id else { throw AppError.forbidden }
        _ = try services.database.revokeDelegation(id: id, by: user.id, now: services.now)
        try services.database.audit(.delegationRevoke, actorId: user.id, actorUsername: user.username, target: "#\(id)",
                                    clientAddress: context.clientAddress, at: services.now)
        return .redirect(to: SiteURL.delegations.path + "?ok=delegation_revoked")
    }
}
