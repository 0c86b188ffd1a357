import App
import ArgumentParser
import Domain
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the portal until SIGINT or SIGTERM, then finish the requests in flight and stop.")

    @Option(help: "Address to listen on (env WARTA_HOST; default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on (env WARTA_PORT; default 8080).")
    var port: Int?
    @OptionGroup var database: DatabaseOption
    @Flag(help: "Seed a demo institution with one account per role and print their passwords (env WARTA_DEMO).")
    var demo = false
    @Option(help: "SOP preset for --demo: ub, fisip-ub, unsoed, kendal or dki-ksd (env WARTA_PRESET; default dki-ksd).")
    var preset: String?
    @Flag(help: "For HTTPS deployments: Secure, __Host- cookies and HSTS (env WARTA_SECURE_COOKIES).")
    var secureCookies = false
    @Flag(help: "Behind a reverse proxy: take the client address from X-Forwarded-For (env WARTA_TRUST_PROXY).")
    var trustProxy = false
    @Option(help: "Minutes without activity before a session ends (env WARTA_IDLE_MINUTES; default 30).")
    var idleMinutes: Int?
    @Option(help: "Hours after login when a session ends regardless (env WARTA_SESSION_HOURS; default 12).")
    var sessionHours: Int?
    @Option(help: "bcrypt cost, 10 or more (env WARTA_BCRYPT_COST; default 12).")
    var bcryptCost: Int?
    @Option(help: "Largest form body in bytes (env WARTA_MAX_BODY_BYTES; default 1048576).")
    var maxBodyBytes: Int?
    @Option(help: "Largest image upload in bytes (env WARTA_MAX_IMAGE_BYTES; default 10485760, 10 MB).")
    var maxImageBytes: Int?
    @Option(help: "Largest video upload in bytes (env WARTA_MAX_VIDEO_BYTES; default 209715200, 200 MB).")
    var maxVideoBytes: Int?
    @Option(help: "Folder for uploaded files (env WARTA_MEDIA; default: media/ beside the database).")
    var media: String?
    @Option(help: "Folder holding Public/ and Data/ (env WARTA_RESOURCES; default the current folder); templates and texts are compiled in.")
    var resources: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env WARTA_LOG_LEVEL; default info).")
    var logLevel: String?
    @Option(help: "Check every archived link every N hours, e.g. 24 (env WARTA_CHECK_LINKS_EVERY; default 0, off).")
    var checkLinksEvery: Int?
    @Option(help: "The address people reach the portal at, for absolute links such as the calendar feed, e.g. https://humas.example.ac.id (env WARTA_PUBLIC_URL; default http://HOST:PORT).")
    var publicURL: String?
    @Option(help: ArgumentHelp(
        "Seconds to receive a complete request head, from the connection opening or the previous response; also the keep-alive idle limit (env WARTA_HEADER_TIMEOUT; default 15).",
        valueName: "seconds"))
    var headerTimeout: Int?
    @Option(help: ArgumentHelp(
        "Bytes per second a request body must average once the header timeout has passed as grace; 0 is off (env WARTA_MIN_UPLOAD_RATE; default 1024).",
        valueName: "bytes"))
    var minUploadRate: Int?
    @Option(help: ArgumentHelp(
        "Open connections one client address may hold; 0 is no limit (env WARTA_MAX_CONNECTIONS_PER_ADDRESS; default 64, or 0 with --trust-proxy, where every connection comes from the proxy).",
        valueName: "count"))
    var maxConnectionsPerAddress: Int?

    func validate() throws {
        if let port, !(1...65535).contains(port) { throw ValidationError("--port must be between 1 and 65535") }
        if let bcryptCost, !(10...16).contains(bcryptCost) { throw ValidationError("--bcrypt-cost must be between 10 and 16") }
        if let idleMinutes, idleMinutes < 1 { throw ValidationError("--idle-minutes must be at least 1") }
        if let sessionHours, sessionHours < 1 { throw ValidationError("--session-hours must be at least 1") }
        if let maxBodyBytes, !(1024...(64 << 20)).contains(maxBodyBytes) { throw ValidationError("--max-body-bytes must be between 1024 and 67108864") }
        if let preset, SOPPreset.named(preset) == nil { throw ValidationError("unknown preset '\(preset)'; choose one of \(SOPPreset.all.map(\.key).joined(separator: ", "))") }
        if let logLevel, Logger.Level(rawValue: logLevel) == nil { throw ValidationError("unknown log level '\(logLevel)'") }
        if let checkLinksEvery, !(0...8760).contains(checkLinksEvery) { throw ValidationError("--check-links-every must be between 0 and 8760 hours") }
        if let publicURL, !AppConfig.isValidPublicURL(publicURL) { throw ValidationError("--public-url must be an http(s) address such as https://humas.example.ac.id") }
        if let headerTimeout, !(1...600).contains(headerTimeout) { throw ValidationError("--header-timeout must be between 1 and 600 seconds") }
        if let minUploadRate, !(0...(100 << 20)).contains(minUploadRate) { throw ValidationError("--min-upload-rate must be between 0 and 104857600 bytes per second") }
        if let maxConnectionsPerAddress, !(0...100_000).contains(maxConnectionsPerAddress) { throw ValidationError("--max-connections-per-address must be between 0 and 100000") }
    }

    func makeConfig() throws -> AppConfig {
        var config = AppConfig()
        config.host = host ?? Environment.string("WARTA_HOST") ?? config.host
        config.port = try port ?? Environment.int("WARTA_PORT") ?? config.port
        config.databasePath = database.path
        config.secureCookies = try secureCookies || (Environment.bool("WARTA_SECURE_COOKIES") ?? false)
        config.trustProxy = try trustProxy || (Environment.bool("WARTA_TRUST_PROXY") ?? false)
        let idle = try idleMinutes ?? Environment.int("WARTA_IDLE_MINUTES") ?? 30
        let hours = try sessionHours ?? Environment.int("WARTA_SESSION_HOURS") ?? 12
        guard idle >= 1, hours >= 1 else { throw CommandFailure("session times must be at least 1") }
        config.session = SessionPolicy(idleTimeout: TimeInterval(idle * 60), absoluteLifetime: TimeInterval(hours * 3600))
        let cost = try bcryptCost ?? Environment.int("WARTA_BCRYPT_COST") ?? Int(config.bcryptCost)
        guard (10...16).contains(cost) else { throw CommandFailure("bcrypt cost must be between 10 and 16, not \(cost)") }
        config.bcryptCost = UInt8(cost)
        config.maxBodyBytes = try maxBodyBytes ?? Environment.int("WARTA_MAX_BODY_BYTES") ?? config.maxBodyBytes
        config.resourcesPath = resources ?? Environment.string("WARTA_RESOURCES") ?? config.resourcesPath
        config.mediaPath = media ?? Environment.string("WARTA_MEDIA")
            ?? ((URL(fileURLWithPath: config.databasePath).deletingLastPathComponent().path as NSString).appendingPathComponent("media"))
        let image = try maxImageBytes ?? Environment.int("WARTA_MAX_IMAGE_BYTES") ?? config.uploadLimits.image
        let video = try maxVideoBytes ?? Environment.int("WARTA_MAX_VIDEO_BYTES") ?? config.uploadLimits.video
        // Bounded above so that every sum of sizes stays far from overflow and within a ZIP's 4 GiB.
        guard (1024...(2 << 30)).contains(image), (1024...(2 << 30)).contains(video) else {
            throw CommandFailure("upload limits must be between 1024 bytes and 2 GiB")
        }
        guard (1024...(64 << 20)).contains(config.maxBodyBytes) else { throw CommandFailure("the form body limit must be between 1024 and 67108864 bytes") }
        config.uploadLimits = UploadLimits(image: image, video: video)
        config.linkCheckHours = try checkLinksEvery ?? Environment.int("WARTA_CHECK_LINKS_EVERY") ?? 0
        guard (0...8760).contains(config.linkCheckHours) else { throw CommandFailure("link check interval must be between 0 and 8760 hours") }
        config.publicURL = publicURL ?? Environment.string("WARTA_PUBLIC_URL")
        if let url = config.publicURL, !AppConfig.isValidPublicURL(url) {
            throw CommandFailure("public URL must be an http(s) address such as https://humas.example.ac.id, not '\(url)'")
        }
        var limits = ConnectionLimits()
        limits.headerTimeout = try headerTimeout ?? Environment.int("WARTA_HEADER_TIMEOUT") ?? limits.headerTimeout
        guard (1...600).contains(limits.headerTimeout) else { throw CommandFailure("header timeout must be between 1 and 600 seconds, not \(limits.headerTimeout)") }
        limits.minUploadRate = try minUploadRate ?? Environment.int("WARTA_MIN_UPLOAD_RATE") ?? limits.minUploadRate
        guard (0...(100 << 20)).contains(limits.minUploadRate) else { throw CommandFailure("minimum upload rate must be between 0 and 104857600, not \(limits.minUploadRate)") }
        // Behind a proxy every connection comes from the proxy's address: a cap on it would cap the
        // whole site, so it is off unless asked for (the proxy limits its clients, see README).
        limits.maxConnectionsPerAddress = try maxConnectionsPerAddress ?? Environment.int("WARTA_MAX_CONNECTIONS_PER_ADDRESS")
            ?? (config.trustProxy ? 0 : limits.maxConnectionsPerAddress)
        guard (0...100_000).contains(limits.maxConnectionsPerAddress) else { throw CommandFailure("connections per address must be between 0 and 100000, not \(limits.maxConnectionsPerAddress)") }
        config.connectionLimits = limits
        guard (1...65535).contains(config.port) else { throw CommandFailure("port must be between 1 and 65535, not \(config.port)") }
        for folder in [config.publicPath, config.dataPath] where !FileManager.default.fileExists(atPath: folder) {
            throw CommandFailure("\(folder) not found: run from the project folder or set --resources")
        }
        return config
    }

    func run() async throws {
        let config = try makeConfig()
        let levelName = logLevel ?? Environment.string("WARTA_LOG_LEVEL") ?? "info"
        guard let level = Logger.Level(rawValue: levelName) else { throw CommandFailure("unknown log level '\(levelName)'") }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "warta")
        let database = try self.database.open()
        let demo = try self.demo || (Environment.bool("WARTA_DEMO") ?? false)
        if demo {
            let key = preset ?? Environment.string("WARTA_PRESET") ?? SOPPreset.defaultKey
            guard let preset = SOPPreset.named(key) else { throw CommandFailure("unknown preset '\(key)'") }
            let accounts = try await DemoSeeder(database: database, hasher: PasswordHasher(cost: 10)).seed(preset: preset, now: Date())
            printDemoAccounts(accounts, roles: try database.roles())
        } else if try database.users().isEmpty {
            say("Belum ada akun. Buat administrator / No accounts yet. Create an administrator:")
            say("  warta user add --db \(config.databasePath) --username admin --display-name \"Administrator\" --role admin")
        }
        let app = try await buildApplication(config: config, database: database, logger: logger)
        say("Warta: http://\(config.host):\(config.port)  (database \(config.databasePath))")
        try await app.runService()
    }

    func printDemoAccounts(_ accounts: [DemoSeeder.Account], roles: [Role]) {
        let names = Dictionary(roles.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        let width = (accounts.map(\.username.count).max() ?? 8) + 2
        say("Akun demo / Demo accounts (kata sandi baru setiap kali server dimulai / new passwords at every start):")
        for account in accounts {
            let role = account.roles.map { names[$0] ?? $0.rawValue }.joined(separator: ", ")
            say("  " + account.username.padding(toLength: width, withPad: " ", startingAt: 0) + account.password + "  " + role)
        }
    }
}

/// A bare Hummingbird "hello world", for benchmarks to compare the portal against.
struct BenchHello: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-hello", abstract: "Serve a bare hello-world route (benchmark baseline).", shouldDisplay: false)

    @Option var host = "127.0.0.1"
    @Option var port = 8081

    func run() async throws {
        let router = Router()
        router.get("/") { _, _ in "Hello, world!" }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port)))
        try await app.runService()
    }
}

/// Writes a line to standard output at once (unbuffered), so that a supervisor or a test reading
/// the output sees it before the server starts answering.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
