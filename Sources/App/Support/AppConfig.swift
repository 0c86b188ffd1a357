import Domain
import Foundation

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
    /// Reload templates on every request (development).
    public var reloadTemplates: Bool = false
    /// Where uploaded files are stored (content-addressed).
    public var mediaPath: String = "data/media"
    public var uploadLimits = UploadLimits()
    /// Hours between two runs of the link checker while the server runs; 0 (the default, and the
    /// demo's) never runs it.
    public var linkCheckHours: Int = 0
    /// Read timeouts and the per-address connection cap (`ConnectionGuard`).
    public var connectionLimits = ConnectionLimits()

    public init() {}

    public var viewsPath: String { (resourcesPath as NSString).appendingPathComponent("Views") }
    public var publicPath: String { (resourcesPath as NSString).appendingPathComponent("Public") }
    public var localesPath: String { (resourcesPath as NSString).appendingPathComponent("Locales") }
    public var dataPath: String { (resourcesPath as NSString).appendingPathComponent("Data") }

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
