import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
@testable import App

/// "Now" for tests: starts at a fixed instant and moves only when a test says so.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    /// Saturday 21 November 2026, 10:00 WIB (03:00 UTC).
    static let start = Date(timeIntervalSince1970: 1_795_230_000)

    init(_ start: Date = TestClock.start) { current = start }

    var now: Date { lock.withLock { current } }
    func advance(minutes: Double) { lock.withLock { current = current.addingTimeInterval(minutes * 60) } }
    /// Sets the time to `YYYY-MM-DDTHH:MM` in Jakarta.
    func set(_ local: String) {
        let date = LocalDateTime.parse(local, timeZone: TimeZone(identifier: "Asia/Jakarta")!)!
        lock.withLock { current = date }
    }
    var appClock: AppClock { AppClock { [self] in self.now } }
}

/// The project folder, where Views/, Public/ and Locales/ live.
let projectRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    fatalError("Package.swift not found above \(#filePath)")
}()

/// A ready application over an in-memory database on the dki-ksd preset, with known accounts.
struct TestApp: @unchecked Sendable {
    static let adminPassword = "admin-password-1"
    static let userPassword = "kepala-biro-pass"

    let services: AppServices
    let clock: TestClock
    let router: Router<AppRequestContext>
    let adminId: Int64
    let kabiroId: Int64

    var database: AppDatabase { services.database }

    static func make(preset: SOPPreset = .dkiKSD, configure: (inout AppConfig) -> Void = { _ in }) async throws -> TestApp {
        var config = AppConfig()
        config.resourcesPath = projectRoot
        config.bcryptCost = 10
        config.mediaPath = NSTemporaryDirectory() + "warta-media-" + UUID().uuidString
        configure(&config)
        let clock = TestClock()
        let database = try AppDatabase.inMemory()
        try database.initialise(preset: preset, name: "Biro Kerja Sama Daerah", now: clock.now)
        let hasher = PasswordHasher(cost: 10)
        let adminId = try database.createUser(
            username: "admin", displayName: "Admin Sistem", passwordHash: try await hasher.hash(adminPassword), roleKeys: ["admin"], now: clock.now)
        let kabiroId = try database.createUser(
            username: "kabiro", displayName: "Ibu Kepala Biro", passwordHash: try await hasher.hash(userPassword), roleKeys: preset.roles.contains { $0.key == "kepala-biro" } ? ["kepala-biro"] : [], now: clock.now)
        var logger = Logger(label: "warta-test")
        logger.logLevel = .critical
        let services = try await buildServices(config: config, database: database, clock: clock.appClock, logger: logger)
        return TestApp(services: services, clock: clock, router: buildRouter(services), adminId: adminId, kabiroId: kabiroId)
    }

    /// Creates an account whose password is "password-" + its username.
    @discardableResult
    func addUser(_ username: String, roles: [RoleKey], displayName: String? = nil) async throws -> Int64 {
        let hash = try await services.hasher.hash("password-" + username)
        return try database.createUser(username: username, displayName: displayName ?? username.capitalized, passwordHash: hash, roleKeys: roles, now: clock.now)
    }

    /// A browser logged in as `username` (created with `addUser`), for one test body.
    func `as`(_ username: String, _ test: @Sendable (TestBrowser) async throws -> Void) async throws {
        try await run { browser in
            let answer = try await browser.login(username, "password-" + username)
            guard answer.status == .seeOther else { throw TestFailure("login as \(username) answered \(answer.status)") }
            try await test(browser)
        }
    }

    /// Runs `test` against the router, with a browser-like client.
    func run(_ test: @Sendable (TestBrowser) async throws -> Void) async throws {
        try await runReturning(test)
    }

    /// Like `run`, handing back what the test returns.
    func runReturning<Value: Sendable>(_ test: @Sendable (TestBrowser) async throws -> Value) async throws -> Value {
        let app = Application(router: router, logger: services.logger)
        return try await app.test(.router) { client in
            try await test(TestBrowser(client: client, cookieNames: [services.config.sessionCookieName, services.config.preSessionCookieName, AppConfig.languageCookieName]))
        }
    }
}

