import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The content form (`/content/new`, `POST /content`, `/content/{id}/edit`): what is refused and kept,
/// planning from the agenda and the calendar, and the fields sent nonsense.
@Suite struct ContentFormTests {
    /// Saving a draft over the caption limit is allowed (it is refused at submission and approval,
    /// `ContentCaptionLimitTests`); only a caption too big to store is refused, and kept as typed.
    @Test func captionOverTheLimitIsSavedAndAHugeOneRefusedWith422AndKept() async throws {
        // setup
        let app = try await TestApp.dki()
        let long = String(repeating: "Jakarta ", count: 26) + "**akhir**"  // 26 × 8 + 5 = 213 plain characters
        let huge = String(repeating: "a", count: ContentFormInput.maximumCaption) + "**akhir**"
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let saved = try await browser.post("/content", Fixtures.itemFields(title: "Judul panjang", caption: long))
            // check
            #expect(saved.status == .seeOther)
            // action
            let page = try await browser.post("/content", Fixtures.itemFields(title: "Judul <tetap>", caption: huge))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Keterangan terlalu panjang untuk disimpan."))
            #expect(page.contains("Judul &lt;tetap&gt;"), "the title is kept")
            #expect(page.contains("**akhir**</textarea>"), "the caption is kept as typed")
            #expect(page.contains("value=\"2026-11-21T13:00\""))
            #expect(page.contains("value=\"facebook\" checked"))
        }
        let items = try app.database.items(status: nil, limit: 10, offset: 0)
        #expect(items.count == 1)
        #expect(items.first?.item.title == "Judul panjang")
    }

    @Test func aJunkDateFromSomeoneWhoCannotCreateIs403() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/content/new?date=2026-13-45").status == .forbidden, "not the first step's role")
        }
    }

    // MARK: - Planning from the agenda and the calendar

    @Test func planningFromTheAgendaPrefillsTheContentForm() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda(as: "kepala-biro")
        // action
        try await app.as("admin-medsos") { browser in
            let agendaPage = try await browser.get("/agenda/\(id)")
            // check
            #expect(agendaPage.contains("href=\"/content/new?agenda=\(id)&amp;plan=liputan\"") || agendaPage.contains("href=\"/content/new?agenda=\(id)&plan=liputan\""))

            // action
            let coverage = try await browser.get("/content/new?agenda=\(id)&plan=liputan")
            // check
            #expect(coverage.status == .ok)
            #expect(coverage.contains("<option value=\"kegiatan\" selected>"))
            #expect(coverage.contains("name=\"agenda_id\" value=\"\(id)\""))
            #expect(coverage.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-25T12:00\""), "one hour after the end")
            #expect(coverage.contains("name=\"event_end_at\" type=\"datetime-local\" value=\"2026-11-25T11:00\""))
            #expect(coverage.contains("value=\"Liputan: Rapat koordinasi kerja sama daerah\""))
            #expect(coverage.contains("<option value=\"agenda-harian\" selected>"))
            #expect(coverage.contains("Terkait agenda: Rapat koordinasi kerja sama daerah (Rabu, 25 November 2026, 09.00 WIB)."))

            // action
            let infographic = try await browser.get("/content/new?agenda=\(id)&plan=infografis")
            // check
            #expect(infographic.status == .ok)
            #expect(infographic.contains("<option value=\"infografis-rencana\" selected>"))
            #expect(infographic.contains("name=\"agenda_id\" value=\"\(id)\""))
            #expect(infographic.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-22T09:00\""), "09:00 on H-3")
            #expect(infographic.contains("value=\"Infografis rencana: Rapat koordinasi kerja sama daerah\""))

            // action
            let greeting = try await browser.get("/content/new?plan=ucapan&date=2026-11-25&name=Hari%20Guru%20Nasional")
            // check
            #expect(greeting.status == .ok)
            #expect(greeting.contains("<option value=\"ucapan\" selected>"))
            #expect(greeting.contains("name=\"due_on\" type=\"date\" value=\"2026-11-25\""))
            #expect(greeting.contains("value=\"Ucapan Hari Guru Nasional\""))
            #expect(greeting.contains("name=\"publish_at\" type=\"datetime-local\" value=\"2026-11-25T06:00\""))
            #expect(!greeting.contains("Terkait agenda"), "a greeting is not tied to an agenda item")
            #expect(!greeting.contains("name=\"agenda_id\" value=\"\(id)\""))
        }
        // The planned coverage, saved as proposed, is linked from the agenda item and passes the rule.
        let fields = Fixtures.contentFields(title: "Liputan: Rapat koordinasi kerja sama daerah", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                            eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00", agendaId: "\(id)", source: "agenda-harian")
        // action
        let item = try await app.createItem(fields: fields)
        // check
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        // action
        try await app.as("admin-medsos") { browser in
            let agendaPage = try await browser.get("/agenda/\(id)")
            // check
            #expect(agendaPage.contains("href=\"\(item)\">Liputan: Rapat koordinasi kerja sama daerah</a>"))
        }
    }

    @Test func aContentItemNamingAMissingAgendaIs422() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let missing = try await browser.post("/content", Fixtures.contentFields(
                title: "Liputan hilang", kind: "kegiatan", publishAt: "2026-11-25T12:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00",
                agendaId: "\(id + 1000)"))
            // check
            #expect(missing.status == .unprocessableContent)
            #expect(missing.contains("Agenda yang terkait tidak ada lagi."))
            #expect(missing.contains("value=\"Liputan hilang\""), "the form is kept")
            // action
            let garbage = try await browser.post("/content", Fixtures.contentFields(title: "Liputan aneh", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                                                               agendaId: "satu"))
            // check
            #expect(garbage.status == .unprocessableContent)
            // action
            let huge = try await browser.post("/content", Fixtures.contentFields(title: "Liputan besar", kind: "kegiatan", publishAt: "2026-11-25T12:00",
                                                                            agendaId: "99999999999999999999999"))
            // check
            #expect(huge.status == .unprocessableContent)
        }
        #expect(try app.database.items(status: nil, limit: 10, offset: 0).isEmpty)
    }

    @Test func planningLinksWithJunkAgendaIdsPlansAndNames() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("planning links")
        let agenda = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "plan@test", title: "Kunjungan <b>mitra</b>", startsAt: Fixtures.local("2026-11-26T09:00"),
            endsAt: Fixtures.local("2026-11-26T11:00"), isAllDay: false, location: "", owner: "", notes: "", needsCoverage: true,
            rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let agendaId = try #require(agenda.id)
        let before = try app.count("contentItem")
        // action
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            // check
            for junk in ["-1", "0", "999999", "9223372036854775807"] {
                for plan in ["liputan", "infografis", "ucapan", "", "x", "<script>"] {
                    Garbage.refused(try await probe.get("/content/new" + Garbage.query([("agenda", junk), ("plan", plan)])), "agenda=\(junk)&plan=\(plan)", status: 404,
                                    says: [Garbage.words.agendaNotFound])
                }
            }
            // action
            for junk in ["abc", "99999999999999999999", "-9223372036854775809", "1.5", "", "%00", String(repeating: "9", count: 10_000), "١"] {
                let page = try await probe.get("/content/new" + Garbage.query([("agenda", junk), ("plan", "liputan")]))
                // check
                #expect(page.status == .ok, "agenda=\(junk.prefix(20)) is ignored")
            }
            // action
            for plan in ["liputan", "infografis", "ucapan", "", "x", String(repeating: "p", count: 10_000), "%00"] {
                let page = try await probe.get("/content/new" + Garbage.query([("agenda", "\(agendaId)"), ("plan", plan)]))
                // check
                #expect(page.status == .ok, "plan=\(plan.prefix(20))")
                #expect(!page.body.contains("<b>mitra</b>"), "the agenda title is escaped")
                #expect(page.contains("name=\"agenda_id\" value=\"\(agendaId)\""))
            }
            let names = ["<script>alert(1)</script>", String(repeating: "<script>alert(1)</script>", count: 400), "\"><img src=x onerror=alert(1)>",
                         String(repeating: "é", count: 10_000), "\u{202E}evil", "{{t.app_name}}", "%00"]
            // action
            for name in names {
                for date in ["2026-11-10", "2026-02-30", "0000-01-01", "9999-12-31", "", "x", "-999-01-01"] {
                    let page = try await probe.get("/content/new" + Garbage.query([("plan", "ucapan"), ("date", date), ("name", name)]))
                    // check
                    #expect(page.status == .ok, "plan=ucapan&date=\(date)&name=\(name.prefix(20)): \(page.status)")
                    #expect(!page.body.contains("<script>alert(1)"), "name=\(name.prefix(20)) is escaped")
                    #expect(!page.body.contains("<img src=x"), "name=\(name.prefix(20)) is escaped")
                    if name == "<script>alert(1)</script>", Day(date) != nil {
                        #expect(page.body.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                                "the greeting's name is shown, escaped")
                    }
                }
            }
            // action
            for raw in ["?plan=ucapan&plan=liputan&agenda=\(agendaId)&agenda=abc", "?agenda=\(agendaId)&agenda=-1", "?date=9999-12-31", "?date=0000-01-01",
                        "?plan=ucapan&date=2026-11-10&date=x&name=a&name=b", "?agenda=%ZZ", "?name=%FF"] {
                try await probe.get("/content/new" + raw)
            }
        }
        // A role that may not create content is told so, whatever the query.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            // check
            for query in ["?agenda=\(agendaId)&plan=liputan", "?agenda=-1", "?plan=ucapan&date=2026-11-10&name=%3Cscript%3E", "?agenda=abc"] {
                Garbage.refused(try await probe.get("/content/new" + query), "kepala-biro /content/new\(query)", status: 403, says: [Garbage.words.cannotCreate])
            }
        }
        #expect(try app.count("contentItem") == before, "opening a planning form stores nothing")
        tally.report()
    }

    // MARK: - Event end, due day and agenda link sent nonsense

    @Test func contentFormNewFieldsWithJunk() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("content form new fields")
        let item = try await app.createItem()
        let agenda = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "form@test", title: "Rapat", startsAt: Fixtures.local("2026-11-26T09:00"),
            endsAt: Fixtures.local("2026-11-26T11:00"), isAllDay: false, location: "", owner: "", notes: "", needsCoverage: false,
            rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let before = try app.count("contentItem")
        let revisionsBefore = try app.count("contentRevision")
        let title = "Judul <i>diketik</i> & \"dijaga\""
        let cases: [(String, [(String, String)], [String])] = [
            ("event_end_at month 13", [("event_end_at", "2026-13-01T10:00")], ["Tanggal dan jam harus berbentuk"]),
            ("event_end_at words", [("event_end_at", "besok pagi")], ["Tanggal dan jam harus berbentuk"]),
            ("event_end_at huge", [("event_end_at", String(repeating: "9", count: 10_000))], ["Tanggal dan jam harus berbentuk"]),
            ("event_end_at 99991231T999999", [("event_end_at", "99991231T999999")], ["Tanggal dan jam harus berbentuk"]),
            ("event_end_at before event_at", [("event_end_at", "2026-11-21T08:00")], ["Waktu kegiatan selesai tidak boleh sebelum waktu kegiatan."]),
            ("event_end_at nul", [("event_end_at", "\u{0}")], ["Tanggal dan jam harus berbentuk"]),
            ("due_on Feb 30", [("due_on", "2026-02-30")], ["Hari ucapan harus berupa tanggal"]),
            ("due_on month-day", [("due_on", "11-10")], ["Hari ucapan harus berupa tanggal"]),
            ("due_on datetime", [("due_on", "2026-11-10T09:00")], ["Hari ucapan harus berupa tanggal"]),
            ("due_on unicode", [("due_on", "２０２６-１１-１０")], ["Hari ucapan harus berupa tanggal"]),
            ("due_on huge", [("due_on", String(repeating: "1", count: 10_000))], ["Hari ucapan harus berupa tanggal"]),
            ("agenda_id word", [("agenda_id", "abc")], ["Agenda yang terkait tidak ada lagi."]),
            ("agenda_id huge", [("agenda_id", "99999999999999999999")], ["Agenda yang terkait tidak ada lagi."]),
            ("agenda_id decimal", [("agenda_id", "1.5")], ["Agenda yang terkait tidak ada lagi."]),
            ("agenda_id SQL", [("agenda_id", "1 OR 1=1")], ["Agenda yang terkait tidak ada lagi."]),
            ("all at once", [("event_end_at", "x"), ("due_on", "y"), ("agenda_id", "z")],
             ["Tanggal dan jam harus berbentuk", "Hari ucapan harus berupa tanggal", "Agenda yang terkait tidak ada lagi."]),
        ]
        let item2 = item
        // action
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            let state = try await browser.get(item2, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            // check
            let version = try #require(json?["version"] as? Int)
            // action
            try await probe.get("/content/new")
            for (label, extra, texts) in cases {
                let fields = Fixtures.itemFields(title: title).filter { pair in !extra.contains { $0.0 == pair.0 } } + extra
                let created = try await probe.post("/content", fields)
                // check
                Garbage.refused(created, "POST /content \(label)", status: 422, says: [Garbage.words.formErrors] + texts)
                Garbage.kept(created, title, "POST /content \(label)")
                for (name, value) in extra where value.count < 1000 && value != "\u{0}" { Garbage.kept(created, value, "POST /content \(label) \(name)") }
                // action
                try await probe.get("\(item2)/edit")
                let edited = try await probe.post("\(item2)/edit", fields + [("version", "\(version)")])
                // check
                Garbage.refused(edited, "POST edit \(label)", status: 422, says: [Garbage.words.formErrors] + texts)
                Garbage.kept(edited, title, "POST edit \(label)")
            }
            // A well-formed agenda id that names nothing: refused on create, dropped on edit (the item may have been deleted since).
            for missing in ["-5", "0", "999999"] {
                let fields = Fixtures.itemFields(title: title) + [("agenda_id", missing)]
                // action
                let created = try await probe.post("/content", fields)
                // check
                Garbage.refused(created, "create with agenda_id=\(missing)", status: 422, says: ["Agenda yang terkait tidak ada lagi."])
                Garbage.kept(created, title, "create with agenda_id=\(missing)")
            }
            // action
            // Version junk on edit.
            for version in ["", "abc", "99999999999999999999", "1.0", "-1", "\u{0}"] {
                let page = try await probe.post("\(item2)/edit", Fixtures.itemFields(title: title) + [("version", version)])
                // check
                #expect((400..<500).contains(page.status.code), "edit version=\(version): \(page.status)")
            }
            // action
            let noVersion = try await probe.post("\(item2)/edit", Fixtures.itemFields(title: title))
            // check
            // Treated as a stale form: 409, re-shown with what was typed.
            #expect(noVersion.status == .conflict, "edit without version: \(noVersion.status)")
            do {
                Garbage.kept(noVersion, title, "edit without version")
            }
            // action
            // Valid junk-free fields but an agenda that exists: accepted, then the edit with the item's agenda deleted keeps the rest.
            let linked = try await probe.post("/content", Fixtures.itemFields(title: "Berkait agenda") + [("agenda_id", "\(agenda.id!)"), ("due_on", "2026-11-28"),
                                                                                                         ("event_end_at", "2026-11-21T11:00")])
            // check
            #expect(linked.status == .seeOther)
        }
        #expect(try app.count("contentItem") == before + 1, "only the one valid form stored an item")
        #expect(try app.count("contentRevision") == revisionsBefore + 1, "no refused edit stored a revision")

        // action
        // Well-formed but absurd dates: whatever is stored must open everywhere it shows, and submit without a 500.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/content/new")
            let absurd: [[(String, String)]] = [
                [("due_on", "0000-01-01"), ("event_end_at", "9999-12-31T23:59")],
                [("due_on", "9999-12-31"), ("event_at", "0001-01-01T00:00"), ("publish_at", "9999-12-31T23:59")],
                [("kind", "ucapan"), ("due_on", "1899-12-31"), ("publish_at", "0000-01-01T00:00")],
                [("kind", "infografis-rencana"), ("event_at", "9999-12-31T23:59"), ("event_end_at", "9999-12-31T23:59"), ("publish_at", "0000-01-01T00:00")],
            ]
            for extra in absurd {
                let fields = Fixtures.itemFields(title: "Tanggal ganjil").filter { pair in !extra.contains { $0.0 == pair.0 } } + extra
                let page = try await probe.post("/content", fields)
                // check
                #expect(page.status == .seeOther || page.status == .unprocessableContent, "\(extra): \(page.status)")
                guard let location = page.location, let path = location.components(separatedBy: "?").first else { continue }
                #expect(try await probe.get(path).status == .ok, "\(path) with \(extra)")
                #expect(try await probe.get("\(path)/sheet").status == .ok, "\(path)/sheet with \(extra)")
                #expect(try await probe.get("\(path)/edit").status == .ok, "\(path)/edit with \(extra)")
                #expect(try await probe.get("/calendar?month=9999-12").status == .ok)
                #expect(try await probe.get("/calendar?view=list&from=2026-11-01&to=2027-10-31").status == .ok)
                // action
                let state = try await browser.get(path, headers: [.accept: "application/json"])
                let version = (try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any])?["version"] as? Int ?? 0
                try await probe.get(path)
                let submitted = try await probe.post("\(path)/submit", [("version", "\(version)")])
                // check
                #expect(submitted.status == .seeOther || submitted.status == .unprocessableContent, "submit with \(extra): \(submitted.status)")
            }
        }

        // A role that may not create or edit is refused, with the reason.
        let beforeWrongRole = try app.count("contentItem")
        // action
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda")
            // check
            Garbage.refused(try await probe.post("/content", Fixtures.itemFields() + [("due_on", "x"), ("agenda_id", "y"), ("event_end_at", "z")]),
                            "kepala-biro POST /content", status: 403, says: [Garbage.words.cannotCreate])
            Garbage.refused(try await probe.post("\(item2)/edit", Fixtures.itemFields() + [("version", "1"), ("due_on", "x")]), "kepala-biro edit", status: 403,
                            says: ["hanya dapat dikerjakan oleh peran"])
        }
        #expect(try app.count("contentItem") == beforeWrongRole)
        tally.report()
    }
}
