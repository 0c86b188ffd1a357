import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/delegations`: a person hands one of their roles to a colleague for some days (Plt./Plh.),
/// or an administrator does it on their behalf. The delegate acts "a.n." the delegator. The reads
/// are `DelegationsQuery.swift`, the model `DelegationsPage.swift`.
struct DelegationsController {
    let database: AppDatabase
    let institution: InstitutionStore
    let config: AppConfig
    let clock: AppClock
    let renderer: Renderer


    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.delegations.route, use: list)
        loggedIn.post(SiteURL.delegations.route, use: create)
        loggedIn.post(SiteURL.delegationRevoke(0).route, use: revoke)
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let today = institution.today(clock.now())
        var form = Form(fromUser: "\(user.id)", startsOn: today.description, endsOn: today.description)
        form.role = user.roles.filter { $0 != RoleKey.admin }.sorted().first?.rawValue ?? ""
        return try render(form, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let user = try context.requireIdentity()
        let page = Page(user: user, delegations: try database.delegations(involving: user.roles.isAdmin ? nil : user.id),
                        users: try database.users().filter(\.isActive), form: form, errors: errors, institution: institution,
                        today: institution.today(clock.now()), t: renderer.texts(context), dates: renderer.dateText(context))
        return renderer.render(title: renderer.texts(context).delegations_title, request: request, context: context, status: status) {
            Templates.delegations(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: config.maxBodyBytes)
        var form = Form(fromUser: data.trimmed("from_user"), toUser: data.trimmed("to_user"), role: data.trimmed("role"),
                        startsOn: data.trimmed("starts_on"), endsOn: data.trimmed("ends_on"))
        if !user.roles.isAdmin { form.fromUser = "\(user.id)" }  // only administrators delegate for others
        var errors: [String] = []
        let from = Int64(form.fromUser), to = Int64(form.toUser)
        let starts = Day(form.startsOn), ends = Day(form.endsOn)
        if to == nil { errors.append(renderer.texts(context).delegation_error_to) }
        if starts == nil || ends == nil { errors.append(renderer.texts(context).delegation_error_dates) }
        if form.role.isEmpty || form.role == RoleKey.admin.rawValue { errors.append(renderer.texts(context).delegation_error_role) }
        if errors.isEmpty, let from, let to, let starts, let ends {
            do {
                let id = try database.createDelegation(from: from, to: to, roleKey: RoleKey(form.role), startsOn: starts, endsOn: ends, by: user.id, now: clock.now())
                try database.audit(.delegationCreate, actorId: user.id, actorUsername: user.username, target: "#\(id)",
                                            clientAddress: context.clientAddress, detail: "\(form.role) \(from)→\(to) \(starts)…\(ends)", at: clock.now())
                return .redirect(to: SiteURL.delegations.path + "?ok=delegation_created")
            } catch DelegationError.invalidRange {
                errors.append(renderer.texts(context).delegation_error_range)
            } catch DelegationError.selfDelegation {
                errors.append(renderer.texts(context).delegation_error_self)
            } catch DelegationError.roleNotHeld {
                errors.append(renderer.texts(context).delegation_error_not_held)
            } catch DelegationError.unknownUser {
                errors.append(renderer.texts(context).delegation_error_to)
            }
        }
        return try render(form, errors: errors, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
    }

    func revoke(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), let record = try database.delegation(id: id) else { throw AppError.notFound }
        guard user.roles.isAdmin || record.fromUserId == user.id || record.toUserId == user.id else { throw AppError.forbidden }
        _ = try database.revokeDelegation(id: id, by: user.id, now: clock.now())
        try database.audit(.delegationRevoke, actorId: user.id, actorUsername: user.username, target: "#\(id)",
                                    clientAddress: context.clientAddress, at: clock.now())
        return .redirect(to: SiteURL.delegations.path + "?ok=delegation_revoked")
    }
}
