import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /login`, `POST /login`, `POST /logout`.
struct LoginController {
    let services: AppServices

    func addRoutes(to router: Router<AppRequestContext>, loggedIn: RouterGroup<AppRequestContext>) {
        router.get(SiteURL.login.route, use: show)
        router.post(SiteURL.login.route, use: login)
        loggedIn.post(SiteURL.logout.route, use: logout)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let next = SafeRedirect.path(request.uri.queryParameters.get("next")) ?? ""
        if context.identity != nil {
            return .redirect(to: next.isEmpty ? SiteURL.home.path : next)
        }
        var page = Page(next: next)
        if request.uri.queryParameters.get("ended") != nil {
            page.notice = services.texts(context).login_session_ended
        } else if request.uri.queryParameters.get("out") != nil {
            page.notice = services.texts(context).login_logged_out
        }
        return try render(page, status: .ok, request: request, context: context)
    }

    func render(_ page: Page, status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        try services.render(title: services.texts(context).login_title, request: request, context: context, status: status) {
            Templates.login(page: page, chrome: $0, t: $1, into: &$2)
        }
            .response(from: request, context: context)
    }

    func login(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(limit: CSRFMiddleware.anonymousBodyLimit)
        // Bounded at the edge, before anything is looked up, stored or logged: no account has a
        // longer name, and bcrypt reads no more of a password.
        let username = UsernameRule.bounded(form["username"] ?? "")
        let password = String(decoding: (form["password"] ?? "").utf8.prefix(PasswordPolicy.standard.maximumUTF8Bytes + 1), as: UTF8.self)
        let next = SafeRedirect.path(form["next"]) ?? ""
        let now = services.now
        let database = services.database
        let address = context.clientAddress
        var page = Page(username: String(username.prefix(64)), next: next)

        // Throttles first: a locked key is refused without looking at the password at all.
        let config = services.config
        let addressLock = config.addressThrottle.lockedUntil(
            failures: try database.loginFailures(clientAddress: address, since: now.addingTimeInterval(-config.addressThrottle.lookBack)), now: now)
        let usernameLock = config.usernameThrottle.lockedUntil(
            failures: try database.loginFailures(username: username, since: now.addingTimeInterval(-config.usernameThrottle.lookBack)), now: now)
        if let until = [addressLock, usernameLock].compactMap({ $0 }).max() {
            let minutes = LoginThrottle.minutesLeft(until: until, now: now)
            context.logger.warning("login throttled", metadata: ["username": .string(username), "address": .string(address)])
            // One address cannot grow the security log without end: see `auditAnonymous`.
            try database.auditAnonymous(.loginThrottled, username: username, clientAddress: address,
                                        detail: usernameLock != nil ? "username" : "address", at: now)
            let t = services.texts(context)
            page.error = usernameLock != nil ? t.login_locked_username(minutes: "\(minutes)") : t.login_locked_address(minutes: "\(minutes)")
            var response = try render(page, status: .tooManyRequests, request: request, context: context)
            response.headers[.retryAfter] = "\(Int(until.timeIntervalSince(now).rounded(.up)))"
            return response
        }

        let user = try database.userRecord(username: username)
        var verified = false
        if let user, user.isActive, password.utf8.count <= PasswordPolicy.standard.maximumUTF8Bytes, !password.isEmpty {
            verified = try await services.hasher.verify(password, hash: user.passwordHash)
        } else {
            // Same cost as a real check, so timing does not tell whether the account exists.
            try await services.hasher.verifyDummy(password)
        }
        guard verified, let user, let userId = user.id else {
            try database.recordLoginFailure(username: username, clientAddress: address, at: now)
            try database.auditAnonymous(.loginFailure, username: username, clientAddress: address, at: now)
            context.logger.warning("login failed", metadata: ["username": .string(username), "address": .string(address)])
            page.error = services.texts(context).login_failed
            return try render(page, status: .unauthorized, request: request, context: context)
        }

        try database.clearLoginFailures(username: username)
        try database.audit(.loginSuccess, actorId: userId, actorUsername: user.username, clientAddress: address, at: now)
        let cookie = try services.startSession(userId: userId, replacing: context.session, request: request, context: context)
        let target = user.mustChangePassword ? SiteURL.accountPassword.path : (next.isEmpty ? SiteURL.home.path : next)
        var response = Response.redirect(to: target)
        response.setCookie(cookie)
        return response
    }

    func logout(_ request: Request, context: AppRequestContext) async throws -> Response {
        if let session = context.session {
            try services.database.deleteSession(idHash: session.idHash)
            try services.database.audit(.logout, actorId: session.user.id, actorUsername: session.user.username,
                                        clientAddress: context.clientAddress, at: services.now)
        }
        var response = Response.redirect(to: SiteURL.login.path + "?out=1")
        response.setCookie(SessionCookies.expired(services.config.sessionCookieName, config: services.config))
        return response
    }
}

extension AppServices {
    /// Issues a brand-new session for `userId` and returns its cookie. Any session the browser
    /// came with is deleted first: an ID is never carried across a login (session fixation).
    func startSession(userId: Int64, replacing old: CurrentSession?, request: Request, context: AppRequestContext) throws -> Cookie {
        if let old { try database.deleteSession(idHash: old.idHash) }
        if let presented = request.cookies[config.sessionCookieName]?.value, !presented.isEmpty {
            try database.deleteSession(idHash: Tokens.sha256(presented))
        }
        let id = Tokens.random()
        let now = self.now
        try database.createSession(SessionRecord(
            idHash: Tokens.sha256(id), userId: userId, csrfToken: Tokens.random(), createdAt: now, lastSeenAt: now,
            clientAddress: context.clientAddress, userAgent: request.headers[.userAgent].map { String($0.prefix(256)) }))
        return SessionCookies.session(id, config: config)
    }
}
