import Domain
import Foundation
import Hummingbird

/// Finds who is asking: checks the session cookie against the database, loads the user and their
/// roles fresh for this request, and decides the page language.
///
/// A session ID is only ever created by the server at login (see `SessionCookies`); an ID the
/// browser presents that the database does not know is ignored, never adopted.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let config = services.config
        context.clientAddress = clientAddress(request, context: context)
        let now = services.now

        if let sessionID = request.cookies[config.sessionCookieName]?.value, !sessionID.isEmpty {
            let idHash = Tokens.sha256(sessionID)
            if let found = try services.database.session(idHash: idHash, today: services.institution.today(now)) {
                switch config.session.state(createdAt: found.createdAt, lastSeenAt: found.lastSeenAt, now: now) {
                case .active(let needsTouch):
                    if needsTouch { try services.database.touchSession(idHash: idHash, at: now) }
                    context.session = CurrentSession(
                        idHash: idHash, csrfToken: found.csrfToken,
                        user: CurrentUser(
                            id: found.userId, username: found.username, displayName: found.displayName,
                            language: found.language, roles: Set(found.roleKeys),
                            mustChangePassword: found.mustChangePassword,
                            delegatedRoles: found.delegatedRoles, taskCount: found.taskCount, returnedCount: found.returnedCount,
                            incomingCount: found.incomingCount, incomingEnabled: found.incomingEnabled,
                            findingCount: found.findingCount))
                case .idleExpired, .lifetimeExpired:
                    try services.database.deleteSession(idHash: idHash)
                    context.sessionEnded = true
                }
            } else {
                context.sessionEnded = true
            }
        }

        if let user = context.identity {
            context.language = user.language
        } else if let code = request.cookies[AppConfig.languageCookieName]?.value, let language = Language(rawValue: code) {
            context.language = language
        } else {
            context.language = services.institution.settings.defaultLanguage
        }

        // Anonymous visitors get a pre-session token for the forms they may post (login, language).
        var newPreSessionToken: String?
        if context.session == nil {
            if let token = request.cookies[config.preSessionCookieName]?.value, token.count >= 32 {
                context.preSessionToken = token
            } else {
                newPreSessionToken = Tokens.random()
                context.preSessionToken = newPreSessionToken
            }
        }

        var response = try await next(request, context)
        let setsSession = response.headers[values: .setCookie].contains { $0.hasPrefix(config.sessionCookieName + "=") }
        if context.sessionEnded, !setsSession {
            response.setCookie(SessionCookies.expired(config.sessionCookieName, config: config))
        }
        if let newPreSessionToken, !setsSession {
            response.setCookie(SessionCookies.preSession(newPreSessionToken, config: config))
        }
        return response
    }

    /// The address rate limits and the audit log use. Behind a trusted proxy, the last hop of
    /// `X-Forwarded-For` (the one the proxy itself added).
    func clientAddress(_ request: Request, context: Context) -> String {
        if services.config.trustProxy, let forwarded = request.headers[.init("X-Forwarded-For")!] {
            if let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty {
                return String(last.prefix(64))
            }
        }
        return context.remoteAddress ?? "unknown"
    }
}

/// The cookies the portal sets. All are HttpOnly and SameSite=Lax or stricter; with secure cookies
/// they are `Secure` too, and their names carry the `__Host-` prefix (no Domain, Path=/).
enum SessionCookies {
    static func session(_ id: String, config: AppConfig) -> Cookie {
        // No Max-Age: the cookie goes with the browser session; the server enforces the lifetimes.
        Cookie(name: config.sessionCookieName, value: id, path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .lax)
    }

    static func preSession(_ token: String, config: AppConfig) -> Cookie {
        Cookie(name: config.preSessionCookieName, value: token, path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .strict)
    }

    static func expired(_ name: String, config: AppConfig) -> Cookie {
        Cookie(name: name, value: "", maxAge: 0, path: "/", secure: config.secureCookies, httpOnly: true, sameSite: .lax)
    }

    static func language(_ language: Language, config: AppConfig) -> Cookie {
        Cookie(name: AppConfig.languageCookieName, value: language.rawValue, maxAge: 365 * 24 * 3600, path: "/",
               secure: config.secureCookies, httpOnly: true, sameSite: .lax)
    }
}
