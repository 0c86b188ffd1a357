import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /account/password`, `POST /account/password`: everyone changes their own password.
struct AccountPasswordController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.accountPassword.route, use: show)
        loggedIn.post(SiteURL.accountPassword.route, use: change)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try render(Page(mustChange: context.identity?.mustChangePassword ?? false), status: .ok, request: request, context: context)
    }

    func render(_ page: Page, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        services.render(title: services.texts(context).password_title, request: request, context: context, status: status) {
            Templates.accountPassword(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let session = context.session else { throw AppError.forbidden }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let current = form["current_password"] ?? ""
        let new = form["new_password"] ?? ""
        let confirm = form["confirm_password"] ?? ""
        var page = Page(mustChange: session.user.mustChangePassword)

        guard let record = try services.database.userRecord(id: session.user.id) else { throw AppError.forbidden }
        let currentOK = current.utf8.count <= PasswordPolicy.standard.maximumUTF8Bytes && !current.isEmpty
            ? try await services.hasher.verify(current, hash: record.passwordHash) : false
        if !currentOK { page.errors.append(services.texts(context).password_current_wrong) }
        if let problem = PasswordPolicy.standard.problem(with: new) {
            page.errors.append(services.passwordProblemText(problem, context))
        } else if new != confirm {
            page.errors.append(services.texts(context).password_mismatch)
        } else if new == current {
            page.errors.append(services.texts(context).password_same)
        }
        guard page.errors.isEmpty else {
            return try render(page, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        let hash = try await services.hasher.hash(new)
        let now = services.now
        try services.database.setPassword(userId: session.user.id, hash: hash, mustChange: false, keepSession: session.idHash, now: now)
        try services.database.audit(.passwordChange, actorId: session.user.id, actorUsername: session.user.username,
                                    target: session.user.username, clientAddress: context.clientAddress, at: now)
        // A fresh session ID after a credential change; the old one stops working.
        let cookie = try services.startSession(userId: session.user.id, replacing: session, request: request, context: context)
        var response = Response.redirect(to: SiteURL.home.path + "?ok=password_changed")
        response.setCookie(cookie)
        return response
    }
}

extension AppServices {
    func passwordProblemText(_ problem: PasswordPolicy.Problem, _ context: AppRequestContext) -> String {
        switch problem {
        case .tooShort(let minimum): texts(context).password_too_short(n: "\(minimum)")
        case .tooLong(let maximum): texts(context).password_too_long(n: "\(maximum)")
        case .tooManyBytes(let maximum): texts(context).password_too_many_bytes(n: "\(maximum)")
        case .containsNUL: texts(context).password_invalid_character
        }
    }
}
