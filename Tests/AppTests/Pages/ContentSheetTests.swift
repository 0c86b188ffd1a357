import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The control sheet (`/content/{id}/sheet`) and the offline record (`/content/{id}/record.zip`).
@Suite struct ContentSheetTests {
    /// An item walked on Monday 23 November 2026 with timed steps: a rejection, an edit (revision
    /// 2), a delegated final approval and one uploaded photo.
    static func sheetFields(_ caption: String) -> [(String, String)] {
        Fixtures.itemFields(title: "Lembar <kendali> uji", caption: caption).map { field in
            switch field.0 {
            case "kind": ("kind", "informasi")
            case "event_at": ("event_at", "2026-11-23T09:00")
            case "publish_at": ("publish_at", "2026-11-23T15:00")
            default: field
            }
        }
    }

    static func sheetItem() async throws -> (TestApp, String) {
        let app = try await TestApp.dki()
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
        let path = ItemPath()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Self.sheetFields("Kunjungan **kerja** ke Bandung."),
                                                         files: [("media_files", "foto.png", "image/png", Fixtures.png)])
            #expect(answer.status == .seeOther)
            path.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let item = path.value
        app.clock.advance(minutes: 10)
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        app.clock.advance(minutes: 75)
        #expect(try await app.act("tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")]).status == .seeOther)
        app.clock.advance(minutes: 5)
        try await app.as("admin-medsos") { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            #expect(try await browser.post("\(item)/edit", [("version", version)] + Self.sheetFields("Kunjungan **kerja** ke Kota Bandung.")).status == .seeOther)
        }
        app.clock.advance(minutes: 5)
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        for (role, minutes) in [("tim-pengelola", 20.0), ("kasubbag-tu", 10), ("kepala-bagian", 15)] {
            app.clock.advance(minutes: minutes)
            #expect(try await app.act(role, "approve", on: item).status == .seeOther, "\(role)")
        }
        app.clock.advance(minutes: 30)
        #expect(try await app.act("kepala-bagian", "approve", on: item).status == .seeOther, "as the delegate of Kepala Biro")
        app.clock.advance(minutes: 5)
        #expect(try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)),
        ]).status == .seeOther)
        return (app, item)
    }

    @Test func controlSheetListsEveryStepWithActorsTimesAndLinks() async throws {
        // setup
        let (app, item) = try await Self.sheetItem()
        let box = PageBox()
        // action
        try await app.as("kepala-biro") { browser in
            box.page = try await browser.get("\(item)/sheet")
        }
        // check
        let page = try #require(box.page)
        #expect(page.status == .ok)
        #expect(page.contains("LEMBAR KENDALI PUBLIKASI KONTEN MEDIA SOSIAL"))
        #expect(page.contains("<td>Lembar &lt;kendali&gt; uji</td>"), "the title, escaped")
        #expect(page.contains("Tayang (Revisi 2)"))
        let table = try #require(HTMLText.between(page.body, "id=\"sheet-step-table\"", "</table>"))
        // The total is the table's last row, once: not a footer that Chromium repeats at every page break.
        #expect(!table.contains("<tfoot"))
        #expect(table.components(separatedBy: "<tr class=\"total-row\"").count - 1 == 1)
        #expect(table.components(separatedBy: ">Jumlah<").count - 1 == 1, "the total row once")
        #expect(table.contains("<th scope=\"col\" class=\"paraf-cell\">Paraf</th>"), "a paraf column to initial each step")
        let body = try #require(HTMLText.between(table, "<tbody>", "<tr class=\"total-row\""))
        let steps = body.components(separatedBy: "<tr class=\"action-").dropFirst().map { HTMLText.cells($0) }
        // number, step, action, actor, time, revision, standard, actual, reason, paraf (empty, for the pen)
        let expected: [[String]] = [
            ["1", "1. Serahkan konsep dokumentasi + narasi", "Dibuat", "Admin-Medsos", "1", "–", "–", "", ""],
            ["2", "1. Serahkan konsep dokumentasi + narasi", "Diserahkan", "Admin-Medsos", "1", "–", "10 menit", "", ""],
            ["3", "2. Tanggapi dan koreksi", "Dikembalikan", "Tim-Pengelola", "1", "1 jam", "1 jam 15 menit (melebihi mutu baku)", "Foto kurang tajam.", ""],
            ["4", "1. Serahkan konsep dokumentasi + narasi", "Diubah (revisi baru)", "Admin-Medsos", "2", "–", "–", "", ""],
            ["5", "1. Serahkan konsep dokumentasi + narasi", "Diserahkan", "Admin-Medsos", "2", "–", "10 menit", "", ""],
            ["6", "2. Tanggapi dan koreksi", "Disetujui", "Tim-Pengelola", "2", "1 jam", "20 menit", "", ""],
            ["7", "3. Terima konten, putuskan platform", "Disetujui", "Kasubbag-Tu", "2", "15 menit", "10 menit", "", ""],
            ["8", "4. Kontrol dan setujui konten", "Disetujui", "Kepala-Bagian", "2", "15 menit", "15 menit", "", ""],
            ["9", "5. Persetujuan akhir", "Disetujui", "Kepala-Bagian a.n. Ibu Kepala Biro", "2", "1 jam", "30 menit", "", ""],
            ["10", "6. Unggah materi publikasi", "Tayang", "Admin-Medsos", "2", "5 menit", "5 menit", "", ""],
        ]
        #expect(steps.count == expected.count)
        for (got, want) in zip(steps, expected) {
            // The time column (index 4) is checked apart.
            #expect(Array(got.prefix(4)) + Array(got.dropFirst(5)) == want, "row \(want[0])")
        }
        #expect(steps.first?[4] == "23-11-2026 08.00", "short dates, on one line: \(steps.first?[4] ?? "")")
        #expect(steps.last?[4] == "23-11-2026 10.55")
        #expect(table.contains("<td class=\"date-cell\">23-11-2026 08.00</td>"))
        #expect(table.contains("class=\"action-reject overdue\""), "the overdue step is marked")
        #expect(table.contains("<td>3 jam 35 menit</td><td>2 jam 55 menit</td>"), "totals: standard, then actual")
        let links = try #require(HTMLText.between(page.body, "id=\"sheet-link-table\"", "</table>"))
        #expect(links.contains(Fixtures.validLink(.instagram)) && links.contains(Fixtures.validLink(.facebook)))
        #expect(links.components(separatedBy: "<tr data-link-status=\"belum-dicek\">").count - 1 == 2)
        #expect(page.contains("href=\"\(item)/record.zip\""))
        // action
        try await app.as("kepala-biro") { browser async throws in
            // check
            #expect(try await browser.get("/content/99999/sheet").status == .notFound)
        }
    }

    @Test func recordZipHoldsMediaCaptionSheetAndLinks() async throws {
        // setup
        let (app, item) = try await Self.sheetItem()
        // action
        let answer = try await app.runReturning { browser in
            try await browser.login("admin", TestApp.adminPassword)
            return try await browser.rawGet("\(item)/record.zip")
        }
        // check
        #expect(answer.status == .ok)
        #expect(answer.headers[.contentType] == "application/zip")
        let id = item.components(separatedBy: "/").last!
        #expect(answer.headers[.contentDisposition] == "attachment; filename=\"dokumentasi-konten-\(id).zip\"")
        // action
        let entries = try ZipReader.entries(answer.bytes)
        // check
        #expect(entries.map(\.name) == ["media/01-foto.png", "keterangan.txt", "lembar-kendali.html", "sop.html", "tautan.csv", "tautan-media.txt"])
        let sop = String(decoding: try #require(entries.first { $0.name == "sop.html" }).bytes, as: UTF8.self)
        #expect(sop.contains(SOPDocumentTexts.dkiKSD.sopNumber) && sop.contains("class=\"sop-flowchart\"") && sop.contains("(Versi 1)"),
                "the SOP document of the version the item ran on")
        #expect(entries.allSatisfy { $0.crcMatches }, "every CRC-32 matches")
        #expect(entries.first { $0.name == "media/01-foto.png" }?.bytes == Fixtures.png, "the upload, byte for byte")
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
        // action
        let records = CSVReader.records(String(String(decoding: csv.bytes, as: UTF8.self).dropFirst()))
        // check
        #expect(records.first == ["Kanal", "Tautan", "Dicatat pada", "Dicatat oleh", "Diganti pada", "Status tautan"], "headers in people's words")
        #expect(records.dropFirst().map { [$0[0], $0[1]] } == [["Instagram", Fixtures.validLink(.instagram)], ["Facebook", Fixtures.validLink(.facebook)]])
        #expect(records.dropFirst().allSatisfy { $0[2] == "2026-11-23 10:55" }, "the date format of /archive.csv: \(records)")
        // Each entry carries its real time in Jakarta: the photo its upload (08:00), the generated
        // files the moment of the download (the clock stands at 10:55 after publishing).
        #expect(entries.first { $0.name == "media/01-foto.png" }?.modified == "2026-11-23 08:00:00")
        for name in ["keterangan.txt", "lembar-kendali.html", "sop.html", "tautan.csv", "tautan-media.txt"] {
            #expect(entries.first { $0.name == name }?.modified == "2026-11-23 10:55:00", "\(name)")
        }
        #expect(entries.first { $0.name == "tautan-media.txt" }.map { String(decoding: $0.bytes, as: UTF8.self) } == "https://drive.google.com/drive/folders/abc\n")
    }

    /// Moved from the browser suite (`test_publish_then_archive_csv_and_control_sheet`, check A8 of
    /// issue 12).
    @Test func theRecordOfAPublishedItemNeedsASession() async throws {
        // setup: a published item
        let app = try await TestApp.dki()
        let item = try await app.publishedItem(title: "Rekaman uji a8z1p")
        // action: without any cookie
        let answer = try await app.runReturning { anonymous in try await anonymous.get("\(item)/record.zip") }
        // check
        #expect(answer.status == .seeOther)
        #expect(answer.location?.hasPrefix("/login") == true)
    }

    @Test func sheetsAndRecordsOfUnknownItems() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("records")
        let item = try await app.createItem()
        // action
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for junk in Garbage.junkIds + ["9223372036854775807", "-9223372036854775808"] {
                for suffix in ["sheet", "record.zip"] {
                    let page = try await probe.get("/content/\(junk)/\(suffix)")
                    // check
                    Garbage.refused(page, "/content/\(junk)/\(suffix)", status: 404, says: [Garbage.words.contentNotFound])
                }
            }
            // action
            for raw in ["\(item)/sheet?from=-1&to=abc", "\(item)/record.zip?x=%00", "\(item)/sheet/", "\(item)/record.zip/..", "\(item)/../1/sheet"] {
                try await probe.get(raw)
            }
            // check
            #expect(try await probe.get("\(item)/sheet").status == .ok)
            #expect(try await browser.rawGet("\(item)/record.zip").status == .ok)
        }
        // action
        // Anonymous.
        try await app.run { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            // check
            for path in ["\(item)/sheet", "\(item)/record.zip", "/content/-1/sheet", "/content/abc/record.zip"] {
                Garbage.toLogin(try await probe.get(path), "anonymous \(path)")
            }
        }
        tally.report()
    }
}
