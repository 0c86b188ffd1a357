import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// `/evaluasi` (issue 15): the period parameters, who sees what (admin, head, anyone else, nobody
/// logged in), the JSON and the exports, over a real item's history.
@Suite struct EvaluationPageTests {
    /// A dki-ksd item in November 2026: handed on, rejected by tim-pengelola with a reason, handed
    /// on again, approved up to the head and published on Instagram and Facebook.
    static func appWithHistory() async throws -> TestApp {
        let app = try await TestApp.dki()
        app.clock.set("2026-11-23T08:00")
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Rapat koordinasi"))
        app.clock.set("2026-11-23T09:00")
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        app.clock.set("2026-11-23T10:00")
        #expect(try await app.act("tim-pengelola", "reject", on: item, [("reason", "Judul kurang jelas")]).status == .seeOther)
        app.clock.set("2026-11-23T13:00")
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        app.clock.set("2026-11-23T13:30")
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] {
            #expect(try await app.act(role, "approve", on: item).status == .seeOther, "\(role) approves")
        }
        app.clock.set("2026-11-24T09:00")
        #expect(try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)),
        ]).status == .seeOther)
        return app
    }

    @Test func adminSeesTheWholeQuarterWithChartsAndFindingLinks() async throws {
        // setup
        let app = try await Self.appWithHistory()
        // action
        let page = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return try await browser.get("/evaluasi")
        }
        // check
        #expect(page.status == .ok)
        #expect(page.contains("id=\"eval-steps\""))
        #expect(page.contains("Q4 2026"), "the default is the current quarter")
        #expect(page.contains("Judul kurang jelas (1)"), "the rejection's reason, grouped")
        #expect(page.contains("<svg"))
        #expect(page.contains("id=\"eval-chart-steps-data\"") && page.contains("id=\"eval-chart-months-data\""), "each chart has its table")
        #expect(page.contains("/evaluasi/temuan/baru?from=2026-10-01&amp;to=2026-12-31&amp;subject="))
        #expect(page.contains("id=\"eval-channels\"") && page.contains("Instagram"))
        #expect(page.contains("class=\"signatures\""))
        #expect(page.contains("href=\"/evaluasi\""), "in the navigation")
        // The rework: rejected at 10:00 at step 2, back at step 2 at 13:00: 3 hours.
        let json = try await Self.json(app, "admin", TestApp.adminPassword, "?month=2026-11")
        let current = try #require(json["current"] as? [String: Any])
        let steps = try #require(current["steps"] as? [[String: Any]])
        let second = try #require(steps.first { $0["position"] as? Int == 2 })
        #expect(second["rejections"] as? Int == 1)
        #expect((second["rework"] as? [String: Any])?["median"] as? Int == 180)
        #expect(second["passes"] as? Int == 2)
        #expect(current["published"] as? Int == 1)
        #expect(json["scope"] as? String == "all")
        #expect(json["previousPeriod"] as? String == "2026-10")
    }

    @Test func theHeadSeesAllAndOthersOnlyTheirOwnFigures() async throws {
        // setup
        let app = try await Self.appWithHistory()
        // action
        let head = try await app.runAs("kepala-biro") { try await $0.get("/evaluasi?quarter=2026-Q4") }
        let staff = try await app.runAs("tim-pengelola") { try await $0.get("/evaluasi?quarter=2026-Q4") }
        // check
        #expect(head.status == .ok && head.contains("id=\"eval-steps\""))
        #expect(staff.status == .ok)
        #expect(!staff.contains("id=\"eval-steps\"") && !staff.contains("id=\"eval-channels\"") && !staff.contains("id=\"eval-incoming"))
        #expect(staff.contains("id=\"eval-own-note\""))
        #expect(staff.contains("Tim-Pengelola"), "their own row")
        #expect(!staff.contains("Admin-Medsos"), "nobody else's")
        // The JSON follows the same rule.
        let json = try await Self.json(app, "tim-pengelola", "password-tim-pengelola", "?quarter=2026-Q4")
        #expect(json["scope"] as? String == "own")
        let current = try #require(json["current"] as? [String: Any])
        #expect((current["steps"] as? [Any])?.isEmpty == true)
        #expect((current["channels"] as? [Any])?.isEmpty == true)
        let people = try #require(current["people"] as? [[String: Any]])
        #expect(people.count == 1 && people.first?["name"] as? String == "Tim-Pengelola")
        // And the exports.
        let csv = try await app.runAs("tim-pengelola") { try await $0.get("/evaluasi.csv?quarter=2026-Q4") }
        #expect(csv.status == .ok && !csv.contains("Judul kurang jelas") && !csv.contains("Admin-Medsos"))
    }

    @Test func loggedOutIsSentToLogin() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        let answers = try await app.runReturning { browser in
            [try await browser.get("/evaluasi"), try await browser.get("/evaluasi.csv"), try await browser.get("/evaluasi.xlsx")]
        }
        // check
        for answer in answers {
            #expect(answer.status == .seeOther)
            #expect(answer.location?.hasPrefix("/login") == true)
        }
    }

    @Test(arguments: [
        "month=2026-13", "month=abc", "quarter=2026-Q5", "quarter=Q4", "year=20266", "year=x", "from=2026-11-01",
        "to=2026-11-01", "from=2026-11-31&to=2026-12-01", "from=2026-12-01&to=2026-11-01", "from=2020-01-01&to=2026-01-01",
        "month=2026-11&year=2026", "quarter=2026-Q1&from=2026-01-01&to=2026-01-31",
    ])
    func badPeriodsAreA400InWords(_ query: String) async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        let (page, json, csv) = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return (try await browser.get("/evaluasi?" + query), try await browser.get("/evaluasi?" + query, headers: [.accept: "application/json"]),
                    try await browser.get("/evaluasi.csv?" + query))
        }
        // check
        #expect(page.status == .badRequest, "\(query)")
        #expect(page.contains("YYYY") || page.contains("tanggal") || page.contains("Tanggal") || page.contains("periode"), "\(query): \(page.body.prefix(300))")
        #expect(json.status == .badRequest)
        #expect(csv.status == .badRequest)
    }

    @Test func shortcutsAndCustomRanges() async throws {
        // setup
        let app = try await Self.appWithHistory()
        // action
        let (month, year, custom, previous) = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return (try await browser.get("/evaluasi?month=2026-11"), try await browser.get("/evaluasi?year=2026"),
                    try await browser.get("/evaluasi?from=2026-11-23&to=2026-11-24"), try await browser.get("/evaluasi?month=2026-10"))
        }
        // check
        #expect(month.status == .ok && month.contains("November 2026") && month.contains("Oktober 2026"), "compared with October")
        #expect(year.status == .ok && year.contains("href=\"/evaluasi?year=2025\" rel=\"prev\""))
        #expect(custom.status == .ok && custom.contains("href=\"/evaluasi?from=2026-11-21&amp;to=2026-11-22\" rel=\"prev\""))
        #expect(previous.status == .ok && !previous.contains("Judul kurang jelas"), "nothing happened in October")
    }

    @Test func exportsCarryTheFigures() async throws {
        // setup
        let app = try await Self.appWithHistory()
        // action
        let (xlsx, csv) = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return (try await browser.get("/evaluasi.xlsx?month=2026-11"), try await browser.get("/evaluasi.csv?month=2026-11"))
        }
        // check
        #expect(xlsx.status == .ok)
        #expect(xlsx.headers[.contentType] == XLSXWorkbook.mimeType)
        #expect(xlsx.headers[.contentDisposition]?.contains("evaluasi-2026-11.xlsx") == true)
        #expect(xlsx.body.hasPrefix("PK"))
        #expect(csv.status == .ok)
        #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(csv.body.hasPrefix(CSV.byteOrderMark))
        #expect(csv.contains("Judul kurang jelas (1)"))
        #expect(csv.contains("Per langkah") && csv.contains("Per kanal dan jenis") && csv.contains("Per orang"))
    }

    @Test func storedChannelListsAreReadWithoutADecoder() {
        #expect(AppDatabase.evaluationChannels("[\"instagram\",\"facebook\"]") == [.instagram, .facebook])
        #expect(AppDatabase.evaluationChannels("[\"instagram-story\"]") == [.instagramStory])
        #expect(AppDatabase.evaluationChannels("[]").isEmpty)
        #expect(AppDatabase.evaluationChannels(nil).isEmpty)
        #expect(AppDatabase.evaluationChannels("[\"mastodon\",\"x\"]") == [.x], "an unknown name is left out")
    }

    static func json(_ app: TestApp, _ username: String, _ password: String, _ query: String) async throws -> [String: Any] {
        let page = try await app.runReturning { browser in
            try await browser.login(username, password)
            return try await browser.get("/evaluasi" + query, headers: [.accept: "application/json"])
        }
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "application/json; charset=utf-8")
        return try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
    }
}
