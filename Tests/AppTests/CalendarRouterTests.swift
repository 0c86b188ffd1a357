import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Issue 5 over HTTP: the leadership agenda and its iCalendar import, the month/week/list calendar
/// with national days and planned posts, planning from the agenda, the DKI timing rules at
/// submission, greeting reminders, the secret iCalendar feed, and the days-off administration.
///
/// The clock starts on Saturday 21 November 2026, 10:00 WIB. The shipped `Data/` files are loaded
/// by `buildServices` (the test app's resources path is the project folder).
@Suite struct CalendarRouterTests {
    // MARK: helpers

    /// One calendar entry as rendered: its `data-kind`, `data-date`, classes and inner HTML.
    struct Entry: Sendable, CustomStringConvertible {
        let kind: String
        let date: String
        let classes: String
        let html: String
        var description: String { "\(kind)@\(date)" }
        func has(_ text: String) -> Bool { html.contains(text) }
    }

    /// The entries of a calendar page (the legend's items carry no `data-kind` and are skipped).
    static func entries(_ body: String) -> [Entry] {
        body.components(separatedBy: "<li class=\"entry ").dropFirst().compactMap { chunk in
            let html = chunk.components(separatedBy: "</li>")[0]
            guard let kind = TestBrowser.firstMatch(in: html, after: "data-kind=\""),
                  let date = TestBrowser.firstMatch(in: html, after: "data-date=\"") else { return nil }
            let classes = html.components(separatedBy: "\"")[0]
            return Entry(kind: kind, date: date, classes: classes, html: html)
        }
    }

    static func entries(_ body: String, kind: String, titled title: String) -> [Entry] {
        entries(body).filter { $0.kind == kind && $0.has(title) }
    }

    /// The `class` of each day cell of the month grid, by `data-day`.
    static func dayCells(_ body: String) -> [String: String] {
        var cells: [String: String] = [:]
        for chunk in body.components(separatedBy: "<td class=\"").dropFirst() {
            let classes = chunk.components(separatedBy: "\"")[0]
            if let day = TestBrowser.firstMatch(in: chunk, after: "data-day=\"") { cells[day] = classes }
        }
        return cells
    }

    static func agendaFields(title: String = "Rapat koordinasi kerja sama daerah", start: String = "2026-11-25T09:00", end: String = "2026-11-25T11:00",
                             location: String = "Balai Kota", owner: String = "Kepala Biro", notes: String = "Bawa bahan paparan",
                             needsCoverage: Bool = true) -> [(String, String)] {
        [("title", title), ("starts_at", start), ("ends_at", end), ("location", location), ("owner", owner), ("notes", notes)]
            + (needsCoverage ? [("needs_coverage", "1")] : [])
    }

    /// Adds an agenda item through the form, as `username`; returns its id.
    static func createAgenda(_ app: TestApp, as username: String = "admin-medsos", _ fields: [(String, String)] = agendaFields()) async throws -> Int64 {
        let location = try await app.runAs(username) { browser in
            try await browser.get("/agenda/new")
            let answer = try await browser.post("/agenda", fields)
            guard answer.status == .seeOther else { throw TestFailure("POST /agenda answered \(answer.status)") }
            return answer.location ?? ""
        }
        let path = location.components(separatedBy: "?")[0]
        return try #require(Int64(path.components(separatedBy: "/").last ?? ""), "\(location)")
    }

