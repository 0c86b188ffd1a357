import Foundation

/// Brute-force protection for the login form.
///
/// After `limit` failed logins within `window`, the key (a username or a client address) is refused
/// for `lockout`, counted from the failure that reached the limit. Attempts refused while locked are
/// not failures and do not extend the lock.
public struct LoginThrottle: Sendable, Equatable {
    public var limit: Int
    public var window: TimeInterval
    public var lockout: TimeInterval

    public init(limit: Int, window: TimeInterval, lockout: TimeInterval) {
        precondition(limit > 0)
        self.limit = limit
        self.window = window
        self.lockout = lockout
    }

    /// Per username: 5 failures in 15 minutes lock that username for 15 minutes.
    public static let perUsername = LoginThrottle(limit: 5, window: 15 * 60, lockout: 15 * 60)
    /// Per client address: a wider net against one machine trying many usernames.
    public static let perAddress = LoginThrottle(limit: 20, window: 15 * 60, lockout: 15 * 60)

    /// How far back failures matter: a lock can only come from failures this recent.
    public var lookBack: TimeInterval { window + lockout }

    /// The moment the lock ends, or nil when the key is not locked at `now`.
    ///
    /// `failures` are the times of failed attempts, in any order.
    public func lockedUntil(failures: [Date], now: Date) -> Date? {
        let sorted = failures.filter { $0 <= now }.sorted()
        guard sorted.count >= limit else { return nil }
        var latestEnd: Date?
        // Any run of `limit` consecutive failures that fits inside the window triggers a lock that
        // starts at the last failure of that run.
        for end in (limit - 1)..<sorted.count {
            let start = sorted[end - limit + 1]
            let trigger = sorted[end]
            guard trigger.timeIntervalSince(start) <= window else { continue }
            let until = trigger.addingTimeInterval(lockout)
            if until > now, until > (latestEnd ?? .distantPast) { latestEnd = until }
        }
        return latestEnd
    }

    /// Whole minutes left until `until`, never less than one, for the message shown to people.
    public static func minutesLeft(until: Date, now: Date) -> Int {
        max(1, Int((until.timeIntervalSince(now) / 60).rounded(.up)))
    }
}
