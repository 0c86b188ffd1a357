import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth

/// Guards every state change: a POST must come from this site (`Origin`, when sent) and carry the
/// `csrf_token` of the session, or before login the pre-session token.
///
/// A POST that arrives after the session ended (a page left open too long) is sent to the login
/// page with a message instead: nothing is changed either way.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices
    /// The largest body accepted before login (the login form): a name, a password and two tokens.
    static let anonymousBodyLimit = 16 * 1024

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else {
            return try await next(request, context)
        }
        if let origin = request.headers[.origin], !originMatches(origin, request: request) {
            context.logger.warning("cross-origin POST refused", metadata: ["origin": .string(origin.prefix(utf8Bytes: 200)), "path": .string(request.uri.path.prefix(utf8Bytes: 200))])
            throw AppError.badOrigin
        }
        if context.session == nil, !SiteURL.anonymousPostPaths.contains(request.uri.path) {
            return Response.redirect(to: SiteURL.login.path + "?ended=1", type: .normal)
        }
        if request.isMultipart {
            // A file upload: the handler reads the body as it streams and checks the token, which
            // forms send before any file. Only the forms that take files may send one.
            guard Self.takesFiles(request.uri.path) else {
                throw AppError(.unsupportedMediaType, LocalizedMessage { $0.error_malformed_form })
            }
            return try await next(request, context)
        }
        let limit = context.session == nil ? min(Self.anonymousBodyLimit, services.config.maxBodyBytes) : services.config.maxBodyBytes
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw HTTPError(.contentTooLarge)
        }
        var request = request
        let form = try await request.form(limit: limit)
        let expected = context.csrfToken
        guard let sent = form["csrf_token"] ?? request.headers[.init("X-CSRF-Token")!], !expected.isEmpty,
              Tokens.constantTimeEquals(sent, expected)
        else {
            context.logger.warning("CSRF token refused", metadata: ["path": .string(request.uri.path.prefix(utf8Bytes: 200))])
            throw AppError.csrf
        }
        return try await next(request, context)
    }

    /// The routes whose handlers read multipart bodies (and check the token in them).
    static func takesFiles(_ path: String) -> Bool {
        if path == SiteURL.contentList.path || path == SiteURL.adminSettings.path || path == SiteURL.agendaImport.path
            || path == SiteURL.adminHolidaysImport.path || path == SiteURL.incoming.path
            || path == SiteURL.evaluationPerformanceImport.path { return true }
        let parts = path.split(separator: "/")
        return parts.count == 3 && parts[0] == "content" && Int64(parts[1]) != nil && parts[2] == "edit"
    }

    /// `Origin` must name the host the request was sent to (the proxy keeps `Host` as the browser sent it).
    func originMatches(_ origin: String, request: Request) -> Bool {
        guard origin != "null", let url = URL(string: origin), let originHost = url.host else { return false }
        guard let host = request.head.authority else { return false }
        let originAuthority = url.port.map { "\(originHost):\($0)" } ?? originHost
        return originAuthority.lowercased() == host.lowercased()
    }
}

/// Pages behind the login: anonymous visitors go to the login page and come back afterwards;
/// someone who must change their password goes there first.
struct RequireLoginMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let user = context.identity else {
            var target = SiteURL.login.path
            if request.method == .get || request.method == .head {
                let back = request.uri.description
                var components = URLComponents()
                components.queryItems = [URLQueryItem(name: "next", value: back)]
                if back != "/" { target += components.percentEncodedQuery.map { "?" + $0 } ?? "" }
                if context.sessionEnded { target += (target.contains("?") ? "&" : "?") + "ended=1" }
            }
            return Response.redirect(to: target, type: .normal)
        }
        if user.mustChangePassword, request.uri.path != SiteURL.accountPassword.path, request.uri.path != SiteURL.logout.path {
            return Response.redirect(to: SiteURL.accountPassword.path, type: .normal)
        }
        return try await next(request, context)
    }
}

/// Pages for one role only, through hummingbird-auth's role policy. The roles were loaded from the
/// database for this very request; the refusal names the role.
func requireRole(_ role: RoleKey) -> AuthorizationPolicyMiddleware<RolePolicy<CurrentUser>, AppRequestContext, AppError> {
    AuthorizationPolicyMiddleware(RolePolicy(role), deniedError: AppError(.forbidden, LocalizedMessage { $0.error_role(roles: role.rawValue) }))
}
