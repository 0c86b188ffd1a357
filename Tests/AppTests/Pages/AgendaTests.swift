import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The leadership agenda (`/agenda`, `/agenda/new`, `/agenda/{id}`): the form, the month list, and
/// both sent nonsense. The import has its own file, `AgendaImportTests.swift`.
@Suite struct AgendaTests {
    @Test func anAgendaItemIsStoredAndShownOnTheAgendaAndTheCalendar() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("kepala-biro") { browser in
            let form = try await browser.get("/agenda/new")
            // check
            #expect(form.status == .ok)
            // action
            let created = try await browser.post("/agenda", Fixtures.agendaFields())
            // check
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasPrefix("/agenda/") && location.hasSuffix("?ok=agenda_saved"), "\(location)")

            // action
            let agenda = try await browser.get("/agenda?month=2026-11")
            // check
            #expect(agenda.status == .ok)
            #expect(agenda.contains(">Rapat koordinasi kerja sama daerah</a>"))
            #expect(agenda.contains("Rabu, 25 November 2026"))
            #expect(agenda.contains("09.00–11.00"))
            #expect(agenda.contains("Balai Kota"))
            #expect(agenda.contains("perlu liputan"), "the coverage flag is shown")
            #expect(!(try await browser.get("/agenda?month=2026-12")).contains("Rapat koordinasi kerja sama daerah"), "not in another month")

