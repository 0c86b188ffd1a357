import Domain
import Foundation

/// What `/account` shows.
extension AccountController {
    struct Page: Sendable {
        let displayName: String
        let username: String
        let nip: String
        let roles: [String]
        let delegated: [String]
        let feedURL: String?
        let webcalURL: String?
        let feedCreated: String?
    }
}

extension AccountController.Page {
    /// `newToken` is the feed's secret, shown once right after it was made; otherwise only when it was made.
    init(user: CurrentUser, nip: String, feed: CalendarFeedRecord?, newToken: String?, publicBaseURL: String, institution: InstitutionStore, dates: DateText) {
        let feedURL = newToken.map { publicBaseURL + SiteURL.calendarFeed.with([("token", $0)]) }
        self.init(
            displayName: user.displayName, username: user.username, nip: nip,
            roles: user.roles.sorted().map(institution.roleName),
            delegated: user.delegatedRoles.keys.sorted().map(institution.roleName),
            feedURL: feedURL,
            webcalURL: feedURL.map { "webcal" + $0.drop(while: { $0 != ":" }) },
            feedCreated: feed.map { dates.dateTime($0.createdAt) })
    }
}
