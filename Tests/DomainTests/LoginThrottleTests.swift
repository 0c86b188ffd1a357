import Foundation
import Testing
@testable import Domain

@Suite struct LoginThrottleTests {
    let throttle = LoginThrottle.perUsername
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    func at(_ minutes: Double) -> Date { t0.addingTimeInterval(minutes * 60) }

    @Test func fourFailuresDoNotLock() {
        let failures = [0, 1, 2, 3].map { at($0) }
        #expect(throttle.lockedUntil(failures: failures, now: at(4)) == nil)
    }

    @Test func fiveFailuresWithinFifteenMinutesLockForFifteenMinutesFromTheFifth() {
        let failures = [0, 2, 4, 6, 8].map { at($0) }
        #expect(throttle.lockedUntil(failures: failures, now: at(8)) == at(23))
        #expect(throttle.lockedUntil(failures: failures, now: at(22.9)) == at(23))
        #expect(throttle.lockedUntil(failures: failures, now: at(23)) == nil)
    }

    @Test func failuresSpreadWiderThanTheWindowDoNotLock() {
        let failures = [0, 4, 8, 12, 16].map { at($0) }  // first to fifth: 16 minutes
        #expect(throttle.lockedUntil(failures: failures, now: at(16)) == nil)
    }

    @Test func aLaterRunCanLockEvenIfEarlierFailuresWereSparse() {
        let failures = [0, 20, 21, 22, 23, 24].map { at($0) }
        #expect(throttle.lockedUntil(failures: failures, now: at(25)) == at(39))
    }

    @Test func orderDoesNotMatterAndFutureFailuresAreIgnored() {
        let failures = [8, 0, 6, 2, 4, 100].map { at($0) }
        #expect(throttle.lockedUntil(failures: failures, now: at(9)) == at(23))
    }

    @Test func minutesLeftRoundsUpAndIsAtLeastOne() {
        #expect(LoginThrottle.minutesLeft(until: at(15), now: at(0)) == 15)
        #expect(LoginThrottle.minutesLeft(until: at(0.2), now: at(0)) == 1)
        #expect(LoginThrottle.minutesLeft(until: at(14.1), now: at(0)) == 15)
    }

    @Test func addressThrottleIsWider() {
        let address = LoginThrottle.perAddress
        let nineteen = (0..<19).map { at(Double($0) * 0.5) }
        #expect(address.lockedUntil(failures: nineteen, now: at(10)) == nil)
        #expect(address.lockedUntil(failures: nineteen + [at(10)], now: at(10)) == at(25))
    }
}

@Suite struct SessionPolicyTests {
    let policy = SessionPolicy(idleTimeout: 30 * 60, absoluteLifetime: 12 * 3600, touchInterval: 60)
    let t0 = Date(timeIntervalSince1970: 1_790_000_000)

    @Test func freshSessionIsActiveWithoutTouch() {
        #expect(policy.state(createdAt: t0, lastSeenAt: t0, now: t0.addingTimeInterval(10)) == .active(needsTouch: false))
    }

    @Test func touchedOnceAMinuteAtMost() {
        #expect(policy.state(createdAt: t0, lastSeenAt: t0, now: t0.addingTimeInterval(61)) == .active(needsTouch: true))
    }

    @Test func idleTimeoutEndsIt() {
        #expect(policy.state(createdAt: t0, lastSeenAt: t0, now: t0.addingTimeInterval(29 * 60 + 59)) == .active(needsTouch: true))
        #expect(policy.state(createdAt: t0, lastSeenAt: t0, now: t0.addingTimeInterval(30 * 60)) == .idleExpired)
    }

    @Test func absoluteLifetimeEndsItEvenWhenActive() {
        let now = t0.addingTimeInterval(12 * 3600)
        #expect(policy.state(createdAt: t0, lastSeenAt: now.addingTimeInterval(-5), now: now) == .lifetimeExpired)
    }

    @Test func expiryIsTheEarlierOfTheTwo() {
        #expect(policy.expiry(createdAt: t0, lastSeenAt: t0) == t0.addingTimeInterval(30 * 60))
        let late = t0.addingTimeInterval(11 * 3600 + 50 * 60)
        #expect(policy.expiry(createdAt: t0, lastSeenAt: late) == t0.addingTimeInterval(12 * 3600))
    }

    @Test func touchIntervalStaysWellBelowTheIdleTimeout() {
        let short = SessionPolicy(idleTimeout: 120, absoluteLifetime: 3600, touchInterval: 60)
        #expect(short.touchInterval == 30)
    }
}
