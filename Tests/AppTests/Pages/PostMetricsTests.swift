import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Post performance: figures typed on the item page, the insights CSV import (preview, then
/// confirm; all or nothing), who may do either, and the ranking page.
@Suite struct PostMetricsTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: projectRoot).appendingPathComponent("Tests/shared/insights/\(name)")))
    }

    /// A published item with its Instagram and Facebook links; returns the item path and the link ids.
    static func published(_ app: TestApp, title: String = "Rapat koordinasi") async throws -> (item: String, instagram: Int64, facebook: Int64) {
        let item = try await app.publishedItem(title: title)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        let links = try #require(try app.database.itemBundle(id: id)).links
        let instagram = try #require(links.first { $0.channel == .instagram }?.id)
        let facebook = try #require(links.first { $0.channel == .facebook }?.id)
        return (item, instagram, facebook)
    }

    static func figures(link: Int64, asOf: String, reach: String = "1.204", likes: String = "150", comments: String = "8") -> [(String, String)] {
        [("link", "\(link)"), ("as_of", asOf), ("reach", reach), ("impressions", ""), ("likes", likes), ("comments", comments),
         ("shares", "9"), ("saves", "22"), ("views", "")]
    }

    func rows(_ app: TestApp) throws -> [PostMetricRecord] {
        try app.database.writer.read { db in try PostMetricRecord.order(Column("linkId"), Column("asOf")).fetchAll(db) }
    }

    // MARK: manual entry

    @Test func thePublisherRecordsFiguresOnTheItemAndTheSameDayIsReplacedNotDuplicated() async throws {
        // setup
        let app = try await TestApp.dki()
        let (item, instagram, _) = try await Self.published(app)
        app.clock.advance(minutes: 24 * 60)
        // action
        let saved = try await app.runAs("admin-medsos") { browser in
            _ = try await browser.get(item)
            return try await browser.post("\(item)/kinerja", Self.figures(link: instagram, asOf: "2026-11-22"))
        }
        // check
        #expect(saved.status == .seeOther)
        #expect(saved.location == "\(item)?ok=metrics_saved#kinerja-\(instagram)")
        var stored = try rows(app)
        #expect(stored.count == 1)
        #expect(stored.first?.metrics == PostMetrics(reach: 1204, likes: 150, comments: 8, shares: 9, saves: 22))
        #expect(stored.first?.source == "manual")

        // action: the same day again, corrected
        _ = try await app.runAs("kepala-biro") { browser in
            _ = try await browser.get(item)
            return try await browser.post("\(item)/kinerja", Self.figures(link: instagram, asOf: "2026-11-22", reach: "1300"))
        }
        // check
        stored = try rows(app)
        #expect(stored.count == 1, "one row per link and day")
        #expect(stored.first?.reach == 1300)

        // action
        let page = try await app.runAs("tim-pengelola") { browser in try await browser.get(item) }
        // check: everyone sees the figures; who may not record them is told who may
        #expect(page.body.contains("id=\"kinerja-\(instagram)\""))
        #expect(page.body.contains("1.300"))
        #expect(page.body.contains("Angka kinerja dicatat oleh: Administrator Sistem, Admin Medsos, Kepala Biro."))
        #expect(!page.body.contains("action=\"\(item)/kinerja\""))
    }

    @Test func someoneOutsideThePublishRoleHeadsAndAdminsIsRefused() async throws {
        // setup
        let app = try await TestApp.dki()
        let (item, instagram, _) = try await Self.published(app)
        // action
        let refused = try await app.runAs("tim-pengelola") { browser in
            _ = try await browser.get(item)
            return try await browser.post("\(item)/kinerja", Self.figures(link: instagram, asOf: "2026-11-21"))
        }
        // check
        #expect(refused.status == .forbidden)
        #expect(refused.body.contains("Angka kinerja hanya dicatat oleh: Administrator Sistem, Admin Medsos, Kepala Biro."))
        #expect(try rows(app).isEmpty)
    }

    @Test func badFiguresAreRefusedWithTheFormKeptAndNothingSaved() async throws {
        // setup
        let app = try await TestApp.dki()
        let (item, instagram, facebook) = try await Self.published(app)
        // action
        let bad = try await app.runAs("admin-medsos") { browser in
            _ = try await browser.get(item)
            return try await browser.post("\(item)/kinerja", Self.figures(link: instagram, asOf: "2026-11-21", reach: "12,5", likes: "banyak"))
        }
        // check
        #expect(bad.status == .unprocessableContent)
        #expect(bad.body.contains("Jangkauan: &quot;12,5&quot; bukan bilangan bulat 0 atau lebih"))
        #expect(bad.body.contains("Suka: &quot;banyak&quot; bukan bilangan bulat"))
        #expect(bad.body.contains("value=\"banyak\""), "the typed text is kept")
        #expect(bad.body.contains("<details class=\"metrics-entry\" open>"))

        // action: a day in the future, a day before the post went live, nothing typed, another item's link
        let cases: [([(String, String)], String)] = [
            (Self.figures(link: instagram, asOf: "2026-11-23"), "Tanggal angka tidak boleh setelah hari ini."),
            (Self.figures(link: instagram, asOf: "2026-11-20"), "Tanggal angka tidak boleh sebelum unggahan tayang (21 November 2026)."),
            (Self.figures(link: instagram, asOf: "kemarin"), "Tanggal angka tidak valid"),
            ([("link", "\(facebook)"), ("as_of", "2026-11-21")], "Isi paling sedikit satu angka."),
        ]
        for (fields, message) in cases {
            let page = try await app.runAs("admin-medsos") { browser in
                _ = try await browser.get(item)
                return try await browser.post("\(item)/kinerja", fields)
            }
            #expect(page.status == .unprocessableContent, "\(message)")
            #expect(page.body.contains(message), "\(message)")
        }
        let other = try await app.runAs("admin-medsos") { browser in
            _ = try await browser.get(item)
            return try await browser.post("\(item)/kinerja", Self.figures(link: 999_999, asOf: "2026-11-21"))
        }
        #expect(other.status == .unprocessableContent)
        #expect(try rows(app).isEmpty, "nothing half-saved")
    }

    // MARK: import

    func upload(_ app: TestApp, as username: String = "admin-medsos", file: [UInt8], name: String = "insights.csv",
                asOf: String = "2026-11-21") async throws -> TestBrowser.Page {
        try await app.runAs(username) { browser in
            _ = try await browser.get("/evaluasi/kinerja")
            return try await browser.postMultipart("/evaluasi/kinerja/impor", [("as_of", asOf)], files: [("file", name, "text/csv", file)])
        }
    }

    @Test func aMetaExportIsPreviewedThenSavedWhole() async throws {
        // setup
        let app = try await TestApp.dki()
        let (_, instagram, _) = try await Self.published(app)
        // action: upload
        let token = try await app.runAs("admin-medsos") { browser -> String in
            _ = try await browser.get("/evaluasi/kinerja")
            let preview = try await browser.postMultipart("/evaluasi/kinerja/impor", [("as_of", "2026-11-21")],
                                                          files: [("file", "insights-meta.csv", "text/csv", try Self.fixture("insights-meta.csv"))])
            // check: the preview shows the match and the unmatched row with its reason; nothing is saved yet
            #expect(preview.status == .ok)
            #expect(preview.body.contains("1 baris cocok dengan tautan arsip, 1 baris tidak cocok."))
            #expect(preview.body.contains("Meta Business Suite"))
            #expect(preview.body.contains("Tidak ada di arsip tautan: https://www.instagram.com/p/Czzz999/"))
            #expect(preview.body.contains(">Rapat koordinasi</a>"))
            #expect(try rows(app).isEmpty)
            let marker = "name=\"token\" value=\""
            let start = try #require(preview.body.range(of: marker)).upperBound
            return String(preview.body[start...].prefix { $0 != "\"" })
        }
        // action: confirm
        let done = try await app.runAs("admin-medsos") { browser in
            _ = try await browser.get("/evaluasi/kinerja")
            return try await browser.post("/evaluasi/kinerja/impor/simpan", [("token", token)])
        }
        // check
        #expect(done.status == .seeOther)
        let stored = try rows(app)
        #expect(stored.map(\.linkId) == [instagram])
        #expect(stored.first?.metrics == PostMetrics(reach: 1912, likes: 231, comments: 12, shares: 17, saves: 40, views: 2480))
        #expect(stored.first?.source == "import" && stored.first?.asOf == "2026-11-21")
        // action: the ranking shows the post
        let ranking = try await app.runAs("tim-pengelola") { browser in try await browser.get("/evaluasi/kinerja") }
        #expect(ranking.status == .ok)
        #expect(ranking.body.contains("Instagram · Liputan kegiatan"))
        #expect(ranking.body.contains("15,7%"), "(231 + 12 + 17 + 40) ÷ 1912 = 0.1569")
        // action: the same figures as JSON
        let json = try await app.runAs("tim-pengelola") { browser in
            try await browser.get("/evaluasi/kinerja?from=2026-11-01&to=2026-11-30", headers: [.accept: "application/json"])
        }
        // check
        #expect(json.status == .ok)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
        let posts = try #require(object["posts"] as? [[String: Any]])
        #expect(posts.count == 1)
        #expect(posts.first?["link_id"] as? Int == Int(instagram))
        #expect(((posts.first?["metrics"] as? [String: Any])?["reach"] as? Int) == 1912)
        let hours = try #require(object["by_hour"] as? [[String: Any]])
        #expect(hours.count == 24)
        #expect(hours[10]["posts"] as? Int == 1, "published at 10.00 WIB")
        let weekdays = try #require(object["by_weekday"] as? [[String: Any]])
        #expect(weekdays[5]["posts"] as? Int == 1, "Saturday 21 November")
    }

    @Test func aRefusedFileSaysWhyAndSavesNothing() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await Self.published(app)
        let cases: [(String, String)] = [
            ("Permalink,Likes\nhttps://www.instagram.com/p/Cabc123/,3\nhttps://www.facebook.com/biroksd/posts/42,banyak\n",
             "Baris 3, kolom &quot;Likes&quot;: &quot;banyak&quot; bukan bilangan bulat 0 atau lebih."),
            ("Permalink,Reach\nhttps://www.instagram.com/p/Cabc123/,10\nhttps://instagram.com/p/Cabc123,12\n",
             "Baris 2, 3 adalah unggahan yang sama (https://www.instagram.com/p/Cabc123/)."),
            ("Tanggal,Pengikut baru\n2026-11-21,4\n", "tidak berbentuk ekspor wawasan"),
        ]
        for (text, message) in cases {
            // action
            let page = try await upload(app, file: Array(text.utf8))
            // check
            #expect(page.status == .unprocessableContent, "\(message)")
            #expect(page.body.contains(message), "\(message)")
            #expect(!page.body.contains("id=\"import-preview\""))
        }
        let future = try await upload(app, file: try Self.fixture("insights-meta.csv"), asOf: "2026-11-30")
        #expect(future.status == .unprocessableContent)
        #expect(try rows(app).isEmpty)
    }

    @Test func anExpiredOrForeignTokenSavesNothing() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await Self.published(app)
        // action
        let page = try await app.runAs("admin-medsos") { browser in
            _ = try await browser.get("/evaluasi/kinerja")
            return try await browser.post("/evaluasi/kinerja/impor/simpan", [("token", "made-up")])
        }
        // check
        #expect(page.status == .unprocessableContent)
        #expect(page.body.contains("Pratinjau impor ini sudah tidak berlaku"))
        #expect(try rows(app).isEmpty)
    }

    @Test func onlyAdminsAndThePublishRoleImport() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await Self.published(app)
        // action
        let refused = try await upload(app, as: "kepala-biro", file: try Self.fixture("insights-meta.csv"))
        // check
        #expect(refused.status == .forbidden)
        #expect(refused.body.contains("Impor angka kinerja hanya untuk: Administrator Sistem, Admin Medsos."))
        let confirm = try await app.runAs("kepala-biro") { browser in
            _ = try await browser.get("/evaluasi/kinerja")
            return try await browser.post("/evaluasi/kinerja/impor/simpan", [("token", "x")])
        }
        #expect(confirm.status == .forbidden)
        let page = try await app.runAs("kepala-biro") { browser in try await browser.get("/evaluasi/kinerja") }
        #expect(page.status == .ok, "everyone signed in reads the ranking")
        #expect(!page.body.contains("action=\"/evaluasi/kinerja/impor\""))
        // The administrator may.
        let admin = try await app.runReturning { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/evaluasi/kinerja")
            return try await browser.postMultipart("/evaluasi/kinerja/impor", [("as_of", "2026-11-21")],
                                                   files: [("file", "m.csv", "text/csv", try Self.fixture("insights-meta.csv"))])
        }
        #expect(admin.status == .ok)
        #expect(try rows(app).isEmpty)
    }

    @Test func aNonsensePeriodIsA422WithTheLastNinetyDays() async throws {
        let app = try await TestApp.dki()
        let page = try await app.runAs("tim-pengelola") { browser in try await browser.get("/evaluasi/kinerja?from=2026-12-01&to=2026-11-01") }
        #expect(page.status == .unprocessableContent)
        #expect(page.body.contains("Periode tidak valid"))
        let garbage = try await app.runAs("tim-pengelola") { browser in try await browser.get("/evaluasi/kinerja?from=%FF&to=31-12-2026") }
        #expect(garbage.status == .unprocessableContent)
    }

    // MARK: storage

    @Test func theTableRefusesNegativeFiguresUnknownSourcesAndASaveIsAllOrNothing() async throws {
        // setup
        let app = try await TestApp.dki()
        let (item, instagram, facebook) = try await Self.published(app)
        let itemId = try #require(Int64(item.split(separator: "/").last ?? ""))
        func record(_ link: Int64, _ channel: Channel, reach: Int) -> PostMetricRecord {
            PostMetricRecord(linkId: link, itemId: itemId, channel: channel, asOf: Day(year: 2026, month: 11, day: 21),
                             metrics: PostMetrics(reach: reach), source: "manual", recordedBy: nil, recordedAt: app.clock.now)
        }
        // action and check: the second row breaks a CHECK, so the first is not kept either
        #expect(throws: (any Error).self) {
            try app.database.savePostMetrics([record(instagram, .instagram, reach: 10), record(facebook, .facebook, reach: -1)])
        }
        #expect(try rows(app).isEmpty)
        // action and check: the database itself refuses what no form should send
        try app.database.savePostMetrics([record(instagram, .instagram, reach: 10)])
        for sql in ["UPDATE postMetric SET likes = -3", "UPDATE postMetric SET source = 'tebakan'", "UPDATE postMetric SET asOf = 'kemarin'",
                    "UPDATE postMetric SET channel = 'myspace'", "UPDATE postMetric SET views = 3000000000"] {
            #expect(throws: (any Error).self, "\(sql)") { try app.database.writer.write { db in try db.execute(sql: sql) } }
        }
        #expect(try rows(app).map(\.reach) == [10])
    }

    @Test func garbageNeverAnswers500() async throws {
        // setup
        let app = try await TestApp.dki()
        let (item, instagram, _) = try await Self.published(app)
        var random = SystemRandomNumberGenerator()
        let files: [[UInt8]] = [
            [], [0xFF, 0xFE, 0x00], (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) },
            Array("Permalink\n".utf8), Array("\"Permalink,Reach\n\"unterminated".utf8),
            Array(("Post ID,Reach\n" + String(repeating: "x,", count: 20_000) + "\n").utf8),
            Array("Post ID,Reach\n1,99999999999999999999999\n".utf8), Array("\u{FEFF}\u{FEFF}Permalink;Reach\n;\n".utf8),
        ]
        try await app.as("admin-medsos") { browser in
            _ = try await browser.get("/evaluasi/kinerja")
            for (index, file) in files.enumerated() {
                let page = try await browser.postMultipart("/evaluasi/kinerja/impor", [("as_of", "2026-11-21")], files: [("file", "g\(index).csv", "text/csv", file)])
                #expect(page.status.code < 500, "file \(index): \(page.status)")
            }
            for fields in [[("as_of", "2026-13-45")], [("as_of", String(repeating: "9", count: 5000))], []] {
                let page = try await browser.postMultipart("/evaluasi/kinerja/impor", fields, files: [("file", "m.csv", "text/csv", Array("Post ID,Reach\n1,2\n".utf8))])
                #expect(page.status.code < 500 && page.status != .ok, "\(fields)")
            }
            let urlencoded = try await browser.post("/evaluasi/kinerja/impor", [("file", "Post ID,Reach")])
            #expect(urlencoded.status.code < 500)
            for query in ["from=2026-02-30", "to=9999-99-99", "from=\(String(repeating: "1", count: 3000))", "from=1900-01-01&to=2026-11-30"] {
                #expect(try await browser.get("/evaluasi/kinerja?\(query)").status.code < 500, "\(query)")
            }
            _ = try await browser.get(item)
            for fields in [[("link", "abc")], [("link", "\(instagram)"), ("as_of", "2026-11-21"), ("reach", String(repeating: "9", count: 5000))],
                           [("link", "\(instagram)"), ("as_of", "2026-11-21"), ("likes", "１２")]] {
                #expect(try await browser.post("\(item)/kinerja", fields).status.code < 500, "\(fields)")
            }
        }
        #expect(try rows(app).isEmpty)
    }
}
