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
    public let institution: InstitutionStore
    public let logger: Logger

    public var now: Date { clock.now() }
    var media: MediaStore { MediaStore(root: config.mediaPath) }
    /// Agenda files read and previewed, waiting for the importer's confirmation.
    let pendingImports = PendingImports()
    /// Insights CSV files between their preview and the confirmation (`PostMetricsController`);
    /// `owner` holds the chosen as-of day.
    let pendingMetricImports = PendingImports()
}

/// The institution's settings and roles, read on every page, kept in memory and reloaded when
/// they change.
public final class InstitutionStore: Sendable {
    private struct Snapshot {
        var settings: InstitutionSettings
        var roles: [Role]
        var workflows: [Int: Workflow]
        var daysOff: Set<Day>
        /// The national days as records, for the calendar and the greeting reminders.
        var holidays: [HolidayRecord]
        var commemorations: [CommemorationRecord]
        /// Built once per change rather than on every request: `Calendar` is not free.
        var calendar: OfficeCalendar
        var dateTexts: [Language: DateText]
    }
    private let value: NIOLockedValueBox<Snapshot>
    private let database: AppDatabase

    init(database: AppDatabase) throws {
        self.database = database
        self.value = NIOLockedValueBox(try Self.load(database))
    }

    private static func load(_ database: AppDatabase) throws -> Snapshot {
        let settings = try database.institution() ?? .fallback
        let holidays = try database.holidays()
        let daysOff = Set(holidays.compactMap { Day($0.day) })
        return Snapshot(
            settings: settings, roles: try database.roles(), workflows: try database.workflowVersions(), daysOff: daysOff,
            holidays: holidays, commemorations: try database.commemorations(),
            calendar: OfficeCalendar(timeZone: settings.timeZone, opensAt: settings.officeOpens, closesAt: settings.officeCloses,
                                     workingWeekdays: settings.officeDays, daysOff: daysOff),
            dateTexts: Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, DateText(language: $0, timeZone: settings.timeZone)) }))
    }

    public var settings: InstitutionSettings { value.withLockedValue { $0.settings } }
    public var roles: [Role] { value.withLockedValue { $0.roles } }

    /// The workflow new items start on, and its version number; nil before `warta init`.
    public var currentWorkflow: (version: Int, workflow: Workflow)? {
        value.withLockedValue { snapshot in snapshot.workflows.keys.max().map { ($0, snapshot.workflows[$0]!) } }
    }

    public func workflow(version: Int) -> Workflow? { value.withLockedValue { $0.workflows[version] } }

    /// The clock standard times run on: office hours, working days, days off.
    public var officeCalendar: OfficeCalendar { value.withLockedValue { $0.calendar } }

    /// Today's date in the institution's zone.
    public func today(_ now: Date) -> Day { officeCalendar.day(of: now) }

    public func dateText(_ language: Language) -> DateText {
        value.withLockedValue { $0.dateTexts[language]! }
    }

    /// Public holidays and joint leave days, by date.
    var holidays: [HolidayRecord] { value.withLockedValue { $0.holidays } }
    /// The commemoration days, by month and day.
    var commemorations: [CommemorationRecord] { value.withLockedValue { $0.commemorations } }

    public func roleName(_ key: RoleKey) -> String {
        value.withLockedValue { $0.roles.first { $0.key == key }?.name ?? key.rawValue }
    }

    public func reload() throws {
        let fresh = try Self.load(database)
        value.withLockedValue { $0 = fresh }
    }
}
