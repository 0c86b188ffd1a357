import Foundation
import Logging
import ServiceLifecycle

/// Clears ended sessions and old login failures every few minutes while the server runs.
struct SessionJanitor: Service {
    let services: AppServices
    var interval: Duration = .seconds(300)

    func run() async throws {
        // On graceful shutdown the sleep is cancelled at once, so the server never waits for it.
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                sweep()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func sweep() {
        let now = services.now
        do {
            let removed = try services.database.deleteExpiredSessions(policy: services.config.session, now: now)
            let keep = max(services.config.usernameThrottle.lookBack, services.config.addressThrottle.lookBack)
            try services.database.pruneLoginFailures(before: now.addingTimeInterval(-keep))
            if removed > 0 { services.logger.debug("ended sessions removed", metadata: ["count": "\(removed)"]) }
            // Files uploaded with a form that was never saved: kept a day for a second try, then gone.
            for sha in try services.database.removeUnreferencedMedia(uploadedBefore: now.addingTimeInterval(-86_400)) {
                services.media.remove(sha)
            }
        } catch {
            services.logger.error("session sweep failed", metadata: ["error": "\(error)"])
        }
    }
}

extension SessionJanitor: CustomStringConvertible {
    var description: String { "SessionJanitor(every \(interval))" }
}
