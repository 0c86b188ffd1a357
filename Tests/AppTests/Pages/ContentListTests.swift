import Domain
import Foundation
import Testing
@testable import App

/// The content list (`/content`): words, status, kind, channel and planned-date range, as typed
/// query parameters named as on `/archive`; pages keep the filters.
@Suite struct ContentListTests {
    @Test func hugePageNumbersAreNot500() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/content?page=9223372036854775807").status == .ok)
            #expect(try await browser.get("/content?page=-5&q=").status == .ok)
        }
    }

    /// Three items: a coverage on Instagram and Facebook on 21 November, a greeting on Facebook
    /// on 25 November, an information post on TikTok with no planned time.
    static func seeded() async throws -> TestApp {
        let app = try await TestApp.dki()
        _ = try await app.createItem(fields: Fixtures.itemFields(title: "Rapat koordinasi mitra"))
        _ = try await app.createItem(fields: Fixtures.contentFields(title: "Ucapan Hari Guru", kind: "ucapan", publishAt: "2026-11-25T06:00",
                                                                    dueOn: "2026-11-25", channels: ["facebook"]))
        _ = try await app.createItem(fields: Fixtures.contentFields(title: "Info layanan 100%_persen", kind: "informasi", publishAt: "",
                                                                    channels: ["tiktok"]))
        return app
    }

    /// The titles the list shows for `query`, with the answer's status.
    static func titles(_ app: TestApp, _ query: String) async throws -> (status: Int, titles: [String], body: String) {
        try await app.runAs("tim-pengelola") { browser async throws in
            let page = try await browser.get("/content" + query)
            let titles = ["Rapat koordinasi mitra", "Ucapan Hari Guru", "Info layanan 100%_persen"].filter { page.contains(">\($0)</a>") }
            return (page.status.code, titles, page.body)
        }
    }

    @Test func eachFilterNarrowsTheList() async throws {
        // setup
        let app = try await Self.seeded()
        // action + check
        #expect(try await Self.titles(app, "").titles.count == 3)
        #expect(try await Self.titles(app, "?q=koordinasi").titles == ["Rapat koordinasi mitra"])
        #expect(try await Self.titles(app, "?q=KERJA+SAMA").titles == ["Rapat koordinasi mitra"], "words of the caption, any case")
        #expect(try await Self.titles(app, "?q=Ucapan+Guru").titles == ["Ucapan Hari Guru"], "every word required")
        #expect(try await Self.titles(app, "?q=Ucapan+koordinasi").titles == [])
        #expect(try await Self.titles(app, "?q=100%25_").titles == ["Info layanan 100%_persen"], "% and _ are literal")
        #expect(try await Self.titles(app, "?q=%25").titles == ["Info layanan 100%_persen"])
        #expect(try await Self.titles(app, "?kind=ucapan").titles == ["Ucapan Hari Guru"])
        #expect(try await Self.titles(app, "?channel=facebook").titles.sorted() == ["Rapat koordinasi mitra", "Ucapan Hari Guru"])
        #expect(try await Self.titles(app, "?channel=tiktok").titles == ["Info layanan 100%_persen"])
        #expect(try await Self.titles(app, "?from=2026-11-22").titles == ["Ucapan Hari Guru"])
        #expect(try await Self.titles(app, "?to=2026-11-21").titles == ["Rapat koordinasi mitra"], "the last day is included")
        #expect(try await Self.titles(app, "?from=2026-11-21&to=2026-11-25").titles.count == 2, "no planned time: outside any range")
        #expect(try await Self.titles(app, "?from=2026-11-26&to=2026-11-20").titles == [], "a reversed range is empty")
        #expect(try await Self.titles(app, "?status=draft&kind=kegiatan&channel=instagram&q=rapat&from=2026-11-21&to=2026-11-21").titles
                == ["Rapat koordinasi mitra"])
        #expect(try await Self.titles(app, "?status=published").titles == [])
        let empty = try await Self.titles(app, "?kind=repost")
        #expect(empty.body.contains("id=\"content-list-empty\">Tidak ada konten yang cocok dengan saringan ini."))
        // check: the form keeps what was asked
        let kept = try await Self.titles(app, "?q=rapat&kind=kegiatan&channel=instagram&from=2026-11-01&to=2026-11-30")
        #expect(kept.body.contains("name=\"q\" value=\"rapat\""))
        #expect(kept.body.contains("<option value=\"kegiatan\" selected>"))
        #expect(kept.body.contains("<option value=\"instagram\" selected>"))
        #expect(kept.body.contains("name=\"from\" value=\"2026-11-01\""))
        #expect(kept.body.contains("name=\"to\" value=\"2026-11-30\""))
    }

    @Test func hostileValuesAreAClear400() async throws {
        // setup
        let app = try await Self.seeded()
        // action + check
        for query in ["?status=nonsense", "?kind=%3Cscript%3E", "?channel=myspace", "?from=2026-13-01", "?to=yesterday",
                      "?from=99999-01-01", "?to=2026-02-30", "?from=%00"] {
            let answer = try await Self.titles(app, query)
            #expect(answer.status == 400, "\(query)")
            #expect(!answer.body.contains("<script>"), "\(query) is escaped")
        }
        let day = try await Self.titles(app, "?from=kemarin")
        #expect(day.body.contains("Saringan from memerlukan tanggal TTTT-BB-HH, bukan &quot;kemarin&quot;."))
        // check: long and odd words are no error
        for query in ["?q=" + String(repeating: "a", count: 5_000), "?q=%27%3B+DROP+TABLE+contentItem%3B--", "?q=%5C", "?q=a+b+c+d+e+f+g+h",
                      "?kind=&channel=&status=&from=&to="] {
            #expect(try await Self.titles(app, query).status == 200, "\(query.prefix(40))")
        }
        #expect(try await Self.titles(app, "").titles.count == 3, "nothing was dropped")
    }

    @Test func pagesKeepTheFilters() async throws {
        // setup: 51 greetings and one coverage
        let app = try await TestApp.dki()
        let author = try app.userId("admin-medsos")
        let (version, workflow) = try #require(app.services.institution.currentWorkflow)
        for index in 0..<51 {
            let draft = ContentDraft(title: "Ucapan & salam \(index)", kind: .ucapan, caption: "Selamat", channels: [.facebook], source: .other,
                                     publishAt: Fixtures.local("2026-11-25T06:00"), dueOn: Day("2026-11-25"))
            _ = try app.database.createItem(draft, workflowVersion: version, firstStep: workflow.steps[0], by: ContentActor(userId: author), now: app.clock.now)
        }
        _ = try await app.createItem()
        // action
        let first = try await Self.titles(app, "?q=salam+%26&kind=ucapan&from=2026-11-25")
        // check
        let next = "/content?q=salam%20%26&amp;kind=ucapan&amp;from=2026-11-25&amp;page=2"
        #expect(first.body.contains("href=\"\(next)\" rel=\"next\""))
        // action
        let second = try await app.runAs("tim-pengelola") { browser async throws in
            try await browser.get("/content?q=salam%20%26&kind=ucapan&from=2026-11-25&page=2").body
        }
        // check
        #expect(second.contains("href=\"/content?q=salam%20%26&amp;kind=ucapan&amp;from=2026-11-25&amp;page=1\""))
        #expect(second.contains(">Ucapan &amp; salam 0</a>"), "the oldest change on the second page")
        #expect(!second.contains("rel=\"next\""))
    }
}
