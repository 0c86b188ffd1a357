import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The security log (`/admin/audit`).
@Suite struct AdminAuditTests {
    @Test func adminsReadSecurityEvents() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", "wrong-password")
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/audit")
            // check
            #expect(page.status == .ok)
            #expect(page.contains("data-action=\"login.failure\""))
            #expect(page.contains("data-action=\"login.success\""))
            #expect(page.contains("Gagal masuk"))
            // action
            let filtered = try await browser.get("/admin/audit?action=login.failure")
            // check
            #expect(!filtered.contains("data-action=\"login.success\""))
        }
    }

    @Test func auditPagesAreLimitedAndLinkOlder() async throws {
        // setup
        let app = try await TestApp.make()
        for index in 0..<60 {
            try app.database.audit(.loginFailure, actorId: nil, actorUsername: "x\(index)", target: "x\(index)", clientAddress: "127.0.0.1", at: app.clock.now)
        }
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let first = try await browser.get("/admin/audit")
            // check
            #expect(first.body.components(separatedBy: "data-action=").count - 1 == 50)
            let older = try #require(TestBrowser.firstMatch(in: first.body, after: "<a href=\"/admin/audit?before="))
            // action
            let second = try await browser.get("/admin/audit?before=" + older)
            // check
            #expect(second.body.components(separatedBy: "data-action=").count - 1 == 11)
        }
    }

    /// The timed check of issue 10 (item 3), run on its own after the other suites (see `TimedAgendaTests`).
    @Suite(.serialized) struct TimedAuditTests {
        @Test func theSecurityLogPagesFiftyAtATimeOverAMillionRows() async throws {
            // setup: a million rows, as a long-lived institution or an attack would leave.
            let app = try await TestApp.make()
            try await app.database.writer.write { db in
                try db.execute(sql: """
                    WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 1000000)
                    INSERT INTO auditEvent (at, actorId, actorUsername, action, target, clientAddress, detail)
                    SELECT 1795230000 - x, NULL, 'tebak' || x, CASE WHEN x % 1000 = 0 THEN 'user.disable' ELSE 'login.failure' END,
                           'tebak' || x, '10.0.' || (x % 250) || '.1', NULL FROM n
                    """)
            }
            // action: the newest page, a filter on a rare action, and a deep page, each the best of three.
            try await app.run { browser in
                let login = try await browser.login("admin", TestApp.adminPassword)
                #expect(login.status == .seeOther)
                for path in ["/admin/audit", "/admin/audit?action=user.disable", "/admin/audit?before=500000", "/admin/audit?action=user.disable&before=300000"] {
                    var best = Double.infinity
                    var rows = 0
                    for _ in 0..<3 {
                        let start = ContinuousClock.now
                        let page = try await browser.get(path)
                        let elapsed = ContinuousClock.now - start
                        best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
                        // check
                        #expect(page.status == .ok)
                        rows = page.body.components(separatedBy: "<tr").count - 2
                        #expect(page.contains("before="), "\(path) links to older rows")
                    }
                    // check: 50 rows, fast
                    #expect(rows == AdminAuditController.pageSize, "\(path): \(rows) rows")
                    #expect(best < 0.5, "\(path) took \(best) s")
                }
            }
        }
    }
}
