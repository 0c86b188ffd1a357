import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
import Testing
@testable import App

/// A small web site on 127.0.0.1 with a port the system picks: the answers the link checker meets
/// out there, without leaving the machine. It remembers every request it gets.
///
/// It answers on NIO's own event-loop threads, with no Swift concurrency: the test suites run in
/// parallel in one process, and while others keep the two threads of the cooperative pool busy
/// (bcrypt, SQLite), a site answering from that pool fell silent for many seconds, so that a
/// checker with a 30 s timeout saw "timeout" for `/ok` (the flake of issue 11).
final class LoopbackSite: @unchecked Sendable {
    struct Hit: Sendable {
        let method: String
        let path: String
        let at: Date
    }

    private let lock = NSLock()
    private var log: [Hit] = []
    private(set) var port: Int?

    func record(method: String, path: String) {
        lock.withLock { log.append(Hit(method: method, path: path, at: Date())) }
    }

    func hits(_ path: String, _ method: String? = nil) -> [Hit] {
        lock.withLock { log.filter { $0.path == path && (method == nil || $0.method == method) } }
    }

    func count(_ path: String, _ method: String? = nil) -> Int { hits(path, method).count }

    /// The answer for a path and method; nil for `/slow`, which never answers (the connection is
    /// held until the site stops), so only the checker's own timeout can end the request.
    static func answer(_ path: String, _ method: HTTPMethod) -> (status: HTTPResponseStatus, headers: [(String, String)])? {
        switch path {
        case "/ok": (.ok, [])
        case "/moved": (.movedPermanently, [("Location", "/ok")])
        case "/gone404": (.notFound, [])
        case "/gone410": (.gone, [])
        case "/busy": (.tooManyRequests, [])
        case "/headfails": method == .HEAD ? (.methodNotAllowed, []) : (.ok, [])
        case "/slow": nil
        default: (.notFound, [])
        }
    }

    final class Handler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart
        let site: LoopbackSite
        init(site: LoopbackSite) { self.site = site }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
            site.record(method: head.method.rawValue, path: path)
            guard let (status, extra) = LoopbackSite.answer(path, head.method) else { return }
            let body = head.method == .HEAD ? "" : "\(status.code)"
            var headers = HTTPHeaders(extra)
            headers.add(name: "Content-Length", value: head.method == .HEAD ? "0" : "\(body.utf8.count)")
            context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
            if !body.isEmpty { context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil) }
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    /// Starts the site, runs `body` with it and its base address (`http://127.0.0.1:PORT`), stops it.
    static func run<Value: Sendable>(_ body: @Sendable (LoopbackSite, String) async throws -> Value) async throws -> Value {
        let site = LoopbackSite()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(site: site))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        site.port = channel.localAddress?.port
        do {
            let port = try #require(site.port)
            let value = try await body(site, "http://127.0.0.1:\(port)")
            try? await channel.close()
            try? await group.shutdownGracefully()
            return value
        } catch {
            try? await channel.close()
            try? await group.shutdownGracefully()
            throw error
        }
    }
}

@Suite struct LinkCheckerTests {
    /// The options of the brief: a 1 s timeout, for the slow host.
    static let quick = LinkChecker.Options(timeout: 1, concurrency: 2, perHostDelay: 0)
    /// For answers that must arrive: this machine has two cores and runs the other suites at the
    /// same time, so a loopback answer can take over a second; 1 s made these checks flaky.
    static let patient = LinkChecker.Options(timeout: 30, concurrency: 2, perHostDelay: 0)

    static var quietLogger: Logger {
        var logger = Logger(label: "link-checker-test")
        logger.logLevel = .critical
        return logger
    }

    @Test func answersAreClassifiedAfterHeadThenGet() async throws {
        try await LoopbackSite.run { site, base in
            // `/slow` never answers: coming back at all, with "timeout", shows the checker gave up
            // by itself. No wall-clock bound, which a loaded machine could break.
            let slow = await LinkChecker(options: Self.quick).check(base + "/slow")
            #expect(slow.status == .unknown)
            #expect(slow.detail == "timeout")
            #expect(slow.httpStatus == nil)
            #expect(site.count("/slow", "GET") == 0, "a host that timed out is not asked again")

            let checker = LinkChecker(options: Self.patient)

            let ok = await checker.check(base + "/ok")
            #expect(ok.status == .active && ok.httpStatus == 200 && ok.method == "HEAD", "\(ok)")
            #expect(site.count("/ok", "HEAD") == 1 && site.count("/ok", "GET") == 0, "a 2xx HEAD needs no GET")

            let moved = await checker.check(base + "/moved")
            #expect(moved.status == .active, "the redirect is followed")
            #expect(moved.httpStatus == 200)
            #expect(site.count("/moved") >= 1 && site.count("/ok") >= 2)

            for (path, code) in [("/gone404", 404), ("/gone410", 410)] {
                let gone = await checker.check(base + path)
                #expect(gone.status == .dead, "\(path)")
                #expect(gone.httpStatus == code, "\(path)")
                #expect(gone.method == "GET", "\(path): HEAD did not say 2xx, so GET decides")
                #expect(site.count(path, "HEAD") == 1 && site.count(path, "GET") == 1, "\(path)")
            }

            let busy = await checker.check(base + "/busy")
            #expect(busy.status == .unknown, "a rate limit is not a removal")
            #expect(busy.httpStatus == 429)

            let headFails = await checker.check(base + "/headfails")
            #expect(headFails.status == .active)
            #expect(headFails.method == "GET")
            #expect(headFails.httpStatus == 200)
            #expect(site.count("/headfails", "HEAD") == 1 && site.count("/headfails", "GET") == 1)

            let notWeb = await checker.check("ftp://127.0.0.1:\(site.port ?? 0)/x")
            #expect(notWeb.status == .unknown && notWeb.method == "-")
        }
    }

