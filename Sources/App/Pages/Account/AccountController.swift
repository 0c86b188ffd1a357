import Domain
import Foundation
import Hummingbird

/// `GET /account`: who I am, my roles, my password, and my secret calendar feed.
struct AccountController {
    let services: AppServices

    struct Page: Sendable {
        let displayName: String
        let username: String
        let roles: [String]
        let delegated: [String]
        let feedURL: String?
        let webcalURL: String?
        let feedCreated: String?
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.account.route, use: show)
        loggedIn.post(SiteURL.accountCalendarFeed.route, use: renewFeed)
        loggedIn.post(SiteURL.accountCalendarFeedRevoke.route, use: revokeFeed)
    }

    /// Shows the page. Right after a new feed address was made, its token comes back once in a
    /// short-lived cookie (the POST redirects here, so a reload does not make another): it is
    /// shown this once and the cookie is cleared. Only the token's hash is kept on the server.
    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let feed = try services.database.calendarFeed(userId: user.id)
        let cookieName = Self.newFeedCookieName(services.config)
        let fresh = request.cookies[cookieName]?.value
        let newToken = fresh.flatMap { token in feed.map { Tokens.constantTimeEquals(Tokens.sha256(token), $0.tokenHash) } == true ? token : nil }
        let feedURL = newToken.map { services.config.publicBaseURL + SiteURL.calendarFeed.path + "?token=" + $0 }
        let page = Page(
            displayName: user.displayName, username: user.username,
            roles: user.roles.sorted().map(services.institution.roleName),
            delegated: user.delegatedRoles.keys.sorted().map(services.institution.roleName),
            feedURL: feedURL,
            webcalURL: feedURL.map { "webcal" + $0.drop(while: { $0 != ":" }) },
            feedCreated: feed.map { services.dateText(context).dateTime($0.createdAt) })
        var response = try services.render(title: services.texts(context).account_title, request: request, context: context) {
            Templates.account(page: page, chrome: $0, t: $1, into: &$2)
        }
            .response(from: request, context: context)
        if fresh != nil {
            response.setCookie(SessionCookies.expired(cookieName, config: services.config))
            response.headers[.cacheControl] = "no-store"
        }
        return response
    }

    static func newFeedCookieName(_ config: AppConfig) -> String {
        config.secureCookies ? "__Host-warta_feed" : "warta_feed"
    }

    /// Makes a new secret address; the old one stops working.
    func renewFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let token = try services.database.renewCalendarFeed(userId: user.id, now: services.now)
        try services.database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "renew", at: services.now)
        var response = Response.redirect(to: SiteURL.account.path + "?ok=feed_renewed#feed")
        response.setCookie(Cookie(name: Self.newFeedCookieName(services.config), value: token, maxAge: 300, path: "/",
                                  secure: services.config.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func revokeFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        try services.database.revokeCalendarFeed(userId: user.id)
        try services.database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "revoke", at: services.now)
        return .redirect(to: SiteURL.account.path + "?ok=feed_revoked#feed")
    }
}
