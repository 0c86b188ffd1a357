import App
import ArgumentParser
import Domain
import Foundation
import Hummingbird
import Logging

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve the portal until SIGINT or SIGTERM, then finish the requests in flight and stop.")

    // Every option is read as text and checked once, in `AppConfig(ConfigSource)`: the flag, then
    // its WARTA_ variable, then the default.
    @Option(help: "Address to listen on (env WARTA_HOST; default 127.0.0.1).")
    var host: String?
    @Option(help: "Port to listen on (env WARTA_PORT; default 8080).")
    var port: String?
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
    var idleMinutes: String?
    @Option(help: "Hours after login when a session ends regardless (env WARTA_SESSION_HOURS; default 12).")
    var sessionHours: String?
    @Option(help: "bcrypt cost, 10 to 16 (env WARTA_BCRYPT_COST; default 12).")
    var bcryptCost: String?
    @Option(help: "Largest form body in bytes (env WARTA_MAX_BODY_BYTES; default 1048576).")
    var maxBodyBytes: String?
    @Option(help: "Largest image upload in bytes (env WARTA_MAX_IMAGE_BYTES; default 10485760, 10 MB).")
    var maxImageBytes: String?
    @Option(help: "Largest video upload in bytes (env WARTA_MAX_VIDEO_BYTES; default 209715200, 200 MB).")
    var maxVideoBytes: String?
    @Option(help: "Folder for uploaded files (env WARTA_MEDIA; default: media/ beside the database).")
    var media: String?
    @Option(help: "Folder holding Public/ and Data/ (env WARTA_RESOURCES; default the current folder); templates and texts are compiled in.")
    var resources: String?
    @Option(help: "Log level: trace, debug, info, notice, warning, error (env WARTA_LOG_LEVEL; default info).")
    var logLevel: String?
    @Option(help: "Check every archived link every N hours, e.g. 24 (env WARTA_CHECK_LINKS_EVERY; default 0, off).")
    var checkLinksEvery: String?
    @Option(help: "The address people reach the portal at, for absolute links such as the calendar feed, e.g. https://humas.example.ac.id (env WARTA_PUBLIC_URL; default http://HOST:PORT).")
    var publicURL: String?
    @Option(help: ArgumentHelp(
        "Seconds to receive a complete request head, from the connection opening or the previous response; also the keep-alive idle limit (env WARTA_HEADER_TIMEOUT; default 15).",
        valueName: "seconds"))
    var headerTimeout: String?
    @Option(help: ArgumentHelp(
        "Bytes per second a request body must average once the header timeout has passed as grace; 0 is off (env WARTA_MIN_UPLOAD_RATE; default 1024).",
        valueName: "bytes"))
    var minUploadRate: String?
    @Option(help: ArgumentHelp(
        "Open connections one client address may hold; 0 is no limit (env WARTA_MAX_CONNECTIONS_PER_ADDRESS; default 64, or 0 with --trust-proxy, where every connection comes from the proxy).",
        valueName: "count"))
    var maxConnectionsPerAddress: String?
    @Option(help: ArgumentHelp(
        "Threads that read requests and write responses; pages are made on one thread per core (env WARTA_IO_THREADS; default one per four cores, at least 1).",
        valueName: "count"))
    var ioThreads: String?

    /// The flags given on the command line, by option name.
    var flags: [String: String] {
        var flags: [String: String] = [:]
        let given: [(String, String?)] = [
            ("host", host), ("port", port), ("db", database.db), ("preset", preset), ("idle-minutes", idleMinutes),
            ("session-hours", sessionHours), ("bcrypt-cost", bcryptCost), ("max-body-bytes", maxBodyBytes),
            ("max-image-bytes", maxImageBytes), ("max-video-bytes", maxVideoBytes), ("media", media), ("resources", resources),
            ("log-level", logLevel), ("check-links-every", checkLinksEvery), ("public-url", publicURL),
            ("header-timeout", headerTimeout), ("min-upload-rate", minUploadRate),
            ("max-connections-per-address", maxConnectionsPerAddress), ("io-threads", ioThreads),
            ("demo", demo ? "true" : nil), ("secure-cookies", secureCookies ? "true" : nil), ("trust-proxy", trustProxy ? "true" : nil),
        ]
        for (name, value) in given { if let value { flags[name] = value } }
        return flags
    }

    func makeConfig() throws -> AppConfig {
        let config: AppConfig
        do {
            config = try AppConfig(ConfigSource(flags: flags))
        } catch {
            throw CommandFailure(error.message)
        }
        for folder in [config.publicPath, config.dataPath] where !FileManager.default.fileExists(atPath: folder) {
            throw CommandFailure("\(folder) not found: run from the project folder or set --resources")
        }
        return config
    }

    func run() async throws {
        let config = try makeConfig()
        MallocTuning.apply()
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = config.logLevel
            return handler
        }
        let logger = Logger(label: "warta")
        let database = try DatabaseOption.open(config.databasePath)
        if let preset = config.demoPreset {
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