    static func allAgenda(_ app: TestApp) throws -> [AgendaItemRecord] {
        try app.database.agendaItems(overlapping: Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 4_000_000_000))
    }

    /// Content form fields for a planned item.
    static func contentFields(title: String, kind: String, publishAt: String, eventAt: String = "", eventEndAt: String = "", dueOn: String = "",
                              agendaId: String = "", channels: [String] = ["instagram"], source: String = "rencana-redaksi") -> [(String, String)] {
        [("title", title), ("kind", kind), ("source", source), ("caption", "Keterangan untuk \(title)."), ("media_links", ""),
         ("event_at", eventAt), ("event_end_at", eventEndAt), ("publish_at", publishAt), ("due_on", dueOn), ("agenda_id", agendaId), ("notes", "")]
            + channels.map { ("channels", $0) }
    }

    /// Saves new fields on an item (step 1, as `username`) through its edit form.
    static func editItem(_ app: TestApp, _ item: String, as username: String = "admin-medsos", _ fields: [(String, String)]) async throws -> TestBrowser.Page {
        try await app.runAs(username) { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            return try await browser.post("\(item)/edit", [("version", version)] + fields)
        }
    }

    static func status(_ app: TestApp, _ item: String) async throws -> String? {
        try await WorkflowRouterTests.json(app, item)["status"] as? String
    }

    static func isWorkingDay(_ app: TestApp, _ day: String) -> Bool {
        app.services.institution.officeCalendar.isWorkingDay(Day(day)!)
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    static func ics(_ lines: [String]) -> [UInt8] { bytes(lines.joined(separator: "\r\n") + "\r\n") }

    /// Folding (a SUMMARY continued on the next line), TZID (Makassar, one hour ahead of Jakarta),
    /// an all-day event, and a weekly rule with COUNT=3.
    static func sampleCalendar(meetingTitle: String = "Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat") -> [UInt8] {
        let summary = "SUMMARY:" + meetingTitle
        let cut = summary.index(summary.startIndex, offsetBy: min(40, summary.count - 5))
        return ics([
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//e-Office//Agenda//ID",
            "BEGIN:VEVENT", "UID:rapat-jabar@eoffice.example", "DTSTAMP:20261101T000000Z",
            "DTSTART;TZID=Asia/Makassar:20261124T100000", "DTEND;TZID=Asia/Makassar:20261124T120000",
            String(summary[..<cut]), " " + String(summary[cut...]),
            "LOCATION:Ruang Rapat Lt. 3", "END:VEVENT",
            "BEGIN:VEVENT", "UID:kunker@eoffice.example", "DTSTAMP:20261101T000000Z",
            "DTSTART;VALUE=DATE:20261126", "DTEND;VALUE=DATE:20261127", "SUMMARY:Kunjungan kerja ke Kepulauan Seribu", "END:VEVENT",
            "BEGIN:VEVENT", "UID:apel@eoffice.example", "DTSTAMP:20261101T000000Z",
            "DTSTART;TZID=Asia/Jakarta:20261102T073000", "DTEND;TZID=Asia/Jakarta:20261102T083000",
            "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:Apel pagi", "END:VEVENT",
            "END:VCALENDAR",
        ])
    }

    static func importCalendar(_ app: TestApp, _ file: [UInt8], name: String = "agenda.ics", as username: String = "admin-medsos") async throws -> TestBrowser.Page {
        try await app.runAs(username) { browser in
            try await browser.get("/agenda")
            return try await browser.postMultipart("/agenda/import", [], files: [("file", name, "text/calendar", file)])
        }
    }

    // MARK: agenda

    @Test func anAgendaItemIsStoredAndShownOnTheAgendaAndTheCalendar() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("kepala-biro") { browser in
            let form = try await browser.get("/agenda/new")
            #expect(form.status == .ok)
            let created = try await browser.post("/agenda", Self.agendaFields())
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/agenda/") && location.hasSuffix("?ok=agenda_saved"), "\(location)")

            let agenda = try await browser.get("/agenda?month=2026-11")
            #expect(agenda.status == .ok)
            #expect(agenda.contains(">Rapat koordinasi kerja sama daerah</a>"))
            #expect(agenda.contains("Rabu, 25 November 2026"))
            #expect(agenda.contains("09.00–11.00"))
            #expect(agenda.contains("Balai Kota"))
            #expect(agenda.contains("perlu liputan"), "the coverage flag is shown")
            #expect(!(try await browser.get("/agenda?month=2026-12")).contains("Rapat koordinasi kerja sama daerah"), "not in another month")

            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(calendar.status == .ok)
            let found = Self.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi kerja sama daerah")
            #expect(found.map(\.date) == ["2026-11-25"])
            #expect(calendar.contains("data-kind=\"agenda\" data-date=\"2026-11-25\""))
            #expect(found.first?.has("09.00–11.00") == true)
        }
        let stored = try Self.allAgenda(app)
        #expect(stored.count == 1)
        #expect(stored.first?.needsCoverage == true)
        #expect(stored.first?.notes == "Bawa bahan paparan")
        #expect(stored.first?.owner == "Kepala Biro")
        #expect(stored.first?.source == .manual)
    }

    struct BadAgenda: Sendable, CustomStringConvertible {
        let name: String
        let fields: [(String, String)]
        let message: String
        /// What was typed and must come back in the form.
        let kept: [String]
        var description: String { name }
    }

    static let badAgendas: [BadAgenda] = [
        BadAgenda(name: "missing title", fields: agendaFields(title: "   "), message: "Nama kegiatan wajib diisi.",
                  kept: ["value=\"2026-11-25T09:00\"", "value=\"2026-11-25T11:00\"", "value=\"Balai Kota\"", "value=\"Kepala Biro\"", ">Bawa bahan paparan</textarea>",
                         "name=\"needs_coverage\" value=\"1\" checked"]),
        BadAgenda(name: "end before start", fields: agendaFields(title: "Rapat <terbalik>", start: "2026-11-25T11:00", end: "2026-11-25T09:00"),
                  message: "Waktu selesai tidak boleh sebelum waktu mulai.",
                  kept: ["value=\"Rapat &lt;terbalik&gt;\"", "value=\"2026-11-25T11:00\"", "value=\"2026-11-25T09:00\"", "value=\"Balai Kota\""]),
        BadAgenda(name: "bad date", fields: agendaFields(title: "Rapat tanggal salah", start: "2026-02-30T09:00", needsCoverage: false),
                  message: "Waktu mulai harus berupa tanggal dan jam",
                  kept: ["value=\"Rapat tanggal salah\"", "value=\"2026-02-30T09:00\"", "value=\"2026-11-25T11:00\""]),
        BadAgenda(name: "bad end text", fields: agendaFields(title: "Rapat akhir salah", end: "besok pagi"),
                  message: "Waktu selesai harus berupa tanggal dan jam", kept: ["value=\"Rapat akhir salah\"", "value=\"besok pagi\""]),
    ]

    @Test(arguments: badAgendas)
    func aRefusedAgendaFormComesBackFilledAndStoresNothing(bad: BadAgenda) async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda/new")
            let page = try await browser.post("/agenda", bad.fields)
            #expect(page.status == .unprocessableContent, "\(bad.name)")
            #expect(page.contains("id=\"agenda-errors\""), "\(bad.name)")
            #expect(page.contains(bad.message), "\(bad.name)")
            for text in bad.kept { #expect(page.contains(text), "\(bad.name): \(text)") }
            #expect(page.contains("action=\"/agenda\""), "still the new-item form")
        }
        #expect(try Self.allAgenda(app).isEmpty)
    }

    /// Within a day: national days first, then the agenda by time, then by title.
    @Test func aDaysEntriesAreInOrder() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("kepala-biro") { browser in
            #expect(try await browser.get("/agenda/new").status == .ok)
            for (title, start, end) in [("Rapat B", "14:00", "15:00"), ("Rapat C", "09:00", "10:00"), ("Rapat A", "09:00", "10:00")] {
                let created = try await browser.post("/agenda", Self.agendaFields(title: title, start: "2026-11-10T" + start, end: "2026-11-10T" + end))
                #expect(created.status == .seeOther)
            }
            let page = try await browser.get("/calendar?view=list&from=2026-11-10&to=2026-11-10")
            #expect(page.status == .ok)
            let positions = ["Hari Pahlawan", ">Rapat A<", ">Rapat C<", ">Rapat B<"].map { page.body.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "every entry is shown")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "holiday, then 09.00 A and C by title, then 14.00 B")
        }
    }

    @Test func anAgendaItemIsEditedAndDeleted() async throws {
        let app = try await WorkflowRouterTests.dki()
        let id = try await Self.createAgenda(app)
        try await app.as("kasubbag-tu") { browser in
            let form = try await browser.get("/agenda/\(id)")
            #expect(form.status == .ok)
            #expect(form.contains("value=\"Rapat koordinasi kerja sama daerah\""))
            #expect(form.contains("value=\"2026-11-25T09:00\""))
            #expect(form.contains("action=\"/agenda/\(id)/delete\""))
            let saved = try await browser.post("/agenda/\(id)", Self.agendaFields(title: "Rapat dipindah", start: "2026-11-27T13:00", end: "2026-11-27T15:00",
                                                                               needsCoverage: false))
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/agenda/\(id)?ok=agenda_saved")
            // A refused edit changes nothing.
            let refused = try await browser.post("/agenda/\(id)", Self.agendaFields(title: ""))
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("action=\"/agenda/\(id)\""), "the edit form comes back")

            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Rapat dipindah").map(\.date) == ["2026-11-27"])
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi kerja sama daerah").isEmpty)
        }
        let record = try #require(try app.database.agendaItem(id: id))
        #expect(record.title == "Rapat dipindah")
        #expect(record.needsCoverage == false)
        try await app.as("kasubbag-tu") { browser in
            try await browser.get("/agenda/\(id)")
            let deleted = try await browser.post("/agenda/\(id)/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/agenda?month=2026-11&ok=agenda_deleted")
            #expect(try await browser.get("/agenda/\(id)").status == .notFound)
            #expect(!(try await browser.get("/agenda?month=2026-11")).contains("Rapat dipindah"))
            #expect(Self.entries(try await browser.get("/calendar?month=2026-11").body).filter { $0.kind == "agenda" }.isEmpty)
        }
        #expect(try Self.allAgenda(app).isEmpty)
    }

    @Test func unknownAgendaIdsAre404() async throws {
        let app = try await WorkflowRouterTests.dki()
        let id = try await Self.createAgenda(app)
        try await app.as("admin-medsos") { browser in
            #expect(try await browser.get("/agenda/999999").status == .notFound)
            #expect(try await browser.get("/agenda/abc").status == .notFound)
            #expect(try await browser.get("/agenda/9223372036854775807").status == .notFound)
            try await browser.get("/agenda")
            let update = try await browser.post("/agenda/999999", Self.agendaFields())
            #expect(update.status == .notFound)
            #expect(update.contains("Agenda ini tidak ada"))
            try await browser.get("/agenda")
            #expect(try await browser.post("/agenda/999999/delete").status == .notFound)
            #expect(try await browser.get("/content/new?agenda=999999&plan=liputan").status == .notFound)
        }
        #expect(try Self.allAgenda(app).map(\.id) == [id], "nothing else was touched")
    }

    @Test func agendaNeedsASessionAndACSRFToken() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.run { anonymous in
            let page = try await anonymous.get("/agenda")
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/login") == true)
            #expect(try await anonymous.get("/calendar").location?.hasPrefix("/login") == true)
        }
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda/new")
            #expect(try await browser.post("/agenda", Self.agendaFields() + [("csrf_token", "wrong")]).status == .forbidden)
        }
        #expect(try Self.allAgenda(app).isEmpty)
    }

    // MARK: import

    @Test func anICalendarFileIsImportedWithFoldingZonesAllDayAndRecurrence() async throws {
        let app = try await WorkflowRouterTests.dki()
        let first = try await Self.importCalendar(app, Self.sampleCalendar())
        #expect(first.status == .seeOther)
        #expect(first.location == "/agenda?month=2026-11&ok=agenda_imported&added=3&updated=0&unchanged=0")
        try await app.as("admin-medsos") { browser in
            let summary = try await browser.get(try #require(first.location))
            #expect(summary.contains("Hasil impor: 3 agenda baru, 0 diperbarui, 0 tidak berubah."))
            // Folded SUMMARY joined; 10:00 WITA is 09:00 WIB.
            #expect(summary.contains(">Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat</a>"))
            #expect(summary.contains("09.00–11.00"))
            #expect(summary.contains("Sepanjang hari"))

            let calendar = try await browser.get("/calendar?month=2026-11")
            let meeting = Self.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat")
            #expect(meeting.map(\.date) == ["2026-11-24"])
            #expect(meeting.first?.has("09.00–11.00") == true, "shown in the institution's zone")
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Kunjungan kerja ke Kepulauan Seribu").map(\.date) == ["2026-11-26"],
                    "an all-day event is on its one day, not on the exclusive DTEND")
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Apel pagi").map(\.date) == ["2026-11-02", "2026-11-09", "2026-11-16"],
                    "three weekly occurrences, no fourth on 23 November")
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Apel pagi").allSatisfy { $0.has("07.30–08.30") })
        }
        #expect(try Self.allAgenda(app).count == 3, "a recurring event is one stored item")

        let again = try await Self.importCalendar(app, Self.sampleCalendar())
        #expect(again.location == "/agenda?month=2026-11&ok=agenda_imported&added=0&updated=0&unchanged=3")
        #expect(try Self.allAgenda(app).count == 3)

        let renamed = try await Self.importCalendar(app, Self.sampleCalendar(meetingTitle: "Rapat koordinasi lanjutan dengan Provinsi Jawa Barat"))
        #expect(renamed.location == "/agenda?month=2026-11&ok=agenda_imported&added=0&updated=1&unchanged=2")
        #expect(try Self.allAgenda(app).count == 3)
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi lanjutan dengan Provinsi Jawa Barat").map(\.date) == ["2026-11-24"])
            #expect(Self.entries(calendar.body, kind: "agenda", titled: "Pemerintah Provinsi Jawa Barat").isEmpty, "the old title is gone")
        }
    }

    @Test func anImportKeepsTheCoverageFlagSetInWarta() async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(try await Self.importCalendar(app, Self.sampleCalendar()).status == .seeOther)
        var meeting = try #require(try Self.allAgenda(app).first { $0.uid == "rapat-jabar@eoffice.example" })
        meeting.needsCoverage = true
        try app.database.saveAgendaItem(meeting)
        let renamed = try await Self.importCalendar(app, Self.sampleCalendar(meetingTitle: "Rapat koordinasi berganti judul"))
        #expect(renamed.location?.contains("updated=1") == true)
        let after = try #require(try app.database.agendaItem(id: meeting.id!))
        #expect(after.title == "Rapat koordinasi berganti judul")
        #expect(after.needsCoverage, "what people set in Warta survives a re-import")
    }

    struct BadFile: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let message: String
        var description: String { name }
    }

    static let badFiles: [BadFile] = [
        BadFile(name: "html", bytes: bytes("<!doctype html><html><body>Agenda</body></html>"), message: "bukan berkas iCalendar"),
        BadFile(name: "unterminated", bytes: ics(["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:x@y", "DTSTART:20261125T090000",
                                                   "SUMMARY:Tidak ditutup", "END:VEVENT"]),
                message: "tidak ditutup dengan benar"),
        BadFile(name: "bad DTSTART", bytes: ics(["BEGIN:VCALENDAR", "VERSION:2.0",
                                                  "BEGIN:VEVENT", "UID:baik@y", "DTSTART:20261125T090000", "SUMMARY:Acara yang baik", "END:VEVENT",
                                                  "BEGIN:VEVENT", "UID:buruk@y", "DTSTART:2026-99-99", "SUMMARY:Tanggal rusak", "END:VEVENT",
                                                  "END:VCALENDAR"]),
                message: "tanggal atau durasi"),
        // Since f687458 the import reads bytes (a fold may split a UTF-8 sequence), so Latin-1 junk is
        // refused as "not a calendar" rather than "not UTF-8": either way nothing is imported.
        BadFile(name: "not UTF-8", bytes: [0x42, 0x45, 0x47, 0x49, 0x4E, 0xFF, 0xFE, 0x00], message: "tidak ada yang berubah"),
    ]

    @Test func aFoldInsideAUTF8SequenceIsRejoined() async throws {
        let app = try await WorkflowRouterTests.dki()
        // "—" is E2 80 94; the writer folds between its first and second byte.
        let head = Self.bytes("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:lipat@eoffice.example\r\nDTSTART:20261127T090000\r\n"
                              + "DTEND:20261127T100000\r\nSUMMARY:Rapat ")
        let tail = Self.bytes(" evaluasi kerja sama\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
        let file = head + [0xE2, 0x0D, 0x0A, 0x20, 0x80, 0x94] + tail
        let page = try await Self.importCalendar(app, file)
        #expect(page.status == .seeOther)
        #expect(page.location?.contains("added=1") == true)
        #expect(try Self.allAgenda(app).map(\.title) == ["Rapat — evaluasi kerja sama"])
    }

    @Test(arguments: badFiles)
    func aBrokenFileIsRefusedWith422AndTheAgendaStaysAsItWas(bad: BadFile) async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(try await Self.importCalendar(app, Self.sampleCalendar()).status == .seeOther)
        let before = try Self.allAgenda(app)
        let page = try await Self.importCalendar(app, bad.bytes, name: "rusak.ics")
        #expect(page.status == .unprocessableContent, "\(bad.name)")
        #expect(page.contains("id=\"import-errors\""), "\(bad.name)")
        #expect(page.contains("Berkas tidak diimpor; tidak ada yang berubah."), "\(bad.name)")
        #expect(page.contains(bad.message), "\(bad.name)")
        #expect(try Self.allAgenda(app) == before, "\(bad.name): nothing added or changed, not even the good event")
    }

    @Test func anImportWithoutAFileIs422AndWithAWrongTokenIs403() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda")
            let missing = try await browser.postMultipart("/agenda/import", [("owner", "Kepala Biro")], files: [])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.contains("Pilih berkas yang akan diimpor."))
            let empty = try await browser.postMultipart("/agenda/import", [], files: [("file", "kosong.ics", "text/calendar", [])])
            #expect(empty.status == .unprocessableContent)
            let forged = try await browser.postMultipart("/agenda/import", [("csrf_token", "not-the-token")],
                                                         files: [("file", "agenda.ics", "text/calendar", Self.sampleCalendar())], csrf: false)
            #expect(forged.status == .forbidden)
            let noToken = try await browser.postMultipart("/agenda/import", [], files: [("file", "agenda.ics", "text/calendar", Self.sampleCalendar())],
                                                          csrf: false)
            #expect(noToken.status == .forbidden)
        }
        #expect(try Self.allAgenda(app).isEmpty)
    }

    // MARK: calendar views

    @Test func monthWeekAndListViewsShowTodayAndTheNationalDays() async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(try app.database.holidays().contains { $0.day == "2026-12-25" && $0.kind == .libur }, "Data/ holidays are seeded")
        #expect(try app.database.commemorations().contains { $0.monthDay == "11-10" && $0.name == "Hari Pahlawan" }, "Data/ commemorations are seeded")
        try await app.as("tim-pengelola") { browser in
            let month = try await browser.get("/calendar?month=2026-11")
            #expect(month.status == .ok)
            #expect(month.contains("class=\"month-grid\""))
            let cells = Self.dayCells(month.body)
            #expect(cells.count == 42, "Monday 26 October through Sunday 6 December")
            #expect(cells["2026-11-21"]?.split(separator: " ").contains("today") == true)
            #expect(cells.filter { $0.value.split(separator: " ").contains("today") }.map(\.key) == ["2026-11-21"], "only today is marked")
            #expect(month.body.components(separatedBy: "aria-current=\"date\"").count == 2)
            #expect(cells["2026-10-31"]?.contains("outside") == true)
            #expect(cells["2026-11-23"]?.contains("day-off") == false, "Monday is a working day")
            #expect(Self.entries(month.body, kind: "peringatan", titled: "Hari Pahlawan").map(\.date) == ["2026-11-10"])
            #expect(Self.entries(month.body, kind: "peringatan", titled: "Hari Guru Nasional").map(\.date) == ["2026-11-25"])

            let december = try await browser.get("/calendar?month=2026-12")
            #expect(Self.entries(december.body, kind: "libur", titled: "Hari Raya Natal").map(\.date) == ["2026-12-25"])
            #expect(Self.entries(december.body, kind: "cuti_bersama", titled: "Cuti Bersama Hari Raya Natal").map(\.date) == ["2026-12-24"])
            let decemberCells = Self.dayCells(december.body)
            #expect(decemberCells["2026-12-25"]?.contains("day-off") == true)
            #expect(decemberCells["2026-12-24"]?.contains("day-off") == true, "joint leave stops the office clock too")
            #expect(decemberCells["2026-12-23"]?.contains("day-off") == false)

            let week = try await browser.get("/calendar?week=2026-W47")
            #expect(week.status == .ok)
            #expect(week.contains("Pekan 47"))
            #expect(week.contains("class=\"day-block today day-off\" data-day=\"2026-11-21\""))
            #expect(week.body.components(separatedBy: "<section class=\"day-block").count == 8, "seven days")
            #expect(!week.contains("data-day=\"2026-11-23\""), "the next week is not in it")

            let list = try await browser.get("/calendar?view=list&from=2026-11-01&to=2026-12-31")
            #expect(list.status == .ok)
            let listed = Self.entries(list.body)
            #expect(listed.contains { $0.kind == "peringatan" && $0.date == "2026-11-10" && $0.has("Hari Pahlawan") })
            #expect(listed.contains { $0.kind == "libur" && $0.date == "2026-12-25" })
            #expect(listed.contains { $0.kind == "cuti_bersama" && $0.date == "2026-12-24" })
            #expect(listed.allSatisfy { "2026-11-01" <= $0.date && $0.date <= "2026-12-31" })
            #expect(!list.contains("data-day=\"2026-11-03\""), "the list shows only days with something on them")

            #expect(try await browser.get("/calendar").contains("data-day=\"2026-11-21\""), "the current month by default")
            #expect(try await browser.get("/calendar?view=list").status == .ok)
            // 366 days, both ends included, is the longest list.
            #expect(try await browser.get("/calendar?view=list&from=2026-01-01&to=2027-01-01").status == .ok)
        }
    }

    struct BadQuery: Sendable, CustomStringConvertible {
        let query: String
        let message: String
        var description: String { query }
    }

    static let badQueries: [BadQuery] = [
        BadQuery(query: "month=2026-13", message: "tidak dikenal. Tulis seperti 2026-11."),
        BadQuery(query: "month=kemarin", message: "tidak dikenal. Tulis seperti 2026-11."),
        BadQuery(query: "week=2026-W60", message: "tidak dikenal. Tulis seperti 2026-W47."),
        BadQuery(query: "week=2026-W00", message: "tidak dikenal. Tulis seperti 2026-W47."),
        BadQuery(query: "view=list&from=2026-01-01&to=2027-01-02", message: "paling panjang 366 hari"),
        BadQuery(query: "view=list&from=2026-12-01&to=2026-11-01", message: "Rentang tanggal tidak sah"),
        BadQuery(query: "view=list&from=2026-02-30", message: "Rentang tanggal tidak sah"),
        BadQuery(query: "view=list&from=0001-01-01&to=9999-12-31", message: "Rentang tanggal tidak sah"),
        BadQuery(query: "channel=foo", message: "Saringan channel tidak mengenal nilai"),
        BadQuery(query: "status=nonsense", message: "Saringan status tidak mengenal nilai"),
        BadQuery(query: "kind=berita", message: "Saringan kind tidak mengenal nilai"),
        BadQuery(query: "week=2026-W47&channel=foo", message: "Saringan channel tidak mengenal nilai"),
    ]

    @Test(arguments: badQueries)
    func badCalendarQueriesAre400WithAMessage(bad: BadQuery) async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get("/calendar?" + bad.query)
            #expect(page.status == .badRequest, "\(bad.query)")
            #expect(page.contains(bad.message), "\(bad.query): \(page.body.components(separatedBy: "error-heading").last?.prefix(300) ?? "")")
        }
    }

    @Test func badAgendaMonthIs400() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get("/agenda?month=2026-13")
            #expect(page.status == .badRequest)
            #expect(page.contains("tidak dikenal. Tulis seperti 2026-11."))
        }
    }

    @Test func filtersNarrowTheContentEntries() async throws {
        let app = try await WorkflowRouterTests.dki()
        let poster = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Informasi layanan kerja sama", kind: "informasi", publishAt: "2026-11-26T10:00", channels: ["instagram"]))
        let coverage = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Liputan penandatanganan", kind: "kegiatan", publishAt: "2026-11-27T13:00", eventAt: "2026-11-27T09:00", eventEndAt: "2026-11-27T11:00",
            channels: ["facebook", "youtube"], source: "agenda-harian"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: coverage).status == .seeOther)
        _ = poster
        try await app.as("tim-pengelola") { browser in
            func titles(_ query: String) async throws -> [String] {
                let page = try await browser.get("/calendar?month=2026-11" + query)
                #expect(page.status == .ok, "\(query)")
                return Self.entries(page.body).filter { $0.kind == "content" }.map {
                    $0.has("Informasi layanan kerja sama") ? "informasi" : $0.has("Liputan penandatanganan") ? "kegiatan" : "?"
                }
            }
            #expect(try await titles("") == ["informasi", "kegiatan"])
            #expect(try await titles("&kind=informasi") == ["informasi"])
            #expect(try await titles("&kind=kegiatan") == ["kegiatan"])
            #expect(try await titles("&kind=ucapan") == [])
            #expect(try await titles("&channel=instagram") == ["informasi"])
            #expect(try await titles("&channel=youtube") == ["kegiatan"])
            #expect(try await titles("&status=draft") == ["informasi"])
            #expect(try await titles("&status=in_review") == ["kegiatan"])
            #expect(try await titles("&status=published") == [])
            #expect(try await titles("&status=in_review&channel=instagram") == [])
            #expect(try await titles("&channel=") == ["informasi", "kegiatan"], "an empty filter is no filter")

            let filtered = try await browser.get("/calendar?month=2026-11&channel=youtube")
            #expect(!Self.entries(filtered.body, kind: "peringatan", titled: "Hari Guru Nasional").isEmpty, "national days are not content: not filtered")
            #expect(filtered.contains("<option value=\"youtube\" selected>"))
            #expect(filtered.contains("month=2026-12&amp;channel=youtube") || filtered.contains("month=2026-12&channel=youtube"), "paging keeps the filter")
            let entry = try #require(Self.entries(filtered.body).first { $0.kind == "content" })
            #expect(entry.date == "2026-11-27")
            #expect(entry.classes.contains("status-in_review"))
            #expect(entry.has("Facebook, YouTube"))
        }
    }

    // MARK: planning

    @Test func planningFromTheAgendaPrefillsTheContentForm() async throws {
        let app = try await WorkflowRouterTests.dki()
        let id = try await Self.createAgenda(app, as: "kepala-biro")
        try await app.as("admin-medsos") { browser in
            let agendaPage = try await browser.get("/agenda/\(id)")
            #expect(agendaPage.contains("href=\"/content/new?agenda=\(id)&amp;plan=liputan\"") || agendaPage.contains("href=\"/content/new?agenda=\(id)&plan=liputan\""))

            let coverage = try await browser.get("/content/new?agenda=\(id)&plan=liputan")
            #expect(coverage.status == .ok)
            #expect(coverage.contains("<option value=\"kegiatan\" selected>"))
            #expect(coverage.contains("name=\"agenda_id\" value=\"\(id)\""))
            #expect(coverage.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-25T12:00\""), "one hour after the end")
            #expect(coverage.contains("name=\"event_end_at\" type=\"datetime-local\" value=\"2026-11-25T11:00\""))
            #expect(coverage.contains("value=\"Liputan: Rapat koordinasi kerja sama daerah\""))
            #expect(coverage.contains("<option value=\"agenda-harian\" selected>"))
            #expect(coverage.contains("Terkait agenda: Rapat koordinasi kerja sama daerah (Rabu, 25 November 2026, 09.00 WIB)."))

            let infographic = try await browser.get("/content/new?agenda=\(id)&plan=infografis")
            #expect(infographic.status == .ok)
            #expect(infographic.contains("<option value=\"infografis-rencana\" selected>"))
            #expect(infographic.contains("name=\"agenda_id\" value=\"\(id)\""))
            #expect(infographic.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-22T09:00\""), "09:00 on H-3")
            #expect(infographic.contains("value=\"Infografis rencana: Rapat koordinasi kerja sama daerah\""))

            let greeting = try await browser.get("/content/new?plan=ucapan&date=2026-11-25&name=Hari%20Guru%20Nasional")
            #expect(greeting.status == .ok)
            #expect(greeting.contains("<option value=\"ucapan\" selected>"))
            #expect(greeting.contains("name=\"due_on\" type=\"date\" value=\"2026-11-25\""))
            #expect(greeting.contains("value=\"Ucapan Hari Guru Nasional\""))
            #expect(greeting.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-25T06:00\""))
            #expect(!greeting.contains("Terkait agenda"), "a greeting is not tied to an agenda item")
            #expect(!greeting.contains("name=\"agenda_id\" value=\"\(id)\""))
        }
        // The planned coverage, saved as proposed, is linked from the agenda item and passes the rule.
        let fields = Self.contentFields(title: "Liputan: Rapat koordinasi kerja sama daerah", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                        eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00", agendaId: "\(id)", source: "agenda-harian")
        let item = try await WorkflowRouterTests.createItem(app, fields: fields)
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        try await app.as("admin-medsos") { browser in
            let agendaPage = try await browser.get("/agenda/\(id)")
            #expect(agendaPage.contains("href=\"\(item)\">Liputan: Rapat koordinasi kerja sama daerah</a>"))
        }
    }

    @Test func aContentItemNamingAMissingAgendaIs422() async throws {
        let app = try await WorkflowRouterTests.dki()
        let id = try await Self.createAgenda(app)
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let missing = try await browser.post("/content", Self.contentFields(
                title: "Liputan hilang", kind: "kegiatan", publishAt: "2026-11-25T12:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00",
                agendaId: "\(id + 1000)"))
            #expect(missing.status == .unprocessableContent)
            #expect(missing.contains("Agenda yang terkait tidak ada lagi."))
            #expect(missing.contains("value=\"Liputan hilang\""), "the form is kept")
            let garbage = try await browser.post("/content", Self.contentFields(title: "Liputan aneh", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                                                               agendaId: "satu"))
            #expect(garbage.status == .unprocessableContent)
            let huge = try await browser.post("/content", Self.contentFields(title: "Liputan besar", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                                                            agendaId: "99999999999999999999999"))
            #expect(huge.status == .unprocessableContent)
        }
        #expect(try app.database.items(status: nil, limit: 10, offset: 0).isEmpty)
    }

    // MARK: timing rules

    @Test func coverageBeforeTheActivityEndsIsRefusedUntilFixed() async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(app.services.institution.settings.timingRules == Set(TimingRule.allCases), "on by default in dki-ksd")
        let early = Self.contentFields(title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00",
                                       eventEndAt: "2026-11-25T11:00", source: "agenda-harian")
        let item = try await WorkflowRouterTests.createItem(app, fields: early)
        let refused = try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item)
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai."))
        #expect(refused.contains("Rencana unggah Rabu, 25 November 2026, 10.00 WIB lebih awal dari selesainya kegiatan (Rabu, 25 November 2026, 11.00 WIB)."))
        #expect(try await Self.status(app, item) == "draft")
        #expect(try await WorkflowRouterTests.json(app, item)["step_position"] as? Int == 1)

        // The calendar warns about it too.
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            let entry = try #require(Self.entries(calendar.body, kind: "content", titled: "Liputan rapat").first)
            #expect(entry.date == "2026-11-25")
            #expect(entry.classes.contains("has-warning"))
            #expect(entry.has("lebih awal dari selesainya kegiatan"))
            #expect(calendar.contains("Konten yang melanggar aturan waktu SOP: 1"))
        }

        // The next day is too late as well.
        let late = try await Self.editItem(app, item, early.map { $0.0 == "publish_at" ? ("publish_at", "2026-11-26T08:00") : $0 })
        #expect(late.status == .seeOther)
        let nextDay = try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item)
        #expect(nextDay.status == .unprocessableContent)
        #expect(nextDay.contains("Rencana unggah Kamis, 26 November 2026, 08.00 WIB melewati hari kegiatan (Rabu, 25 November 2026)."))

        let fixed = try await Self.editItem(app, item, early.map { $0.0 == "publish_at" ? ("publish_at", "2026-11-25T11:00") : $0 })
        #expect(fixed.status == .seeOther)
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item).status == .seeOther, "exactly at the end is allowed")
        #expect(try await Self.status(app, item) == "in_review")
    }

    @Test func anInfographicGoesOutByH3() async throws {
        let app = try await WorkflowRouterTests.dki()
        // The activity is on Monday 30 November; H-3 is Friday 27 November.
        func fields(_ publish: String) -> [(String, String)] {
            Self.contentFields(title: "Infografis rencana kunjungan", kind: "infografis-rencana", publishAt: publish, eventAt: "2026-11-30T10:00",
                               eventEndAt: "2026-11-30T12:00")
        }
        let onTime = try await WorkflowRouterTests.createItem(app, fields: fields("2026-11-27T23:59"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: onTime).status == .seeOther)
        let tooLate = try await WorkflowRouterTests.createItem(app, fields: fields("2026-11-28T00:00"))
        let refused = try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: tooLate)
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Infografis rencana kegiatan diunggah paling lambat 3 hari (H-3) sebelum kegiatan."))
        #expect(refused.contains("Kegiatan mulai Senin, 30 November 2026, 10.00 WIB, jadi unggah paling lambat Jumat, 27 November 2026; rencana unggah Sabtu, 28 November 2026, 00.00 WIB."))
        #expect(try await Self.status(app, tooLate) == "draft")
    }

    @Test func aGreetingGoesOutOnOrBeforeItsDay() async throws {
        let app = try await WorkflowRouterTests.dki()
        func fields(_ publish: String) -> [(String, String)] {
            Self.contentFields(title: "Ucapan Hari Guru Nasional", kind: "ucapan", publishAt: publish, dueOn: "2026-11-25")
        }
        let lastMinute = try await WorkflowRouterTests.createItem(app, fields: fields("2026-11-25T23:59"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: lastMinute).status == .seeOther)
        let nextDay = try await WorkflowRouterTests.createItem(app, fields: fields("2026-11-26T00:00"))
        let refused = try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: nextDay)
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Ucapan diunggah sebelum atau pada harinya."))
        #expect(refused.contains("Ucapan untuk Rabu, 25 November 2026 direncanakan Kamis, 26 November 2026, 00.00 WIB, sesudah harinya."))
        #expect(try await Self.status(app, nextDay) == "draft")
    }

    @Test func switchedOffRulesLetTheSameSubmissionThrough() async throws {
        let app = try await WorkflowRouterTests.dki()
        let settings = app.services.institution.settings
        func hm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        var form: [(String, String)] = [
            ("name", settings.name), ("time_zone", settings.timeZone.identifier), ("language", settings.defaultLanguage.rawValue),
            ("caption_limit", "\(settings.captionLimit)"), ("office_opens", hm(settings.officeOpens)), ("office_closes", hm(settings.officeCloses)),
            ("account_name", settings.accountName),
        ]
        form += settings.officeDays.sorted().map { ("office_days", "\($0)") }
        form += settings.channels.map { ("channels", $0.rawValue) }
        form += AdminSettingsController.limitKeys.map { ("limit_\($0.key)", "\(settings.platformLimits[keyPath: $0.path])") }
        let typed = form
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/settings")
            #expect(page.contains("name=\"timing_rules\" value=\"kegiatan-hari-sama\" checked"))
            let saved = try await browser.post("/admin/settings", typed)
            #expect(saved.location == "/admin/settings?ok=settings_saved", "\(saved.status) \(saved.body.components(separatedBy: "role=\"alert\"").dropFirst().first?.prefix(400) ?? "")")
            #expect(!(try await browser.get("/admin/settings")).contains("value=\"kegiatan-hari-sama\" checked"))
        }
        #expect(app.services.institution.settings.timingRules.isEmpty)
        let coverage = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: coverage).status == .seeOther)
        let infographic = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Infografis", kind: "infografis-rencana", publishAt: "2026-11-28T00:00", eventAt: "2026-11-30T10:00"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: infographic).status == .seeOther)
        let greeting = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Ucapan", kind: "ucapan", publishAt: "2026-11-26T00:00", dueOn: "2026-11-25"))
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: greeting).status == .seeOther)
        // And the calendar no longer warns.
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(Self.entries(calendar.body).filter { $0.kind == "content" }.count == 3)
            #expect(!calendar.contains("has-warning"))
        }
    }

    @Test(arguments: SOPPreset.all.filter { $0.key != SOPPreset.dkiKSD.key })
    func otherPresetsHaveTheRulesOffByDefault(preset: SOPPreset) async throws {
        let app = try await TestApp.make(preset: preset)
        let first = Workflow(preset: preset).steps[0].roleKey.rawValue
        try await app.addUser(first, roles: [RoleKey(first)])
        #expect(app.services.institution.settings.timingRules.isEmpty)
        let item = try await WorkflowRouterTests.createItem(app, as: first, fields: Self.contentFields(
            title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00",
            channels: [preset.channels[0].rawValue]))
        #expect(try await WorkflowRouterTests.act(app, first, "submit", on: item).status == .seeOther, "\(preset.key)")
    }

    // MARK: latest start

    @Test func theCalendarShowsTheLatestStartAndFlagsLateItems() async throws {
        let app = try await WorkflowRouterTests.dki()
        // Due Tuesday 24 November 10:00; 155 office minutes of steps: Monday 23 November 15:55.
        let item = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            let entry = try #require(Self.entries(calendar.body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.date == "2026-11-24")
            #expect(entry.has("Mulai paling lambat 23 Nov 2026 15.55"))
            #expect(!entry.classes.split(separator: " ").contains("late"))
        }
        app.clock.set("2026-11-23T15:55")
        try await app.as("admin-medsos") { browser in
            let entry = try #require(Self.entries(try await browser.get("/calendar?month=2026-11").body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(!entry.classes.split(separator: " ").contains("late"), "exactly at the latest start is not late yet")
        }
        app.clock.advance(minutes: 5)
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            let entry = try #require(Self.entries(calendar.body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.classes.split(separator: " ").contains("late"))
            #expect(entry.has("Mulai paling lambat 23 Nov 2026 15.55 · terlambat"))
            #expect(calendar.contains("Konten yang terlambat dimulai: 1"))
        }
        // Once submitted it still shows its latest start (the steps ahead still have to be done).
        #expect(try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        try await app.as("admin-medsos") { browser in
            let entry = try #require(Self.entries(try await browser.get("/calendar?month=2026-11").body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.has("Mulai paling lambat"))
        }
    }

    /// Was a bug until 39c495d: both notices showed with a count of 0 on every calendar page.
    @Test func noLateOrWarningBannerWhenNothingIsLate() async throws {
        let app = try await WorkflowRouterTests.dki()
        _ = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(calendar.status == .ok)
            #expect(!calendar.contains("Konten yang terlambat dimulai:"))
            #expect(!calendar.contains("Konten yang melanggar aturan waktu SOP:"))
        }
    }

    // MARK: greetings

    @Test func theHomePageRemindsDraftersOfGreetingsDue() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("id=\"greetings-due\""))
            let item = try #require(home.body.components(separatedBy: "<li class=\"greeting-due\" data-date=\"2026-11-25\">").dropFirst().first?
                .components(separatedBy: "</li>").first)
            #expect(item.contains("<strong>Hari Guru Nasional</strong>"))
            #expect(item.contains(">Buat ucapan</a>"))
            #expect(item.contains("/content/new?plan=ucapan&amp;date=2026-11-25&amp;name=Hari%20Guru%20Nasional")
                    || item.contains("/content/new?plan=ucapan&date=2026-11-25&name=Hari%20Guru%20Nasional"))
            #expect(item.contains("4 hari lagi"))
            #expect(home.contains("data-date=\"2026-11-29\""), "HUT KORPRI is due too")
            #expect(!home.contains("data-date=\"2026-12-25\""), "Christmas is more than 30 days away")
            #expect(!home.contains("data-date=\"2026-11-10\""), "past days are not listed")
        }
        _ = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Ucapan Hari Guru Nasional", kind: "ucapan", publishAt: "2026-11-25T06:00", dueOn: "2026-11-25"))
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            #expect(!home.contains("data-date=\"2026-11-25\""), "planned: no longer reminded")
            #expect(home.contains("data-date=\"2026-11-29\""))
            let calendar = try await browser.get("/calendar?month=2026-11")
            let day = try #require(Self.entries(calendar.body, kind: "peringatan", titled: "Hari Guru Nasional").first)
            #expect(day.has("ucapan sudah direncanakan"))
            #expect(!day.has("plan=ucapan"), "no second greeting offered")
            let korpri = try #require(Self.entries(calendar.body, kind: "peringatan", titled: "HUT KORPRI").first)
            #expect(korpri.has("plan=ucapan"))
            let greeting = try #require(Self.entries(calendar.body, kind: "content", titled: "Ucapan Hari Guru Nasional").first)
            #expect(greeting.date == "2026-11-25")
        }
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            #expect(home.status == .ok)
            #expect(!home.contains("id=\"greetings-due\""), "someone who cannot draft is not reminded")
            #expect(!home.contains("Buat ucapan"))
            let calendar = try await browser.get("/calendar?month=2026-11")
            #expect(!calendar.contains("plan=ucapan"), "nor offered to draft from the calendar")
            #expect(!calendar.contains("/content/new?date="))
        }
    }

    // MARK: feed

    static func feedToken(_ page: TestBrowser.Page) throws -> String {
        let href = try #require(TestBrowser.firstMatch(in: page.body, after: "id=\"feed-link\" class=\"feed-link\" href=\""))
        let url = try #require(URLComponents(string: href.replacingOccurrences(of: "&amp;", with: "&")))
        #expect(url.path == "/calendar.ics")
        return try #require(url.queryItems?.first { $0.name == "token" }?.value)
    }

    static func fetchFeed(_ app: TestApp, _ token: String) async throws -> TestBrowser.Page {
        try await app.runReturning { anonymous in try await anonymous.get("/calendar.ics?token=\(token)") }
    }

    @Test func eachUserHasASecretRevocableFeed() async throws {
        let app = try await WorkflowRouterTests.dki()
        let longTitle = "Penandatanganan nota kesepahaman kerja sama daerah — Provinsi DKI Jakarta dengan Pemerintah Kota Surabaya"
        _ = try await Self.createAgenda(app, Self.agendaFields(title: longTitle))
        _ = try await WorkflowRouterTests.createItem(app, fields: Self.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        let firstToken = try await app.runAs("admin-medsos") { browser in
            let before = try await browser.get("/account")
            #expect(before.status == .ok)
            #expect(!before.contains("id=\"feed-link\""))
            #expect(!before.contains("calendar.ics"))
            #expect(before.contains("id=\"feed-create\""))
            let created = try await browser.post("/account/calendar-feed")
            #expect(created.status == .seeOther)
            #expect(created.location == "/account?ok=feed_renewed#feed")
            return try Self.feedToken(try await browser.get("/account"))
        }
        #expect(firstToken.count >= 32)

        let feed = try await Self.fetchFeed(app, firstToken)
        #expect(feed.status == .ok)
        #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
        #expect(feed.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(feed.body.hasSuffix("END:VCALENDAR\r\n"))
        let lines = feed.body.components(separatedBy: "\r\n").dropLast()
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.contains("\n") && !line.contains("\r"), "every line ends with CRLF")
        }
        let unfolded = feed.body.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:\(longTitle)"), "the long title is folded, not cut")
        #expect(lines.contains { $0.hasPrefix(" ") }, "so at least one line is a continuation")
        #expect(unfolded.contains("Hari Raya Natal"))
        #expect(unfolded.contains("Informasi jadwal layanan"))
        func uids(_ body: String) -> [String] {
            body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        let firstUIDs = uids(feed.body)
        #expect(Set(firstUIDs).count == firstUIDs.count, "no UID twice")
        #expect(firstUIDs.count == feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1)
        app.clock.advance(minutes: 30)
        let second = try await Self.fetchFeed(app, firstToken)
        #expect(uids(second.body) == firstUIDs, "stable UIDs across fetches")

        #expect(try await Self.fetchFeed(app, "wrong-token").status == .notFound)
        #expect(try await Self.fetchFeed(app, String(firstToken.dropLast()) + (firstToken.hasSuffix("a") ? "b" : "a")).status == .notFound)
        #expect(try await app.runReturning { try await $0.get("/calendar.ics") }.status == .notFound, "no token")
        #expect(try await Self.fetchFeed(app, String(repeating: "a", count: 5000)).status == .notFound)

        // Renewing: the old address stops, the new one works.
        let renewed = try await app.runAs("admin-medsos") { browser in
            try await browser.get("/account")
            #expect(try await browser.post("/account/calendar-feed").status == .seeOther)
            return try Self.feedToken(try await browser.get("/account"))
        }
        #expect(renewed != firstToken)
        #expect(try await Self.fetchFeed(app, firstToken).status == .notFound)
        #expect(try await Self.fetchFeed(app, renewed).status == .ok)

        // Revoking: no address at all.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            let revoked = try await browser.post("/account/calendar-feed/revoke")
            #expect(revoked.location == "/account?ok=feed_revoked#feed")
            let page = try await browser.get("/account")
            #expect(!page.contains("id=\"feed-link\""))
            #expect(page.contains("id=\"feed-create\""))
        }
        #expect(try await Self.fetchFeed(app, renewed).status == .notFound)
    }

    @Test func theFeedCarriesImportedEventsFaithfully() async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(try await Self.importCalendar(app, Self.sampleCalendar()).status == .seeOther)
        let token = try await app.runAs("kepala-biro") { browser in
            try await browser.get("/account")
            try await browser.post("/account/calendar-feed")
            return try Self.feedToken(try await browser.get("/account"))
        }
        let feed = try await Self.fetchFeed(app, token)
        #expect(feed.status == .ok)
        let events = feed.body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "BEGIN:VEVENT").dropFirst()
        func event(_ summary: String) -> [String] { events.filter { $0.contains("SUMMARY:\(summary)\r\n") } }
        // 10:00 WITA is 02:00 UTC.
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").count == 1)
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").first?.contains("DTSTART:20261124T020000Z\r\nDTEND:20261124T040000Z") == true)
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").first?.contains("LOCATION:Ruang Rapat Lt. 3") == true)
        // An all-day event keeps its date form and its exclusive end.
        #expect(event("Kunjungan kerja ke Kepulauan Seribu").first?.contains("DTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261127") == true)
        // Each occurrence of the weekly series is its own event with its own UID.
        let apel = event("Apel pagi")
        #expect(apel.count == 3)
        #expect(apel.map { $0.contains("DTSTART:20261102T003000Z") || $0.contains("DTSTART:20261109T003000Z") || $0.contains("DTSTART:20261116T003000Z") } == [true, true, true])
        let apelUIDs = apel.compactMap { $0.components(separatedBy: "\r\n").first { $0.hasPrefix("UID:") } }
        #expect(apelUIDs.count == 3 && Set(apelUIDs).count == 3, "\(apelUIDs)")
        // The national days are all-day events labelled with their kind.
        #expect(event("Hari Raya Natal (Libur nasional)").first?.contains("DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226") == true)
        #expect(event("Cuti Bersama Hari Raya Natal (Cuti bersama)").count == 1)
    }

    @Test func aDisabledUsersFeedIs404AndFeedsArePerUser() async throws {
        let app = try await WorkflowRouterTests.dki()
        let userId = try #require(try app.database.userRecord(username: "kasubbag-tu")?.id)
        func token(_ username: String) async throws -> String {
            try await app.runAs(username) { browser in
                try await browser.get("/account")
                try await browser.post("/account/calendar-feed")
                return try Self.feedToken(try await browser.get("/account"))
            }
        }
        let kasubbag = try await token("kasubbag-tu")
        let drafter = try await token("admin-medsos")
        #expect(kasubbag != drafter)
        #expect(try await Self.fetchFeed(app, kasubbag).status == .ok)
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/\(userId)")
            #expect(try await browser.post("/admin/users/\(userId)/disable").status == .seeOther)
        }
        #expect(try await Self.fetchFeed(app, kasubbag).status == .notFound)
        #expect(try await Self.fetchFeed(app, drafter).status == .ok, "the others keep theirs")
        // Another user's renewal does not touch it; a feed POST needs the CSRF token.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            #expect(try await browser.post("/account/calendar-feed", [("csrf_token", "forged")]).status == .forbidden)
        }
        #expect(try await Self.fetchFeed(app, drafter).status == .ok)
    }

    // MARK: admin holidays

    @Test func correctingAHolidayMovesItOnTheOfficeClock() async throws {
        let app = try await WorkflowRouterTests.dki()
        let christmas = try #require(try app.database.holidays().first { $0.day == "2026-12-25" && $0.kind == .libur })
        let id = try #require(christmas.id)
        #expect(!Self.isWorkingDay(app, "2026-12-25"))
        #expect(Self.isWorkingDay(app, "2026-12-28"))
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let form = try await browser.get("/admin/holidays?year=2026&edit=\(id)")
            #expect(form.contains("action=\"/admin/holidays/\(id)\""))
            #expect(form.contains("value=\"2026-12-25\""))
            let moved = try await browser.post("/admin/holidays/\(id)", [("day", "2026-12-28"), ("name", christmas.name), ("kind", "libur")])
            #expect(moved.status == .seeOther)
            #expect(moved.location == "/admin/holidays?year=2026&ok=holiday_corrected")
            let bad = try await browser.post("/admin/holidays/\(id)", [("day", "2026-12-32"), ("name", christmas.name), ("kind", "libur")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Tanggal tidak sah."))
            #expect(try await browser.post("/admin/holidays/999999", [("day", "2026-12-28"), ("name", "X"), ("kind", "libur")]).status == .notFound)
            let december = try await browser.get("/calendar?month=2026-12")
            #expect(Self.entries(december.body, kind: "libur", titled: "Hari Raya Natal").map(\.date) == ["2026-12-28"])
        }
        #expect(Self.isWorkingDay(app, "2026-12-25"), "the old day is a working day again")
        #expect(!Self.isWorkingDay(app, "2026-12-28"))
        #expect(try app.database.holiday(id: id)?.day == "2026-12-28")
    }

    @Test func aCSVOfDaysIsImportedWholeOrNotAtAll() async throws {
        let app = try await WorkflowRouterTests.dki()
        let before = try app.database.holidays().count
        let good = Self.bytes("date,name_id,kind\r\n2026-11-23,Libur daerah uji,libur\r\n2026-11-24,\"Cuti bersama, uji\",cuti_bersama\r\n")
        let bad = Self.bytes("date,name_id,kind\n2026-11-30,Libur yang baik,libur\n2026-02-30,Tanggal salah,libur\n")
        let commemorations = Self.bytes("month_day,name_id,kind,basis\n06-15,Hari Uji Coba,peringatan,Keppres 1/2026\n")
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/holidays")
            let refused = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "libur.csv", "text/csv", bad)])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("Baris data ke-2: tanggal tidak sah. Tidak ada yang diubah."))
            #expect(try app.database.holidays().count == before)
            #expect(Self.isWorkingDay(app, "2026-11-30"), "not even the good row was stored")

            let header = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "x.csv", "text/csv", Self.bytes("tanggal,nama\n2026-11-30,X\n"))])
            #expect(header.status == .unprocessableContent)
            #expect(try await browser.postMultipart("/admin/holidays/import", [], files: []).status == .unprocessableContent)

            let added = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "libur.csv", "text/csv", good)])
            #expect(added.status == .seeOther)
            #expect(added.location == "/admin/holidays?year=2026&ok=days_imported")
            let shown = try await browser.get("/admin/holidays?year=2026")
            #expect(shown.contains("Libur daerah uji"))
            #expect(shown.contains("Cuti bersama, uji"))

            let days = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "peringatan.csv", "text/csv", commemorations)])
            #expect(days.status == .seeOther)
            let june = try await browser.get("/calendar?month=2026-06")
            #expect(Self.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-15"])

            let forged = try await browser.postMultipart("/admin/holidays/import", [("csrf_token", "forged")],
                                                         files: [("file", "libur.csv", "text/csv", good)], csrf: false)
            #expect(forged.status == .forbidden)
        }
        #expect(try app.database.holidays().count == before + 2)
        #expect(!Self.isWorkingDay(app, "2026-11-23"))
        #expect(!Self.isWorkingDay(app, "2026-11-24"))
        try await app.as("admin-medsos") { browser in
            let november = try await browser.get("/calendar?month=2026-11")
            #expect(Self.entries(november.body, kind: "libur", titled: "Libur daerah uji").map(\.date) == ["2026-11-23"])
            #expect(Self.entries(november.body, kind: "cuti_bersama", titled: "Cuti bersama, uji").map(\.date) == ["2026-11-24"])
        }
    }

    @Test func commemorationsAreAddedEditedAndDeleted() async throws {
        let app = try await WorkflowRouterTests.dki()
        let before = try app.database.commemorations().count
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/holidays")
            let added = try await browser.post("/admin/commemorations", [("month_day", "06-15"), ("name", "Hari Uji Coba"), ("basis", "Keppres 1/2026")])
            #expect(added.status == .seeOther)
            #expect(added.location == "/admin/holidays?ok=commemoration_saved#commemorations")
            let record = try #require(try app.database.commemorations().first { $0.name == "Hari Uji Coba" })
            let id = try #require(record.id)
            #expect(record.monthDay == "06-15")
            #expect(Self.entries(try await browser.get("/calendar?month=2026-06").body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-15"])
            #expect(Self.entries(try await browser.get("/calendar?month=2027-06").body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2027-06-15"],
                    "every year")

            let edit = try await browser.get("/admin/holidays?edit_commemoration=\(id)")
            #expect(edit.contains("action=\"/admin/commemorations/\(id)\""))
            // A date field's YYYY-MM-DD is taken as its month and day.
            let moved = try await browser.post("/admin/commemorations/\(id)", [("month_day", "2026-06-16"), ("name", "Hari Uji Coba Diubah"), ("basis", "")])
            #expect(moved.status == .seeOther)
            let june = try await browser.get("/calendar?month=2026-06")
            #expect(Self.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba Diubah").map(\.date) == ["2026-06-16"])
            #expect(Self.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-16"], "no copy left on the old day")
            #expect(try app.database.commemorations().count == before + 1, "edited in place")

            for monthDay in ["13-01", "02-30", "6-15", "xx-yy", ""] {
                let bad = try await browser.post("/admin/commemorations", [("month_day", monthDay), ("name", "Hari Salah"), ("basis", "")])
                #expect(bad.status == .unprocessableContent, "\(monthDay)")
                #expect(bad.contains("Bulan-tanggal harus berbentuk BB-HH"), "\(monthDay)")
                #expect(bad.contains("value=\"Hari Salah\""), "the form is kept")
            }
            let noName = try await browser.post("/admin/commemorations/\(id)", [("month_day", "06-16"), ("name", " "), ("basis", "")])
            #expect(noName.status == .unprocessableContent)
            #expect(try await browser.post("/admin/commemorations/999999", [("month_day", "06-16"), ("name", "X")]).status == .notFound)

            let deleted = try await browser.post("/admin/commemorations/\(id)/delete")
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/admin/holidays?ok=commemoration_deleted#commemorations")
            #expect(Self.entries(try await browser.get("/calendar?month=2026-06").body).filter { $0.has("Hari Uji Coba") }.isEmpty)
            #expect(try await browser.post("/admin/commemorations/\(id)/delete").status == .notFound)
        }
        #expect(try app.database.commemorations().count == before)
        #expect(!(try app.database.commemorations().contains { $0.name == "Hari Salah" }))
    }

    @Test func onlyAdministratorsChangeTheDaysOff() async throws {
        let app = try await WorkflowRouterTests.dki()
        let christmas = try #require(try app.database.holidays().first { $0.day == "2026-12-25" }?.id)
        let pahlawan = try #require(try app.database.commemorations().first { $0.name == "Hari Pahlawan" }?.id)
        let holidaysBefore = try app.database.holidays()
        let commemorationsBefore = try app.database.commemorations()
        try await app.as("kepala-biro") { browser in
            #expect(try await browser.get("/admin/holidays").status == .forbidden)
            try await browser.get("/agenda")
            #expect(try await browser.post("/admin/holidays", [("day", "2026-11-23"), ("name", "X"), ("kind", "libur")]).status == .forbidden)
            #expect(try await browser.post("/admin/holidays/\(christmas)", [("day", "2026-12-28"), ("name", "X"), ("kind", "libur")]).status == .forbidden)
            #expect(try await browser.post("/admin/holidays/\(christmas)/delete").status == .forbidden)
            #expect(try await browser.post("/admin/commemorations", [("month_day", "06-15"), ("name", "X")]).status == .forbidden)
            #expect(try await browser.post("/admin/commemorations/\(pahlawan)", [("month_day", "06-15"), ("name", "X")]).status == .forbidden)
            #expect(try await browser.post("/admin/commemorations/\(pahlawan)/delete").status == .forbidden)
            let upload = try await browser.postMultipart("/admin/holidays/import", [],
                                                         files: [("file", "x.csv", "text/csv", Self.bytes("date,name_id,kind\n2026-11-23,X,libur\n"))])
            #expect(upload.status == .forbidden)
        }
        #expect(try app.database.holidays() == holidaysBefore)
        #expect(try app.database.commemorations() == commemorationsBefore)
    }
}

extension TestApp {
    /// Like `as(_:_:)`, handing back what the test returns.
    fileprivate func runAs<Value: Sendable>(_ username: String, _ test: @Sendable (TestBrowser) async throws -> Value) async throws -> Value {
        try await runReturning { browser in
            let answer = try await browser.login(username, "password-" + username)
            guard answer.status == .seeOther else { throw TestFailure("login as \(username) answered \(answer.status)") }
            return try await test(browser)
        }
    }
}
