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

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let user = context.user else { throw AppError.forbidden }
        let feed = try services.database.calendarFeed(userId: user.id)
        let base = Self.origin(request, secure: services.config.secureCookies)
        let feedURL = feed.map { base + SiteURL.calendarFeed.path + "?token=" + $0.token }
        let page = Page(
            displayName: user.displayName, username: user.username,
            roles: user.roles.keys.sorted().map(services.institution.roleName),
            delegated: user.delegatedRoles.keys.sorted().map(services.institution.roleName),
            feedURL: feedURL,
            webcalURL: feedURL.map { "webcal" + $0.drop(while: { $0 != ":" }) },
            feedCreated: feed.map { services.dateText(context).dateTime($0.createdAt) })
        return try services.page("account", title: services.text("account_title", context), page: page, request: request, context: context)
    }

    /// The scheme and host the browser used, for an address to copy into another program.
    static func origin(_ request: Request, secure: Bool) -> String {
        let host = request.head.authority ?? "localhost"
        return (secure ? "https://" : "http://") + host
    }

    func renewFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw AppError.forbidden }
        try services.database.renewCalendarFeed(userId: user.id, now: services.now)
        try services.database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "renew", at: services.now)
        return .redirect(to: SiteURL.account.path + "?ok=feed_renewed#feed")
    }

    func revokeFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let user = context.user else { throw AppError.forbidden }
        try services.database.revokeCalendarFeed(userId: user.id)
        try services.database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "revoke", at: services.now)
        return .redirect(to: SiteURL.account.path + "?ok=feed_revoked#feed")
    }
}
