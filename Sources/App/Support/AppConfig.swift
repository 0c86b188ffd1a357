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
