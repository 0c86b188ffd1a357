import Foundation
import Logging
import ServiceLifecycle

/// Runs the link checker every `interval` while the server runs: only when configured
/// (`--check-links-every`), never by default nor in the demo.
struct LinkCheckSchedule: Service {
    let services: AppServices
    let interval: Duration

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled else { break }
                do {
                    let clock = services.clock
                    _ = try await LinkChecker().run(database: services.database, now: { clock.now() }, logger: services.logger)
                } catch {
                    services.logger.error("scheduled link check failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }
}
