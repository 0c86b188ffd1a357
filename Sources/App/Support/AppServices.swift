import Domain
import Foundation
import Logging
import NIOConcurrencyHelpers

/// What controllers and middleware share: built once in `buildApplication`.
public struct AppServices: Sendable {
    public let config: AppConfig
    public let database: AppDatabase
    public let clock: AppClock
    public let hasher: PasswordHasher
    public let views: Views
    public let institution: InstitutionStore
    public let logger: Logger

    public var now: Date { clock.now() }
}

/// The institution's settings and roles, read on every page, kept in memory and reloaded when
/// they change.
public final class InstitutionStore: Sendable {
    private struct Snapshot {
        var settings: InstitutionSettings
        var roles: [Role]
    }
    private let value: NIOLockedValueBox<Snapshot>
    private let database: AppDatabase

    init(database: AppDatabase) throws {
        self.database = database
        self.value = NIOLockedValueBox(try Self.load(database))
    }

    private static func load(_ database: AppDatabase) throws -> Snapshot {
        Snapshot(settings: try database.institution() ?? .fallback, roles: try database.roles())
    }

    public var settings: InstitutionSettings { value.withLockedValue { $0.settings } }
    public var roles: [Role] { value.withLockedValue { $0.roles } }

    public func reload() throws {
        let fresh = try Self.load(database)
        value.withLockedValue { $0 = fresh }
    }
}
