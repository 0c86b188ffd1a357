import Domain
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// The signed-in user as loaded for this request: the roles come from the database every time.
public struct CurrentUser: Sendable, RoleProviding {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var language: Language
    /// The roles the user holds themselves (not delegated): what the role policies check.
    public var roles: Set<RoleKey>
    public var mustChangePassword: Bool
    /// Roles others have handed to this user for today (Plt./Plh.): role key → the delegator.
    public var delegatedRoles: [RoleKey: Int64] = [:]
    /// Items waiting for this user, as counted when the request came in (for the navigation).
    public var taskCount: Int = 0
    /// Their own items that stand sent back to be fixed, counted with `taskCount`.
    public var returnedCount: Int = 0
    /// Incoming messages waiting for this user (issue 14), counted with the session.
    public var incomingCount: Int = 0
    /// Whether the institution logs incoming messages: the navigation shows "Pesan masuk".
    public var incomingEnabled: Bool = false
    /// Findings this user owns that are not done (issue 15), counted with the session.
    public var findingCount: Int = 0

    /// Every role this user can act in today, their own and delegated.
    public var actingRoleKeys: [RoleKey] { Array(roles.union(delegatedRoles.keys)).sorted() }

    /// How this user acts in `roleKey`: as themselves, or on behalf of a delegator; nil when they cannot.
    public func actor(for roleKey: RoleKey) -> ContentActor? {
        if roles.contains(roleKey) { return ContentActor(userId: id) }
        if let from = delegatedRoles[roleKey] { return ContentActor(userId: id, onBehalfOf: from) }
        return nil
    }
}

/// The session a request arrived with, once checked against the database.
public struct CurrentSession: Sendable {
    /// SHA-256 of the session ID; the ID itself lives only in the browser's cookie.
    public var idHash: String
    public var csrfToken: String
    public var user: CurrentUser
}

public struct AppRequestContext: AuthRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The peer's address as the socket reports it (nil in router tests).
    public let remoteAddress: String?
    public var session: CurrentSession?
    /// Set when the browser sent a session cookie that has expired or is unknown.
    public var sessionEnded: Bool = false
    public var language: Language = .id
    /// Where the client is, after the proxy rule is applied; set by the security middleware.
    public var clientAddress: String = "unknown"
    /// The login form's pre-session CSRF token, when the browser has one.
    public var preSessionToken: String?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The signed-in user, or nil: hummingbird-auth's identity, kept in the session.
    public var identity: CurrentUser? {
        get { session?.user }
        set {
            if let newValue { session?.user = newValue } else { session = nil }
        }
    }

    /// The token that forms on this page must carry.
    public var csrfToken: String { session?.csrfToken ?? preSessionToken ?? "" }

    public var requestID: String { id }
}
