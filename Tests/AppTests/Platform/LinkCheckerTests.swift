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
        // action
        try await LoopbackSite.run { site, base in
            // `/slow` never answers: coming back at all, with "timeout", shows the checker gave up
            // by itself. No wall-clock bound, which a loaded machine could break.
            let slow = await LinkChecker(options: Self.quick).check(base + "/slow")
            // check
            #expect(slow.status == .unknown)
            #expect(slow.detail == "timeout")
            #expect(slow.httpStatus == nil)
            #expect(site.count("/slow", "GET") == 0, "a host that timed out is not asked again")

            // action
            let checker = LinkChecker(options: Self.patient)

            let ok = await checker.check(base + "/ok")
            // check
            #expect(ok.status == .active && ok.httpStatus == 200 && ok.method == "HEAD", "\(ok)")
            #expect(site.count("/ok", "HEAD") == 1 && site.count("/ok", "GET") == 0, "a 2xx HEAD needs no GET")

            // action
            let moved = await checker.check(base + "/moved")
            // check
            #expect(moved.status == .active, "the redirect is followed")
            #expect(moved.httpStatus == 200)
            #expect(site.count("/moved") >= 1 && site.count("/ok") >= 2)

            // action
            for (path, code) in [("/gone404", 404), ("/gone410", 410)] {
                let gone = await checker.check(base + path)
                // check
                #expect(gone.status == .dead, "\(path)")
                #expect(gone.httpStatus == code, "\(path)")
                #expect(gone.method == "GET", "\(path): HEAD did not say 2xx, so GET decides")
                #expect(site.count(path, "HEAD") == 1 && site.count(path, "GET") == 1, "\(path)")
            }

            // action
            let busy = await checker.check(base + "/busy")
            // check
            #expect(busy.status == .unknown, "a rate limit is not a removal")
            #expect(busy.httpStatus == 429)

            // action
            let headFails = await checker.check(base + "/headfails")
            // check
            #expect(headFails.status == .active)
            #expect(headFails.method == "GET")
            #expect(headFails.httpStatus == 200)
            #expect(site.count("/headfails", "HEAD") == 1 && site.count("/headfails", "GET") == 1)

            // action
            let notWeb = await checker.check("ftp://127.0.0.1:\(site.port ?? 0)/x")
            // check
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
        // setup
        let app = try await TestApp.make()
        // action
        try await LoopbackSite.run { site, base in
            let ids = try Self.storeLinks(app, [(base + "/ok", false), (base + "/gone404", false), (base + "/busy", false), (base + "/headfails", false),
                                                (base + "/gone410", true)])
            let checker = LinkChecker(options: Self.patient)
            let first = app.clock.now
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            // check
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

            // action
            // A day later, again: one more line each, newest first.
            app.clock.advance(minutes: 24 * 60)
            _ = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            // check
            checks = try app.database.linkChecks(linkIds: ids)
            #expect(Dictionary(grouping: checks, by: \.linkId).mapValues(\.count) == [ids[0]: 2, ids[1]: 2, ids[2]: 2, ids[3]: 2])
            for id in ids.prefix(4) {
                let lines = checks.filter { $0.linkId == id }
                #expect(lines.map(\.checkedAt) == [app.clock.now, first], "newest first")
                #expect(try Self.link(app, id)?.checkedAt == app.clock.now)
            }
        }
        // action
        // What the archive shows afterwards.
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/archive")
            // check
            let rows = ArchiveReader.rows(page.body)
            #expect(rows.map(\.status).sorted() == ["aktif", "aktif", "belum-dicek", "mati", "tidak-dapat-dicek"])
            #expect(page.contains("HTTP 404"))
            let dead = try #require(HTMLText.between(page.body, "id=\"dead-links\"", "</section>"))
            #expect(dead.contains("/gone404") && !dead.contains("/gone410") && !dead.contains("/busy"))
        }
    }

    @Test func linksOnOneHostAreCheckedOneAtATimeWithAPause() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await LoopbackSite.run { site, base in
            _ = try Self.storeLinks(app, (1...4).map { (base + "/ok?n=\($0)", false) })
            let checker = LinkChecker(options: .init(timeout: 30, concurrency: 4, perHostDelay: 0.3))
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            // check
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
        // setup
        let app = try await TestApp.make()
        // action
        try await LoopbackSite.run { site, base in
            _ = try Self.storeLinks(app, (1...3).map { (base + "/gone404?n=\($0)", false) })
            let checker = LinkChecker(options: .init(timeout: 30, concurrency: 4, perHostDelay: 0.3))
            let summary = try await checker.run(database: app.database, now: { app.clock.now }, logger: Self.quietLogger)
            // check
            #expect(summary.dead == 3)
            let times = site.hits("/gone404").map(\.at).sorted()
            #expect(times.count == 6, "HEAD and GET for each")
            let gaps = zip(times.dropFirst(), times).map { $0.timeIntervalSince($1) }
            #expect(gaps.allSatisfy { $0 >= 0.25 }, "every two requests to the host are spaced: \(gaps)")
        }
    }
}