            // action
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(calendar.status == .ok)
            let found = CalendarReader.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi kerja sama daerah")
            #expect(found.map(\.date) == ["2026-11-25"])
            #expect(calendar.contains("data-kind=\"agenda\" data-date=\"2026-11-25\""))
            #expect(found.first?.has("09.00–11.00") == true)
        }
        let stored = try app.allAgenda()
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
        BadAgenda(name: "missing title", fields: Fixtures.agendaFields(title: "   "), message: "Nama kegiatan wajib diisi.",
                  kept: ["value=\"2026-11-25T09:00\"", "value=\"2026-11-25T11:00\"", "value=\"Balai Kota\"", "value=\"Kepala Biro\"", ">Bawa bahan paparan</textarea>",
                         "name=\"needs_coverage\" value=\"1\" checked"]),
        BadAgenda(name: "end before start", fields: Fixtures.agendaFields(title: "Rapat <terbalik>", start: "2026-11-25T11:00", end: "2026-11-25T09:00"),
                  message: "Waktu selesai tidak boleh sebelum waktu mulai.",
                  kept: ["value=\"Rapat &lt;terbalik&gt;\"", "value=\"2026-11-25T11:00\"", "value=\"2026-11-25T09:00\"", "value=\"Balai Kota\""]),
        BadAgenda(name: "bad date", fields: Fixtures.agendaFields(title: "Rapat tanggal salah", start: "2026-02-30T09:00", needsCoverage: false),
                  message: "Waktu mulai harus berupa tanggal dan jam",
                  kept: ["value=\"Rapat tanggal salah\"", "value=\"2026-02-30T09:00\"", "value=\"2026-11-25T11:00\""]),
        BadAgenda(name: "bad end text", fields: Fixtures.agendaFields(title: "Rapat akhir salah", end: "besok pagi"),
                  message: "Waktu selesai harus berupa tanggal dan jam", kept: ["value=\"Rapat akhir salah\"", "value=\"besok pagi\""]),
    ]

    @Test(arguments: badAgendas)
    func aRefusedAgendaFormComesBackFilledAndStoresNothing(bad: BadAgenda) async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda/new")
            let page = try await browser.post("/agenda", bad.fields)
            // check
            #expect(page.status == .unprocessableContent, "\(bad.name)")
            #expect(page.contains("id=\"agenda-errors\""), "\(bad.name)")
            #expect(page.contains(bad.message), "\(bad.name)")
            for text in bad.kept { #expect(page.contains(text), "\(bad.name): \(text)") }
            #expect(page.contains("action=\"/agenda\""), "still the new-item form")
        }
        #expect(try app.allAgenda().isEmpty)
    }

    @Test func anAgendaItemIsEditedAndDeleted() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda()
        // action
        try await app.as("kasubbag-tu") { browser in
            let form = try await browser.get("/agenda/\(id)")
            // check
            #expect(form.status == .ok)
            #expect(form.contains("value=\"Rapat koordinasi kerja sama daerah\""))
            #expect(form.contains("value=\"2026-11-25T09:00\""))
            #expect(form.contains("action=\"/agenda/\(id)/delete\""))
            // action
            let saved = try await browser.post("/agenda/\(id)", Fixtures.agendaFields(title: "Rapat dipindah", start: "2026-11-27T13:00", end: "2026-11-27T15:00",
                                                                               needsCoverage: false))
            // check
            #expect(saved.status == .seeOther)
            #expect(saved.location == "/agenda/\(id)?ok=agenda_saved")
            // action
            // A refused edit changes nothing.
            let refused = try await browser.post("/agenda/\(id)", Fixtures.agendaFields(title: ""))
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("action=\"/agenda/\(id)\""), "the edit form comes back")

            // action
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(CalendarReader.entries(calendar.body, kind: "agenda", titled: "Rapat dipindah").map(\.date) == ["2026-11-27"])
            #expect(CalendarReader.entries(calendar.body, kind: "agenda", titled: "Rapat koordinasi kerja sama daerah").isEmpty)
        }
        let record = try #require(try app.database.agendaItem(id: id))
        #expect(record.title == "Rapat dipindah")
        #expect(record.needsCoverage == false)
        // action
        try await app.as("kasubbag-tu") { browser in
            try await browser.get("/agenda/\(id)")
            let deleted = try await browser.post("/agenda/\(id)/delete")
            // check
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/agenda?month=2026-11&ok=agenda_deleted")
            #expect(try await browser.get("/agenda/\(id)").status == .notFound)
            #expect(!(try await browser.get("/agenda?month=2026-11")).contains("Rapat dipindah"))
            #expect(CalendarReader.entries(try await browser.get("/calendar?month=2026-11").body).filter { $0.kind == "agenda" }.isEmpty)
        }
        #expect(try app.allAgenda().isEmpty)
    }

    @Test func unknownAgendaIdsAre404() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda()
        // action
        try await app.as("admin-medsos") { browser in
            // check
            #expect(try await browser.get("/agenda/999999").status == .notFound)
            #expect(try await browser.get("/agenda/abc").status == .notFound)
            #expect(try await browser.get("/agenda/9223372036854775807").status == .notFound)
            // action
            try await browser.get("/agenda")
            let update = try await browser.post("/agenda/999999", Fixtures.agendaFields())
            // check
            #expect(update.status == .notFound)
            #expect(update.contains("Agenda ini tidak ada"))
            // action
            try await browser.get("/agenda")
            // check
            #expect(try await browser.post("/agenda/999999/delete").status == .notFound)
            #expect(try await browser.get("/content/new?agenda=999999&plan=liputan").status == .notFound)
        }
        #expect(try app.allAgenda().map(\.id) == [id], "nothing else was touched")
    }

    @Test func agendaNeedsASessionAndACSRFToken() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.run { anonymous in
            let page = try await anonymous.get("/agenda")
            // check
            #expect(page.status == .seeOther)
            #expect(page.location?.hasPrefix("/login") == true)
            #expect(try await anonymous.get("/calendar").location?.hasPrefix("/login") == true)
        }
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda/new")
            // check
            #expect(try await browser.post("/agenda", Fixtures.agendaFields() + [("csrf_token", "wrong")]).status == .forbidden)
        }
        #expect(try app.allAgenda().isEmpty)
    }

    @Test func badAgendaMonthIs400() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get("/agenda?month=2026-13")
            // check
            #expect(page.status == .badRequest)
            #expect(page.contains("tidak dikenal. Tulis seperti 2026-11."))
        }
    }

    // MARK: - Sent nonsense

    @Test func agendaFormsRefuseGarbageKeepWhatWasTypedAndStoreNothing() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("agenda forms")
        let existing = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "garbage-agenda@test", title: "Rapat pimpinan asli", startsAt: Fixtures.local("2026-11-24T09:00"),
            endsAt: Fixtures.local("2026-11-24T11:00"), isAllDay: false, location: "Balai Kota", owner: "Kepala Biro", notes: "",
            needsCoverage: false, rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let id = try #require(existing.id)
        let before = try app.count("agendaItem")

        // action
        // Any signed-in role may keep the agenda: kepala-biro here, who cannot create content.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda/new")
            let typed = "Rapat <b>koordinasi</b> & \"uji\" 'kutip' 👨‍👩‍👧"
            let cases: [(String, [(String, String)], [String])] = [
                ("empty", [], ["Nama kegiatan wajib diisi.", "Waktu mulai harus berupa tanggal dan jam"]),
                ("bad start", [("title", typed), ("starts_at", "2026-13-01T25:61"), ("ends_at", "")], ["Waktu mulai harus berupa", "Waktu selesai harus berupa"]),
                ("seconds", [("title", typed), ("starts_at", "2026-11-24T09:00:00"), ("ends_at", "2026-11-24T10:00")], ["Waktu mulai harus berupa"]),
                ("absurd time", [("title", typed), ("starts_at", "99991231T999999"), ("ends_at", "00000101")], ["Waktu mulai harus berupa"]),
                ("Feb 30", [("title", typed), ("starts_at", "2026-02-30T09:00"), ("ends_at", "2026-02-30T10:00")], ["Waktu mulai harus berupa"]),
                ("end first", [("title", typed), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T09:00")], ["Waktu selesai tidak boleh sebelum waktu mulai."]),
                ("long title", [("title", String(repeating: "é", count: 10_000)), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")],
                 ["Nama kegiatan paling banyak 200 karakter."]),
                ("long place", [("title", typed), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00"), ("location", String(repeating: "x", count: 201))],
                 ["Tempat dan pemilik agenda paling banyak 200 karakter."]),
                ("long owner", [("title", typed), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00"), ("owner", String(repeating: "👨‍👩‍👧", count: 300))],
                 ["Tempat dan pemilik agenda paling banyak 200 karakter."]),
                ("long notes", [("title", typed), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00"), ("notes", String(repeating: "n", count: 4001))],
                 ["Catatan paling banyak 4000 karakter."]),
                ("nul", [("title", "\u{0}"), ("starts_at", "\u{0}"), ("ends_at", "\u{0}"), ("needs_coverage", "\u{0}")], ["Waktu mulai harus berupa"]),
                ("repeated", [("title", ""), ("title", typed), ("starts_at", "x"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "y")], ["Nama kegiatan wajib diisi."]),
            ]
            for (label, fields, texts) in cases {
                for path in ["/agenda", "/agenda/\(id)"] {
                    let page = try await probe.post(path, fields)
                    // check
                    Garbage.refused(page, "\(label) → \(path)", status: 422, says: [Garbage.words.formErrors] + texts)
                    if let title = fields.first(where: { $0.0 == "title" })?.1, label != "long title", label != "repeated", label != "nul" {
                        Garbage.kept(page, title, "\(label) → \(path)")
                    }
                    if let notes = fields.first(where: { $0.0 == "notes" })?.1 { Garbage.kept(page, notes, "\(label) notes → \(path)") }
                    if let start = fields.first(where: { $0.0 == "starts_at" })?.1, !start.isEmpty, start != "\u{0}" { Garbage.kept(page, start, "\(label) start → \(path)") }
                }
            }
            // action
            // Bodies that are not forms at all.
            for body in ["title=%ZZ&starts_at=1", "title=%FF%FE", "%", "=&=&&", "title=" + String(repeating: "a", count: 2 * 1024 * 1024)] {
                // "=&=&&" parses (to nameless fields): sent to the delete it would be a real delete.
                for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] where !(body == "=&=&&" && path.hasSuffix("/delete")) {
                    let page = try await probe.raw(path, body: body + "&csrf_token=" + browser.csrfToken)
                    // check
                    if body.count > 1024 * 1024 {
                        Garbage.refused(page, "2 MB body → \(path)", status: 413, says: [Garbage.words.tooLarge])
                    } else if body == "=&=&&" {
                        // Parsed as empty fields: the form's own messages (or a refused token).
                        #expect((400..<500).contains(page.status.code), "\(body) → \(path)")
                    } else {
                        Garbage.refused(page, "\(body) → \(path)", status: 400, says: [Garbage.words.malformed])
                    }
                }
            }
            // action
            // A multipart body where no file is expected.
            for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] {
                let page = try await probe.upload(path, [("title", "x")], file: "a.txt", type: "text/plain", bytes: Array("x".utf8))
                // check
                Garbage.refused(page, "multipart → \(path)", says: [Garbage.words.malformed])
            }
            // No or a wrong token.
            for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] {
                let fields = [("title", "Tanpa token"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]
                Garbage.refused(try await probe.post(path, fields, csrf: false), "no token → \(path)", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.post(path, fields + [("csrf_token", "x")]), "bad token → \(path)", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.post(path, fields + [("csrf_token", String(repeating: "ä", count: 5000))]), "huge token → \(path)", status: 403,
                                says: [Garbage.words.csrf])
                // action
                try await probe.get("/agenda")
            }
            // check
            // Unknown items.
            for junk in Garbage.junkIds {
                Garbage.refused(try await probe.get("/agenda/\(junk)"), "GET /agenda/\(junk)", status: 404, says: [Garbage.words.agendaNotFound])
                Garbage.refused(try await probe.post("/agenda/\(junk)", [("title", "x"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]),
                                "POST /agenda/\(junk)", status: 404, says: [Garbage.words.agendaNotFound])
                Garbage.refused(try await probe.post("/agenda/\(junk)/delete"), "POST /agenda/\(junk)/delete", status: 404, says: [Garbage.words.agendaNotFound])
            }
        }
        #expect(try app.count("agendaItem") == before, "no refused request stored an agenda item")
        #expect(try app.database.agendaItem(id: id) == existing, "no refused request changed the item")

        // action
        // Double submits: a delete twice says the item is gone; a stale edit of a deleted item too.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda/\(id)")
            let first = try await probe.post("/agenda/\(id)/delete")
            // check
            #expect(first.status == .seeOther)
            // action
            let second = try await probe.post("/agenda/\(id)/delete")
            // check
            Garbage.refused(second, "second delete", status: 404, says: [Garbage.words.agendaNotFound])
            // action
            let stale = try await probe.post("/agenda/\(id)", [("title", "Ubah yang sudah dihapus"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")])
            // check
            Garbage.refused(stale, "edit after delete", status: 404, says: [Garbage.words.agendaNotFound])
        }
        #expect(try app.count("agendaItem") == before - 1)
        tally.report()
    }

    @Test func agendaCreateTwiceStoresOneItem() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("agenda double submit")
        let before = try app.count("agendaItem")
        // action
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda/new")
            let fields = [("title", "Rapat dobel"), ("starts_at", "2026-11-25T09:00"), ("ends_at", "2026-11-25T10:00")]
            let first = try await probe.post("/agenda", fields)
            let second = try await probe.post("/agenda", fields)
            // check
            #expect(first.status == .seeOther)
            #expect(second.status.code < 500)
        }
        let after = try app.count("agendaItem")
        do {
            #expect(after == before + 1, "a double submit adds one item")
        }
        tally.report()
    }

    @Test func agendaPagesWithJunkQueries() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("agenda pages")
        // action
        try await app.as("tim-pengelola") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for value in Garbage.junkValues {
                let page = try await probe.get("/agenda" + Garbage.query([("month", value)]))
                // check
                if YearMonth(value) != nil {
                    #expect(page.status == .ok, "month=\(value.prefix(20))")
                } else if value.isEmpty {
                    // An empty month is not today's month: it is refused as any unknown one.
                    #expect(page.status.code < 500)
                } else {
                    Garbage.refused(page, "agenda month=\(value.prefix(20))", status: 400, says: [Garbage.words.month])
                }
                // action
                let new = try await probe.get("/agenda/new" + Garbage.query([("date", value)]))
                // check
                #expect(new.status == .ok, "/agenda/new?date=\(value.prefix(20)) ignores a junk date")
                #expect(!new.body.contains("<script>alert(1)"))
            }
            // action
            for raw in ["?month=%00", "?month=2026-11&month=2027-01", "?month=%ZZ", "?month", "?=&&=", "?month[]=2026-11", "?ok=agenda_imported&added=-1&updated=abc&unchanged=99999999999999999999",
                        "?ok=agenda_imported&added=%3Cscript%3E", "?date=2026-11-31", "?date=0000-00-00"] {
                try await probe.get("/agenda" + raw)
                try await probe.get("/agenda/new" + raw)
            }
            for month in ["9999-12", "1900-01"] {
                let page = try await probe.get("/agenda?month=\(month)")
                // check
                #expect(page.status == .ok)
                // action
                // The previous/next links lead out of the range the page accepts.
                for href in [TestBrowser.firstMatch(in: page.body, after: "rel=\"prev\" href=\""), TestBrowser.firstMatch(in: page.body, after: "rel=\"next\" href=\"")]
                    .compactMap({ $0 }) {
                    try await probe.get(HTMLText.unescape(href))
                }
            }
        }
        // check
        tally.report()
    }
}
