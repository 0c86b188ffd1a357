import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

private typealias Flow = WorkflowRouterTests

/// The publishing archive (issue 6), over HTTP: platform link checks at publish, `/archive` with
/// its filters, sort and pages, the CSV export, updates after publishing, the control sheet, the
/// offline record, the monthly report and dead links.
@Suite struct ArchiveRouterTests {
    // MARK: - Helpers

    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    static func local(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: jakarta)! }

    /// Walks an item of the dki-ksd workflow from its first step to "ready to publish".
    static func approveToPublish(_ app: TestApp, _ item: String) async throws {
        #expect(try await Flow.act(app, "admin-medsos", "submit", on: item).status == .seeOther, "submit")
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] {
            #expect(try await Flow.act(app, role, "approve", on: item).status == .seeOther, "\(role) approves")
        }
        #expect(try await Flow.json(app, item)["status"] as? String == "ready_to_publish")
    }

    /// A published item on Instagram and Facebook with the given title.
    static func publishedItem(_ app: TestApp, title: String) async throws -> String {
        let item = try await Flow.createItem(app, fields: Flow.itemFields(title: title))
        try await approveToPublish(app, item)
        let published = try await Flow.act(app, "admin-medsos", "publish", on: item, [
            ("link_instagram", Flow.validLink(.instagram)), ("link_facebook", Flow.validLink(.facebook)),
        ])
        #expect(published.status == .seeOther)
        #expect(try await Flow.json(app, item)["status"] as? String == "published")
        return item
    }

    static func linkURLs(_ state: [String: Any]) -> [String] {
        (state["links"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
    }

    static func history(_ state: [String: Any]) -> [[String: Any]] {
        state["history"] as? [[String: Any]] ?? []
    }

    /// One row of the archive table, read back from the page.
    struct ArchiveRow: Sendable, Equatable {
        let status: String
        let replaced: Bool
        let title: String
        let kind: String
        let channel: String
        let url: String
        let replacedText: String?
    }

    static func archiveRows(_ body: String) -> [ArchiveRow] {
        body.components(separatedBy: "<tr data-link-status=\"").dropFirst().map { piece in
            let status = String(piece.prefix { $0 != "\"" })
            let row = piece.components(separatedBy: "</tr>")[0]
            let cells = HTMLText.cells(row)
            let titleCell = HTMLText.between(row, "<td><a href=\"/content/", "</a>") ?? ""
            let title = HTMLText.unescape(titleCell.components(separatedBy: "\">").dropFirst().joined(separator: "\">"))
            return ArchiveRow(
                status: status, replaced: piece.hasPrefix(status + "\" class=\"replaced\""), title: title,
                kind: cells.count > 2 ? cells[2] : "", channel: cells.count > 3 ? cells[3] : "",
                url: HTMLText.unescape(HTMLText.between(row, "class=\"url\">", "</a>") ?? ""),
                replacedText: HTMLText.between(row, "<span class=\"badge warn\">", "</span>").map(HTMLText.unescape))
        }
    }

    /// The archive page's rows and its range line, as `username`.
    static func archive(_ app: TestApp, _ query: String, as username: String = "tim-pengelola") async throws -> (TestBrowser.Page, [ArchiveRow]) {
        let box = Flow.PageBox()
        try await app.as(username) { browser in
            box.page = try await browser.get("/archive" + (query.isEmpty ? "" : "?" + query))
        }
        let page = try #require(box.page)
        return (page, archiveRows(page.body))
    }

    static func range(_ page: TestBrowser.Page) -> String? {
        HTMLText.between(page.body, "<p class=\"muted\" id=\"archive-range\">", "</p>")
    }

    // MARK: - Seeded archive

    /// One link written straight into the database, with what the archive should show for it.
    struct Seed: Sendable {
        let linkId: Int64
        let itemId: Int64
        let index: Int
        let title: String
        let kind: ContentKind
        let channel: Channel
        let url: String
        let at: Date
        var month: String { LocalDateTime.format(at, timeZone: ArchiveRouterTests.jakarta).prefix(7).description }
    }

    static let emojiTitle = "Rapat koordinasi Kerja Sama Daerah — Sinergi Jakarta–Bandung 🇮🇩🎉👨‍👩‍👧"

    static func seedTitle(_ index: Int) -> String {
        switch index {
        case 3: "=HYPERLINK(\"x\")"
        case 5: emojiTitle
        case 7: "Diskon 100% untuk_semua peserta"
        case 8: "+62 Layanan Pengaduan"
        case 9: "-5 Langkah Aman Berkendara"
        case 10: "@biroksd menyapa warga"
        case 11: "Promo 1000 untukXsemua peserta"  // what `%` or `_` as wildcards would also find
        default: String(format: "Kegiatan nomor %02d", index)
        }
    }

    /// 48 published items with 120 links: Instagram and X for each, Facebook for every second;
    /// items 0–19 in October 2026 (the last at 23:30 on the 31st), 20–47 in November (the first
    /// at 00:10 on the 1st); every third item an `ucapan`, the others `kegiatan`.
    static func seedArchive(_ app: TestApp) throws -> [Seed] {
        let author = try #require(try app.database.userRecord(username: "admin-medsos")?.id ?? app.database.userRecord(username: "admin")?.id)
        return try app.database.writer.write { db in
            var seeds: [Seed] = []
            for index in 0..<48 {
                let at: Date
                switch index {
                case 0..<19: at = local(String(format: "2026-10-%02dT09:00", index + 1))
                case 19: at = local("2026-10-31T23:30")
                case 20: at = local("2026-11-01T00:10")
                default: at = local("2026-11-01T09:00").addingTimeInterval(Double(index - 21) * 12 * 3600)
                }
                let kind: ContentKind = index % 3 == 0 ? .ucapan : .kegiatan
                var channels: [Channel] = [.instagram, .x]
                if index % 2 == 0 { channels.insert(.facebook, at: 1) }
                var item = ContentItemRecord(
                    id: nil, workflowVersion: 1, position: 6, status: .published, stepRoleKey: nil, stepEnteredAt: at, version: 9, revision: 1,
                    title: seedTitle(index), kind: kind, publishAt: at, createdBy: author, createdAt: at.addingTimeInterval(-86_400),
                    updatedAt: at, publishedAt: at, channels: ChannelList(channels))
                try item.insert(db)
                for channel in channels {
                    let offset: Double = channel == .instagram ? 0 : channel == .facebook ? 60 : 120
                    let url = switch channel {
                    case .instagram: String(format: "https://www.instagram.com/p/seed%02d/", index)
                    case .facebook: "https://www.facebook.com/biroksd/posts/\(1000 + index)"
                    default: "https://x.com/biroksd/status/\(5000 + index)"
                    }
                    var link = ContentLinkRecord(id: nil, itemId: item.id!, channel: channel, url: url, createdBy: author,
                                                 createdAt: at.addingTimeInterval(offset))
                    try link.insert(db)
                    seeds.append(Seed(linkId: link.id!, itemId: item.id!, index: index, title: item.title, kind: kind, channel: channel, url: url,
                                      at: link.createdAt))
                }
            }
            return seeds
        }
    }

    /// Newest first, as the archive and the export list them.
    static func newestFirst(_ seeds: [Seed]) -> [Seed] {
        seeds.sorted { ($0.at, $0.linkId) > ($1.at, $1.linkId) }
    }

    /// SQLite's NOCASE: bytes, with ASCII letters folded.
    static func nocase(_ text: String) -> [UInt8] {
        text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }

    // MARK: - Links at publish

    @Test func publishRefusesLinksOfTheWrongPlatformOrFormAndStoresGoodOnesNormalised() async throws {
        let app = try await Flow.dki()
        let item = try await Flow.createItem(app, fields: Flow.itemFields(title: "Tautan salah", channels: ["instagram", "facebook", "youtube"]))
        try await Self.approveToPublish(app, item)
        let good: [(String, String)] = [
            ("link_instagram", Flow.validLink(.instagram)), ("link_facebook", Flow.validLink(.facebook)), ("link_youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ]
        let cases: [(field: String, typed: String, message: String)] = [
            ("link_instagram", "https://youtu.be/dQw4w9WgXcQ",
             "Tautan Instagram harus dari instagram.com. Bentuk yang diharapkan: https://www.instagram.com/p/KODE/ · /reel/KODE/ · /tv/KODE/"),
            ("link_instagram", "https://www.instagram.com/biroksd/",
             "Tautan Instagram bukan tautan unggahan (mungkin tautan profil). Bentuk yang diharapkan: https://www.instagram.com/p/KODE/"),
            ("link_facebook", "javascript:alert(1)",
             "Tautan Facebook bukan alamat web yang sah. Bentuk yang diharapkan: https://www.facebook.com/HALAMAN/posts/ID"),
            ("link_youtube", "https://www.instagram.com/p/Cabc123/", "Tautan YouTube harus dari youtube.com, youtu.be."),
        ]
        for (field, typed, message) in cases {
            let fields = good.map { $0.0 == field ? (field, typed) : $0 }
            let page = try await Flow.act(app, "admin-medsos", "publish", on: item, fields)
            #expect(page.status == .unprocessableContent, "\(field) = \(typed)")
            #expect(page.contains(message), "\(field) = \(typed): the message names the expected form")
            #expect(page.contains("name=\"\(field)\" type=\"url\" inputmode=\"url\" value=\"\(typed)\""), "the refused link is kept as typed")
            for (other, value) in fields where other != field {
                #expect(page.contains("name=\"\(other)\" type=\"url\" inputmode=\"url\" value=\"\(value)\""), "\(other) is kept as typed")
            }
            let state = try await Flow.json(app, item)
            #expect(state["status"] as? String == "ready_to_publish", "nothing published")
            #expect(Self.linkURLs(state).isEmpty, "no link recorded")
        }
        // Good links with tracking parameters, an upper-case scheme and host, a mobile host and a short link.
        let published = try await Flow.act(app, "admin-medsos", "publish", on: item, [
            ("link_instagram", "  HTTPS://WWW.Instagram.COM/p/Cabc123/?igsh=MWZ4eTRz&utm_source=x  "),
            ("link_facebook", "https://m.facebook.com/biroksd/posts/42?mibextid=abc&utm_source=x"),
            ("link_youtube", "https://youtu.be/dQw4w9WgXcQ?si=tracking"),
        ])
        #expect(published.status == .seeOther)
        let state = try await Flow.json(app, item)
        #expect(state["status"] as? String == "published")
        #expect(Self.linkURLs(state) == [
            "https://www.instagram.com/p/Cabc123/", "https://www.facebook.com/biroksd/posts/42", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ])
        let (_, rows) = try await Self.archive(app, "")
        #expect(Set(rows.map(\.url)) == Set(Self.linkURLs(state)), "the archive shows the normalised links")
        #expect(rows.allSatisfy { $0.status == "belum-dicek" && $0.title == "Tautan salah" && !$0.replaced })
    }

    @Test func websiteLinksMustBeOnTheInstitutionsOwnDomain() async throws {
        let app = try await Flow.dki()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/settings")
            let saved = try await browser.post("/admin/settings", [
                ("name", "Biro Kerja Sama Daerah"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
                ("office_opens", "07:30"), ("office_closes", "16:00"),
                ("office_days", "2"), ("office_days", "3"), ("office_days", "4"), ("office_days", "5"), ("office_days", "6"),
                ("channels", "instagram"), ("channels", "facebook"), ("channels", "website"), ("account_name", "biroksd"),
                ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
                ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
                ("website_domains", "https://www.Jakarta.go.id/\nbiroksd.example"), ("update_policy", "workflow"),
            ])
            #expect(saved.location == "/admin/settings?ok=settings_saved", "\(saved.status)")
        }
        #expect(app.services.institution.settings.websiteDomains == ["jakarta.go.id", "biroksd.example"])
        let item = try await Flow.createItem(app, fields: Flow.itemFields(title: "Berita situs", channels: ["website"]))
        try await Self.approveToPublish(app, item)
        for foreign in ["https://www.kompas.com/berita/1", "https://jakarta.go.id.evil.com/berita/1", "https://notjakarta.go.id/berita/1"] {
            let page = try await Flow.act(app, "admin-medsos", "publish", on: item, [("link_website", foreign)])
            #expect(page.status == .unprocessableContent, "\(foreign)")
            #expect(page.contains("Tautan Website harus di domain lembaga: jakarta.go.id, biroksd.example."), "\(foreign)")
            #expect(page.contains("value=\"\(foreign)\""), "kept as typed")
        }
        #expect(try await Flow.json(app, item)["status"] as? String == "ready_to_publish")
        let published = try await Flow.act(app, "admin-medsos", "publish", on: item, [
            ("link_website", "https://Humas.Jakarta.go.id/berita/1?utm_source=wa&fbclid=abc&id=5"),
        ])
        #expect(published.status == .seeOther, "a subdomain of an own domain is accepted")
        #expect(Self.linkURLs(try await Flow.json(app, item)) == ["https://humas.jakarta.go.id/berita/1?id=5"])
    }

    // MARK: - Archive page

    @Test func archiveFiltersSortsAndPages() async throws {
        let app = try await Flow.dki()
        let seeds = try Self.seedArchive(app)
        #expect(seeds.count == 120)
        let ordered = Self.newestFirst(seeds)

        // Default: newest first, 50 to a page.
        var (page, rows) = try await Self.archive(app, "")
        #expect(page.status == .ok)
        #expect(rows.count == 50)
        #expect(page.body.components(separatedBy: "<tr data-link-status=").count - 1 == 50, "every row carries data-link-status")
        #expect(rows.map(\.url) == ordered.prefix(50).map(\.url))
        #expect(Self.range(page) == "1–50 dari 120 tautan (halaman 1 dari 3)")
        #expect(page.contains("href=\"/archive?page=2\" rel=\"next\""))
        #expect(rows.allSatisfy { $0.status == "belum-dicek" })

        (page, rows) = try await Self.archive(app, "page=3")
        #expect(rows.count == 20)
        #expect(rows.map(\.url) == ordered.suffix(20).map(\.url))
        #expect(Self.range(page) == "101–120 dari 120 tautan (halaman 3 dari 3)")
        #expect(!page.contains("rel=\"next\""))
        #expect(page.contains("href=\"/archive?page=2\" rel=\"prev\""))

        // Month: days in Jakarta, so 23:30 on 31 October is October and 00:10 on 1 November is not.
        let october = ordered.filter { $0.month == "2026-10" }
        #expect(october.count == 50)
        (page, rows) = try await Self.archive(app, "month=2026-10")
        #expect(rows.map(\.url) == october.map(\.url))
        #expect(Self.range(page) == "1–50 dari 50 tautan (halaman 1 dari 1)")
        #expect(rows.contains { $0.url.hasSuffix("/seed19/") } && !rows.contains { $0.url.hasSuffix("/seed20/") })
        #expect(page.contains("name=\"month\" value=\"2026-10\""), "the filter stays in the form")

        // The pager keeps the filter.
        let novemberLinks = ordered.filter { $0.month == "2026-11" }
        #expect(novemberLinks.count == 70)
        (page, rows) = try await Self.archive(app, "month=2026-11")
        #expect(rows.map(\.url) == novemberLinks.prefix(50).map(\.url))
        #expect(page.contains("href=\"/archive?month=2026-11&amp;page=2\" rel=\"next\"") || page.contains("href=\"/archive?month=2026-11&page=2\" rel=\"next\""))
        (page, rows) = try await Self.archive(app, "month=2026-11&page=2")
        #expect(rows.map(\.url) == novemberLinks.suffix(20).map(\.url))
        #expect(Self.range(page) == "51–70 dari 70 tautan (halaman 2 dari 2)")

        (page, rows) = try await Self.archive(app, "channel=x")
        #expect(Self.range(page) == "1–48 dari 48 tautan (halaman 1 dari 1)")
        #expect(rows.count == 48 && rows.allSatisfy { $0.channel == Channel.x.displayName })

        let greetings = ordered.filter { $0.kind == .ucapan }
        (page, rows) = try await Self.archive(app, "kind=ucapan")
        #expect(rows.map(\.url) == greetings.map(\.url))
        #expect(rows.allSatisfy { $0.kind == "Ucapan hari besar" })

        let combined = ordered.filter { $0.month == "2026-11" && $0.channel == .instagram && $0.kind == .kegiatan }
        (page, rows) = try await Self.archive(app, "month=2026-11&channel=instagram&kind=kegiatan")
        #expect(rows.map(\.url) == combined.map(\.url))
        #expect(page.contains("href=\"/archive.csv?month=2026-11&amp;channel=instagram&amp;kind=kegiatan\"") ||
                page.contains("href=\"/archive.csv?month=2026-11&channel=instagram&kind=kegiatan\""), "the CSV link carries the filter")

        // Search: titles and links, any case; % and _ are plain characters.
        func search(_ q: String) async throws -> [ArchiveRow] {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            return try await Self.archive(app, "q=" + encoded).1
        }
        let hyperlink = ordered.filter { $0.index == 3 }.map(\.url)
        #expect(try await search("hyperlink").map(\.url) == hyperlink)
        #expect(try await search("HYPERLINK").map(\.url) == hyperlink)
        #expect(try await search("100%").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "% is literal")
        #expect(try await search("untuk_semua").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "_ is literal")
        #expect(try await search("SEED07").map(\.url) == ["https://www.instagram.com/p/seed07/"], "links are searched, any case")
        #expect(try await search("status/5012").map(\.url) == ["https://x.com/biroksd/status/5012"])
        let emoji = try await search("sinergi")
        #expect(emoji.map(\.url) == ordered.filter { $0.index == 5 }.map(\.url))
        #expect(!emoji.isEmpty && emoji.allSatisfy { $0.title == Self.emojiTitle }, "Indonesian text and emoji come back whole")
        #expect(try await search("tidak-ada-yang-cocok").isEmpty)
        #expect(try await search("%").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "a lone % is not match-all")
        #expect(try await search("_").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "a lone _ is not match-any")
        for odd in ["\\", "'", "\"", "' OR 1=1 --", "%%__\\%"] {
            let encoded = odd.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            let (answer, _) = try await Self.archive(app, "q=" + encoded)
            #expect(answer.status == .ok, "q=\(odd)")
        }

        // Sort by title, A first; equal titles newest first.
        let byTitle = seeds.sorted { a, b in
            let ka = Self.nocase(a.title), kb = Self.nocase(b.title)
            if ka != kb { return ka.lexicographicallyPrecedes(kb) }
            return (a.at, a.linkId) > (b.at, b.linkId)
        }
        (page, rows) = try await Self.archive(app, "sort=title&dir=asc")
        #expect(rows.map(\.url) == byTitle.prefix(50).map(\.url))
        #expect(rows.first?.title == "+62 Layanan Pengaduan")
        #expect(page.contains("data-sort=\"ascending\""))
        (page, rows) = try await Self.archive(app, "sort=title&dir=asc&page=3")
        #expect(rows.map(\.url) == byTitle.suffix(20).map(\.url), "the sort holds across pages")

        // Nonsense is a clear 400, never a 500; a page far beyond the end is an empty page.
        for query in ["month=2026-13", "month=bulan", "channel=foo", "kind=xyz", "sort=bogus"] {
            let (bad, _) = try await Self.archive(app, query)
            #expect(bad.status == .badRequest, "\(query)")
        }
        (page, rows) = try await Self.archive(app, "page=999999")
        #expect(page.status == .ok)
        #expect(rows.isEmpty)
        #expect(page.contains("id=\"past-end\""), "a page past the end says so and links to the last page")
        for query in ["page=-3", "page=abc", "page=99999999999999999999999"] {
            (page, rows) = try await Self.archive(app, query)
            #expect(page.status == .ok, "\(query)")
        }
        (page, rows) = try await Self.archive(app, "page=0")
        #expect(rows.count == 50, "page 0 is page 1")
    }

    @Test
    func aPageBeyondTheEndDoesNotClaimImpossibleRows() async throws {
        let app = try await Flow.dki()
        _ = try Self.seedArchive(app)
        let (page, rows) = try await Self.archive(app, "page=999999")
        #expect(page.status == .ok)
        #expect(rows.isEmpty)
        let range = Self.range(page) ?? ""
        #expect(!range.contains("4999951"), "no range past the last row: \(range)")
        #expect(!page.contains("Tidak ada tautan yang cocok"), "there are matching links, just not on this page")
        #expect(page.contains("href=\"/archive?page=3\""), "a way back to the last page")
    }

    @Test
    func sortDirectionIsInThePagesLanguage() async throws {
        let app = try await Flow.dki()
        let (page, _) = try await Self.archive(app, "")
        let sort = try #require(HTMLText.between(page.body, "<p class=\"sort-links no-print\">", "</p>"))
        let visible = HTMLText.stripTags(sort)
        #expect(!visible.contains("descending") && !visible.contains("ascending"), "\(visible)")
    }

    @Test func archiveNeedsALogin() async throws {
        let app = try await Flow.dki()
        try await app.run { browser async throws in
            for path in ["/archive", "/archive.csv", "/archive/report?month=2026-11", "/content/1/sheet", "/content/1/record.zip"] {
                let page = try await browser.get(path)
                #expect(page.status == .seeOther || page.status == .found, "\(path) answered \(page.status)")
                #expect(page.location?.hasPrefix("/login") == true, "\(path)")
            }
        }
    }

    // MARK: - CSV

    @Test func csvIsTheFilteredArchiveForSpreadsheets() async throws {
        let app = try await Flow.dki()
        let seeds = try Self.seedArchive(app)
        let ordered = Self.newestFirst(seeds)
        let box = Flow.PageBox()
        let answers = try await app.runReturning { browser -> [String: RawAnswer] in
            try await browser.login("admin-medsos", "password-admin-medsos")
            var answers: [String: RawAnswer] = [:]
            for query in ["", "month=2026-10", "channel=x", "kind=ucapan", "q=HYPERLINK", "month=2026-13", "channel=foo"] {
                answers[query] = try await browser.rawGet("/archive.csv" + (query.isEmpty ? "" : "?" + query))
            }
            box.page = try await browser.get("/archive?month=2026-10")
            return answers
        }
        let all = try #require(answers[""])
        #expect(all.status == .ok)
        #expect(all.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(all.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan.csv\"")
        #expect(Array(all.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte order mark first")
        let text = try #require(all.utf8Text, "valid UTF-8")
        #expect(text.hasPrefix("\u{FEFF}\"tanggal_tayang\",\"judul\",\"jenis\",\"kanal\",\"tautan\",\"dipublikasikan_oleh\",\"status_tautan\",\"dicek_terakhir\",\"diganti_pada\"\r\n"))
        let records = CSVReader.records(String(text.dropFirst()))
        let header = ["tanggal_tayang", "judul", "jenis", "kanal", "tautan", "dipublikasikan_oleh", "status_tautan", "dicek_terakhir", "diganti_pada"]
        #expect(records.first == header)
        #expect(records.filter { $0 == header }.count == 1, "exactly one header row")
        #expect(records.count == 121)
        #expect(records.allSatisfy { $0.count == 9 })
        #expect(records.dropFirst().map { $0[4] } == ordered.map(\.url), "every link once, newest first")
        // Dates in the institution's zone; text that a spreadsheet would run is neutralised.
        let newest = try #require(records.dropFirst().first)
        #expect(newest[0] == LocalDateTime.format(ordered[0].at, timeZone: Self.jakarta).replacingOccurrences(of: "T", with: " "))
        #expect(newest[6] == "belum dicek")
        for title in ["=HYPERLINK(\"\"x\"\")", "+62 Layanan Pengaduan", "-5 Langkah Aman Berkendara", "@biroksd menyapa warga"] {
            #expect(text.contains("\"'\(title)\""), "\(title) is guarded inside its quotes")
        }
        #expect(!text.contains(",\"=HYPERLINK"), "no cell starts with =")
        #expect(records.contains { $0[1] == Self.emojiTitle }, "Indonesian text and emoji round-trip as UTF-8")
        #expect(all.bytes.count > 0 && text.contains(Self.emojiTitle))

        // The same filters as the page.
        let october = try #require(answers["month=2026-10"])
        #expect(october.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan-2026-10.csv\"")
        let octoberRecords = CSVReader.records(String(try #require(october.utf8Text).dropFirst()))
        #expect(octoberRecords.count == 50 + 1)
        let pageRows = Self.archiveRows(try #require(box.page).body)
        #expect(octoberRecords.dropFirst().map { $0[4] } == pageRows.map(\.url), "the export lists what the page lists")
        #expect(CSVReader.records(String(try #require(answers["channel=x"]?.utf8Text).dropFirst())).count == 48 + 1)
        let greetings = CSVReader.records(String(try #require(answers["kind=ucapan"]?.utf8Text).dropFirst()))
        #expect(greetings.count == seeds.filter { $0.kind == .ucapan }.count + 1)
        #expect(greetings.dropFirst().allSatisfy { $0[2] == "Ucapan hari besar" })
        let found = CSVReader.records(String(try #require(answers["q=HYPERLINK"]?.utf8Text).dropFirst()))
        #expect(found.dropFirst().map { $0[1] } == Array(repeating: "'=HYPERLINK(\"x\")", count: seeds.filter { $0.index == 3 }.count))
        #expect(found.dropFirst().map { $0[4] } == ordered.filter { $0.index == 3 }.map(\.url))
        #expect(answers["month=2026-13"]?.status == .badRequest)
        #expect(answers["channel=foo"]?.status == .badRequest)
    }

    @Test func csvStreamsPastTheChunkBoundaryWithEveryRowOnceNewestFirst() async throws {
        let app = try await TestApp.make()
        let total = 2_345
        // Seven links share each timestamp, so the 1,000-row boundary falls inside a group of equal dates.
        let expected: [String] = try await app.database.writer.write { db in
            var titles: [(Date, Int64, String)] = []
            for index in 0..<total {
                let at = Self.local("2026-11-02T08:00").addingTimeInterval(Double(index / 7) * 60)
                let title = String(format: "Baris %04d", index)
                var item = ContentItemRecord(
                    id: nil, workflowVersion: 1, position: 6, status: .published, stepRoleKey: nil, stepEnteredAt: at, version: 9, revision: 1,
                    title: title, kind: .informasi, publishAt: at, createdBy: app.adminId, createdAt: at, updatedAt: at, publishedAt: at, channels: [.instagram])
                try item.insert(db)
                var link = ContentLinkRecord(id: nil, itemId: item.id!, channel: .instagram, url: "https://www.instagram.com/p/row\(index)/",
                                             createdBy: app.adminId, createdAt: at)
                try link.insert(db)
                titles.append((at, link.id!, title))
            }
            return titles.sorted { ($0.0, $0.1) > ($1.0, $1.1) }.map(\.2)
        }
        let answer = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return try await browser.rawGet("/archive.csv")
        }
        #expect(answer.status == .ok)
        #expect(Array(answer.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let records = CSVReader.records(String(try #require(answer.utf8Text).dropFirst()))
        #expect(records.count == total + 1)
        #expect(records.first?.first == "tanggal_tayang")
        #expect(records.filter { $0.first == "tanggal_tayang" }.count == 1, "one header, not one per chunk")
        let titles = records.dropFirst().map { $0[1] }
        #expect(Set(titles).count == total, "no row twice")
        #expect(titles == expected, "all rows, newest first")
    }

    // MARK: - Updates after publishing

    @Test func workflowPolicyReopensTheItemAndANewPublicationReplacesOnlyTheChangedLink() async throws {
        let app = try await Flow.dki()
        let item = try await Self.publishedItem(app, title: "Pemutakhiran lewat alur")
        #expect(app.services.institution.settings.updatePolicy == .workflow, "the default")
        try await app.as("admin-medsos") { browser async throws in
            let page = try await browser.get(item)
            #expect(page.contains("action=\"\(item)/reopen\""), "the publisher is offered the reopen form")
        }

        let direct = try await Flow.act(app, "admin-medsos", "update", on: item, [("reason", "Ganti"), ("link_instagram", Flow.validLink(.instagram)),
                                                                                 ("link_facebook", Flow.validLink(.facebook))])
        #expect(direct.status == .unprocessableContent, "the other policy's endpoint")
        #expect(direct.contains("Lembaga ini memutakhirkan konten lewat alur persetujuan."))
        let noReason = try await Flow.act(app, "admin-medsos", "reopen", on: item, [("reason", "   ")])
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Alasan pemutakhiran wajib diisi."))
        #expect(try await Flow.act(app, "tim-pengelola", "reopen", on: item, [("reason", "Bukan peran saya")]).status == .forbidden)
        #expect(try await Flow.json(app, item)["status"] as? String == "published", "nothing changed yet")

        let reason = "Foto Instagram salah, unggahan diganti."
        let reopened = try await Flow.act(app, "admin-medsos", "reopen", on: item, [("reason", reason)])
        #expect(reopened.status == .seeOther)
        var state = try await Flow.json(app, item)
        #expect(state["status"] as? String == "draft")
        #expect(state["step_position"] as? Int == 1)
        #expect(state["step_role"] as? String == "admin-medsos")
        let last = try #require(Self.history(state).last)
        #expect(last["action"] as? String == "reopen")
        #expect(last["comment"] as? String == reason)
        #expect(last["step_position"] as? Int == 6 && last["to_position"] as? Int == 1)
        #expect(Self.linkURLs(state).count == 2, "the links stay current until the new publication")

        let twice = try await Flow.act(app, "admin-medsos", "reopen", on: item, [("reason", reason)])
        #expect(twice.status == .conflict, "only a published item can be reopened")
        #expect(twice.contains("Konten ini belum tayang, jadi tidak dapat dimutakhirkan."))

        // Through every step again, then one link changes.
        try await Self.approveToPublish(app, item)
        let newInstagram = "https://www.instagram.com/p/Cnew456/"
        let again = try await Flow.act(app, "admin-medsos", "publish", on: item, [
            ("link_instagram", newInstagram + "?igsh=abc"), ("link_facebook", Flow.validLink(.facebook)),
        ])
        #expect(again.status == .seeOther)
        state = try await Flow.json(app, item)
        #expect(state["status"] as? String == "published")
        #expect(Self.linkURLs(state) == [Flow.validLink(.instagram), Flow.validLink(.facebook), newInstagram])
        let (page, rows) = try await Self.archive(app, "q=Pemutakhiran")
        #expect(rows.count == 3)
        let old = try #require(rows.first { $0.url == Flow.validLink(.instagram) })
        #expect(old.replaced)
        #expect(old.replacedText?.hasPrefix("diganti ") == true, "the replaced marker with its date")
        let fresh = try #require(rows.first { $0.url == newInstagram })
        #expect(!fresh.replaced && fresh.replacedText == nil)
        let facebook = rows.filter { $0.channel == "Facebook" }
        #expect(facebook.count == 1 && facebook.first?.replaced == false, "the unchanged channel keeps its single row")
        #expect(page.body.components(separatedBy: "class=\"replaced\"").count - 1 == 1)
    }

    @Test func directPolicyUpdatesAPublishedItemInPlace() async throws {
        let app = try await Flow.dki()
        var settings = app.services.institution.settings
        settings.updatePolicy = .direct
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        let item = try await Self.publishedItem(app, title: "Pemutakhiran langsung")
        let newInstagram = "https://www.instagram.com/reel/Cfresh789/"
        let links = [("link_instagram", newInstagram), ("link_facebook", Flow.validLink(.facebook))]

        let reopen = try await Flow.act(app, "admin-medsos", "reopen", on: item, [("reason", "Lewat alur")])
        #expect(reopen.status == .unprocessableContent, "the other policy's endpoint")
        #expect(reopen.contains("Lembaga ini memutakhirkan konten langsung oleh admin unggah, bukan lewat alur."))
        let noReason = try await Flow.act(app, "admin-medsos", "update", on: item, [("reason", "")] + links)
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Alasan pemutakhiran wajib diisi."))
        let badLink = try await Flow.act(app, "admin-medsos", "update", on: item, [("reason", "Ganti"), ("link_instagram", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
                                                                                   ("link_facebook", Flow.validLink(.facebook))])
        #expect(badLink.status == .unprocessableContent, "links are checked as at publish")
        #expect(badLink.contains("Tautan Instagram harus dari instagram.com."))
        #expect(try await Flow.act(app, "kepala-biro", "update", on: item, [("reason", "Ganti")] + links).status == .forbidden)
        let version = try #require(try await Flow.json(app, item)["version"] as? Int)
        try await app.as("admin-medsos") { browser in
            try await browser.get(item)
            let stale = try await browser.post("\(item)/update", [("version", "\(version - 1)"), ("reason", "Ganti")] + links)
            #expect(stale.status == .conflict)
        }
        var state = try await Flow.json(app, item)
        #expect(Self.linkURLs(state).count == 2, "nothing changed by the refused tries")

        let reason = "Unggahan Instagram dihapus platform, diunggah ulang."
        let updated = try await Flow.act(app, "admin-medsos", "update", on: item, [("reason", reason)] + links)
        #expect(updated.status == .seeOther)
        #expect(updated.location == "\(item)?ok=content_updated")
        state = try await Flow.json(app, item)
        #expect(state["status"] as? String == "published")
        let last = try #require(Self.history(state).last)
        #expect(last["action"] as? String == "update")
        #expect(last["comment"] as? String == reason)
        #expect(Self.linkURLs(state) == [Flow.validLink(.instagram), Flow.validLink(.facebook), newInstagram], "the replaced link is kept")
        let (_, rows) = try await Self.archive(app, "q=langsung")
        #expect(rows.first { $0.url == Flow.validLink(.instagram) }?.replaced == true)
        #expect(rows.first { $0.url == newInstagram }?.replaced == false)
        #expect(rows.filter { $0.channel == "Facebook" }.count == 1)
    }

    // MARK: - Control sheet and record

    /// An item walked on Monday 23 November 2026 with timed steps: a rejection, an edit (revision
    /// 2), a delegated final approval and one uploaded photo.
    static func sheetFields(_ caption: String) -> [(String, String)] {
        Flow.itemFields(title: "Lembar <kendali> uji", caption: caption).map { field in
            switch field.0 {
            case "kind": ("kind", "informasi")
            case "event_at": ("event_at", "2026-11-23T09:00")
            case "publish_at": ("publish_at", "2026-11-23T15:00")
            default: field
            }
        }
    }

    static func sheetItem() async throws -> (TestApp, String) {
        let app = try await Flow.dki()
        // The Kepala Bagian approves at step 4 and then, as Plt., at step 5: this institution has the
        // four-eyes setting "one person, one decide step" switched off (it is on by default).
        var settings = app.services.institution.settings
        settings.separateDeciders = false
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        app.clock.set("2026-11-23T08:00")
        let biro = try #require(try app.database.userRecord(username: "kepala-biro")?.id)
        let bagian = try #require(try app.database.userRecord(username: "kepala-bagian")?.id)
        _ = try app.database.createDelegation(from: biro, to: bagian, roleKey: "kepala-biro", startsOn: Day("2026-11-23")!, endsOn: Day("2026-11-27")!,
                                              by: biro, now: app.clock.now)
        let path = Flow.ItemPath()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Self.sheetFields("Kunjungan **kerja** ke Bandung."),
                                                         files: [("media_files", "foto.png", "image/png", UploadTests.png)])
            #expect(answer.status == .seeOther)
            path.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let item = path.value
        app.clock.advance(minutes: 10)
        #expect(try await Flow.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        app.clock.advance(minutes: 75)
        #expect(try await Flow.act(app, "tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")]).status == .seeOther)
        app.clock.advance(minutes: 5)
        try await app.as("admin-medsos") { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            #expect(try await browser.post("\(item)/edit", [("version", version)] + Self.sheetFields("Kunjungan **kerja** ke Kota Bandung.")).status == .seeOther)
        }
        app.clock.advance(minutes: 5)
        #expect(try await Flow.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        for (role, minutes) in [("tim-pengelola", 20.0), ("kasubbag-tu", 10), ("kepala-bagian", 15)] {
            app.clock.advance(minutes: minutes)
            #expect(try await Flow.act(app, role, "approve", on: item).status == .seeOther, "\(role)")
        }
        app.clock.advance(minutes: 30)
        #expect(try await Flow.act(app, "kepala-bagian", "approve", on: item).status == .seeOther, "as the delegate of Kepala Biro")
        app.clock.advance(minutes: 5)
        #expect(try await Flow.act(app, "admin-medsos", "publish", on: item, [
            ("link_instagram", Flow.validLink(.instagram)), ("link_facebook", Flow.validLink(.facebook)),
        ]).status == .seeOther)
        return (app, item)
    }

    @Test func controlSheetListsEveryStepWithActorsTimesAndLinks() async throws {
        let (app, item) = try await Self.sheetItem()
        let box = Flow.PageBox()
        try await app.as("kepala-biro") { browser in
            box.page = try await browser.get("\(item)/sheet")
        }
        let page = try #require(box.page)
        #expect(page.status == .ok)
        #expect(page.contains("LEMBAR KENDALI PUBLIKASI KONTEN MEDIA SOSIAL"))
        #expect(page.contains("<td>Lembar &lt;kendali&gt; uji</td>"), "the title, escaped")
        #expect(page.contains("Tayang (Revisi 2)"))
        let table = try #require(HTMLText.between(page.body, "id=\"sheet-step-table\"", "</table>"))
        let body = try #require(HTMLText.between(table, "<tbody>", "</tbody>"))
        let steps = body.components(separatedBy: "<tr class=\"action-").dropFirst().map { HTMLText.cells($0) }
        // number, step, action, actor, time, revision, standard, actual, reason
        let expected: [[String]] = [
            ["1", "1. Serahkan konsep dokumentasi + narasi", "Dibuat", "Admin-Medsos", "1", "–", "–", ""],
            ["2", "1. Serahkan konsep dokumentasi + narasi", "Diserahkan", "Admin-Medsos", "1", "–", "10 menit", ""],
            ["3", "2. Tanggapi dan koreksi", "Dikembalikan", "Tim-Pengelola", "1", "1 jam", "1 jam 15 menit (melebihi mutu baku)", "Foto kurang tajam."],
            ["4", "1. Serahkan konsep dokumentasi + narasi", "Diubah (revisi baru)", "Admin-Medsos", "2", "–", "–", ""],
            ["5", "1. Serahkan konsep dokumentasi + narasi", "Diserahkan", "Admin-Medsos", "2", "–", "10 menit", ""],
            ["6", "2. Tanggapi dan koreksi", "Disetujui", "Tim-Pengelola", "2", "1 jam", "20 menit", ""],
            ["7", "3. Terima konten, putuskan platform", "Disetujui", "Kasubbag-Tu", "2", "15 menit", "10 menit", ""],
            ["8", "4. Kontrol dan setujui konten", "Disetujui", "Kepala-Bagian", "2", "15 menit", "15 menit", ""],
            ["9", "5. Persetujuan akhir", "Disetujui", "Kepala-Bagian a.n. Ibu Kepala Biro", "2", "1 jam", "30 menit", ""],
            ["10", "6. Unggah materi publikasi", "Tayang", "Admin-Medsos", "2", "5 menit", "5 menit", ""],
        ]
        #expect(steps.count == expected.count)
        for (got, want) in zip(steps, expected) {
            // The time column (index 4) is checked apart: it is a long Indonesian date.
            #expect(Array(got.prefix(4)) + Array(got.dropFirst(5)) == want, "row \(want[0])")
        }
        #expect(steps.first?[4].contains("23 November 2026") == true)
        #expect(table.contains("class=\"action-reject overdue\""), "the overdue step is marked")
        #expect(table.contains("<td>3 jam 35 menit</td><td>2 jam 55 menit</td>"), "totals: standard, then actual")
        let links = try #require(HTMLText.between(page.body, "id=\"sheet-link-table\"", "</table>"))
        #expect(links.contains(Flow.validLink(.instagram)) && links.contains(Flow.validLink(.facebook)))
        #expect(links.components(separatedBy: "<tr data-link-status=\"belum-dicek\">").count - 1 == 2)
        #expect(page.contains("href=\"\(item)/record.zip\""))
        try await app.as("kepala-biro") { browser async throws in
            #expect(try await browser.get("/content/99999/sheet").status == .notFound)
        }
    }

    @Test func recordZipHoldsMediaCaptionSheetAndLinks() async throws {
        let (app, item) = try await Self.sheetItem()
        let answer = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return try await browser.rawGet("\(item)/record.zip")
        }
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/zip")
        let id = item.components(separatedBy: "/").last!
        #expect(answer.headers[.contentDisposition] == "attachment; filename=\"dokumentasi-konten-\(id).zip\"")
        let entries = try ZipReader.entries(answer.bytes)
        #expect(entries.map(\.name) == ["media/01-foto.png", "keterangan.txt", "lembar-kendali.html", "tautan.csv", "tautan-media.txt"])
        #expect(entries.allSatisfy { $0.crcMatches }, "every CRC-32 matches")
        #expect(entries.first { $0.name == "media/01-foto.png" }?.bytes == UploadTests.png, "the upload, byte for byte")
        #expect(entries.first { $0.name == "keterangan.txt" }.map { String(decoding: $0.bytes, as: UTF8.self) } == "Kunjungan kerja ke Kota Bandung.\n",
                "the latest caption as plain text")
        let html = String(decoding: try #require(entries.first { $0.name == "lembar-kendali.html" }).bytes, as: UTF8.self)
        #expect(html.lowercased().hasPrefix("<!doctype html>"))
        #expect(html.contains("</html>"))
        #expect(html.contains("Lembar &lt;kendali&gt; uji"))
        #expect(html.contains("Kepala-Bagian a.n. Ibu Kepala Biro"))
        let style = try #require(HTMLText.between(html, "<style>", "</style>"))
        #expect(style.count > 500 && style.contains("{"), "the stylesheet inline, for reading offline")
        #expect(!html.contains("rel=\"stylesheet\""), "no stylesheet fetched from the server")
        let csv = try #require(entries.first { $0.name == "tautan.csv" })
        #expect(Array(csv.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let records = CSVReader.records(String(String(decoding: csv.bytes, as: UTF8.self).dropFirst()))
        #expect(records.first == ["kanal", "tautan", "dicatat", "oleh", "diganti", "status"])
        #expect(records.dropFirst().map { [$0[0], $0[1]] } == [["Instagram", Flow.validLink(.instagram)], ["Facebook", Flow.validLink(.facebook)]])
        #expect(entries.first { $0.name == "tautan-media.txt" }.map { String(decoding: $0.bytes, as: UTF8.self) } == "https://drive.google.com/drive/folders/abc\n")
    }

    // MARK: - Monthly report

    @Test func monthlyReportCountsTheMonthPerChannelAndKind() async throws {
        let app = try await Flow.dki()
        let seeds = try Self.seedArchive(app)
        let november = seeds.filter { $0.month == "2026-11" }
        let box = Flow.PageBox()
        let october = Flow.PageBox()
        try await app.as("kepala-bagian") { browser in
            box.page = try await browser.get("/archive/report?month=2026-11")
            october.page = try await browser.get("/archive/report?month=2026-10")
            #expect(try await browser.get("/archive/report?month=2026-13").status == .badRequest)
            #expect(try await browser.get("/archive/report?month=").status == .badRequest)
        }
        let page = try #require(box.page)
        #expect(page.status == .ok)
        #expect(page.contains("<p class=\"kop-institution\">Biro Kerja Sama Daerah</p>"))
        #expect(page.contains("Bulan November 2026"))
        #expect(page.contains("<strong id=\"report-total-links\">\(november.count)</strong>"))
        #expect(page.contains("<strong id=\"report-total-posts\">\(Set(november.map(\.itemId)).count)</strong>"))
        let byChannel = try #require(HTMLText.between(page.body, "id=\"report-by-channel\"", "</table>"))
        for channel in [Channel.instagram, .facebook, .x] {
            let count = november.filter { $0.channel == channel }.count
            #expect(byChannel.contains("<tr><td>\(channel.displayName)</td><td class=\"num\">\(count)</td></tr>"), "\(channel): \(count)")
        }
        let byKind = try #require(HTMLText.between(page.body, "id=\"report-by-kind\"", "</table>"))
        for (kind, label) in [(ContentKind.kegiatan, "Liputan kegiatan"), (.ucapan, "Ucapan hari besar")] {
            let posts = Set(november.filter { $0.kind == kind }.map(\.itemId)).count
            #expect(byKind.contains("<tr><td>\(label)</td><td class=\"num\">\(posts)</td></tr>"), "\(kind): \(posts) posts")
        }
        let posts = try #require(HTMLText.between(page.body, "<table class=\"doc-table report-posts\">", "</table>"))
        #expect(posts.components(separatedBy: "<tr><td class=\"num\">").count - 1 == november.count)
        #expect(posts.contains("seed20"), "00:10 on 1 November belongs to November")
        #expect(!posts.contains("seed19"), "23:30 on 31 October does not")
        let signature = try #require(HTMLText.between(page.body, "<section class=\"signature\"", "</section>"))
        #expect(signature.contains("Kepala Biro"), "the role of the last decision step signs")
        #expect(signature.contains("Ibu Kepala Biro"))
        #expect(signature.contains("Jakarta, 21 November 2026"), "place and date of signing")
        let octoberPage = try #require(october.page)
        #expect(octoberPage.contains("<strong id=\"report-total-links\">\(seeds.filter { $0.month == "2026-10" }.count)</strong>"))
    }

    // MARK: - Dead links

    @Test func deadLinksAreListedForThePublisherOnly() async throws {
        let app = try await Flow.dki()
        let seeds = try Self.seedArchive(app)
        let dead = try #require(seeds.first { $0.index == 5 && $0.channel == .instagram })
        let replaced = try #require(seeds.first { $0.index == 6 && $0.channel == .x })
        try app.database.recordLinkCheck(linkId: dead.linkId, status: .dead, httpStatus: 404, method: "GET", detail: nil, at: app.clock.now)
        // A dead link that was replaced already is history, not a task.
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE contentLink SET replacedAt = ? WHERE id = ?", arguments: [app.clock.now, replaced.linkId])
        }
        try app.database.recordLinkCheck(linkId: replaced.linkId, status: .dead, httpStatus: 410, method: "GET", detail: nil, at: app.clock.now)

        let (archive, _) = try await Self.archive(app, "")
        let section = try #require(HTMLText.between(archive.body, "id=\"dead-links\"", "</section>"))
        #expect(section.contains(dead.url))
        #expect(section.contains("data-link-status=\"mati\""))
        #expect(!section.contains(replaced.url))
        let (_, deadRows) = try await Self.archive(app, "status=mati")
        #expect(Set(deadRows.map(\.url)) == [dead.url, replaced.url], "the status filter finds both")
        #expect(deadRows.allSatisfy { $0.status == "mati" })
        let (page2, _) = try await Self.archive(app, "page=2")
        #expect(!page2.contains("id=\"dead-links\""), "the notice is on the first page only")

        let homes = Flow.PageBox()
        try await app.as("admin-medsos") { browser in
            homes.page = try await browser.get("/")
        }
        let home = try #require(homes.page)
        let homeSection = try #require(HTMLText.between(home.body, "id=\"dead-links\"", "</section>"), "the publisher sees them at home")
        #expect(homeSection.contains(dead.url) && !homeSection.contains(replaced.url))
        for user in ["tim-pengelola", "kepala-biro"] {
            try await app.as(user) { browser async throws in
                let page = try await browser.get("/")
                #expect(page.status == .ok)
                #expect(!page.contains("id=\"dead-links\""), "\(user) does not publish")
            }
        }
    }
}