/// Keeps cookies between requests and reads CSRF tokens from pages, as a browser would.
final class TestBrowser: @unchecked Sendable {
    let client: any TestClientProtocol
    let cookieNames: [String]
    private let lock = NSLock()
    private var jar: [String: String] = [:]
    /// The CSRF token of the last page that had a form.
    private(set) var csrfToken: String = ""

    init(client: any TestClientProtocol, cookieNames: [String]) {
        self.client = client
        self.cookieNames = cookieNames
    }

    func cookie(_ name: String) -> String? { lock.withLock { jar[name] } }
    func setCookie(_ name: String, _ value: String?) { lock.withLock { jar[name] = value } }

    struct Page: Sendable {
        let status: HTTPResponse.Status
        let headers: HTTPFields
        let body: String
        var location: String? { headers[.location] }
        func contains(_ text: String) -> Bool { body.contains(text) }
    }

    @discardableResult
    func get(_ path: String, headers extra: HTTPFields = [:]) async throws -> Page {
        try await send(path, method: .get, body: nil, headers: extra)
    }

    /// Posts a form. The CSRF token of the last page is added unless the fields already name one.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true, headers extra: HTTPFields = [:]) async throws -> Page {
        var fields = fields
        if csrf, !fields.contains(where: { $0.0 == "csrf_token" }) { fields.append(("csrf_token", csrfToken)) }
        var headers = extra
        headers[.contentType] = "application/x-www-form-urlencoded"
        return try await send(path, method: .post, body: Self.encode(fields), headers: headers)
    }

    func send(_ path: String, method: HTTPRequest.Method, body: String?, headers extra: HTTPFields) async throws -> Page {
        var headers = extra
        let cookieHeader = lock.withLock { jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if !cookieHeader.isEmpty, headers[.cookie] == nil { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: path, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        for value in response.headers[values: .setCookie] { absorb(setCookie: value) }
        let text = String(buffer: response.body)
        if let token = Self.firstMatch(in: text, after: "name=\"csrf_token\" value=\"") { csrfToken = token }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    func absorb(setCookie header: String) {
        let first = header.split(separator: ";").first.map(String.init) ?? ""
        let parts = first.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 else { return }
        let expired = header.contains("Max-Age=0")
        lock.withLock { jar[parts[0]] = (expired || parts[1].isEmpty) ? nil : parts[1] }
    }

    /// Logs in through the form, as a person would. Returns the POST answer.
    @discardableResult
    func login(_ username: String, _ password: String, next: String? = nil, headers: HTTPFields = [:]) async throws -> Page {
        try await get("/login")
        var fields = [("username", username), ("password", password)]
        if let next { fields.append(("next", next)) }
        return try await post("/login", fields, headers: headers)
    }

    /// Posts `multipart/form-data`, as a form with a file input does. The CSRF token goes first.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], files: [(field: String, name: String, type: String, bytes: [UInt8])],
                       csrf: Bool = true) async throws -> Page {
        let boundary = "----WartaTestBoundary7MA4YWxkTrZu0gW"
        var body: [UInt8] = []
        func add(_ text: String) { body.append(contentsOf: Array(text.utf8)) }
        var all = fields
        if csrf { all.insert(("csrf_token", csrfToken), at: 0) }
        for (name, value) in all {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        for file in files {
            add("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n")
            body.append(contentsOf: file.bytes)
            add("\r\n")
        }
        add("--\(boundary)--\r\n")
        var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=\(boundary)"]
        let cookieHeader = lock.withLock { jar.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; ") }
        if !cookieHeader.isEmpty { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: path, method: .post, headers: headers, body: ByteBuffer(bytes: body))
        for value in response.headers[values: .setCookie] { absorb(setCookie: value) }
        let text = String(buffer: response.body)
        if let token = Self.firstMatch(in: text, after: "name=\"csrf_token\" value=\"") { csrfToken = token }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    static func encode(_ fields: [(String, String)]) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return fields.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed)!)" }
            .joined(separator: "&")
    }

    static func firstMatch(in text: String, after marker: String) -> String? {
        guard let start = text.range(of: marker) else { return nil }
        let rest = text[start.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
