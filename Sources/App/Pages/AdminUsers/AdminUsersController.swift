import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/users`: administrators list, create and edit accounts, change roles, disable and enable
/// them, and reset passwords.
struct AdminUsersController {
    let services: AppServices

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminUsers.route, use: list)
        admin.get(SiteURL.adminUserNew.route, use: new)
        admin.post(SiteURL.adminUsers.route, use: create)
        admin.get(SiteURL.adminUser(0).route, use: edit)
        admin.post(SiteURL.adminUser(0).route, use: update)
        admin.post(SiteURL.adminUserDisable(0).route) { request, context in try await setActive(false, request, context) }
        admin.post(SiteURL.adminUserEnable(0).route) { request, context in try await setActive(true, request, context) }
        admin.post(SiteURL.adminUserPassword(0).route, use: resetPassword)
    }

    // MARK: list

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let page = UserListPage(users: try services.database.users(), roles: services.institution.roles, dates: services.dateText(context))
        return services.render(title: services.texts(context).users_title, request: request, context: context) {
            Templates.adminUsers(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: create

    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try renderNew(UserForm(), errors: [], status: .ok, request: request, context: context)
    }

    func renderNew(_ form: UserForm, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let page = UserEditPage(new: form, roles: services.institution.roles, errors: errors)
        return services.render(title: services.texts(context).users_new_title, request: request, context: context, status: status) {
            Templates.adminUserEdit(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let form = UserForm(data)
        var errors = form.problems(services.texts(context))
        let password = data["password"] ?? ""
        if let problem = PasswordPolicy.standard.problem(with: password) {
            errors.append(services.passwordProblemText(problem, context))
        }
        if errors.isEmpty {
            let hash = try await services.hasher.hash(password)
            do {
                let now = services.now
                let id = try services.database.createUser(
                    username: form.username, displayName: form.displayName, passwordHash: hash, roleKeys: form.roleKeys,
                    language: Language(rawValue: form.language) ?? .id, mustChangePassword: form.mustChangePassword, now: now)
                if let nip = form.normalisedNip, !nip.isEmpty { try services.database.setNip(userId: id, nip, now: now) }
                try services.database.audit(.userCreate, actorId: admin.id, actorUsername: admin.username, target: form.username,
                                            clientAddress: context.clientAddress, detail: form.roleKeys.sorted().map(\.rawValue).joined(separator: " "), at: now)
                return .redirect(to: SiteURL.adminUser(id).path + "?ok=user_created")
            } catch UserError.usernameTaken {
                errors.append(services.texts(context).users_username_taken(username: form.username))
            } catch UserError.unknownRole(let key) {
                errors.append(services.texts(context).users_unknown_role(role: key.rawValue))
            }
        }
        return try renderNew(form, errors: errors, status: .unprocessableContent, request: request, context: context)
            .response(from: request, context: context)
    }

    // MARK: edit

    func edit(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try loadUser(context)
        return try renderEdit(user, form: UserForm(user), errors: [], passwordErrors: [], status: .ok, request: request, context: context)
    }

    func renderEdit(_ user: UserSummary, form: UserForm, errors: [String], passwordErrors: [String], status: HTTPResponse.Status,
                    request: Request, context: AppRequestContext) throws -> HTML {
        let page = UserEditPage(user: user, form: form, roles: services.institution.roles, errors: errors, passwordErrors: passwordErrors,
                                isSelf: user.id == context.identity?.id)
        return services.render(title: services.texts(context).users_edit_title(username: user.username), request: request, context: context, status: status) {
            Templates.adminUserEdit(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        let user = try loadUser(context)
        var request = request
        var form = UserForm(try await request.form(limit: services.config.maxBodyBytes))
        form.username = user.username
        var errors = form.problems(services.texts(context), checkUsername: false)
        if errors.isEmpty {
            do {
                let now = services.now
                let change = try services.database.updateUser(
                    id: user.id, displayName: form.displayName, language: Language(rawValue: form.language) ?? .id,
                    roleKeys: form.roleKeys, now: now)
                if !change.addedRoles.isEmpty || !change.removedRoles.isEmpty {
                    let detail = (change.addedRoles.map { "+" + $0.rawValue } + change.removedRoles.map { "-" + $0.rawValue }).joined(separator: " ")
                    try services.database.audit(.roleChange, actorId: admin.id, actorUsername: admin.username, target: user.username,
                                                clientAddress: context.clientAddress, detail: detail, at: now)
                }
                let nip = form.normalisedNip ?? user.nip
                if nip != user.nip { try services.database.setNip(userId: user.id, nip, now: now) }
                if form.displayName != user.displayName || form.language != user.language.rawValue || nip != user.nip {
                    try services.database.audit(.userUpdate, actorId: admin.id, actorUsername: admin.username, target: user.username,
                                                clientAddress: context.clientAddress, at: now)
                }
                return .redirect(to: SiteURL.adminUser(user.id).path + "?ok=user_saved")
            } catch UserError.lastAdmin {
                errors.append(services.texts(context).users_last_admin)
            } catch UserError.unknownRole(let key) {
                errors.append(services.texts(context).users_unknown_role(role: key.rawValue))
            }
        }
        return try renderEdit(user, form: form, errors: errors, passwordErrors: [], status: .unprocessableContent, request: request, context: context)
            .response(from: request, context: context)
    }

    // MARK: disable, enable, reset password

    func setActive(_ active: Bool, _ request: Request, _ context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        let user = try loadUser(context)
        var errors: [String] = []
        if !active, user.id == admin.id {
            errors.append(services.texts(context).users_cannot_disable_self)
        } else if user.isActive != active {
            do {
                let now = services.now
                try services.database.setActive(userId: user.id, active, now: now)
                try services.database.audit(active ? .userEnable : .userDisable, actorId: admin.id, actorUsername: admin.username,
                                            target: user.username, clientAddress: context.clientAddress, at: now)
            } catch UserError.lastAdmin {
                errors.append(services.texts(context).users_last_admin)
            }
        }
        guard errors.isEmpty else {
            return try renderEdit(user, form: UserForm(user), errors: errors, passwordErrors: [], status: .unprocessableContent,
                                  request: request, context: context).response(from: request, context: context)
        }
        return .redirect(to: SiteURL.adminUser(user.id).path + "?ok=" + (active ? "user_enabled" : "user_disabled"))
    }

    func resetPassword(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        let user = try loadUser(context)
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let password = data["new_password"] ?? ""
        if let problem = PasswordPolicy.standard.problem(with: password) {
            return try renderEdit(user, form: UserForm(user), errors: [], passwordErrors: [services.passwordProblemText(problem, context)],
                                  status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        let hash = try await services.hasher.hash(password)
        let now = services.now
        let isSelf = user.id == admin.id
        try services.database.setPassword(userId: user.id, hash: hash, mustChange: !isSelf && data["must_change"] != nil,
                                          keepSession: isSelf ? context.session?.idHash : nil, now: now)
        try services.database.audit(.passwordReset, actorId: admin.id, actorUsername: admin.username, target: user.username,
                                    clientAddress: context.clientAddress, at: now)
        return .redirect(to: SiteURL.adminUser(user.id).path + "?ok=password_reset")
    }

    // MARK: helpers

    func loadUser(_ context: AppRequestContext) throws -> UserSummary {
        guard let id = context.parameters.get("id", as: Int64.self), let user = try services.database.user(id: id) else {
            throw AppError.notFound
        }
        return user
    }
}
