import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// On paper and in a spreadsheet (issue 13, items 13–16): the workbook exports (`/archive.xlsx`,
/// `/archive/report.xlsx`), the letterhead and the head in the settings, and the NIP each person
/// keeps on `/account` (and admins on the user's page). The workbooks are also read back by an
/// independent reader (openpyxl) in `Tests/browser/test_print.py`.
@Suite struct PaperTests {
    static func sheetXML(_ answer: RawAnswer, _ name: String = "xl/worksheets/sheet1.xml") throws -> String {
        let entries = try ZipReader.entries(answer.bytes)
        let entry = try #require(entries.first { $0.name == name }, "\(name) in \(entries.map(\.name))")
        return String(decoding: entry.bytes, as: UTF8.self)
    }

    @Test func archiveWorkbookHasTypedDatesClickableLinksAndTheFilter() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        let ordered = ArchiveSeed.newestFirst(seeds)
        // action
        let answers = try await app.runReturning { browser -> [String: RawAnswer] in
            try await browser.login("admin-medsos", "password-admin-medsos")
            var answers: [String: RawAnswer] = [:]
            for query in ["", "month=2026-10", "month=2026-13", "channel=foo"] {
                answers[query] = try await browser.rawGet("/archive.xlsx" + (query.isEmpty ? "" : "?" + query))
            }
            return answers
        }
        // check
        let all = try #require(answers[""])
        #expect(all.status == .ok)
        #expect(all.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        #expect(all.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan.xlsx\"")
        let entries = try ZipReader.entries(all.bytes)
        #expect(Set(entries.map(\.name)).isSuperset(of: ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                                                          "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/_rels/sheet1.xml.rels"]))
        #expect(entries.allSatisfy { $0.crcMatches })
        let sheet = try Self.sheetXML(all)
        #expect(sheet.contains("<t>Tanggal tayang</t>") && sheet.contains("<t>Dipublikasikan oleh</t>"), "headers in people's words")
        #expect(sheet.components(separatedBy: "<row ").count - 1 == ordered.count + 1, "a header and every link")
        // The newest link's date: a number with the date style, the wall clock of Jakarta.
        let serial = XLSXWorkbook.serial(ordered[0].at, timeZone: Fixtures.jakarta)
        #expect(sheet.contains("<c r=\"A2\" s=\"1\"><v>\(serial)</v></c>"), "typed date")
        #expect(sheet.contains("<hyperlink ref=\"E2\" r:id=\"rId1\"/>"))
        let rels = String(decoding: try #require(entries.first { $0.name == "xl/worksheets/_rels/sheet1.xml.rels" }).bytes, as: UTF8.self)
        #expect(rels.contains("Target=\"\(ordered[0].url)\" TargetMode=\"External\""))
        #expect(rels.components(separatedBy: "<Relationship ").count - 1 == ordered.count, "every link clickable")
        #expect(sheet.contains(XLSXWorkbook.escape(ArchiveSeed.emojiTitle)), "Indonesian text and emoji whole")
        #expect(sheet.contains("<t>=HYPERLINK(&quot;x&quot;)</t>"), "a formula-like title is plain text: no guard mark needed")
        #expect(!sheet.contains("<f>"), "no formulas at all")
        let styles = String(decoding: try #require(entries.first { $0.name == "xl/styles.xml" }).bytes, as: UTF8.self)
        #expect(styles.contains("formatCode=\"dd\\-mm\\-yyyy\\ hh\\.mm\""))

        let october = try #require(answers["month=2026-10"])
        #expect(october.headers[.contentDisposition] == "attachment; filename=\"arsip-tautan-2026-10.xlsx\"")
        #expect(try Self.sheetXML(october).components(separatedBy: "<row ").count - 1 == 50 + 1, "the same filters as /archive.csv")
        #expect(answers["month=2026-13"]?.status == .badRequest)
        #expect(answers["channel=foo"]?.status == .badRequest)
    }

    @Test func reportWorkbookListsTheMonthAndItsCounts() async throws {
        // setup
        let app = try await TestApp.dki()
        let seeds = try app.seedArchive()
        let november = seeds.filter { $0.month == "2026-11" }
        // action
        let (answer, bad, page) = try await app.runReturning { browser in
            try await browser.login("admin-medsos", "password-admin-medsos")
            return (try await browser.rawGet("/archive/report.xlsx?month=2026-11"), try await browser.rawGet("/archive/report.xlsx?month=bulan"),
                    try await browser.get("/archive?month=2026-11"))
        }
        // check
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentDisposition] == "attachment; filename=\"laporan-publikasi-2026-11.xlsx\"")
        let posts = try Self.sheetXML(answer)
        #expect(posts.components(separatedBy: "<row ").count - 1 == november.count + 1)
        #expect(posts.contains("<c r=\"A2\"><v>1</v></c>"), "numbered")
        let totals = try Self.sheetXML(answer, "xl/worksheets/sheet2.xml")
        #expect(totals.contains("<t>Per kanal</t>") && totals.contains("<t>Per jenis konten</t>"))
        #expect(totals.contains("<v>\(november.count)</v>"), "the number of links")
        let workbook = try Self.sheetXML(answer, "xl/workbook.xml")
        #expect(workbook.contains("<sheet name=\"Daftar unggahan\"") && workbook.contains("<sheet name=\"Rekapitulasi\""))
        #expect(bad.status == .badRequest)
        #expect(page.contains("id=\"archive-xlsx\""), "the archive links to its workbook")
        #expect(page.contains("href=\"/archive.xlsx?month=2026-11\""))
    }

    @Test func workbooksNeedASession() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        let answers = try await app.runReturning { anonymous in
            [try await anonymous.get("/archive.xlsx"), try await anonymous.get("/archive/report.xlsx?month=2026-11")]
        }
        // check
        for answer in answers {
            #expect(answer.status == .seeOther)
            #expect(answer.location?.hasPrefix("/login") == true)
        }
    }

    @Test func letterheadAndHeadComeFromTheSettingsAndThePreparerFromTheAccount() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try app.seedArchive()
        let box = PageBox()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let form = try await browser.get("/admin/settings")
            #expect(form.contains("id=\"letterhead_address\""))
            let fields = try Self.settingsFields(form.body) + [
                ("letterhead_shown", "1"),
                ("letterhead_address", "Jalan Medan Merdeka Selatan No. 8–9\nJakarta Pusat 10110"),
                ("head_name", "Dr. Siti Rahmawati, M.Si."), ("head_title", "Kepala Biro Kerja Sama Daerah"), ("head_nip", "19700101  199503 2 001"),
            ]
            let saved = try await browser.postMultipart("/admin/settings", fields, files: [("logo", "logo.png", "image/png", Fixtures.png)])
            #expect(saved.location == "/admin/settings?ok=settings_saved", "\(saved.status) \(HTMLText.between(saved.body, "id=\"settings-errors\"", "</div>") ?? String(saved.body.prefix(300)))")
            // A NIP with letters is refused, and nothing is saved.
            let bad = try await browser.post("/admin/settings", try Self.settingsFields(form.body) + [("letterhead_shown", "1"), ("head_nip", "NIP-123")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("NIP hanya berisi angka dan spasi"))
        }
        let settings = app.services.institution.settings
        #expect(settings.letterheadAddress == "Jalan Medan Merdeka Selatan No. 8–9\nJakarta Pusat 10110")
        #expect(settings.headNip == "19700101 199503 2 001", "runs of spaces made one")
        let logo = try #require(settings.logoSha256)
        #expect(settings.avatarSha256 == nil, "the logo is not the account picture")
        // The logo is kept by the clean-up of unused uploads.
        #expect(try app.database.removeUnreferencedMedia(uploadedBefore: app.clock.now.addingTimeInterval(86_400)).contains(logo) == false)

        // action: the preparer keeps their NIP on /account
        try await app.as("kepala-bagian") { browser in
            #expect(try await browser.get("/account").contains("id=\"nip-input\""))
            let refused = try await browser.post("/account/nip", [("nip", "<script>")])
            #expect(refused.status == .unprocessableContent)
            let saved = try await browser.post("/account/nip", [("nip", "19800202 200604 1 002")])
            #expect(saved.location == "/account?ok=nip_saved#nip")
            #expect(try await browser.get("/account").contains("value=\"19800202 200604 1 002\""))
            let forged = try await browser.post("/account/nip", [("nip", "1")], csrf: false)
            #expect(forged.status == .forbidden, "a form from elsewhere does not change it")
            box.page = try await browser.get("/archive/report?month=2026-11")
        }
        // check
        let page = try #require(box.page)
        let kop = try #require(HTMLText.between(page.body, "<header class=\"kop\">", "</header>"))
        #expect(kop.contains("<img class=\"kop-logo\" src=\"/media/\(logo)\" alt=\"\">"))
        #expect(kop.contains("<p class=\"kop-address\">Jalan Medan Merdeka Selatan No. 8–9</p><p class=\"kop-address\">Jakarta Pusat 10110</p>"))
        let head = try #require(HTMLText.between(page.body, "id=\"report-acknowledged\"", "</section>"))
        #expect(head.contains("Kepala Biro Kerja Sama Daerah") && head.contains("Dr. Siti Rahmawati, M.Si.") && head.contains("NIP. 19700101 199503 2 001"))
        let prepared = try #require(HTMLText.between(page.body, "id=\"report-prepared\"", "</section>"))
        #expect(prepared.contains("NIP. 19800202 200604 1 002"), "the preparer's own NIP")

        // action: an admin edits someone's NIP on the user's page
        let user = try #require(try app.database.userRecord(username: "kepala-bagian")?.id)
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let form = try await browser.get("/admin/users/\(user)")
            #expect(form.contains("value=\"19800202 200604 1 002\""))
            let roles = try #require(try app.database.user(id: user)).roleKeys.map { ("role", $0.rawValue) }
            let saved = try await browser.post("/admin/users/\(user)", [("display_name", "Kepala-Bagian"), ("language", "id"), ("nip", "123")] + roles)
            #expect(saved.status == .seeOther, "\(saved.body.prefix(400))")
            let bad = try await browser.post("/admin/users/\(user)", [("display_name", "Kepala-Bagian"), ("language", "id"), ("nip", "abc")] + roles)
            #expect(bad.status == .unprocessableContent)
        }
        // check
        #expect(try app.database.nip(userId: user) == "123")
    }

    /// The settings form's current values, as the browser would send them back.
    static func settingsFields(_ html: String) throws -> [(String, String)] {
        var fields: [(String, String)] = []
        for name in ["name", "caption_limit", "account_name", "city", "limit_x", "limit_instagram", "limit_tiktok",
                     "limit_facebook", "limit_youtubeTitle", "limit_youtubeDescription"] {
            let value = TestBrowser.firstMatch(in: html, after: "name=\"\(name)\" value=\"") ?? ""
            fields.append((name, HTMLText.unescape(value)))
        }
        fields += [("time_zone", "Asia/Jakarta"), ("language", "id"), ("update_policy", "workflow"), ("office_opens", "07:30"), ("office_closes", "16:00")]
        fields += [2, 3, 4, 5, 6].map { ("office_days", "\($0)") }
        fields += ["instagram", "facebook"].map { ("channels", $0) }
        return fields
    }

    // MARK: the pieces

    @Test func workbookPieces() throws {
        #expect(XLSXWorkbook.column(0) == "A")
        #expect(XLSXWorkbook.column(25) == "Z")
        #expect(XLSXWorkbook.column(26) == "AA")
        #expect(XLSXWorkbook.column(701) == "ZZ")
        #expect(XLSXWorkbook.column(702) == "AAA")
        // 1 January 1900 is serial 2 in the 1900 date system (Excel's phantom 29 February 1900);
        // 3 December 2026 15:20 in Jakarta.
        #expect(XLSXWorkbook.serial(Fixtures.local("2026-12-03T15:20"), timeZone: Fixtures.jakarta) == String(format: "%.8f", 46359.0 + (15 * 60 + 20) / 1440.0))
        #expect(XLSXWorkbook.escape("a<b & \"c\" 'd'\u{1}\u{7}\t") == "a&lt;b &amp; &quot;c&quot; &apos;d&apos;\t", "controls XML forbids are dropped")
        #expect(XLSXWorkbook.sheetName("Laporan: [November]/2026?", index: 0) == "Laporan November2026")
        #expect(XLSXWorkbook.sheetName("***", index: 2) == "Sheet3")
        #expect(String(XLSXWorkbook.sheetName(String(repeating: "x", count: 40), index: 0)).count == 31)
        #expect(!XLSXWorkbook.isWebAddress("javascript:alert(1)"))
        #expect(XLSXWorkbook.isWebAddress("https://x.com/a/status/1"))
        // The bytes: a ZIP whose every entry is stored and checks.
        let book = XLSXWorkbook(sheets: [.init(name: "Uji", rows: [[.header("Judul")], [.link("javascript:alert(1)")], [.date(Fixtures.local("2026-12-03T15:20"))]])],
                                timeZone: Fixtures.jakarta, title: "Uji", created: Fixtures.local("2026-12-03T15:20"))
        let entries = try ZipReader.entries(try book.bytes())
        #expect(entries.allSatisfy { $0.crcMatches && $0.modified == "2026-12-03 15:20:00" })
        let sheet = String(decoding: try #require(entries.first { $0.name == "xl/worksheets/sheet1.xml" }).bytes, as: UTF8.self)
        #expect(!sheet.contains("<hyperlink "), "only http(s) addresses are made clickable")
        #expect(!entries.contains { $0.name == "xl/worksheets/_rels/sheet1.xml.rels" })
    }

    @Test func dosTimesAreTheWallClockOfTheZone() {
        let stamp = ZipStream.DOSStamp(Fixtures.local("2026-11-23T10:55"), in: Fixtures.jakarta)
        #expect(stamp.date == UInt16((2026 - 1980) << 9 | 11 << 5 | 23))
        #expect(stamp.time == UInt16(10 << 11 | 55 << 5))
        #expect(ZipStream.DOSStamp(Date(timeIntervalSince1970: 0), in: Fixtures.jakarta) == .fixed, "before 1980: the earliest the format holds")
        #expect(ZipStream.DOSStamp(Date(timeIntervalSince1970: 5_000_000_000), in: Fixtures.jakarta).date >> 9 == 127, "after 2107: the last year it holds")
    }
}
