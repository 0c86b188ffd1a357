import Domain
import Foundation
import Hummingbird
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Assembles the web application. This is the one place where the pieces are put together.
public func buildApplication(
    config: AppConfig, database: AppDatabase, clock: AppClock = .system, logger: Logger = Logger(label: "warta")
) async throws -> some ApplicationProtocol {
    let services = try await buildServices(config: config, database: database, clock: clock, logger: logger)
    let router = buildRouter(services)
    let limits = config.connectionLimits
    let connections = ConnectionTable()
    let guardLogger = logger
    var app = Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ConnectionGuard(limits: limits, table: connections, logger: guardLogger)],
            idleTimeout: limits.bodyStallTimeout > 0 ? .seconds(Int64(limits.bodyStallTimeout)) : nil)),
        configuration: .init(address: .hostname(config.host, port: config.port), serverName: "Warta"),
        eventLoopGroupProvider: .shared(IOThreads.group(config.ioThreads)),
        logger: logger)
    app.addServices(SessionJanitor(services: services))
    if config.linkCheckHours > 0 {
        app.addServices(LinkCheckSchedule(services: services, interval: .seconds(config.linkCheckHours * 3600)))
    }
    return app
}

public func buildServices(config: AppConfig, database: AppDatabase, clock: AppClock = .system, logger: Logger) async throws -> AppServices {
    try NationalDays.seedOnce(database: database, dataPath: config.dataPath, logger: logger)
    return AppServices(
        config: config, database: database, clock: clock, hasher: PasswordHasher(cost: config.bcryptCost), institution: try InstitutionStore(database: database), logger: logger)
}

func buildRouter(_ services: AppServices) -> Router<AppRequestContext> {
    let router = Router(context: AppRequestContext.self)
    router.add(middleware: SecurityHeadersMiddleware(secure: services.config.secureCookies))
    router.add(middleware: ErrorPageMiddleware(services: services))
    router.add(middleware: StaticFilesMiddleware(folder: services.config.publicPath, logger: services.logger))
    router.add(middleware: SessionMiddleware(services: services))
    router.add(middleware: ErrorPageMiddleware(services: services))
    router.add(middleware: CSRFMiddleware(services: services))

    HealthController(database: services.database).addRoutes(to: router)
    LanguageController(database: services.database, config: services.config, clock: services.clock).addRoutes(to: router)
    // The calendar feed is read by calendar programs, with its secret token instead of a session.
    CalendarFeedController(database: services.database, institution: services.institution, config: services.config, clock: services.clock).addRoutes(to: router)

    let loggedIn = router.group().add(middleware: RequireLoginMiddleware())
    let admin = router.group().add(middleware: RequireLoginMiddleware()).add(middleware: requireRole(.admin))
    LoginController(services: services).addRoutes(to: router, loggedIn: loggedIn)
    HomeController(services: services).addRoutes(to: loggedIn)
    AccountPasswordController(services: services).addRoutes(to: loggedIn)
    AccountController(database: services.database, institution: services.institution, config: services.config, clock: services.clock,
                      renderer: services.renderer).addRoutes(to: loggedIn)
    CalendarController(services: services).addRoutes(to: loggedIn)
    AgendaController(services: services).addRoutes(to: loggedIn)
    ArchiveController(services: services).addRoutes(to: loggedIn)
    ContentSheetController(services: services).addRoutes(to: loggedIn)
    ContentListController(services: services).addRoutes(to: loggedIn)
    ContentFormController(services: services).addRoutes(to: loggedIn)
    ContentItemController(services: services).addRoutes(to: loggedIn)
    ContentActionsController(services: services).addRoutes(to: loggedIn)
    IncomingListController(services: services).addRoutes(to: loggedIn)
    IncomingFormController(services: services).addRoutes(to: loggedIn)
    IncomingMessageController(services: services).addRoutes(to: loggedIn)
    WorkflowController(services: services).addRoutes(to: loggedIn, admin: admin)
    SOPController(services: services).addRoutes(to: loggedIn)
    AdminSOPController(services: services).addRoutes(to: admin)
    DelegationsController(database: services.database, institution: services.institution, config: services.config,
                          clock: services.clock, renderer: services.renderer).addRoutes(to: loggedIn)
    MediaController(database: services.database, media: services.media, institution: services.institution, clock: services.clock).addRoutes(to: loggedIn)
    AdminUsersController(services: services).addRoutes(to: admin)
    AdminAuditController(database: services.database, renderer: services.renderer).addRoutes(to: admin)
    AdminHolidaysController(services: services).addRoutes(to: admin)
    AdminSettingsController(services: services).addRoutes(to: admin)
    IncomingRoundsController(services: services).addRoutes(to: loggedIn)
    AdminIncomingController(services: services).addRoutes(to: admin)
    IncomingReportController(services: services).addRoutes(to: loggedIn)
    EvaluationController(services: services).addRoutes(to: loggedIn)
    IncomingSheetController(services: services).addRoutes(to: loggedIn)
    FindingsController(services: services).addRoutes(to: loggedIn)
    PostMetricsController(services: services).addRoutes(to: loggedIn)
    return router
}

/// The event loop groups servers in this process run on, one per thread count, made once and kept
/// (tests build many applications; each would otherwise start threads of its own).
enum IOThreads {
    private static let groups = NIOLockedValueBox<[Int: MultiThreadedEventLoopGroup]>([:])

    static func group(_ threads: Int) -> MultiThreadedEventLoopGroup {
        if threads == System.coreCount { return .singleton }
        return groups.withLockedValue { groups in
            if let group = groups[threads] { return group }
            let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
            groups[threads] = group
            return group
        }
    }
}
