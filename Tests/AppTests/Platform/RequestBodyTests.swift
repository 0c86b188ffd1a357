import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOConcurrencyHelpers
import NIOCore
import NIOEmbedded
import Testing
@testable import App

/// Request bodies as an attacker sends them: over `--max-body-bytes`, with or without a declared
/// length, and forms that cannot be read.
@Suite struct RequestBodyTests {
    @Test func oversizedBodiesGet413() async throws {
        // setup
        let app = try await TestApp.make { $0.maxBodyBytes = 4096 }
        // action
        try await app.run { browser in
            try await browser.get("/login")
            let big = String(repeating: "x", count: 10_000)
            let page = try await browser.post("/login", [("username", big), ("password", "x")])
            // check
            #expect(page.status == .contentTooLarge)
            #expect(page.contains("Kiriman terlalu besar"))
        }
    }

    @Test func malformedFormGets400() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.get("/login")
            let page = try await browser.send("/login", method: .post, body: "username=%E0%A4%A&password=%%", headers: [.contentType: "application/x-www-form-urlencoded"])
            // check
            #expect(page.status == .badRequest)
            #expect(page.contains("Isian formulir tidak dapat dibaca"))
        }
    }

    /// A form body sent chunked (no `Content-Length`) past `--max-body-bytes` gets the same 413 page
    /// as a declared length over it, never a 500, and nothing is created.
    @Test func chunkedBodyOverTheLimitGets413AndChangesNothing() async throws {
        // setup
        let app = try await TestApp.make { $0.maxBodyBytes = 4096 }
        // action
        let (cookies, token) = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            let jar = [app.services.config.sessionCookieName, app.services.config.preSessionCookieName]
                .compactMap { name in browser.cookie(name).map { "\(name)=\($0)" } }.joined(separator: "; ")
            return (jar, browser.csrfToken)
        }
        // check
        #expect(!token.isEmpty)
        let form = "csrf_token=\(token)&username=sneaky&display_name=" + String(repeating: "x", count: 10_000)
            + "&role=admin&language=id&password=password123"

        // action
        let page = try await Self.sendChunked(
            app, path: "/admin/users", body: Array(form.utf8), chunk: 1000,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookies])
        // check
        #expect(page.status == .contentTooLarge)
        #expect(page.body.contains("Kiriman terlalu besar"), "not the 413 page")
        // Under the limit, the same chunked request goes through (so the refusal above is the size).
        let small = "csrf_token=\(token)&username=chunked&display_name=Chunked&role=admin&language=id&password=password123"
        // action
        let accepted = try await Self.sendChunked(
            app, path: "/admin/users", body: Array(small.utf8), chunk: 7,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: cookies])
        // check
        #expect(accepted.status == .seeOther)
        #expect(try app.database.userRecord(username: "sneaky") == nil, "the refused form created the account")
        #expect(try app.database.userRecord(username: "chunked") != nil)
    }

    /// The login form too (anonymous, before any session), in both languages: 413, no session.
    @Test(arguments: [("id", "Kiriman terlalu besar"), ("en", "Too large")])
    func chunkedLoginOverTheLimitGets413(language: String, heading: String) async throws {
        // setup
        let app = try await TestApp.make { $0.maxBodyBytes = 4096 }
        // action
        let page = try await Self.sendChunked(
            app, path: "/login", body: Array(("username=" + String(repeating: "a", count: 8000) + "&password=x").utf8), chunk: 512,
            headers: [.contentType: "application/x-www-form-urlencoded", .cookie: "\(AppConfig.languageCookieName)=\(language)"])
        // check
        #expect(page.status == .contentTooLarge)
        #expect(page.body.contains(heading), "\(language): not the localized 413 page")
        #expect(page.headers[values: .setCookie].allSatisfy { !$0.hasPrefix(app.services.config.sessionCookieName + "=") })
    }

    struct Answer: Sendable {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String
    }

    /// Sends a request to the router whose body arrives in chunks with no `Content-Length`, as
    /// `Transfer-Encoding: chunked` does over the wire. (The router test client always adds a
    /// length, so it cannot send one.)
    static func sendChunked(_ app: TestApp, path: String, body: [UInt8], chunk: Int, headers: HTTPFields) async throws -> Answer {
        var fields = headers
        fields[.transferEncoding] = "chunked"
        let (stream, continuation) = AsyncStream<ByteBuffer>.makeStream()
        var offset = 0
        while offset < body.count {
            continuation.yield(ByteBuffer(bytes: body[offset..<min(offset + chunk, body.count)]))
            offset += chunk
        }
        continuation.finish()
        let request = Request(
            head: HTTPRequest(method: .post, scheme: "http", authority: "localhost", path: path, headerFields: fields),
            body: RequestBody(asyncSequence: stream))
        let context = AppRequestContext(source: .init(channel: NIOAsyncTestingChannel(), logger: app.services.logger))
        let response = try await app.router.buildResponder().respond(to: request, context: context)
        let collected = Collected()
        try await response.body.write(CollectingWriter(collected: collected))
        return Answer(status: response.status, headers: response.headers, body: String(buffer: collected.buffer.withLockedValue { $0 }))
    }

    final class Collected: Sendable {
        let buffer = NIOLockedValueBox(ByteBuffer())
    }

    struct CollectingWriter: ResponseBodyWriter {
        let collected: Collected
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            collected.buffer.withLockedValue { $0.writeBuffer(&buffer) }
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
