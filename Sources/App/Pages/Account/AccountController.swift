import Domain
import Foundation
import Hummingbird

/// `GET /account`: who I am, my roles, my password, and my secret calendar feed. The read is
/// `AccountQuery.swift`, the model `AccountPage.swift`.
struct AccountController {
    let database: AppDatabase
    let institution: InstitutionStore
    let config: AppConfig
    let clock: AppClock
    let renderer: Renderer


    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.account.route, use: show)
        loggedIn.post(SiteURL.accountCalendarFeed.route, use: renewFeed)
        loggedIn.post(SiteURL.accountCalendarFeedRevoke.route, use: revokeFeed)
        loggedIn.post(SiteURL.accountNip.route, use: saveNip)
    }

    /// Saves my NIP, printed under my name where I prepare a record. Digits and spaces only.
    func saveNip(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: config.maxBodyBytes)
        guard let nip = NIP.normalise(data["nip"] ?? "") else {
            throw AppError(.unprocessableContent, LocalizedMessage { $0.error_nip })
        }
        try database.setNip(userId: user.id, nip, now: clock.now())
        return .redirect(to: SiteURL.account.path + "?ok=nip_saved#nip")
    }

    /// Shows the page. Right after a new feed address was made, its token comes back once in a
    /// short-lived cookie (the POST redirects here, so a reload does not make another): it is
    /// shown this once and the cookie is cleared. Only the token's hash is kept on the server.
    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let feed = try database.calendarFeed(userId: user.id)
        let cookieName = Self.newFeedCookieName(config)
        let fresh = request.cookies[cookieName]?.value
        let newToken = fresh.flatMap { token in feed.map { Tokens.constantTimeEquals(Tokens.sha256(token), $0.tokenHash) } == true ? token : nil }
        let page = Page(user: user, nip: try database.nip(userId: user.id), feed: feed, newToken: newToken, publicBaseURL: config.publicBaseURL,
                        institution: institution, dates: renderer.dateText(context))
        var response = try renderer.render(title: renderer.texts(context).account_title, request: request, context: context) {
            Templates.account(page: page, chrome: $0, t: $1, into: &$2)
        }
            .response(from: request, context: context)
        if fresh != nil {
            response.setCookie(SessionCookies.expired(cookieName, config: config))
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
        let token = try database.renewCalendarFeed(userId: user.id, now: clock.now())
        try database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "renew", at: clock.now())
        var response = Response.redirect(to: SiteURL.account.path + "?ok=feed_renewed#feed")
        response.setCookie(Cookie(name: Self.newFeedCookieName(config), value: token, maxAge: 300, path: "/",
                                  secure: config.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func revokeFeed(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        try database.revokeCalendarFeed(userId: user.id)
        try database.audit(.calendarFeed, actorId: user.id, actorUsername: user.username, target: user.username,
                                    clientAddress: context.clientAddress, detail: "revoke", at: clock.now())
        return .redirect(to: SiteURL.account.path + "?ok=feed_revoked#feed")
    }
}
