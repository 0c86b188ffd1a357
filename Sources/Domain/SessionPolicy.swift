import Foundation

/// When a login session ends: after a period without requests, or after an absolute lifetime.
public struct SessionPolicy: Sendable, Equatable {
    public var idleTimeout: TimeInterval
    public var absoluteLifetime: TimeInterval
    /// How stale the recorded "last seen" may get before a request writes it again. Keeps the
    /// session table from taking a write on every request; must be well below `idleTimeout`.
    public var touchInterval: TimeInterval

    public init(idleTimeout: TimeInterval = 30 * 60, absoluteLifetime: TimeInterval = 12 * 3600, touchInterval: TimeInterval = 60) {
        self.idleTimeout = idleTimeout
        self.absoluteLifetime = absoluteLifetime
        self.touchInterval = min(touchInterval, idleTimeout / 4)
    }

    public enum State: Equatable, Sendable {
        case active(needsTouch: Bool)
        case idleExpired
        case lifetimeExpired
    }

    public func state(createdAt: Date, lastSeenAt: Date, now: Date) -> State {
        if now.timeIntervalSince(createdAt) >= absoluteLifetime { return .lifetimeExpired }
        if now.timeIntervalSince(lastSeenAt) >= idleTimeout { return .idleExpired }
        return .active(needsTouch: now.timeIntervalSince(lastSeenAt) >= touchInterval)
    }

    /// When the session ends at the latest if the user does nothing more.
    public func expiry(createdAt: Date, lastSeenAt: Date) -> Date {
        min(createdAt.addingTimeInterval(absoluteLifetime), lastSeenAt.addingTimeInterval(idleTimeout))
    }
}
