import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The publishing archive (`/archive`) with its filters, sort and pages, the CSV export
/// (`/archive.csv`), the monthly report (`/archive/report`) and the dead links the link checker found.
@Suite struct ArchiveTests {
    // MARK: - Archive page

    @Test func archiveFiltersSortsAndPages() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        // check
        #expect(seeds.count == 120)
        let ordered = ArchiveSeed.newestFirst(seeds)

        // action
        // Default: newest first, 50 to a page.
        var (page, rows) = try await app.archive("")
        // check
        #expect(page.status == .ok)
        #expect(rows.count == 50)
        #expect(page.body.components(separatedBy: "<tr data-link-status=").count - 1 == 50, "every row carries data-link-status")
        #expect(rows.map(\.url) == ordered.prefix(50).map(\.url))
        #expect(ArchiveReader.range(page) == "1–50 dari 120 tautan (halaman 1 dari 3)")
        #expect(page.contains("href=\"/archive?page=2\" rel=\"next\""))
        #expect(rows.allSatisfy { $0.status == "belum-dicek" })

        // action
        (page, rows) = try await app.archive("page=3")
        // check
        #expect(rows.count == 20)
        #expect(rows.map(\.url) == ordered.suffix(20).map(\.url))
        #expect(ArchiveReader.range(page) == "101–120 dari 120 tautan (halaman 3 dari 3)")
        #expect(!page.contains("rel=\"next\""))
        #expect(page.contains("href=\"/archive?page=2\" rel=\"prev\""))

        // Month: days in Jakarta, so 23:30 on 31 October is October and 00:10 on 1 November is not.
        let october = ordered.filter { $0.month == "2026-10" }
        #expect(october.count == 50)
        // action
        (page, rows) = try await app.archive("month=2026-10")
        // check
        #expect(rows.map(\.url) == october.map(\.url))
        #expect(ArchiveReader.range(page) == "1–50 dari 50 tautan (halaman 1 dari 1)")
        #expect(rows.contains { $0.url.hasSuffix("/seed19/") } && !rows.contains { $0.url.hasSuffix("/seed20/") })
        #expect(page.contains("<option value=\"2026-10\" selected>"), "the filter stays in the form")

        // The pager keeps the filter.
        let novemberLinks = ordered.filter { $0.month == "2026-11" }
        #expect(novemberLinks.count == 70)
        // action
        (page, rows) = try await app.archive("month=2026-11")
        // check
        #expect(rows.map(\.url) == novemberLinks.prefix(50).map(\.url))
        #expect(page.contains("href=\"/archive?month=2026-11&amp;page=2\" rel=\"next\"") || page.contains("href=\"/archive?month=2026-11&page=2\" rel=\"next\""))
        // action
        (page, rows) = try await app.archive("month=2026-11&page=2")
        // check
        #expect(rows.map(\.url) == novemberLinks.suffix(20).map(\.url))
        #expect(ArchiveReader.range(page) == "51–70 dari 70 tautan (halaman 2 dari 2)")

        // action
        (page, rows) = try await app.archive("channel=x")
        // check
        #expect(ArchiveReader.range(page) == "1–48 dari 48 tautan (halaman 1 dari 1)")
        #expect(rows.count == 48 && rows.allSatisfy { $0.channel == Channel.x.displayName })

        let greetings = ordered.filter { $0.kind == .ucapan }
        // action
        (page, rows) = try await app.archive("kind=ucapan")
        // check
        #expect(rows.map(\.url) == greetings.map(\.url))
        #expect(rows.allSatisfy { $0.kind == "Ucapan hari besar" })