    /// Links written straight into a test database, pointing at the loopback site.
    static func storeLinks(_ app: TestApp, _ urls: [(url: String, replaced: Bool)]) throws -> [Int64] {
        try app.database.writer.write { db in
            let at = app.clock.now.addingTimeInterval(-3600)
            var item = ContentItemRecord(
                id: nil, workflowVersion: 1, position: 6, status: .published, stepRoleKey: nil, stepEnteredAt: at, version: 9, revision: 1,
                title: "Tautan diperiksa", kind: .informasi, publishAt: at, createdBy: app.adminId, createdAt: at, updatedAt: at, publishedAt: at,
                channels: [.website])
            try item.insert(db)
            return try urls.map { entry in
                var link = ContentLinkRecord(id: nil, itemId: item.id!, channel: .website, url: entry.url, createdBy: app.adminId, createdAt: at,
                                             replacedAt: entry.replaced ? at : nil)
                try link.insert(db)
                return link.id!
            }
        }
    }

    static func link(_ app: TestApp, _ id: Int64) throws -> ContentLinkRecord? {
        try app.database.writer.read { db in try ContentLinkRecord.fetchOne(db, key: id) }
    }

    @Test func aRunStoresEachStatusWithItsHistory() async throws {
        let app = try await TestApp.make()
        try await LoopbackSite.run { site, base in
            let ids = try Self.storeLinks(app, [(base + "/ok", false), (base + "/gone404", false), (base + "/busy", false), (base + "/headfails", false),
                                                (base + "/gone410", true)])
            let checker = LinkChecker(options: Self.patient)
            let first = app.clock.now
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            #expect(summary == LinkChecker.Summary(checked: 4, active: 2, dead: 1, unknown: 1))

            let expected: [(LinkStatus, Int)] = [(.active, 200), (.dead, 404), (.unknown, 429), (.active, 200)]
            for (id, (status, code)) in zip(ids, expected) {
                let link = try #require(try Self.link(app, id))
                #expect(link.status == status, "\(link.url)")
                #expect(link.httpStatus == code, "\(link.url)")
                #expect(link.checkedAt == first, "\(link.url)")
            }
            let replaced = try #require(try Self.link(app, ids[4]))
            #expect(replaced.status == .unchecked && replaced.checkedAt == nil, "replaced links are history: not checked")
            #expect(site.count("/gone410") == 0)
            var checks = try app.database.linkChecks(linkIds: ids)
            #expect(Dictionary(grouping: checks, by: \.linkId).mapValues(\.count) == [ids[0]: 1, ids[1]: 1, ids[2]: 1, ids[3]: 1])
            #expect(checks.first { $0.linkId == ids[3] }?.method == "GET")
            #expect(checks.first { $0.linkId == ids[0] }?.method == "HEAD")

            // A day later, again: one more line each, newest first.
            app.clock.advance(minutes: 24 * 60)
            _ = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            checks = try app.database.linkChecks(linkIds: ids)
            #expect(Dictionary(grouping: checks, by: \.linkId).mapValues(\.count) == [ids[0]: 2, ids[1]: 2, ids[2]: 2, ids[3]: 2])
            for id in ids.prefix(4) {
                let lines = checks.filter { $0.linkId == id }
                #expect(lines.map(\.checkedAt) == [app.clock.now, first], "newest first")
                #expect(try Self.link(app, id)?.checkedAt == app.clock.now)
            }
        }
        // What the archive shows afterwards.
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/archive")
            let rows = ArchiveRouterTests.archiveRows(page.body)
            #expect(rows.map(\.status).sorted() == ["aktif", "aktif", "belum-dicek", "mati", "tidak-dapat-dicek"])
            #expect(page.contains("HTTP 404"))
            let dead = try #require(HTMLText.between(page.body, "id=\"dead-links\"", "</section>"))
            #expect(dead.contains("/gone404") && !dead.contains("/gone410") && !dead.contains("/busy"))
        }
    }

    @Test func linksOnOneHostAreCheckedOneAtATimeWithAPause() async throws {
        let app = try await TestApp.make()
        try await LoopbackSite.run { site, base in
            _ = try Self.storeLinks(app, (1...4).map { (base + "/ok?n=\($0)", false) })
            let checker = LinkChecker(options: .init(timeout: 30, concurrency: 4, perHostDelay: 0.3))
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            #expect(summary.checked == 4 && summary.active == 4)
            let times = site.hits("/ok").map(\.at).sorted()
            #expect(times.count == 4, "one HEAD each")
            let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
            #expect(gaps.count == 3)
            #expect(gaps.allSatisfy { $0 >= 0.25 }, "requests to one host are spaced: \(gaps)")
        }
    }

    /// `Options.perHostDelay` is documented as "seconds between two requests to the same host";
    /// a link that needs HEAD and then GET makes two requests.
    @Test
    func headThenGetToOneHostIsSpacedToo() async throws {
        let app = try await TestApp.make()
        try await LoopbackSite.run { site, base in
            _ = try Self.storeLinks(app, (1...3).map { (base + "/gone404?n=\($0)", false) })
            let checker = LinkChecker(options: .init(timeout: 30, concurrency: 4, perHostDelay: 0.3))
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            #expect(summary.dead == 3)
            let times = site.hits("/gone404").map(\.at).sorted()
            #expect(times.count == 6, "HEAD and GET for each")
            let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
            #expect(gaps.allSatisfy { $0 >= 0.25 }, "every two requests to the host are spaced: \(gaps)")
        }
    }
}
