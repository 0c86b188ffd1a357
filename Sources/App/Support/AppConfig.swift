import Domain
import Foundation
import Logging
import NIOCore

/// Everything the server can be told at start-up. The command line fills it, from flags or
/// `WARTA_*` environment variables; tests build it directly.
public struct AppConfig: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 8080
    public var databasePath: String = "data/warta.sqlite"
    /// The folder holding `Views/`, `Public/`, `Locales/` and `Data/`.
    public var resourcesPath: String = FileManager.default.currentDirectoryPath
    /// For HTTPS deployments: `Secure` and `__Host-` cookies, and HSTS.
    public var secureCookies: Bool = false
    /// Behind a reverse proxy: take the client address from the last `X-Forwarded-For` hop.
    public var trustProxy: Bool = false
    public var session = SessionPolicy()
    /// bcrypt cost factor; 10 is the lowest accepted.
    public var bcryptCost: UInt8 = 12
    /// Largest request body accepted outside uploads, in bytes.
    public var maxBodyBytes: Int = 1 << 20
    public var usernameThrottle = LoginThrottle.perUsername
    public var addressThrottle = LoginThrottle.perAddress
    /// Where uploaded files are stored (content-addressed).
    public var mediaPath: String = "data/media"
    public var uploadLimits = UploadLimits()
    /// Hours between two runs of the link checker while the server runs; 0 (the default, and the
    /// demo's) never runs it.
    public var linkCheckHours: Int = 0
    /// The address people reach the portal at (`https://humas.example.ac.id`), for every absolute
    /// link the portal writes (the calendar feed). Nil: the listen address.
    public var publicURL: String?
    /// Read timeouts and the per-address connection cap (`ConnectionGuard`).
    public var connectionLimits = ConnectionLimits()
    /// Threads that read requests and write responses (SwiftNIO's event loops); the pages
    /// themselves are made on Swift's concurrency threads, one per core. See `defaultIOThreads`.
    public var ioThreads: Int = AppConfig.defaultIOThreads

    /// One per four cores, at least one. Parsing and writing HTTP is a small part of a page here,
    /// and every extra I/O thread competes with the page threads for the same cores: on two cores,
    /// two event loops made the inbox's p99 at sixteen connections twice that of one (25 against
    /// 12 ms, bench/README.md, issue 14), for no more requests per second.
    public static var defaultIOThreads: Int { max(1, System.coreCount / 4) }

    public init() {}

    public var publicPath: String { (resourcesPath as NSString).appendingPathComponent("Public") }
    public var dataPath: String { (resourcesPath as NSString).appendingPathComponent("Data") }

    /// `publicURL` without a trailing slash, or `http://host:port` of the listen address; never
    /// taken from a request's `Host` header.
    public var publicBaseURL: String {
        if let publicURL, !publicURL.isEmpty {
            return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL
        }
        let host = self.host.contains(":") ? "[\(self.host)]" : self.host
        return "http://\(host):\(port)"
    }

    /// A `--public-url` value is an absolute http(s) address with a host and nothing after the path.
    public static func isValidPublicURL(_ text: String) -> Bool {
        guard text.utf8.count <= 200, let url = URL(string: text), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil
        else { return false }
        return true
    }

    /// The preset a demo server seeds (`--demo`); nil for a real one.
    public var demoPreset: SOPPreset?
    public var logLevel: Logger.Level = .info

    /// Every option from its flag, its `WARTA_…` variable or its default, each checked once.
    public init(_ source: ConfigSource) throws(ConfigError) {
        host = source.string("host") ?? host
        port = try source.int("port", in: 1...65535) ?? port
        databasePath = source.string("db") ?? databasePath
        secureCookies = try source.bool("secure-cookies") ?? false
        trustProxy = try source.bool("trust-proxy") ?? false
        let idle = try source.int("idle-minutes", in: 1...(7 * 24 * 60)) ?? 30
        let hours = try source.int("session-hours", in: 1...(31 * 24)) ?? 12
        session = SessionPolicy(idleTimeout: TimeInterval(idle * 60), absoluteLifetime: TimeInterval(hours * 3600))
        bcryptCost = UInt8(try source.int("bcrypt-cost", in: 10...16) ?? Int(bcryptCost))
        maxBodyBytes = try source.int("max-body-bytes", in: 1024...(64 << 20)) ?? maxBodyBytes
        resourcesPath = source.string("resources") ?? resourcesPath
        mediaPath = source.string("media")
            ?? ((URL(fileURLWithPath: databasePath).deletingLastPathComponent().path as NSString).appendingPathComponent("media"))
        // Bounded above so that every sum of sizes stays far from overflow and within a ZIP's 4 GiB.
        uploadLimits = UploadLimits(image: try source.int("max-image-bytes", in: 1024...(2 << 30)) ?? uploadLimits.image,
                                    video: try source.int("max-video-bytes", in: 1024...(2 << 30)) ?? uploadLimits.video)
        linkCheckHours = try source.int("check-links-every", in: 0...8760) ?? 0
        publicURL = try source.choice("public-url", { Self.isValidPublicURL($0) ? $0 : nil },
                                      expected: "an http(s) address such as https://humas.example.ac.id")
        var limits = ConnectionLimits()
        limits.headerTimeout = try source.int("header-timeout", in: 1...600) ?? limits.headerTimeout
        limits.minUploadRate = try source.int("min-upload-rate", in: 0...(100 << 20)) ?? limits.minUploadRate
        // Behind a proxy every connection comes from the proxy's address: a cap on it would cap the
        // whole site, so it is off unless asked for (the proxy limits its clients, see README).
        limits.maxConnectionsPerAddress = try source.int("max-connections-per-address", in: 0...100_000)
            ?? (trustProxy ? 0 : limits.maxConnectionsPerAddress)
        connectionLimits = limits
        ioThreads = try source.int("io-threads", in: 1...256) ?? ioThreads
        logLevel = try source.choice("log-level", { Logger.Level(rawValue: $0) },
                                     expected: "trace, debug, info, notice, warning or error") ?? .info
        let keys = SOPPreset.all.map(\.key).joined(separator: ", ")
        let preset = try source.choice("preset", SOPPreset.named, expected: "one of \(keys)") ?? SOPPreset.named(SOPPreset.defaultKey)
        if try source.bool("demo") == true { demoPreset = preset }
    }

    public var sessionCookieName: String { secureCookies ? "__Host-warta_session" : "warta_session" }
    public var preSessionCookieName: String { secureCookies ? "__Host-warta_pre" : "warta_pre" }
    public static let languageCookieName = "warta_lang"
}

/// Where "now" comes from. Tests pass a clock they can move.
public struct AppClock: Sendable {
    public var now: @Sendable () -> Date
    public init(now: @escaping @Sendable () -> Date) { self.now = now }
    public static let system = AppClock { Date() }
}