        let combined = ordered.filter { $0.month == "2026-11" && $0.channel == .instagram && $0.kind == .kegiatan }
        // action
        (page, rows) = try await app.archive("month=2026-11&channel=instagram&kind=kegiatan")
        // check
        #expect(rows.map(\.url) == combined.map(\.url))
        #expect(page.contains("href=\"/archive.csv?month=2026-11&amp;channel=instagram&amp;kind=kegiatan\"") ||
                page.contains("href=\"/archive.csv?month=2026-11&channel=instagram&kind=kegiatan\""), "the CSV link carries the filter")

        // action
        // Search: titles and links, any case; % and _ are plain characters.
        func search(_ q: String) async throws -> [ArchiveRow] {
            let encoded = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            return try await app.archive("q=" + encoded).1
        }
        // check
        let hyperlink = ordered.filter { $0.index == 3 }.map(\.url)
        #expect(try await search("hyperlink").map(\.url) == hyperlink)
        #expect(try await search("HYPERLINK").map(\.url) == hyperlink)
        #expect(try await search("100%").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "% is literal")
        #expect(try await search("untuk_semua").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "_ is literal")
        #expect(try await search("SEED07").map(\.url) == ["https://www.instagram.com/p/seed07/"], "links are searched, any case")
        #expect(try await search("status/5012").map(\.url) == ["https://x.com/biroksd/status/5012"])
        let emoji = try await search("sinergi")
        #expect(emoji.map(\.url) == ordered.filter { $0.index == 5 }.map(\.url))
        #expect(!emoji.isEmpty && emoji.allSatisfy { $0.title == ArchiveSeed.emojiTitle }, "Indonesian text and emoji come back whole")
        #expect(try await search("tidak-ada-yang-cocok").isEmpty)
        // action: the search box's own encoding, as a browser's GET form sends it: a space is `+`.
        let typed = try await app.archive("q=Kerja+Sama+Daerah").1
        // check
        #expect(!typed.isEmpty && typed.map(\.url) == emoji.map(\.url), "\"Kerja Sama Daerah\" typed in the box is three words with spaces")
        #expect(try await app.archive("q=100%25+untuk").1.map(\.url) == ordered.filter { $0.index == 7 }.map(\.url))
        #expect(try await app.archive("q=Diskon%2B100").1.isEmpty, "a typed + stays a +")
        #expect(try await search("%").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "a lone % is not match-all")
        #expect(try await search("_").map(\.url) == ordered.filter { $0.index == 7 }.map(\.url), "a lone _ is not match-any")
        for odd in ["\\", "'", "\"", "' OR 1=1 --", "%%__\\%"] {
            let encoded = odd.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            // action
            let (answer, _) = try await app.archive("q=" + encoded)
            // check
            #expect(answer.status == .ok, "q=\(odd)")
        }

        // Sort by title, A first; equal titles newest first.
        let byTitle = seeds.sorted { a, b in
            let ka = ArchiveSeed.nocase(a.title), kb = ArchiveSeed.nocase(b.title)
            if ka != kb { return ka.lexicographicallyPrecedes(kb) }
            return (a.at, a.linkId) > (b.at, b.linkId)
        }
        // action
        (page, rows) = try await app.archive("sort=title&dir=asc")
        // check
        #expect(rows.map(\.url) == byTitle.prefix(50).map(\.url))
        #expect(rows.first?.title == "+62 Layanan Pengaduan")
        #expect(page.contains("data-sort=\"ascending\""))
        // action
        (page, rows) = try await app.archive("sort=title&dir=asc&page=3")
        // check
        #expect(rows.map(\.url) == byTitle.suffix(20).map(\.url), "the sort holds across pages")

        // action
        // Nonsense is a clear 400, never a 500; a page far beyond the end is an empty page.
        for query in ["month=2026-13", "month=bulan", "channel=foo", "kind=xyz", "sort=bogus"] {
            let (bad, _) = try await app.archive(query)
            // check
            #expect(bad.status == .badRequest, "\(query)")
        }
        // action
        (page, rows) = try await app.archive("page=999999")
        // check
        #expect(page.status == .ok)
        #expect(rows.isEmpty)
        #expect(page.contains("id=\"past-end\""), "a page past the end says so and links to the last page")
        // action
        for query in ["page=-3", "page=abc", "page=99999999999999999999999"] {
            (page, rows) = try await app.archive(query)
            // check
            #expect(page.status == .ok, "\(query)")
        }
        // action
        (page, rows) = try await app.archive("page=0")
        // check
        #expect(rows.count == 50, "page 0 is page 1")
    }

    @Test
    func aPageBeyondTheEndDoesNotClaimImpossibleRows() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try app.seedArchive()
        // action
        let (page, rows) = try await app.archive("page=999999")
        // check
        #expect(page.status == .ok)
        #expect(rows.isEmpty)
        let range = ArchiveReader.range(page) ?? ""
        #expect(!range.contains("4999951"), "no range past the last row: \(range)")
        #expect(!page.contains("Tidak ada tautan yang cocok"), "there are matching links, just not on this page")
        #expect(page.contains("href=\"/archive?page=3\""), "a way back to the last page")
    }

    @Test
    func sortDirectionIsInThePagesLanguage() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        let (page, _) = try await app.archive("")
        // check
        let sort = try #require(HTMLText.between(page.body, "<p class=\"sort-links no-print\">", "</p>"))
        let visible = HTMLText.stripTags(sort)
        #expect(!visible.contains("descending") && !visible.contains("ascending"), "\(visible)")
    }

    /// The month filter is a choice of month and year that every browser shows alike (no
    /// `type=month`): three years back to a year ahead, newest first, and a chosen month outside
    /// that range is still offered, chosen.
    @Test func monthFilterIsAChoiceOfMonthAndYear() async throws {
        // setup
        let names = DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jakarta")!)
        let today = YearMonth(year: 2026, month: 12)
        // action
        let plain = ArchiveController.monthOptions(selected: nil, today: today, name: { names.monthName($0) })
        let chosen = ArchiveController.monthOptions(selected: YearMonth(year: 2026, month: 3), today: today, name: { names.monthName($0) })
        let old = ArchiveController.monthOptions(selected: YearMonth(year: 2001, month: 5), today: today, name: { names.monthName($0) })
        // check
        #expect(plain.count == 49)
        #expect(plain.first?.value == "2027-12" && plain.first?.label == "Desember 2027")
        #expect(plain.last?.value == "2023-12")
        #expect(plain.allSatisfy { !$0.selected })
        let chosenLabels = chosen.filter { $0.selected }.map { $0.label }
        #expect(chosenLabels == ["Maret 2026"])
        #expect(old.count == 50 && old.last?.value == "2001-05" && old.last?.selected == true)
        // and the page offers it, with the month of the query chosen
        let app = try await TestApp.dki()
        let (page, _) = try await app.archive("month=2026-11")
        #expect(page.body.contains("<select name=\"month\">"))
        #expect(page.body.contains("<option value=\"2026-11\" selected>November 2026</option>"))
        #expect(!page.body.contains("type=\"month\""))
    }

    @Test func archiveNeedsALogin() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.run { browser async throws in
            for path in ["/archive", "/archive.csv", "/archive/report?month=2026-11", "/content/1/sheet", "/content/1/record.zip"] {
                let page = try await browser.get(path)
                // check
                #expect(page.status == .seeOther || page.status == .found, "\(path) answered \(page.status)")
                #expect(page.location?.hasPrefix("/login") == true, "\(path)")
            }
        }
    }

    // MARK: - CSV

    @Test func csvIsTheFilteredArchiveForSpreadsheets() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        let ordered = ArchiveSeed.newestFirst(seeds)
        let box = PageBox()
        // action
        let answers = try await app.runReturning { browser -> [String: RawAnswer] in
            try await browser.login("admin-medsos", "password-admin-medsos")
            var answers: [String: RawAnswer] = [:]
            for query in ["", "month=2026-10", "channel=x", "kind=ucapan", "q=HYPERLINK", "month=2026-13", "channel=foo"] {
                answers[query] = try await browser.rawGet("/archive.csv" + (query.isEmpty ? "" : "?" + query))
            }
            box.page = try await browser.get("/archive?month=2026-10")
            return answers
        }
        // check
        let all = try #require(answers[""])
        #expect(all.status == .ok)
        #expect(all.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(all.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan.csv\"")
        #expect(Array(all.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "a UTF-8 byte order mark first")
        let text = try #require(all.utf8Text, "valid UTF-8")
        // Headers in people's words, `;`-separated: what an Excel set to Indonesian splits on.
        #expect(text.hasPrefix("\u{FEFF}\"Tanggal tayang\";\"Judul\";\"Jenis konten\";\"Kanal\";\"Tautan\";\"Dipublikasikan oleh\";\"Status tautan\";\"Terakhir dicek\";\"Diganti pada\"\r\n"))
        // action
        let records = CSVReader.records(String(text.dropFirst()))
        // check
        let header = ["Tanggal tayang", "Judul", "Jenis konten", "Kanal", "Tautan", "Dipublikasikan oleh", "Status tautan", "Terakhir dicek", "Diganti pada"]
        #expect(records.first == header)
        #expect(records.filter { $0 == header }.count == 1, "exactly one header row")
        #expect(records.count == 121)
        #expect(records.allSatisfy { $0.count == 9 })
        #expect(records.dropFirst().map { $0[4] } == ordered.map(\.url), "every link once, newest first")
        // Dates in the institution's zone; text that a spreadsheet would run is neutralised.
        let newest = try #require(records.dropFirst().first)
        #expect(newest[0] == LocalDateTime.format(ordered[0].at, timeZone: Fixtures.jakarta).replacingOccurrences(of: "T", with: " "))
        #expect(newest[6] == "belum dicek")
        for title in ["=HYPERLINK(\"\"x\"\")", "+62 Layanan Pengaduan", "-5 Langkah Aman Berkendara", "@biroksd menyapa warga"] {
            #expect(text.contains("\"'\(title)\""), "\(title) is guarded inside its quotes")
        }
        #expect(!text.contains(";\"=HYPERLINK"), "no cell starts with =")
        #expect(records.contains { $0[1] == ArchiveSeed.emojiTitle }, "Indonesian text and emoji round-trip as UTF-8")
        #expect(all.bytes.count > 0 && text.contains(ArchiveSeed.emojiTitle))

        // The same filters as the page.
        let october = try #require(answers["month=2026-10"])
        #expect(october.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan-2026-10.csv\"")
        // action
        let octoberRecords = CSVReader.records(String(try #require(october.utf8Text).dropFirst()))
        // check
        #expect(octoberRecords.count == 50 + 1)
        let pageRows = ArchiveReader.rows(try #require(box.page).body)
        #expect(octoberRecords.dropFirst().map { $0[4] } == pageRows.map(\.url), "the export lists what the page lists")
        #expect(CSVReader.records(String(try #require(answers["channel=x"]?.utf8Text).dropFirst())).count == 48 + 1)
        // action
        let greetings = CSVReader.records(String(try #require(answers["kind=ucapan"]?.utf8Text).dropFirst()))
        // check
        #expect(greetings.count == seeds.filter { $0.kind == .ucapan }.count + 1)
        #expect(greetings.dropFirst().allSatisfy { $0[2] == "Ucapan hari besar" })
        // action
        let found = CSVReader.records(String(try #require(answers["q=HYPERLINK"]?.utf8Text).dropFirst()))
        // check
        #expect(found.dropFirst().map { $0[1] } == Array(repeating: "'=HYPERLINK(\"x\")", count: seeds.filter { $0.index == 3 }.count))
        #expect(found.dropFirst().map { $0[4] } == ordered.filter { $0.index == 3 }.map(\.url))
        #expect(answers["month=2026-13"]?.status == .badRequest)
        #expect(answers["channel=foo"]?.status == .badRequest)
    }

    @Test func csvStreamsPastTheChunkBoundaryWithEveryRowOnceNewestFirst() async throws {
        // setup
        let app = try await TestApp.make()
        let total = 2_345
        // Seven links share each timestamp, so the 1,000-row boundary falls inside a group of equal dates.
        let expected: [String] = try await app.database.writer.write { db in
            var titles: [(Date, Int64, String)] = []
            for index in 0..<total {
                let at = Fixtures.local("2026-11-02T08:00").addingTimeInterval(Double(index / 7) * 60)
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
        // action
        let answer = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return try await browser.rawGet("/archive.csv")
        }
        // check
        #expect(answer.status == .ok)
        #expect(Array(answer.bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        // action
        let records = CSVReader.records(String(try #require(answer.utf8Text).dropFirst()))
        // check
        #expect(records.count == total + 1)
        #expect(records.first?.first == "Tanggal tayang")
        #expect(records.filter { $0.first == "Tanggal tayang" }.count == 1, "one header, not one per chunk")
        let titles = records.dropFirst().map { $0[1] }
        #expect(Set(titles).count == total, "no row twice")
        #expect(titles == expected, "all rows, newest first")
    }

    /// Moved from the browser suite (`test_publish_then_archive_csv_and_control_sheet`, check A7 of
    /// issue 12).
    @Test func theCSVNeedsASession() async throws {
        // setup: a published item with a token in its title
        let app = try await TestApp.dki()
        _ = try await app.publishedItem(title: "Arsip uji a7c5v")
        // action: without any cookie
        let answer = try await app.runReturning { anonymous in try await anonymous.get("/archive.csv?q=a7c5v") }
        // check
        #expect(answer.status == .seeOther)
        #expect(answer.location?.hasPrefix("/login") == true)
    }

    // MARK: - Monthly report

    @Test func monthlyReportCountsTheMonthPerChannelAndKind() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        let november = seeds.filter { $0.month == "2026-11" }
        let box = PageBox()
        let october = PageBox()
        // action
        try await app.as("kepala-bagian") { browser in
            box.page = try await browser.get("/archive/report?month=2026-11")
            october.page = try await browser.get("/archive/report?month=2026-10")
            // check
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
        #expect(posts.components(separatedBy: "<tr><td class=\"num\" rowspan=\"2\">").count - 1 == november.count)
        // The link has a row of its own, across the table: it prints on one line.
        #expect(posts.components(separatedBy: "<tr class=\"link-row\"><td class=\"url-cell\" colspan=\"4\">https://").count - 1 == november.count)
        #expect(posts.contains("seed20"), "00:10 on 1 November belongs to November")
        #expect(!posts.contains("seed19"), "23:30 on 31 October does not")
        let signature = try #require(HTMLText.between(page.body, "<section class=\"signature\" id=\"report-acknowledged\"", "</section>"))
        #expect(signature.contains("Kepala Biro"), "the role of the last decision step signs")
        #expect(signature.contains("Ibu Kepala Biro"))
        #expect(page.contains("<p class=\"sign-place\">Jakarta, 21 November 2026</p>"), "place and date of signing")
        let prepared = try #require(HTMLText.between(page.body, "<section class=\"signature\" id=\"report-prepared\"", "</section>"))
        #expect(prepared.contains("Dibuat oleh,") && prepared.contains("Kepala Bagian"), "the preparer: who prints it, with their role")
        #expect(posts.contains(">01-11-2026 00.10</td>"), "short dates: \(posts.prefix(600))")
        #expect(page.contains("href=\"/archive/report.xlsx?month=2026-11\""), "the workbook of the same month")
        let octoberPage = try #require(october.page)
        #expect(octoberPage.contains("<strong id=\"report-total-links\">\(seeds.filter { $0.month == "2026-10" }.count)</strong>"))
    }

    // MARK: - Dead links

    @Test func deadLinksAreListedForThePublisherOnly() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        let dead = try #require(seeds.first { $0.index == 5 && $0.channel == .instagram })
        let replaced = try #require(seeds.first { $0.index == 6 && $0.channel == .x })
        try app.database.recordLinkCheck(linkId: dead.linkId, status: .dead, httpStatus: 404, method: "GET", detail: nil, at: app.clock.now)
        // A dead link that was replaced already is history, not a task.
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE contentLink SET replacedAt = ? WHERE id = ?", arguments: [app.clock.now, replaced.linkId])
        }
        try app.database.recordLinkCheck(linkId: replaced.linkId, status: .dead, httpStatus: 410, method: "GET", detail: nil, at: app.clock.now)

        // action
        let (archive, _) = try await app.archive("")
        // check
        let section = try #require(HTMLText.between(archive.body, "id=\"dead-links\"", "</section>"))
        #expect(section.contains(dead.url))
        #expect(section.contains("data-link-status=\"mati\""))
        #expect(!section.contains(replaced.url))
        // action
        let (_, deadRows) = try await app.archive("status=mati")
        // check
        #expect(Set(deadRows.map(\.url)) == [dead.url, replaced.url], "the status filter finds both")
        #expect(deadRows.allSatisfy { $0.status == "mati" })
        // action
        let (page2, _) = try await app.archive("page=2")
        // check
        #expect(!page2.contains("id=\"dead-links\""), "the notice is on the first page only")

        let homes = PageBox()
        // action
        try await app.as("admin-medsos") { browser in
            homes.page = try await browser.get("/")
        }
        // check
        let home = try #require(homes.page)
        let homeSection = try #require(HTMLText.between(home.body, "id=\"dead-links\"", "</section>"), "the publisher sees them at home")
        #expect(homeSection.contains(dead.url) && !homeSection.contains(replaced.url))
        // action
        for user in ["tim-pengelola", "kepala-biro"] {
            try await app.as(user) { browser async throws in
                let page = try await browser.get("/")
                // check
                #expect(page.status == .ok)
                #expect(!page.contains("id=\"dead-links\""), "\(user) does not publish")
            }
        }
    }

    // MARK: - Queries sent nonsense

    @Test func archiveListCSVAndReportWithJunkQueries() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("archive queries")
        let item = try await app.publishedItem(title: "Arsip 100% _uji_")
        let linksBefore = try app.count("contentLink")
        // action
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for name in ["month", "channel", "kind", "status", "sort"] {
                for value in Garbage.junkValues {
                    for path in ["/archive", "/archive.csv"] {
                        let page = try await probe.get(path + Garbage.query([(name, value)]))
                        // check
                        if page.status != .ok {
                            Garbage.refused(page, "\(path) \(name)=\(value.prefix(20))", status: 400, says: [])
                            let body = HTMLText.unescape(page.body)
                            #expect(body.contains(Garbage.words.month) || body.contains(Garbage.words.filter), "\(path) \(name)=\(value.prefix(20)): no clear message")
                        }
                        #expect(!page.body.contains("<script>alert(1)"), "\(path) \(name)=\(value.prefix(20)) reflected raw")
                    }
                }
            }
            for value in Garbage.junkValues + ["asc", "desc", "ASC", "asc;--"] {
                for path in ["/archive", "/archive.csv"] {
                    #expect(try await probe.get(path + Garbage.query([("dir", value)])).status == .ok, "\(path) dir=\(value.prefix(20))")
                }
            }
            // action
            for value in ["-1", "0", "-99999999999999999999", "99999999999999999999", "9223372036854775807", "100001", "abc", "1.5", "1e9", "", "%00", "１"] {
                let page = try await probe.get("/archive" + Garbage.query([("page", value)]))
                // check
                #expect(page.status == .ok, "/archive page=\(value)")
            }
            let queries = ["'; DROP TABLE contentLink; --", "\" OR 1=1 --", "%", "_", "%%", "\\", "\\%", "[", "*", "' OR ''='", String(repeating: "q", count: 10_000),
                           String(repeating: "%", count: 10_000), "\u{0}", "<script>alert(1)</script>", "👨‍👩‍👧", "ARSIP", "100%", "_uji_"]
            // action
            for q in queries {
                for path in ["/archive", "/archive.csv"] {
                    let page = try await probe.get(path + Garbage.query([("q", q), ("sort", "title"), ("dir", "asc")]))
                    // check
                    #expect(page.status == .ok, "\(path) q=\(q.prefix(20)): \(page.status)")
                    #expect(!page.body.contains("<script>alert(1)"), "\(path) q reflected raw")
                }
                // action
                // A wildcard typed is a character searched for, not "anything".
                let csv = try await browser.rawGet("/archive.csv" + Garbage.query([("q", q)]))
                let rows = CSVReader.records(csv.utf8Text ?? "").count - 1
                // check
                if ["%", "_", "%%", "*", "[", "\\", "\\%", "' OR ''='", "\" OR 1=1 --"].contains(q) {
                    #expect(rows == 0 || q == "%" || q == "_", "q=\(q) found \(rows) rows")
                }
                if q == "100%" || q == "_uji_" || q == "%" || q == "_" { #expect(rows == 2, "q=\(q) finds the title that has it: \(rows)") }
            }
            // action
            for raw in ["?q=a&q=b", "?month=2026-11&month=x", "?sort=date&sort=x", "?page=2&page=-1", "?q=%ZZ", "?q=%FF", "?%00=1", "?month[]=2026-11",
                        String(repeating: "?a=1", count: 1) + String(repeating: "&a=1", count: 3000)] {
                try await probe.get("/archive" + raw)
                try await probe.get("/archive.csv" + raw)
                try await probe.get("/archive/report" + raw)
            }
            for value in Garbage.junkValues {
                let page = try await probe.get("/archive/report" + Garbage.query([("month", value)]))
                // check
                if YearMonth(value) != nil {
                    #expect(page.status == .ok, "report month=\(value)")
                } else {
                    Garbage.refused(page, "report month=\(value.prefix(20))", status: 400, says: [Garbage.words.month])
                }
            }
            // action
            for month in ["9999-12", "1900-01"] {
                let page = try await probe.get("/archive/report?month=\(month)")
                // check
                #expect(page.status == .ok)
                // action
                for chunk in page.body.components(separatedBy: "href=\"/archive/report?").dropFirst() {
                    if let end = chunk.firstIndex(of: "\"") { try await probe.get("/archive/report?" + HTMLText.unescape(chunk[..<end])) }
                }
            }
            // check
            // The table survived every search.
            #expect(try await probe.get("/archive?q=Arsip").status == .ok)
        }
        #expect(try app.count("contentLink") == linksBefore, "no query touched the links")
        #expect(try await app.json(item)["status"] as? String == "published")
        tally.report()
    }
}
