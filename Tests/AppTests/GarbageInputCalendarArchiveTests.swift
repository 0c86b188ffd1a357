import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

private typealias Flow = WorkflowRouterTests

/// The calendar, agenda, planning, days-off, settings, archive, record and update routes, sent
/// nonsense, as the role that may use them and as one that may not. The rule: a clear refusal in
/// the user's language (4xx), what was typed comes back, nothing is stored, and never a 500.
@Suite struct GarbageInputCalendarArchiveTests {
    // MARK: - Helpers

    /// Counts the requests of one test and checks every answer against "never a 500".
    final class Tally: @unchecked Sendable {
        let name: String
        private let lock = NSLock()
        private var requests = 0
        private var serverErrors: [String] = []

        init(_ name: String) { self.name = name }

        func check(_ page: TestBrowser.Page, _ what: String, sourceLocation: SourceLocation) {
            lock.withLock {
                requests += 1
                if page.status.code >= 500 { serverErrors.append("\(what) → \(page.status.code)") }
            }
            #expect(page.status.code < 500, "\(what) answered \(page.status.code)", sourceLocation: sourceLocation)
            #expect(![502, 503].contains(page.status.code), sourceLocation: sourceLocation)
        }

        /// One line per test, for whoever counts the requests exercised.
        func report() {
            lock.withLock { print("[garbage-count] \(name): \(requests) requests, \(serverErrors.count) answered 5xx \(serverErrors)") }
        }
    }

    /// A browser whose every answer is checked and counted.
    struct Probe: Sendable {
        let browser: TestBrowser
        let tally: Tally

        init(_ browser: TestBrowser, _ tally: Tally) {
            self.browser = browser
            self.tally = tally
        }

        @discardableResult
        func get(_ path: String, headers: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.get(path, headers: headers)
            tally.check(page, "GET \(path.prefix(160))", sourceLocation: sourceLocation)
            return page
        }

        @discardableResult
        func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true,
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.post(path, fields, csrf: csrf)
            tally.check(page, "POST \(path.prefix(160)) \(fields.map { "\($0.0)=\($0.1.prefix(40))" })", sourceLocation: sourceLocation)
            return page
        }

        /// A multipart form with one file in `file` (or none).
        @discardableResult
        func upload(_ path: String, _ fields: [(String, String)] = [], file name: String?, type: String = "text/calendar", bytes: [UInt8] = [],
                    csrf: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let files = name.map { [(field: "file", name: $0, type: type, bytes: bytes)] } ?? []
            let page = try await browser.postMultipart(path, fields, files: files, csrf: csrf)
            tally.check(page, "POST multipart \(path) file=\(name ?? "-") (\(bytes.count) bytes)", sourceLocation: sourceLocation)
            return page
        }

        /// A body sent as is (malformed encodings).
        @discardableResult
        func raw(_ path: String, body: String, contentType: String = "application/x-www-form-urlencoded",
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.send(path, method: .post, body: body, headers: [.contentType: contentType])
            tally.check(page, "POST raw \(path) \(body.prefix(60))", sourceLocation: sourceLocation)
            return page
        }
    }

    /// Mustache's escaping, to find a typed value in a re-shown form.
    static func html(_ text: String) -> String {
        var result = ""
        for c in text {
            switch c {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(c)
            }
        }
        return result
    }

    /// A refusal: a 4xx status (the given one when named) and every text, in Indonesian, on the page.
    static func refused(_ page: TestBrowser.Page, _ what: String, status: Int? = nil, says texts: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((400..<500).contains(page.status.code), "\(what): expected a 4xx refusal, got \(page.status.code)", sourceLocation: sourceLocation)
        if let status { #expect(page.status.code == status, "\(what): expected \(status), got \(page.status.code)", sourceLocation: sourceLocation) }
        let body = HTMLText.unescape(page.body)
        for text in texts {
            #expect(body.contains(text), "\(what): the page does not say \"\(text)\" (status \(page.status.code))", sourceLocation: sourceLocation)
        }
    }

    /// A typed value shown again in the re-shown form.
    static func kept(_ page: TestBrowser.Page, _ value: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.body.contains(html(value)), "\(what): the typed value \"\(value.prefix(60))\" is not on the re-shown form",
                sourceLocation: sourceLocation)
    }

    /// An anonymous visitor is sent to the login page, never shown the page or a 500.
    static func toLogin(_ page: TestBrowser.Page, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.status == .seeOther, "\(what): \(page.status.code)", sourceLocation: sourceLocation)
        #expect(page.location?.hasPrefix("/login") == true, "\(what): to \(page.location ?? "nowhere")", sourceLocation: sourceLocation)
    }

    static func count(_ app: TestApp, _ table: String) throws -> Int {
        try app.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? -1 }
    }

    static func userId(_ app: TestApp, _ username: String) throws -> Int64 {
        guard let id = try app.database.writer.read({ db in try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE username = ?", arguments: [username]) })
        else { throw TestFailure("no user \(username)") }
        return id
    }

    /// A query string, encoded as a browser would.
    static func query(_ pairs: [(String, String)]) -> String { "?" + TestBrowser.encode(pairs) }

    /// Logs in as the administrator (whose password is not "password-admin").
    static func asAdmin(_ app: TestApp, _ test: @Sendable (TestBrowser) async throws -> Void) async throws {
        try await app.run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword)
            guard answer.status == .seeOther else { throw TestFailure("admin login answered \(answer.status)") }
            try await test(browser)
        }
    }

    static let words = (
        malformed: "Isian formulir tidak dapat dibaca",
        csrf: "Formulir ini sudah kedaluwarsa atau tidak sah",
        adminOnly: "Halaman ini hanya untuk peran",
        cannotCreate: "Konten baru hanya dapat dibuat oleh peran",
        tooLarge: "Kiriman terlalu besar",
        notFound404: "Halaman tidak ditemukan",
        agendaNotFound: "Agenda ini tidak ada",
        contentNotFound: "Konten ini tidak ada",
        month: "tidak dikenal. Tulis seperti 2026-11",
        week: "tidak dikenal. Tulis seperti 2026-W47",
        range: "Rentang tanggal tidak sah",
        filter: "tidak mengenal nilai",
        formErrors: "Periksa kembali isian berikut",
        importRefused: "Berkas tidak diimpor; tidak ada yang berubah."
    )

    static let junkIds = ["999999", "-1", "0", "abc", "99999999999999999999", "1.5", "%20", "1e3", "0x1", "%E2%80%AE1"]

    /// Values no field expects: huge, unicode, control characters, markup, SQL.
    static let junkValues = [
        "", " ", "0", "-1", "99999999999999999999", "abc", "0000-01", "9999-12", "2026-13", "2026-00", "2026-1", "+202-01", "-001-01",
        "2026-W47", "9999-W52", "1899-W01", "2026-W53", "2026-11-31", "0001-01-01", "-999-01-01",
        String(repeating: "x", count: 10_000), String(repeating: "é", count: 3000), "👨‍👩‍👧", "٢٠٢٦-١١", "２０２６-１１", "\u{202E}2026-11",
        "<script>alert(1)</script>", "'; DROP TABLE agendaItem; --", "%", "_", "\u{0}", "../../etc/passwd", "null", "NaN",
    ]

    // MARK: - Agenda

    @Test func agendaFormsRefuseGarbageKeepWhatWasTypedAndStoreNothing() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda forms")
        let existing = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "garbage-agenda@test", title: "Rapat pimpinan asli", startsAt: ArchiveRouterTests.local("2026-11-24T09:00"),
            endsAt: ArchiveRouterTests.local("2026-11-24T11:00"), isAllDay: false, location: "Balai Kota", owner: "Kepala Biro", notes: "",
            needsCoverage: false, rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let id = try #require(existing.id)
        let before = try Self.count(app, "agendaItem")

        // Any signed-in role may keep the agenda: kepala-biro here, who cannot create content.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
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
                    Self.refused(page, "\(label) → \(path)", status: 422, says: [Self.words.formErrors] + texts)
                    if let title = fields.first(where: { $0.0 == "title" })?.1, label != "long title", label != "repeated", label != "nul" {
                        Self.kept(page, title, "\(label) → \(path)")
                    }
                    if let notes = fields.first(where: { $0.0 == "notes" })?.1 { Self.kept(page, notes, "\(label) notes → \(path)") }
                    if let start = fields.first(where: { $0.0 == "starts_at" })?.1, !start.isEmpty, start != "\u{0}" { Self.kept(page, start, "\(label) start → \(path)") }
                }
            }
            // Bodies that are not forms at all.
            for body in ["title=%ZZ&starts_at=1", "title=%FF%FE", "%", "=&=&&", "title=" + String(repeating: "a", count: 2 * 1024 * 1024)] {
                // "=&=&&" parses (to nameless fields): sent to the delete it would be a real delete.
                for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] where !(body == "=&=&&" && path.hasSuffix("/delete")) {
                    let page = try await probe.raw(path, body: body + "&csrf_token=" + browser.csrfToken)
                    if body.count > 1024 * 1024 {
                        Self.refused(page, "2 MB body → \(path)", status: 413, says: [Self.words.tooLarge])
                    } else if body == "=&=&&" {
                        // Parsed as empty fields: the form's own messages (or a refused token).
                        #expect((400..<500).contains(page.status.code), "\(body) → \(path)")
                    } else {
                        Self.refused(page, "\(body) → \(path)", status: 400, says: [Self.words.malformed])
                    }
                }
            }
            // A multipart body where no file is expected.
            for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] {
                let page = try await probe.upload(path, [("title", "x")], file: "a.txt", type: "text/plain", bytes: Array("x".utf8))
                Self.refused(page, "multipart → \(path)", says: [Self.words.malformed])
            }
            // No or a wrong token.
            for path in ["/agenda", "/agenda/\(id)", "/agenda/\(id)/delete"] {
                let fields = [("title", "Tanpa token"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]
                Self.refused(try await probe.post(path, fields, csrf: false), "no token → \(path)", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.post(path, fields + [("csrf_token", "x")]), "bad token → \(path)", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.post(path, fields + [("csrf_token", String(repeating: "ä", count: 5000))]), "huge token → \(path)", status: 403,
                             says: [Self.words.csrf])
                try await probe.get("/agenda")
            }
            // Unknown items.
            for junk in Self.junkIds {
                Self.refused(try await probe.get("/agenda/\(junk)"), "GET /agenda/\(junk)", status: 404, says: [Self.words.agendaNotFound])
                Self.refused(try await probe.post("/agenda/\(junk)", [("title", "x"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]),
                             "POST /agenda/\(junk)", status: 404, says: [Self.words.agendaNotFound])
                Self.refused(try await probe.post("/agenda/\(junk)/delete"), "POST /agenda/\(junk)/delete", status: 404, says: [Self.words.agendaNotFound])
            }
        }
        #expect(try Self.count(app, "agendaItem") == before, "no refused request stored an agenda item")
        #expect(try app.database.agendaItem(id: id) == existing, "no refused request changed the item")

        // Double submits: a delete twice says the item is gone; a stale edit of a deleted item too.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda/\(id)")
            let first = try await probe.post("/agenda/\(id)/delete")
            #expect(first.status == .seeOther)
            let second = try await probe.post("/agenda/\(id)/delete")
            Self.refused(second, "second delete", status: 404, says: [Self.words.agendaNotFound])
            let stale = try await probe.post("/agenda/\(id)", [("title", "Ubah yang sudah dihapus"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")])
            Self.refused(stale, "edit after delete", status: 404, says: [Self.words.agendaNotFound])
        }
        #expect(try Self.count(app, "agendaItem") == before - 1)
        tally.report()
    }

    @Test func agendaCreateTwiceStoresOneItem() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda double submit")
        let before = try Self.count(app, "agendaItem")
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda/new")
            let fields = [("title", "Rapat dobel"), ("starts_at", "2026-11-25T09:00"), ("ends_at", "2026-11-25T10:00")]
            let first = try await probe.post("/agenda", fields)
            let second = try await probe.post("/agenda", fields)
            #expect(first.status == .seeOther)
            #expect(second.status.code < 500)
        }
        let after = try Self.count(app, "agendaItem")
        do {
            #expect(after == before + 1, "a double submit adds one item")
        }
        tally.report()
    }

    @Test func agendaPagesWithJunkQueries() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda pages")
        try await app.as("tim-pengelola") { browser async throws in
            let probe = Probe(browser, tally)
            for value in Self.junkValues {
                let page = try await probe.get("/agenda" + Self.query([("month", value)]))
                if YearMonth(value) != nil {
                    #expect(page.status == .ok, "month=\(value.prefix(20))")
                } else if value.isEmpty {
                    // An empty month is not today's month: it is refused as any unknown one.
                    #expect(page.status.code < 500)
                } else {
                    Self.refused(page, "agenda month=\(value.prefix(20))", status: 400, says: [Self.words.month])
                }
                let new = try await probe.get("/agenda/new" + Self.query([("date", value)]))
                #expect(new.status == .ok, "/agenda/new?date=\(value.prefix(20)) ignores a junk date")
                #expect(!new.body.contains("<script>alert(1)"))
            }
            for raw in ["?month=%00", "?month=2026-11&month=2027-01", "?month=%ZZ", "?month", "?=&&=", "?month[]=2026-11", "?ok=agenda_imported&added=-1&updated=abc&unchanged=99999999999999999999",
                        "?ok=agenda_imported&added=%3Cscript%3E", "?date=2026-11-31", "?date=0000-00-00"] {
                try await probe.get("/agenda" + raw)
                try await probe.get("/agenda/new" + raw)
            }
            for month in ["9999-12", "1900-01"] {
                let page = try await probe.get("/agenda?month=\(month)")
                #expect(page.status == .ok)
                // The previous/next links lead out of the range the page accepts.
                for href in [TestBrowser.firstMatch(in: page.body, after: "rel=\"prev\" href=\""), TestBrowser.firstMatch(in: page.body, after: "rel=\"next\" href=\"")]
                    .compactMap({ $0 }) {
                    try await probe.get(HTMLText.unescape(href))
                }
            }
        }
        tally.report()
    }

    // MARK: - Agenda import

    static func ics(_ body: String) -> [UInt8] {
        Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Warta test//ID\r\n\(body)END:VCALENDAR\r\n".utf8)
    }

    static func event(_ uid: String, _ lines: [String]) -> String {
        "BEGIN:VEVENT\r\nUID:\(uid)\r\nSUMMARY:Acara \(uid)\r\n" + lines.map { $0 + "\r\n" }.joined() + "END:VEVENT\r\n"
    }

    @Test func agendaImportRefusesBadFilesClearlyAndStoresNothing() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda import")
        let before = try Self.count(app, "agendaItem")
        let manyEvents = (0..<10_000).map { Self.event("many-\($0)@test", ["DTSTART:20261201T090000", "DTEND:20261201T100000"]) }.joined()
        let refusedFiles: [(label: String, name: String, bytes: [UInt8], says: [String], status: Int)] = [
            ("empty file", "kosong.ics", [], ["Pilih berkas yang akan diimpor."], 422),
            ("binary junk", "junk.ics", (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }, ["bukan berkas iCalendar"], 422),
            ("HTML named .ics", "\"><img src=x onerror=alert(1)>.ics", Array("<html><body><script>alert(1)</script></body></html>".utf8),
             ["bukan berkas iCalendar"], 422),
            ("10,000 events", "banyak.ics", Self.ics(manyEvents), ["lebih dari 5000 acara"], 422),
            ("time 99991231T999999", "jam.ics", Self.ics(Self.event("t@test", ["DTSTART:99991231T999999"])), ["tidak dapat dibaca"], 422),
            ("date 2026-02-30", "feb.ics", Self.ics(Self.event("f@test", ["DTSTART;VALUE=DATE:20260230"])), ["tidak dapat dibaca"], 422),
            ("INTERVAL=0", "interval.ics", Self.ics(Self.event("i@test", ["DTSTART:20261201T090000", "RRULE:FREQ=DAILY;INTERVAL=0"])), ["aturan pengulangan"], 422),
            ("BYDAY=99MO", "byday.ics", Self.ics(Self.event("b@test", ["DTSTART:20261201T090000", "RRULE:FREQ=MONTHLY;BYDAY=99MO"])), ["aturan pengulangan"], 422),
            ("FREQ=SECONDLY", "secondly.ics", Self.ics(Self.event("s@test", ["DTSTART:20261201T090000", "RRULE:FREQ=SECONDLY"])), ["aturan pengulangan"], 422),
            ("RRULE junk", "rule.ics", Self.ics(Self.event("r@test", ["DTSTART:20261201T090000", "RRULE:" + String(repeating: "X=Y;", count: 2000)])),
             ["aturan pengulangan"], 422),
            ("TZID path", "tz.ics", Self.ics(Self.event("z@test", ["DTSTART;TZID=../../etc/passwd:20261201T090000"])), ["zona waktu"], 422),
            ("TZID /etc/passwd", "tz2.ics", Self.ics(Self.event("z2@test", ["DTSTART;TZID=/etc/passwd:20261201T090000"])), ["zona waktu"], 422),
            ("no DTSTART", "nostart.ics", Self.ics(Self.event("n@test", ["DTEND:20261201T090000"])), ["acara tanpa DTSTART"], 422),
            ("unterminated", "open.ics", Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20261201T090000\r\n".utf8), ["tidak ditutup dengan benar"], 422),
            ("line without colon", "line.ics", Self.ics("BEGIN:VEVENT\r\nthis is not a property\r\nEND:VEVENT\r\n"), ["tidak berbentuk NAMA:nilai"], 422),
            ("DURATION junk", "dur.ics", Self.ics(Self.event("d@test", ["DTSTART:20261201T090000", "DURATION:P99999999999999999999D"])), ["tidak dapat dibaca"], 422),
            ("2 MB + 1", "besar.ics", Self.ics(String(repeating: "X", count: AgendaController.importLimit + 1)), ["Berkas terlalu besar (paling besar 2048 KB)."], 413),
            ("6 MB", "besar6.ics", [UInt8](repeating: 0x41, count: 6 * 1024 * 1024), ["Berkas terlalu besar"], 413),
        ]
        let owner = "Sekda <b>uji</b>"
        // The drafter: importing is for the roles that keep the agenda (issue 10).
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            for file in refusedFiles {
                let page = try await probe.upload("/agenda/import", [("owner", owner)], file: file.name, bytes: file.bytes)
                Self.refused(page, "import \(file.label)", status: file.status, says: [Self.words.importRefused] + file.says)
                #expect(!page.body.contains("<img src=x"), "\(file.label): the file name is escaped")
                #expect(!page.body.contains("<script>alert(1)"), "\(file.label): the file is not echoed raw")
            }
            // No file at all, the field without a file name, the token missing or wrong, a form not multipart.
            Self.refused(try await probe.upload("/agenda/import", [("owner", owner)], file: nil), "import without file", status: 422,
                         says: ["Pilih berkas yang akan diimpor."])
            Self.refused(try await probe.upload("/agenda/import", [("owner", owner)], file: "a.ics", bytes: Self.ics(""), csrf: false), "import without token",
                         status: 403, says: [Self.words.csrf])
            Self.refused(try await probe.upload("/agenda/import", [("csrf_token", "palsu"), ("owner", owner)], file: "a.ics", bytes: Self.ics(""), csrf: false),
                         "import with a wrong token", status: 403, says: [Self.words.csrf])
            try await probe.get("/agenda")
            Self.refused(try await probe.post("/agenda/import", [("owner", owner), ("file", "BEGIN:VCALENDAR")]), "import urlencoded", status: 400,
                         says: [Self.words.malformed])
            Self.refused(try await probe.post("/agenda/import", [], csrf: false), "import urlencoded without token", status: 403, says: [Self.words.csrf])
            Self.refused(try await probe.raw("/agenda/import", body: "junk", contentType: "multipart/form-data"), "multipart without boundary",
                         says: [Self.words.malformed])
            Self.refused(try await probe.raw("/agenda/import", body: "--x\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n\(browser.csrfToken)\r\n--x\r\nbroken",
                                             contentType: "multipart/form-data; boundary=x"),
                         "truncated multipart", says: [])
            Self.refused(try await probe.raw("/agenda/import", body: String(repeating: "-", count: 100), contentType: "multipart/form-data; boundary=" + String(repeating: "b", count: 500)),
                         "absurd boundary", says: [])
        }
        #expect(try Self.count(app, "agendaItem") == before, "no refused import stored anything")

        // A file part whose name is empty but whose content is a calendar is read like any file.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            let page = try await probe.upload("/agenda/import", [("owner", owner)], file: "", bytes: Self.ics(Self.event("e@test", ["DTSTART:20261201T090000"])))
            #expect(page.status == .seeOther || page.status == .unprocessableContent, "import with an empty file name: \(page.status)")
        }

        // The owner typed above the file is shown again on the refused form.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            let page = try await probe.upload("/agenda/import", [("owner", owner)], file: "junk.ics", bytes: Array("not a calendar".utf8))
            #expect(page.status == .unprocessableContent)
            do {
                Self.kept(page, owner, "refused import owner")
            }
        }
        tally.report()
    }

    @Test func agendaImportOfOddButValidFilesNeverBreaksThePagesThatShowThem() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda import odd files")
        let oddFiles: [(label: String, bytes: [UInt8])] = [
            ("COUNT=999999999", Self.ics(Self.event("count@test", ["DTSTART:20261201T090000", "DTEND:20261201T100000", "RRULE:FREQ=DAILY;COUNT=999999999"]))),
            ("UNTIL before DTSTART", Self.ics(Self.event("until@test", ["DTSTART:20261201T090000", "RRULE:FREQ=WEEKLY;UNTIL=20200101T000000Z"]))),
            ("INTERVAL=10000", Self.ics(Self.event("interval@test", ["DTSTART:20261202T090000", "RRULE:FREQ=YEARLY;INTERVAL=10000"]))),
            ("BYDAY=-53MO yearly", Self.ics(Self.event("byday@test", ["DTSTART:20261203T090000", "RRULE:FREQ=YEARLY;BYDAY=-53MO"]))),
            ("DTEND before DTSTART", Self.ics(Self.event("backwards@test", ["DTSTART:20261204T090000", "DTEND:20261101T090000"]))),
            ("year 9999", Self.ics(Self.event("y9999@test", ["DTSTART:99991231T235900", "DTEND:99991231T235959"]))),
            ("latin-1 summary", Array("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:latin@test\r\nSUMMARY:Caf".utf8) + [0xE9]
                + Array("\r\nDTSTART:20261205T090000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)),
            ("huge UID", Self.ics(Self.event(String(repeating: "u", count: 5000), ["DTSTART:20261206T090000"]))),
            ("script summary", Self.ics("BEGIN:VEVENT\r\nUID:xss@test\r\nSUMMARY:<script>alert(1)</script>\r\nLOCATION:<img src=x>\r\nDTSTART:20261207T090000\r\nEND:VEVENT\r\n")),
        ]
        let tokenBox = WorkflowRouterTests.ItemPath()
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            for file in oddFiles {
                let page = try await probe.upload("/agenda/import", [("owner", "Uji")], file: "\(file.label).ics", bytes: file.bytes)
                #expect(page.status == .seeOther || page.status == .unprocessableContent, "\(file.label): \(page.status)")
                if page.status == .unprocessableContent { Self.refused(page, file.label, says: [Self.words.importRefused]) }
                if let location = page.location {
                    // Wherever the import sends the browser must open.
                    let shown = try await probe.get(location)
                    #expect(shown.status == .ok, "\(file.label): after the import, \(location) answered \(shown.status)")
                }
            }
            // Importing the same file twice changes nothing the second time.
            let imported = try #require(oddFiles.first { $0.label == "INTERVAL=10000" })
            let again = try await probe.upload("/agenda/import", [], file: "lagi.ics", bytes: imported.bytes)
            #expect(again.location?.contains("added=0") == true, "a second import adds nothing: \(again.location ?? "-")")
            // Every page that expands the odd rules, in time.
            let clock = ContinuousClock()
            for path in ["/agenda?month=2026-12", "/agenda?month=9999-12", "/calendar?month=2026-12", "/calendar?month=9999-12", "/calendar?week=9999-W52",
                         "/calendar?view=list&from=2026-12-01&to=2027-11-30", "/calendar?view=list&from=9999-01-01&to=9999-12-31"] {
                let started = clock.now
                let page = try await probe.get(path)
                let took = clock.now - started
                #expect(page.status == .ok, "\(path): \(page.status)")
                #expect(took < .seconds(10), "\(path) took \(took)")
                #expect(!page.body.contains("<script>alert(1)"), "\(path): an imported title is escaped")
            }
            #expect(try await probe.post("/account/calendar-feed").status == .seeOther)
            let feed = try await probe.get("/account")
            tokenBox.value = TestBrowser.firstMatch(in: feed.body, after: "?token=") ?? ""
        }
        // The feed reads the same rules.
        let token = tokenBox.value
        #expect(!token.isEmpty)
        try await app.run { browser async throws in
            let page = try await Probe(browser, tally).get("/calendar.ics?token=\(token)")
            #expect(page.status == .ok)
        }
        tally.report()
    }

    /// One DAILY rule with COUNT=999999999 costs about a second on any page showing year 9999 (the
    /// expansion cannot skip ahead under COUNT); any signed-in user can import thousands of them.
    /// An absurd COUNT is refused at import (it would be walked from the series' start on every
    /// page far ahead); the largest COUNT accepted keeps a far month quick.
    @Test func manyHugeCountRulesDoNotMakeAFarMonthSlow() async throws {
        let app = try await Flow.dki()
        let tally = Tally("huge COUNT rules")
        let events = (0..<20).map { Self.event("count-\($0)@test", ["DTSTART:20261201T0900\(String(format: "%02d", $0))", "RRULE:FREQ=DAILY;COUNT=999999999"]) }.joined()
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            #expect(try await probe.upload("/agenda/import", [], file: "count.ics", bytes: Self.ics(events)).status == .unprocessableContent)
            let largest = (0..<20).map {
                Self.event("count-ok-\($0)@test", ["DTSTART:20261201T0900\(String(format: "%02d", $0))", "RRULE:FREQ=DAILY;COUNT=\(RecurrenceRule.maximumCount)"])
            }.joined()
            #expect(try await probe.upload("/agenda/import", [], file: "count-ok.ics", bytes: Self.ics(largest)).status == .seeOther)
            let clock = ContinuousClock()
            let started = clock.now
            let page = try await probe.get("/calendar?month=9999-12")
            let took = clock.now - started
            print("[garbage-timing] 20 COUNT=999999999 rules, /calendar?month=9999-12: \(took)")
            #expect(page.status == .ok)
            #expect(took < .seconds(5), "/calendar?month=9999-12 with 20 COUNT=999999999 rules took \(took)")
        }
        tally.report()
    }

    @Test func agendaImportOfYearZeroSendsTheBrowserSomewhereThatOpens() async throws {
        let app = try await Flow.dki()
        let tally = Tally("agenda import year 0")
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            // Year 0 as a DATE is refused with a message.
            let zero = try await probe.upload("/agenda/import", [], file: "00000101.ics", bytes: Self.ics(Self.event("y-0@test", ["DTSTART;VALUE=DATE:00000101"])))
            Self.refused(zero, "import 00000101", status: 422, says: [Self.words.importRefused, "tidak dapat dibaca"])
            // Years 1 to 1899 are imported, and the browser is sent to a month the page refuses.
            for (label, start) in [("00010101T000000", "DTSTART:00010101T000000"), ("18991231", "DTSTART;VALUE=DATE:18991231")] {
                let page = try await probe.upload("/agenda/import", [], file: "\(label).ics", bytes: Self.ics(Self.event("y-\(label)@test", [start])))
                #expect(page.status == .seeOther || page.status == .unprocessableContent, "\(label): \(page.status)")
                if let location = page.location {
                    let shown = try await probe.get(location)
                    do {
                        #expect(shown.status == .ok, "\(label): after the import, \(location) answered \(shown.status)")
                    }
                }
            }
            // The same through the form: an agenda item in year 0 is stored, and its page opens.
            let typed = try await probe.post("/agenda", [("title", "Tahun nol"), ("starts_at", "0000-01-01T09:00"), ("ends_at", "0000-01-01T10:00")])
            #expect(typed.status.code < 500)
            if let location = typed.location {
                let shown = try await probe.get(location)
                #expect(shown.status == .ok, "\(location): \(shown.status)")
                let shownStart = TestBrowser.firstMatch(in: shown.body, after: "name=\"starts_at\" type=\"datetime-local\" value=\"") ?? "?"
                do {
                    #expect(shownStart == "0000-01-01T09:00")
                }
                if let calendar = TestBrowser.firstMatch(in: shown.body, after: "href=\"/calendar?month=") {
                    let month = try await probe.get("/calendar?month=" + calendar)
                    do {
                        #expect(month.status == .ok, "/calendar?month=\(calendar): \(month.status)")
                    }
                }
            }
        }
        tally.report()
    }

    // MARK: - Calendar

    @Test func calendarWithEveryJunkQuery() async throws {
        let app = try await Flow.dki()
        let tally = Tally("calendar queries")
        _ = try await Flow.createItem(app)
        try await app.as("kepala-bagian") { browser async throws in
            let probe = Probe(browser, tally)
            for name in ["month", "week", "view", "from", "to", "channel", "status", "kind"] {
                for value in Self.junkValues {
                    let page = try await probe.get("/calendar" + Self.query([(name, value)]))
                    if page.status != .ok {
                        Self.refused(page, "calendar \(name)=\(value.prefix(20))", status: 400, says: [])
                        let body = HTMLText.unescape(page.body)
                        #expect([Self.words.month, Self.words.week, Self.words.range, Self.words.filter].contains { body.contains($0) },
                                "calendar \(name)=\(value.prefix(20)): no message saying what is wrong")
                    }
                    #expect(!page.body.contains("<script>alert(1)"), "calendar \(name)=\(value.prefix(20)) reflected raw")
                }
            }
            let combos = [
                "month=0000-01", "month=9999-12", "month=1900-01", "week=9999-W52", "week=1900-W01", "week=2026-W53", "week=2020-W53",
                "from=0001-01-01&to=0001-12-31", "from=0000-01-01&to=0000-12-31", "from=-999-01-01&to=-999-12-31", "from=9999-01-01&to=9999-12-31",
                "from=9999-12-31&to=9999-12-31", "view=list&from=9999-12-31", "view=list&to=1900-01-01", "view=list&from=2026-01-01&to=2026-12-31",
                "view=list&from=2026-01-01&to=2027-01-01", "view=list&from=2026-01-01&to=2027-01-02", "view=list&from=2026-12-01&to=2026-11-01",
                "from=+202-01-01&to=+202-01-31", "view=week&week=", "view=month&month=", "view=list&from=&to=", "view=LIST", "view=list&view=month",
                "month=2026-11&week=2026-W47&view=list&from=2026-11-01&to=2026-11-30", "month=2026-11&month=2027-01", "week=2026-W47&week=x",
                "channel=instagram&channel=mars", "channel=website", "channel=INSTAGRAM", "status=published&kind=ucapan&channel=tiktok&month=9999-12",
                "month=%00", "week=%00", "from=%00&to=%00", "channel=%00", "status=%00", "kind=%00", "month=%ZZ", "month=2026-11%00",
                "month=%E2%80%AE2026-11", "month=" + String(repeating: "9", count: 10_000), "week=" + String(repeating: "W", count: 10_000),
                "from=2026-11-01&to=" + String(repeating: "2", count: 10_000), "kind=" + String(repeating: "k", count: 10_000),
                "month[]=2026-11", "?month=2026-11", "&&&", "=", "month", "a=b&c", String(repeating: "x=1&", count: 2000),
            ]
            for combo in combos {
                let page = try await probe.get("/calendar?" + combo)
                if page.status != .ok { Self.refused(page, "calendar ?\(combo.prefix(60))", status: 400, says: []) }
            }
            // Every link a refused or extreme page offers must itself open without a 500.
            for path in ["/calendar?month=9999-12", "/calendar?week=9999-W52", "/calendar?view=list&from=9999-12-01&to=9999-12-31", "/calendar?month=1900-01",
                         "/calendar?week=1900-W01"] {
                let page = try await probe.get(path)
                #expect(page.status == .ok, "\(path): \(page.status)")
                var hrefs: [String] = []
                for chunk in page.body.components(separatedBy: "href=\"/calendar?").dropFirst() {
                    if let end = chunk.firstIndex(of: "\"") { hrefs.append("/calendar?" + HTMLText.unescape(chunk[..<end])) }
                }
                for href in Set(hrefs) { try await probe.get(href) }
            }
        }
        tally.report()
    }

    // MARK: - Calendar feed and account

    @Test func calendarFeedTokensAndAccountFeedForms() async throws {
        let app = try await Flow.dki()
        let tally = Tally("feed and account")
        let userId = try Self.userId(app, "tim-pengelola")
        try await app.run { browser async throws in
            let probe = Probe(browser, tally)
            for token in ["", " ", "x", String(repeating: "a", count: 100), String(repeating: "a", count: 101), String(repeating: "a", count: 100_000),
                          "é", "👨‍👩‍👧", "\u{0}", "' OR '1'='1", "%", "_", "*", "../../etc/passwd", "null"] {
                let page = try await probe.get("/calendar.ics" + Self.query([("token", token)]))
                Self.refused(page, "feed token \(token.prefix(20))", status: 404, says: [Self.words.notFound404])
            }
            for raw in ["", "?", "?token", "?token=", "?token=a&token=b", "?TOKEN=a", "?token=%00", "?token=%ZZ", "?token[]=a", "?token=%E2%80%AE"] {
                let page = try await probe.get("/calendar.ics" + raw)
                Self.refused(page, "feed \(raw)", status: 404, says: [Self.words.notFound404])
            }
            // The feed takes no form.
            let post = try await probe.post("/calendar.ics", [("token", "x")], csrf: false)
            #expect((300..<500).contains(post.status.code), "POST /calendar.ics: \(post.status)")
            // Anonymous: the account forms send to the login page, and store nothing.
            for path in ["/account/calendar-feed", "/account/calendar-feed/revoke"] {
                Self.toLogin(try await probe.post(path, [], csrf: false), "anonymous \(path)")
            }
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)

        try await app.as("tim-pengelola") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/account")
            for path in ["/account/calendar-feed", "/account/calendar-feed/revoke"] {
                Self.refused(try await probe.post(path, [], csrf: false), "\(path) without token", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.post(path, [("csrf_token", "palsu")]), "\(path) with a wrong token", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.post(path, [("csrf_token", "")]), "\(path) with an empty token", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.post(path, [("csrf_token", browser.csrfToken + "x")]), "\(path) with a longer token", status: 403, says: [Self.words.csrf])
                Self.refused(try await probe.raw(path, body: "csrf_token=%ZZ"), "\(path) with a malformed body", status: 400, says: [Self.words.malformed])
                Self.refused(try await probe.upload(path, [], file: "a.txt", type: "text/plain", bytes: [1]), "\(path) multipart", says: [Self.words.malformed])
                try await probe.get("/account")
            }
            #expect(try app.database.calendarFeed(userId: userId) == nil, "refused forms made no feed")

            // Revoking a feed that does not exist, twice.
            for _ in 0..<2 {
                let page = try await probe.post("/account/calendar-feed/revoke", [("junk", String(repeating: "x", count: 10_000))])
                #expect(page.status == .seeOther)
            }
            // Renewing twice (a double submit): the second token replaces the first; the first no longer opens.
            #expect(try await probe.post("/account/calendar-feed").status == .seeOther)
            let firstPage = try await probe.get("/account")
            let first = try #require(TestBrowser.firstMatch(in: firstPage.body, after: "?token="))
            #expect(try await probe.post("/account/calendar-feed").status == .seeOther)
            let secondPage = try await probe.get("/account")
            let second = try #require(TestBrowser.firstMatch(in: secondPage.body, after: "?token="))
            #expect(try app.database.calendarFeed(userId: userId) != nil)
            #expect(first != second)
            Self.refused(try await probe.get("/calendar.ics?token=\(first)"), "old token", status: 404, says: [Self.words.notFound404])
            #expect(try await probe.get("/calendar.ics?token=\(second)").status == .ok)
            #expect(try await probe.get("/calendar.ics?token=\(second)&token=\(first)").status.code < 500)
            #expect(try await probe.get("/calendar.ics?token=\(first)&token=\(second)").status.code < 500)
            #expect(try await probe.get("/calendar.ics?token=\(second)&month=x&week=y&view=z").status == .ok, "other junk parameters are ignored")
            let account = try await probe.get("/account")
            #expect(account.status == .ok)
            // Revoking twice: both answer, the token is gone.
            #expect(try await probe.post("/account/calendar-feed/revoke").status == .seeOther)
            #expect(try await probe.post("/account/calendar-feed/revoke").status == .seeOther)
            Self.refused(try await probe.get("/calendar.ics?token=\(second)"), "revoked token", status: 404, says: [Self.words.notFound404])
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)
        tally.report()
    }

    // MARK: - Planning from the calendar

    @Test func planningLinksWithJunkAgendaIdsPlansAndNames() async throws {
        let app = try await Flow.dki()
        let tally = Tally("planning links")
        let agenda = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "plan@test", title: "Kunjungan <b>mitra</b>", startsAt: ArchiveRouterTests.local("2026-11-26T09:00"),
            endsAt: ArchiveRouterTests.local("2026-11-26T11:00"), isAllDay: false, location: "", owner: "", notes: "", needsCoverage: true,
            rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let agendaId = try #require(agenda.id)
        let before = try Self.count(app, "contentItem")
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            for junk in ["-1", "0", "999999", "9223372036854775807"] {
                for plan in ["liputan", "infografis", "ucapan", "", "x", "<script>"] {
                    Self.refused(try await probe.get("/content/new" + Self.query([("agenda", junk), ("plan", plan)])), "agenda=\(junk)&plan=\(plan)", status: 404,
                                 says: [Self.words.agendaNotFound])
                }
            }
            for junk in ["abc", "99999999999999999999", "-9223372036854775809", "1.5", "", "%00", String(repeating: "9", count: 10_000), "١"] {
                let page = try await probe.get("/content/new" + Self.query([("agenda", junk), ("plan", "liputan")]))
                #expect(page.status == .ok, "agenda=\(junk.prefix(20)) is ignored")
            }
            for plan in ["liputan", "infografis", "ucapan", "", "x", String(repeating: "p", count: 10_000), "%00"] {
                let page = try await probe.get("/content/new" + Self.query([("agenda", "\(agendaId)"), ("plan", plan)]))
                #expect(page.status == .ok, "plan=\(plan.prefix(20))")
                #expect(!page.body.contains("<b>mitra</b>"), "the agenda title is escaped")
                #expect(page.contains("name=\"agenda_id\" value=\"\(agendaId)\""))
            }
            let names = ["<script>alert(1)</script>", String(repeating: "<script>alert(1)</script>", count: 400), "\"><img src=x onerror=alert(1)>",
                         String(repeating: "é", count: 10_000), "\u{202E}evil", "{{t.app_name}}", "%00"]
            for name in names {
                for date in ["2026-11-10", "2026-02-30", "0000-01-01", "9999-12-31", "", "x", "-999-01-01"] {
                    let page = try await probe.get("/content/new" + Self.query([("plan", "ucapan"), ("date", date), ("name", name)]))
                    #expect(page.status == .ok, "plan=ucapan&date=\(date)&name=\(name.prefix(20)): \(page.status)")
                    #expect(!page.body.contains("<script>alert(1)"), "name=\(name.prefix(20)) is escaped")
                    #expect(!page.body.contains("<img src=x"), "name=\(name.prefix(20)) is escaped")
                    if name == "<script>alert(1)</script>", Day(date) != nil {
                        #expect(page.body.contains("&lt;script&gt;alert(1)&lt;&#x2F;script&gt;") || page.body.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
                                "the greeting's name is shown, escaped")
                    }
                }
            }
            for raw in ["?plan=ucapan&plan=liputan&agenda=\(agendaId)&agenda=abc", "?agenda=\(agendaId)&agenda=-1", "?date=9999-12-31", "?date=0000-01-01",
                        "?plan=ucapan&date=2026-11-10&date=x&name=a&name=b", "?agenda=%ZZ", "?name=%FF"] {
                try await probe.get("/content/new" + raw)
            }
        }
        // A role that may not create content is told so, whatever the query.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            for query in ["?agenda=\(agendaId)&plan=liputan", "?agenda=-1", "?plan=ucapan&date=2026-11-10&name=%3Cscript%3E", "?agenda=abc"] {
                Self.refused(try await probe.get("/content/new" + query), "kepala-biro /content/new\(query)", status: 403, says: [Self.words.cannotCreate])
            }
        }
        #expect(try Self.count(app, "contentItem") == before, "opening a planning form stores nothing")
        tally.report()
    }

    // MARK: - Content form: event end, due day, agenda link

    @Test func contentFormNewFieldsWithJunk() async throws {
        let app = try await Flow.dki()
        let tally = Tally("content form new fields")
        let item = try await Flow.createItem(app)
        let agenda = try app.database.saveAgendaItem(AgendaItemRecord(
            id: nil, uid: "form@test", title: "Rapat", startsAt: ArchiveRouterTests.local("2026-11-26T09:00"),
            endsAt: ArchiveRouterTests.local("2026-11-26T11:00"), isAllDay: false, location: "", owner: "", notes: "", needsCoverage: false,
            rrule: nil, exdates: "", source: .manual, createdBy: nil, createdAt: app.clock.now, updatedAt: app.clock.now))
        let before = try Self.count(app, "contentItem")
        let revisionsBefore = try Self.count(app, "contentRevision")
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
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            let state = try await browser.get(item2, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let version = try #require(json?["version"] as? Int)
            try await probe.get("/content/new")
            for (label, extra, texts) in cases {
                let fields = Flow.itemFields(title: title).filter { pair in !extra.contains { $0.0 == pair.0 } } + extra
                let created = try await probe.post("/content", fields)
                Self.refused(created, "POST /content \(label)", status: 422, says: [Self.words.formErrors] + texts)
                Self.kept(created, title, "POST /content \(label)")
                for (name, value) in extra where value.count < 1000 && value != "\u{0}" { Self.kept(created, value, "POST /content \(label) \(name)") }
                try await probe.get("\(item2)/edit")
                let edited = try await probe.post("\(item2)/edit", fields + [("version", "\(version)")])
                Self.refused(edited, "POST edit \(label)", status: 422, says: [Self.words.formErrors] + texts)
                Self.kept(edited, title, "POST edit \(label)")
            }
            // A well-formed agenda id that names nothing: refused on create, dropped on edit (the item may have been deleted since).
            for missing in ["-5", "0", "999999"] {
                let fields = Flow.itemFields(title: title) + [("agenda_id", missing)]
                let created = try await probe.post("/content", fields)
                Self.refused(created, "create with agenda_id=\(missing)", status: 422, says: ["Agenda yang terkait tidak ada lagi."])
                Self.kept(created, title, "create with agenda_id=\(missing)")
            }
            // Version junk on edit.
            for version in ["", "abc", "99999999999999999999", "1.0", "-1", "\u{0}"] {
                let page = try await probe.post("\(item2)/edit", Flow.itemFields(title: title) + [("version", version)])
                #expect((400..<500).contains(page.status.code), "edit version=\(version): \(page.status)")
            }
            let noVersion = try await probe.post("\(item2)/edit", Flow.itemFields(title: title))
            // Treated as a stale form: 409, re-shown with what was typed.
            #expect(noVersion.status == .conflict, "edit without version: \(noVersion.status)")
            do {
                Self.kept(noVersion, title, "edit without version")
            }
            // Valid junk-free fields but an agenda that exists: accepted, then the edit with the item's agenda deleted keeps the rest.
            let linked = try await probe.post("/content", Flow.itemFields(title: "Berkait agenda") + [("agenda_id", "\(agenda.id!)"), ("due_on", "2026-11-28"),
                                                                                                         ("event_end_at", "2026-11-21T11:00")])
            #expect(linked.status == .seeOther)
        }
        #expect(try Self.count(app, "contentItem") == before + 1, "only the one valid form stored an item")
        #expect(try Self.count(app, "contentRevision") == revisionsBefore + 1, "no refused edit stored a revision")

        // Well-formed but absurd dates: whatever is stored must open everywhere it shows, and submit without a 500.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/content/new")
            let absurd: [[(String, String)]] = [
                [("due_on", "0000-01-01"), ("event_end_at", "9999-12-31T23:59")],
                [("due_on", "9999-12-31"), ("event_at", "0001-01-01T00:00"), ("publish_at", "9999-12-31T23:59")],
                [("kind", "ucapan"), ("due_on", "1899-12-31"), ("publish_at", "0000-01-01T00:00")],
                [("kind", "infografis-rencana"), ("event_at", "9999-12-31T23:59"), ("event_end_at", "9999-12-31T23:59"), ("publish_at", "0000-01-01T00:00")],
            ]
            for extra in absurd {
                let fields = Flow.itemFields(title: "Tanggal ganjil").filter { pair in !extra.contains { $0.0 == pair.0 } } + extra
                let page = try await probe.post("/content", fields)
                #expect(page.status == .seeOther || page.status == .unprocessableContent, "\(extra): \(page.status)")
                guard let location = page.location, let path = location.components(separatedBy: "?").first else { continue }
                #expect(try await probe.get(path).status == .ok, "\(path) with \(extra)")
                #expect(try await probe.get("\(path)/sheet").status == .ok, "\(path)/sheet with \(extra)")
                #expect(try await probe.get("\(path)/edit").status == .ok, "\(path)/edit with \(extra)")
                #expect(try await probe.get("/calendar?month=9999-12").status == .ok)
                #expect(try await probe.get("/calendar?view=list&from=2026-11-01&to=2027-10-31").status == .ok)
                let state = try await browser.get(path, headers: [.accept: "application/json"])
                let version = (try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any])?["version"] as? Int ?? 0
                try await probe.get(path)
                let submitted = try await probe.post("\(path)/submit", [("version", "\(version)")])
                #expect(submitted.status == .seeOther || submitted.status == .unprocessableContent, "submit with \(extra): \(submitted.status)")
            }
        }

        // A role that may not create or edit is refused, with the reason.
        let beforeWrongRole = try Self.count(app, "contentItem")
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            Self.refused(try await probe.post("/content", Flow.itemFields() + [("due_on", "x"), ("agenda_id", "y"), ("event_end_at", "z")]),
                         "kepala-biro POST /content", status: 403, says: [Self.words.cannotCreate])
            Self.refused(try await probe.post("\(item2)/edit", Flow.itemFields() + [("version", "1"), ("due_on", "x")]), "kepala-biro edit", status: 403,
                         says: ["hanya dapat dikerjakan oleh peran"])
        }
        #expect(try Self.count(app, "contentItem") == beforeWrongRole)
        tally.report()
    }

    // MARK: - Days off and commemorations

    @Test func adminDaysWithJunk() async throws {
        let app = try await Flow.dki()
        let tally = Tally("admin days")
        let holiday = try #require(try app.database.holidays().first)
        let holidayId = try #require(holiday.id)
        let commemoration = try #require(try app.database.commemorations().first)
        let commemorationId = try #require(commemoration.id)
        let holidaysBefore = try Self.count(app, "holiday")
        let typedName = "Hari <b>uji</b> & \"kutip\""
        try await Self.asAdmin(app) { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/admin/holidays")
            // Correcting a day: unknown ids, junk fields.
            for junk in Self.junkIds {
                Self.refused(try await probe.post("/admin/holidays/\(junk)", [("day", "2026-12-25"), ("name", "x"), ("kind", "libur")]),
                             "POST /admin/holidays/\(junk)", status: 404, says: ["Hari ini tidak ada"])
                Self.refused(try await probe.post("/admin/commemorations/\(junk)/delete"), "POST /admin/commemorations/\(junk)/delete", status: 404,
                             says: ["Hari ini tidak ada"])
            }
            // An edit address whose id is not a number is taken for the "add" form: a new day is stored.
            for junk in Self.junkIds {
                let before = try Self.count(app, "commemoration")
                let page = try await probe.post("/admin/commemorations/\(junk)", [("month_day", "11-10"), ("name", "Sunting \(junk)")])
                let after = try Self.count(app, "commemoration")
                if Int64(junk) != nil {
                    Self.refused(page, "POST /admin/commemorations/\(junk)", status: 404, says: ["Hari ini tidak ada"])
                    #expect(after == before)
                } else {
                    do {
                        Self.refused(page, "POST /admin/commemorations/\(junk)", status: 404, says: ["Hari ini tidak ada"])
                        #expect(after == before, "POST /admin/commemorations/\(junk) stored a new commemoration")
                    }
                }
            }
            let commemorationsBeforeForms = try Self.count(app, "commemoration")
            let holidayCases: [(String, [(String, String)], [String])] = [
                ("empty", [], ["Tanggal tidak sah.", "Nama hari libur wajib diisi.", "Pilih jenis hari libur."]),
                ("Feb 30", [("day", "2026-02-30"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("year 0", [("day", "0000-00-00"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("datetime", [("day", "2026-12-25T00:00"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("kind junk", [("day", "2026-12-25"), ("name", typedName), ("kind", "<script>")], ["Pilih jenis hari libur."]),
                ("kind repeated", [("day", "2026-12-25"), ("name", typedName), ("kind", "fly"), ("kind", "libur")], ["Pilih jenis hari libur."]),
                ("blank name", [("day", "2026-12-25"), ("name", "   "), ("kind", "libur")], ["Nama hari libur wajib diisi."]),
                ("huge day", [("day", String(repeating: "2", count: 10_000)), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
            ]
            for (label, fields, texts) in holidayCases {
                for path in ["/admin/holidays", "/admin/holidays/\(holidayId)"] {
                    let page = try await probe.post(path, fields)
                    Self.refused(page, "\(path) \(label)", status: 422, says: texts)
                    if fields.contains(where: { $0 == ("name", typedName) }) { Self.kept(page, typedName, "\(path) \(label)") }
                }
            }
            let commemorationCases: [(String, [(String, String)], [String])] = [
                ("02-30", [("month_day", "02-30"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("13-01", [("month_day", "13-01"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("00-00", [("month_day", "00-00"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("1-1", [("month_day", "1-1"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("2026-02-30", [("month_day", "2026-02-30"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("2026-13-01", [("month_day", "2026-13-01"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("empty name", [("month_day", "11-10"), ("name", "")], ["Nama hari libur wajib diisi."]),
                ("both", [("month_day", "99-99"), ("name", " ")], ["Bulan-tanggal harus berbentuk BB-HH", "Nama hari libur wajib diisi."]),
                ("nothing", [], ["Bulan-tanggal harus berbentuk BB-HH", "Nama hari libur wajib diisi."]),
                ("unicode", [("month_day", "１１-１０"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
            ]
            for (label, fields, texts) in commemorationCases {
                for path in ["/admin/commemorations", "/admin/commemorations/\(commemorationId)"] {
                    let page = try await probe.post(path, fields)
                    Self.refused(page, "\(path) \(label)", status: 422, says: texts)
                    if fields.contains(where: { $0 == ("name", typedName) }) { Self.kept(page, typedName, "\(path) \(label)") }
                    if let monthDay = fields.first(where: { $0.0 == "month_day" })?.1 { Self.kept(page, monthDay, "\(path) \(label) month_day") }
                }
            }
            #expect(try Self.count(app, "holiday") == holidaysBefore)
            #expect(try Self.count(app, "commemoration") == commemorationsBeforeForms)
            #expect(try app.database.holidays().first { $0.id == holidayId } == holiday, "refused corrections changed nothing")
            #expect(try app.database.commemorations().first { $0.id == commemorationId } == commemoration, "refused corrections changed nothing")

            // Any ten characters ending in MM-DD pass for a date field's YYYY-MM-DD.
            for junk in ["xxxxx11-10", "<b>x>11-10", "2026/11-10"] {
                let page = try await probe.post("/admin/commemorations/\(commemorationId)", [("month_day", junk), ("name", typedName)])
                do {
                    Self.refused(page, "month_day \(junk)", status: 422, says: ["Bulan-tanggal harus berbentuk BB-HH"])
                }
            }

            // A 10,000-character name: the field allows 200, the server must not store a silent cut.
            let longName = String(repeating: "n", count: 10_000)
            let long = try await probe.post("/admin/commemorations", [("month_day", "11-11"), ("name", longName)])
            #expect(long.status.code < 500)
            do {
                Self.refused(long, "10k name", status: 422, says: [Self.words.formErrors])
            }
            let longHoliday = try await probe.post("/admin/holidays", [("day", "2026-12-30"), ("name", longName), ("kind", "libur")])
            #expect(longHoliday.status.code < 500)
            do {
                Self.refused(longHoliday, "10k holiday name", status: 422, says: [Self.words.formErrors])
            }
            // A date field's full YYYY-MM-DD is read as its month and day (by design): accepted.
            let dated = try await probe.post("/admin/commemorations", [("month_day", "2026-11-10"), ("name", "Hari Pahlawan uji")])
            #expect(dated.status == .seeOther, "YYYY-MM-DD is accepted as MM-DD: \(dated.status)")

            // Days the list page cannot show (it clamps the year to 1900…9999): a day stored there can be neither seen nor deleted.
            for day in ["0000-01-01", "-001-01-01", "1899-12-31", "+999-01-01"] {
                let name = "Libur tahun \(day)"
                let page = try await probe.post("/admin/holidays", [("day", day), ("name", name), ("kind", "libur")])
                #expect(page.status.code < 500)
                if let location = page.location {
                    let shown = try await probe.get(location)
                    do {
                        #expect(shown.contains(name), "\(day): the stored day is not on the page the form sends to")
                    }
                } else {
                    Self.refused(page, "holiday day=\(day)", status: 422, says: ["Tanggal tidak sah."])
                }
            }
            // A leap day marked every year, over leap and common years.
            #expect(try await probe.post("/admin/commemorations", [("month_day", "02-29"), ("name", "Hari kabisat uji")]).status == .seeOther)
            for month in ["2027-02", "2027-03", "2028-02", "9999-02", "1900-02"] {
                #expect(try await probe.get("/calendar?month=\(month)").status == .ok, "calendar \(month) with a 02-29 commemoration")
            }
            #expect(try await probe.get("/calendar?view=list&from=2027-01-01&to=2027-12-31").status == .ok)

            // Deleting twice.
            let extra = try #require(try app.database.commemorations().first { $0.name == "Hari Pahlawan uji" }?.id)
            #expect(try await probe.post("/admin/commemorations/\(extra)/delete").status == .seeOther)
            Self.refused(try await probe.post("/admin/commemorations/\(extra)/delete"), "second commemoration delete", status: 404, says: ["Hari ini tidak ada"])
            Self.refused(try await probe.post("/admin/commemorations/\(extra)", [("month_day", "11-10"), ("name", "Sunting yang terhapus")]),
                         "edit of a deleted commemoration", status: 404, says: ["Hari ini tidak ada"])

            // The list page with junk.
            for raw in ["?year=-1", "?year=99999999999999999999", "?year=abc", "?year=0", "?year=10000", "?edit=-1", "?edit=abc", "?edit_commemoration=99999999999999999999",
                        "?edit=\(holidayId)&edit_commemoration=\(commemorationId)&year=x", "?year=%00"] {
                #expect(try await probe.get("/admin/holidays" + raw).status == .ok, "/admin/holidays\(raw)")
            }
        }
        tally.report()
    }

    @Test func adminDaysImportWithJunkFiles() async throws {
        let app = try await Flow.dki()
        let tally = Tally("admin days import")
        let holidaysBefore = try Self.count(app, "holiday")
        let commemorationsBefore = try Self.count(app, "commemoration")
        let rows10k = "date,name_id,kind\n" + (0..<10_000).map { "2027-01-\(String(format: "%02d", $0 % 28 + 1)),Hari \($0),libur" }.joined(separator: "\n")
        let files: [(label: String, name: String, bytes: [UInt8], says: [String], status: Int)] = [
            ("empty", "kosong.csv", [], ["Pilih berkas yang akan diimpor."], 422),
            ("BOM only", "bom.csv", [0xEF, 0xBB, 0xBF], ["Berkas kosong."], 422),
            ("BOM and newline", "bom2.csv", [0xEF, 0xBB, 0xBF, 0x0D, 0x0A], ["Berkas kosong."], 422),
            ("binary", "biner.csv", (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }, ["Berkas ini bukan teks UTF-8."], 422),
            ("wrong header", "judul.csv", Array("tanggal,nama,jenis\n2027-01-01,Tahun Baru,libur\n".utf8), ["Baris judul"], 422),
            ("header only junk", "junk.csv", Array("<script>alert(1)</script>\n".utf8), ["Baris judul"], 422),
            ("HTML page", "page.csv", Array("<!doctype html><html><body>hi</body></html>".utf8), ["Baris judul"], 422),
            ("bad date row", "tgl.csv", Array("date,name_id,kind\n2027-02-30,Salah,libur\n".utf8), ["Baris data ke-1: tanggal tidak sah."], 422),
            ("bad kind row", "jenis.csv", Array("date,name_id,kind\n2027-01-01,Tahun Baru,pesta\n".utf8), ["jenis tidak sah"], 422),
            ("empty name row", "nama.csv", Array("date,name_id,kind\n2027-01-01,,libur\n".utf8), ["nama tidak sah"], 422),
            ("10k-char name", "panjang.csv", Array(("date,name_id,kind\n2027-01-01," + String(repeating: "n", count: 10_000) + ",libur\n").utf8), ["nama tidak sah"], 422),
            ("too few columns", "kolom.csv", Array("date,name_id,kind\n2027-01-01\n".utf8), ["Baris data ke-1"], 422),
            ("commemoration 02-30", "peringatan.csv", Array("month_day,name_id,kind,basis\n02-30,Salah,peringatan,\n".utf8), ["Baris data ke-1"], 422),
            ("commemoration 13-01", "peringatan2.csv", Array("month_day,name_id,kind,basis\n13-01,Salah,peringatan,\n".utf8), ["Baris data ke-1"], 422),
            ("unclosed quote", "kutip.csv", Array("date,name_id,kind\n2027-01-01,\"Tahun Baru,libur\n".utf8), [], 422),
            ("10,000 rows", "banyak.csv", Array(rows10k.utf8), ["Lebih dari 2000 baris."], 422),
            ("huge", "besar.csv", [UInt8](repeating: 0x61, count: AdminHolidaysController.importLimit + 1), ["Berkas terlalu besar (paling besar 512 KB)."], 413),
            ("3 MB", "besar3.csv", [UInt8](repeating: 0x61, count: 3 * 1024 * 1024), ["Berkas terlalu besar"], 413),
        ]
        try await Self.asAdmin(app) { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/admin/holidays")
            for file in files {
                let page = try await probe.upload("/admin/holidays/import", [], file: file.name, type: "text/csv", bytes: file.bytes)
                Self.refused(page, "days import \(file.label)", status: file.status, says: file.says)
                #expect(!page.body.contains("<script>alert(1)"), "\(file.label) echoed raw")
            }
            Self.refused(try await probe.upload("/admin/holidays/import", [], file: nil), "days import without a file", status: 422, says: ["Pilih berkas"])
            Self.refused(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n".utf8), csrf: false),
                         "days import without token", status: 403, says: [Self.words.csrf])
            try await probe.get("/admin/holidays")
            Self.refused(try await probe.post("/admin/holidays/import", [("file", "date,name_id,kind")]), "days import urlencoded", status: 400, says: [Self.words.malformed])
        }
        #expect(try Self.count(app, "holiday") == holidaysBefore, "no refused import stored a holiday")
        #expect(try Self.count(app, "commemoration") == commemorationsBefore, "no refused import stored a commemoration")

        // Not the administrator: refused before anything is read.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            Self.refused(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n2027-01-01,X,libur\n".utf8)),
                         "kepala-biro days import", status: 403, says: [Self.words.adminOnly])
            for (path, fields) in [("/admin/holidays/1", [("day", "2027-01-01"), ("name", "X"), ("kind", "libur")]), ("/admin/commemorations", [("month_day", "11-10"), ("name", "X")]),
                                   ("/admin/commemorations/1", [("month_day", "11-10"), ("name", "X")]), ("/admin/commemorations/1/delete", []),
                                   ("/admin/holidays/999999", []), ("/admin/commemorations/abc/delete", [])] {
                Self.refused(try await probe.post(path, fields), "kepala-biro \(path)", status: 403, says: [Self.words.adminOnly])
            }
        }
        #expect(try Self.count(app, "holiday") == holidaysBefore)
        #expect(try Self.count(app, "commemoration") == commemorationsBefore)
        tally.report()
    }

    // MARK: - Settings

    static let validSettings: [(String, String)] = [
        ("name", "Biro Kerja Sama Daerah"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
        ("office_opens", "07:30"), ("office_closes", "16:00"),
        ("office_days", "2"), ("office_days", "3"), ("office_days", "4"), ("office_days", "5"), ("office_days", "6"),
        ("channels", "instagram"), ("channels", "facebook"), ("account_name", "biroksd"),
        ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
        ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
        ("timing_rules", "ucapan-sebelum-hari"), ("website_domains", "jakarta.go.id"), ("update_policy", "workflow"), ("city", "Jakarta"),
    ]

    @Test func adminSettingsNewFieldsWithJunk() async throws {
        let app = try await Flow.dki()
        let tally = Tally("admin settings")
        let before = app.services.institution.settings
        let typedName = "Biro <b>uji</b> & \"kutip\""
        /// The valid form with some fields replaced; the typed name only where the form must be refused.
        @Sendable func with(_ replaced: [(String, String)], name: String = typedName) -> [(String, String)] {
            let names = Set(replaced.map(\.0))
            return [("name", name)] + Self.validSettings.filter { !names.contains($0.0) && $0.0 != "name" } + replaced
        }
        let cases: [(String, [(String, String)], [String])] = [
            ("timing rule unknown", [("timing_rules", "ucapan-sebelum-hari-99")], ["Aturan waktu", "tidak dikenal"]),
            ("timing rule markup", [("timing_rules", "<script>alert(1)</script>")], ["Aturan waktu"]),
            ("timing rule repeated junk", [("timing_rules", "ucapan-sebelum-hari"), ("timing_rules", "ucapan-sebelum-hari"), ("timing_rules", "x"), ("timing_rules", "")], ["Aturan waktu"]),
            ("timing rule 10k", [("timing_rules", String(repeating: "r", count: 10_000))], ["Aturan waktu"]),
            ("domains 500", [("website_domains", (0..<500).map { "d\($0).go.id" }.joined(separator: "\n"))], ["Domain situs web tidak sah"]),
            ("domains 21", [("website_domains", (0..<21).map { "d\($0).go.id" }.joined(separator: ","))], ["Domain situs web tidak sah"]),
            ("update policy junk", [("update_policy", "sometimes")], ["Cara pemutakhiran tidak dikenal."]),
            ("update policy case", [("update_policy", "WORKFLOW")], ["Cara pemutakhiran tidak dikenal."]),
            ("update policy 10k", [("update_policy", String(repeating: "p", count: 10_000))], ["Cara pemutakhiran tidak dikenal."]),
            ("everything new wrong", [("timing_rules", "x"), ("website_domains", "x.y,"), ("update_policy", "x"), ("city", String(repeating: "c", count: 10_000))],
             ["Aturan waktu", "Cara pemutakhiran tidak dikenal."]),
            ("time zone path", [("time_zone", "../../etc/passwd")], ["Zona waktu tidak dikenal."]),
        ]
        try await Self.asAdmin(app) { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/admin/settings")
            for (label, fields, texts) in cases {
                let page = try await probe.post("/admin/settings", with(fields))
                Self.refused(page, "settings \(label)", status: 422, says: [Self.words.formErrors] + texts)
                Self.kept(page, typedName, "settings \(label)")
                #expect(!page.body.contains("<script>alert(1)"), "settings \(label) reflected raw")
                if let domains = fields.first(where: { $0.0 == "website_domains" })?.1, domains.count <= 2000 {
                    Self.kept(page, domains, "settings \(label) domains")
                }
            }
            // Entries that are not host names are refused by name (they were once dropped without a word, which with
            // none left switched the own-domain check off).
            let junkDomains = ["bukan domain", "javascript:alert(1)", String(repeating: "a", count: 250) + ".com", String(repeating: "a", count: 10_000) + ".go.id",
                               "<script>alert(1)</script>", "x", "例え.テスト", "-bad-.go.id", "a..b.go.id"]
            for domains in junkDomains {
                let page = try await probe.post("/admin/settings", with([("website_domains", domains)], name: "Biro Kerja Sama Daerah"))
                #expect(page.status.code < 500)
                #expect(!page.body.contains("<script>alert(1)"))
                Self.refused(page, "settings domains \(domains.prefix(30)) (saved as \(app.services.institution.settings.websiteDomains))", status: 422,
                             says: [Self.words.formErrors, "Domain situs web tidak sah"])
                Self.kept(page, String(domains.prefix(2000)), "settings domains \(domains.prefix(30))")
                #expect(app.services.institution.settings.websiteDomains == before.websiteDomains, "the stored domains are untouched")
            }
            // The city is cut to 100 characters; a 10,000-character one should be refused, not cut silently.
            let longCity = try await probe.post("/admin/settings", with([("city", String(repeating: "c", count: 10_000))], name: "Biro Kerja Sama Daerah"))
            #expect(longCity.status.code < 500)
            do {
                Self.refused(longCity, "settings 10k city", status: 422, says: [Self.words.formErrors])
            }
            // Domains past the 2,000-character cut are dropped before they are checked.
            // Fifteen valid domains of ~150 characters (labels under 63): 2,265 characters in all.
            let longDomains = (0..<15).map { "\(String(repeating: "a", count: 50)).\(String(repeating: "b", count: 50)).\(String(repeating: "c", count: 40))\($0).go.id" }
                .joined(separator: "\n")
            let cut = try await probe.post("/admin/settings", with([("website_domains", longDomains)], name: "Biro Kerja Sama Daerah"))
            #expect(cut.status.code < 500)
            let savedDomains = app.services.institution.settings.websiteDomains
            do {
                if cut.status == .seeOther {
                    #expect(savedDomains.count == 15, "15 valid domains typed, \(savedDomains.count) saved")
                } else {
                    Self.kept(cut, longDomains, "15 long domains")
                }
            }
            // Without CSRF, as multipart, malformed.
            Self.refused(try await probe.post("/admin/settings", Self.validSettings, csrf: false), "settings without token", status: 403, says: [Self.words.csrf])
            try await probe.get("/admin/settings")
            Self.refused(try await probe.raw("/admin/settings", body: "name=%ZZ&csrf_token=\(browser.csrfToken)"), "settings malformed", status: 400, says: [Self.words.malformed])
        }
        // Not the administrator.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get("/agenda")
            Self.refused(try await probe.post("/admin/settings", Self.validSettings), "kepala-biro settings", status: 403, says: [Self.words.adminOnly])
            Self.refused(try await probe.get("/admin/settings"), "kepala-biro GET settings", status: 403, says: [Self.words.adminOnly])
        }
        let after = app.services.institution.settings
        #expect(after.updatePolicy == before.updatePolicy)
        #expect(after.name != typedName, "no refused form saved the typed name")
        tally.report()
    }

    // MARK: - Archive

    @Test func archiveListCSVAndReportWithJunkQueries() async throws {
        let app = try await Flow.dki()
        let tally = Tally("archive queries")
        let item = try await ArchiveRouterTests.publishedItem(app, title: "Arsip 100% _uji_")
        let linksBefore = try Self.count(app, "contentLink")
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            for name in ["month", "channel", "kind", "status", "sort"] {
                for value in Self.junkValues {
                    for path in ["/archive", "/archive.csv"] {
                        let page = try await probe.get(path + Self.query([(name, value)]))
                        if page.status != .ok {
                            Self.refused(page, "\(path) \(name)=\(value.prefix(20))", status: 400, says: [])
                            let body = HTMLText.unescape(page.body)
                            #expect(body.contains(Self.words.month) || body.contains(Self.words.filter), "\(path) \(name)=\(value.prefix(20)): no clear message")
                        }
                        #expect(!page.body.contains("<script>alert(1)"), "\(path) \(name)=\(value.prefix(20)) reflected raw")
                    }
                }
            }
            for value in Self.junkValues + ["asc", "desc", "ASC", "asc;--"] {
                for path in ["/archive", "/archive.csv"] {
                    #expect(try await probe.get(path + Self.query([("dir", value)])).status == .ok, "\(path) dir=\(value.prefix(20))")
                }
            }
            for value in ["-1", "0", "-99999999999999999999", "99999999999999999999", "9223372036854775807", "100001", "abc", "1.5", "1e9", "", "%00", "１"] {
                let page = try await probe.get("/archive" + Self.query([("page", value)]))
                #expect(page.status == .ok, "/archive page=\(value)")
            }
            let queries = ["'; DROP TABLE contentLink; --", "\" OR 1=1 --", "%", "_", "%%", "\\", "\\%", "[", "*", "' OR ''='", String(repeating: "q", count: 10_000),
                           String(repeating: "%", count: 10_000), "\u{0}", "<script>alert(1)</script>", "👨‍👩‍👧", "ARSIP", "100%", "_uji_"]
            for q in queries {
                for path in ["/archive", "/archive.csv"] {
                    let page = try await probe.get(path + Self.query([("q", q), ("sort", "title"), ("dir", "asc")]))
                    #expect(page.status == .ok, "\(path) q=\(q.prefix(20)): \(page.status)")
                    #expect(!page.body.contains("<script>alert(1)"), "\(path) q reflected raw")
                }
                // A wildcard typed is a character searched for, not "anything".
                let csv = try await browser.rawGet("/archive.csv" + Self.query([("q", q)]))
                let rows = CSVReader.records(csv.utf8Text ?? "").count - 1
                if ["%", "_", "%%", "*", "[", "\\", "\\%", "' OR ''='", "\" OR 1=1 --"].contains(q) {
                    #expect(rows == 0 || q == "%" || q == "_", "q=\(q) found \(rows) rows")
                }
                if q == "100%" || q == "_uji_" || q == "%" || q == "_" { #expect(rows == 2, "q=\(q) finds the title that has it: \(rows)") }
            }
            for raw in ["?q=a&q=b", "?month=2026-11&month=x", "?sort=date&sort=x", "?page=2&page=-1", "?q=%ZZ", "?q=%FF", "?%00=1", "?month[]=2026-11",
                        String(repeating: "?a=1", count: 1) + String(repeating: "&a=1", count: 3000)] {
                try await probe.get("/archive" + raw)
                try await probe.get("/archive.csv" + raw)
                try await probe.get("/archive/report" + raw)
            }
            for value in Self.junkValues {
                let page = try await probe.get("/archive/report" + Self.query([("month", value)]))
                if YearMonth(value) != nil {
                    #expect(page.status == .ok, "report month=\(value)")
                } else {
                    Self.refused(page, "report month=\(value.prefix(20))", status: 400, says: [Self.words.month])
                }
            }
            for month in ["9999-12", "1900-01"] {
                let page = try await probe.get("/archive/report?month=\(month)")
                #expect(page.status == .ok)
                for chunk in page.body.components(separatedBy: "href=\"/archive/report?").dropFirst() {
                    if let end = chunk.firstIndex(of: "\"") { try await probe.get("/archive/report?" + HTMLText.unescape(chunk[..<end])) }
                }
            }
            // The table survived every search.
            #expect(try await probe.get("/archive?q=Arsip").status == .ok)
        }
        #expect(try Self.count(app, "contentLink") == linksBefore, "no query touched the links")
        #expect(try await Flow.json(app, item)["status"] as? String == "published")
        tally.report()
    }

    // MARK: - Records

    @Test func sheetsAndRecordsOfUnknownItems() async throws {
        let app = try await Flow.dki()
        let tally = Tally("records")
        let item = try await Flow.createItem(app)
        try await app.as("kepala-biro") { browser async throws in
            let probe = Probe(browser, tally)
            for junk in Self.junkIds + ["9223372036854775807", "-9223372036854775808"] {
                for suffix in ["sheet", "record.zip"] {
                    let page = try await probe.get("/content/\(junk)/\(suffix)")
                    Self.refused(page, "/content/\(junk)/\(suffix)", status: 404, says: [Self.words.contentNotFound])
                }
            }
            for raw in ["\(item)/sheet?from=-1&to=abc", "\(item)/record.zip?x=%00", "\(item)/sheet/", "\(item)/record.zip/..", "\(item)/../1/sheet"] {
                try await probe.get(raw)
            }
            #expect(try await probe.get("\(item)/sheet").status == .ok)
            #expect(try await browser.rawGet("\(item)/record.zip").status == .ok)
        }
        // Anonymous.
        try await app.run { browser async throws in
            let probe = Probe(browser, tally)
            for path in ["\(item)/sheet", "\(item)/record.zip", "/content/-1/sheet", "/content/abc/record.zip"] {
                Self.toLogin(try await probe.get(path), "anonymous \(path)")
            }
        }
        tally.report()
    }

    // MARK: - Updates after publishing

    @Test func reopenAndUpdateWithJunkOnTheWorkflowPolicy() async throws {
        let app = try await Flow.dki()
        let tally = Tally("reopen/update workflow policy")
        let published = try await ArchiveRouterTests.publishedItem(app, title: "Terbit untuk diuji")
        let draft = try await Flow.createItem(app, fields: Flow.itemFields(title: "Belum terbit"))
        let state = try await Flow.json(app, published)
        let version = try #require(state["version"] as? Int)
        let draftVersion = try #require(try await Flow.json(app, draft)["version"] as? Int)
        let eventsBefore = try Self.count(app, "contentEvent")
        let reason100k = String(repeating: "alasan ", count: 100_000 / 7)
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            for action in ["reopen", "update"] {
                try await probe.get(published)
                let path = "\(published)/\(action)"
                Self.refused(try await probe.post(path, [("reason", "Tanpa versi")]), "\(action) without version", status: 400, says: [Self.words.malformed])
                for junk in ["", "abc", "1.0", "99999999999999999999", "\u{0}", "٣", String(repeating: "9", count: 10_000)] {
                    Self.refused(try await probe.post(path, [("version", junk), ("reason", "Versi rusak")]), "\(action) version=\(junk.prefix(20))", status: 400,
                                 says: [Self.words.malformed])
                }
                for stale in ["-1", "0", "\(version - 1)", "\(version + 1)", "9223372036854775807"] {
                    let page = try await probe.post(path, [("version", stale), ("reason", "Versi lama <b>x</b>")])
                    Self.refused(page, "\(action) version=\(stale)", status: 409, says: ["sudah diproses oleh"])
                    Self.kept(page, "Versi lama <b>x</b>", "\(action) stale reason")
                }
                Self.refused(try await probe.post(path, [("version", "\(version)")]), "\(action) without reason", status: 422, says: ["Alasan pemutakhiran wajib diisi."])
                Self.refused(try await probe.post(path, [("version", "\(version)"), ("reason", " \n\t ")]), "\(action) blank reason", status: 422,
                             says: ["Alasan pemutakhiran wajib diisi."])
                let long = try await probe.post(path, [("version", "\(version)"), ("reason", reason100k)])
                Self.refused(long, "\(action) 100k reason", status: 422, says: ["Komentar terlalu panjang: maksimal 4000 karakter."])
                Self.kept(long, String(reason100k.prefix(200)), "\(action) 100k reason")
                let huge = try await probe.post(path, [("version", "\(version)"), ("reason", String(repeating: "x", count: 2 * 1024 * 1024))])
                Self.refused(huge, "\(action) 2 MB reason", status: 413, says: [Self.words.tooLarge])
                // On an item not yet published.
                let unpublished = try await probe.post("\(draft)/\(action)", [("version", "\(draftVersion)"), ("reason", "Belum tayang")])
                Self.refused(unpublished, "\(action) on a draft", status: 409, says: ["Konten ini belum tayang, jadi tidak dapat dimutakhirkan."])
                // On items that do not exist.
                for junk in Self.junkIds {
                    let page = try await probe.post("/content/\(junk)/\(action)", [("version", "1"), ("reason", "Tidak ada")])
                    Self.refused(page, "\(action) on /content/\(junk)", status: 404, says: [Self.words.notFound404])
                }
                Self.refused(try await probe.post(path, [("version", "\(version)"), ("reason", "Tanpa token")], csrf: false), "\(action) without token", status: 403,
                             says: [Self.words.csrf])
                try await probe.get(published)
                Self.refused(try await probe.raw(path, body: "version=%ZZ&csrf_token=\(browser.csrfToken)"), "\(action) malformed", status: 400, says: [Self.words.malformed])
                Self.refused(try await probe.upload(path, [("version", "\(version)")], file: "a.txt", type: "text/plain", bytes: [1]), "\(action) multipart",
                             says: [Self.words.malformed])
            }
            // The workflow policy refuses /update, whatever it carries.
            try await probe.get(published)
            let direct = try await probe.post("\(published)/update", [("version", "\(version)"), ("reason", "Langsung"), ("link_instagram", "javascript:alert(1)"),
                                                                     ("link_facebook", String(repeating: "h", count: 10_000))])
            Self.refused(direct, "update on the workflow policy", status: 422, says: ["Lembaga ini memutakhirkan konten lewat alur persetujuan."])
        }
        #expect(try Self.count(app, "contentEvent") == eventsBefore, "no refused request recorded an event")
        #expect(try await Flow.json(app, published)["status"] as? String == "published")

        // Not the publishing role.
        try await app.as("tim-pengelola") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get(published)
            for action in ["reopen", "update"] {
                Self.refused(try await probe.post("\(published)/\(action)", [("version", "\(version)"), ("reason", "Bukan peran saya")]), "tim-pengelola \(action)",
                             status: 403, says: ["hanya dapat dikerjakan oleh peran"])
            }
        }
        // Anonymous.
        try await app.run { browser async throws in
            let probe = Probe(browser, tally)
            for action in ["reopen", "update"] {
                Self.toLogin(try await probe.post("\(published)/\(action)", [("version", "\(version)"), ("reason", "Anonim")], csrf: false), "anonymous \(action)")
            }
        }
        #expect(try Self.count(app, "contentEvent") == eventsBefore)

        // A double submit: the first reopens, the second is told, with a 409, and the reason typed is kept.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get(published)
            let fields = [("version", "\(version)"), ("reason", "Foto salah, diganti.")]
            let first = try await probe.post("\(published)/reopen", fields)
            #expect(first.status == .seeOther)
            let second = try await probe.post("\(published)/reopen", fields)
            Self.refused(second, "second reopen", status: 409, says: ["sudah diproses oleh"])
            Self.kept(second, "Foto salah, diganti.", "second reopen")
        }
        #expect(try Self.count(app, "contentEvent") == eventsBefore + 1, "the double submit recorded one reopen")
        tally.report()
    }

    @Test func updateWithJunkOnTheDirectPolicyAndTwice() async throws {
        let app = try await Flow.dki()
        let tally = Tally("update direct policy")
        var settings = app.services.institution.settings
        settings.updatePolicy = .direct
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        let published = try await ArchiveRouterTests.publishedItem(app, title: "Terbit langsung")
        let version = try #require(try await Flow.json(app, published)["version"] as? Int)
        let linksBefore = try Self.count(app, "contentLink")
        let good = [("link_instagram", "https://www.instagram.com/p/Cfresh789/"), ("link_facebook", Flow.validLink(.facebook))]
        try await app.as("admin-medsos") { browser async throws in
            let probe = Probe(browser, tally)
            try await probe.get(published)
            let path = "\(published)/update"
            let junkLinks: [(String, [(String, String)], String)] = [
                ("no links", [], "Tautan"),
                ("javascript", [("link_instagram", "javascript:alert(1)"), ("link_facebook", Flow.validLink(.facebook))], "Tautan Instagram"),
                ("file", [("link_instagram", "file:///etc/passwd"), ("link_facebook", Flow.validLink(.facebook))], "Tautan Instagram"),
                ("10k", [("link_instagram", "https://www.instagram.com/p/" + String(repeating: "a", count: 10_000)), ("link_facebook", Flow.validLink(.facebook))], "Tautan"),
                ("unicode host", [("link_instagram", "https://www.іnstagram.com/p/Cabc/"), ("link_facebook", Flow.validLink(.facebook))], "Tautan Instagram"),
                ("other platform", [("link_instagram", Flow.validLink(.facebook)), ("link_facebook", Flow.validLink(.instagram))], "Tautan"),
            ]
            for (label, links, says) in junkLinks {
                let page = try await probe.post(path, [("version", "\(version)"), ("reason", "Alasan <b>diketik</b>")] + links)
                Self.refused(page, "update \(label)", status: 422, says: [says])
                Self.kept(page, "Alasan <b>diketik</b>", "update \(label)")
            }
            Self.refused(try await probe.post(path, [("version", "\(version)")] + good), "update without reason", status: 422, says: ["Alasan pemutakhiran wajib diisi."])
            Self.refused(try await probe.post(path, [("version", "\(version)"), ("reason", String(repeating: "r", count: 100_000))] + good), "update 100k reason",
                         status: 422, says: ["maksimal 4000 karakter"])
            Self.refused(try await probe.post("\(published)/reopen", [("version", "\(version)"), ("reason", "Lewat alur")]), "reopen on the direct policy",
                         status: 422, says: ["Lembaga ini memutakhirkan konten langsung oleh admin unggah, bukan lewat alur."])
            #expect(try Self.count(app, "contentLink") == linksBefore, "no refused update stored a link")

            // A double submit: the first updates, the second is a 409 naming who did it, the reason kept.
            let fields = [("version", "\(version)"), ("reason", "Unggahan diganti.")] + good
            let first = try await probe.post(path, fields)
            #expect(first.status == .seeOther)
            let second = try await probe.post(path, fields)
            Self.refused(second, "second update", status: 409, says: ["sudah diproses oleh"])
            Self.kept(second, "Unggahan diganti.", "second update")
        }
        #expect(try Self.count(app, "contentLink") == linksBefore + 1, "the double submit replaced one link once")
        tally.report()
    }

    // MARK: - Anonymous and the wrong role, on every new route

    @Test func everyNewRouteRefusesAnonymousVisitorsAndWrongRoles() async throws {
        let app = try await Flow.dki()
        let tally = Tally("anonymous and wrong roles")
        let agendaBefore = try Self.count(app, "agendaItem")
        let gets = ["/agenda", "/agenda?month=x", "/agenda/new?date=2026-11-10", "/agenda/1", "/agenda/abc", "/calendar", "/calendar?month=0000-01",
                    "/calendar?week=9999-W52", "/content/new?agenda=1&plan=liputan", "/content/new?plan=ucapan&date=2026-11-10&name=%3Cscript%3E",
                    "/archive", "/archive.csv", "/archive/report", "/archive?q=%27", "/content/1/sheet", "/content/1/record.zip", "/account",
                    "/admin/holidays", "/admin/settings"]
        let posts: [(String, [(String, String)])] = [
            ("/agenda", [("title", "Anonim"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]), ("/agenda/1", [("title", "x")]),
            ("/agenda/1/delete", []), ("/agenda/import", []), ("/account/calendar-feed", []), ("/account/calendar-feed/revoke", []),
            ("/admin/holidays/1", [("day", "2026-12-25")]), ("/admin/holidays/import", []), ("/admin/commemorations", [("month_day", "11-10"), ("name", "x")]),
            ("/admin/commemorations/1", [("month_day", "11-10")]), ("/admin/commemorations/1/delete", []), ("/admin/settings", [("timing_rules", "x")]),
            ("/content/1/reopen", [("version", "1"), ("reason", "x")]), ("/content/1/update", [("version", "1"), ("reason", "x")]),
            ("/content", [("due_on", "x")]), ("/content/1/edit", [("agenda_id", "x")]),
        ]
        try await app.run { browser async throws in
            let probe = Probe(browser, tally)
            for path in gets { Self.toLogin(try await probe.get(path), "anonymous GET \(path)") }
            for (path, fields) in posts {
                Self.toLogin(try await probe.post(path, fields, csrf: false), "anonymous POST \(path)")
                Self.toLogin(try await probe.post(path, fields + [("csrf_token", "palsu")], csrf: false), "anonymous POST \(path) with a token")
            }
            Self.toLogin(try await probe.upload("/agenda/import", [("owner", "x")], file: "a.ics", bytes: Self.ics(Self.event("anon@test", ["DTSTART:20261201T090000"])),
                                                csrf: false), "anonymous import")
            Self.toLogin(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n2027-01-01,X,libur\n".utf8),
                                                csrf: false), "anonymous days import")
        }
        #expect(try Self.count(app, "agendaItem") == agendaBefore)
        // Every admin page, as each role that is not the administrator.
        for role in ["admin-medsos", "tim-pengelola", "kepala-biro"] {
            try await app.as(role) { browser async throws in
                let probe = Probe(browser, tally)
                try await probe.get("/agenda")
                for path in ["/admin/holidays", "/admin/settings", "/admin/holidays?year=abc"] {
                    Self.refused(try await probe.get(path), "\(role) GET \(path)", status: 403, says: [Self.words.adminOnly])
                }
                for (path, fields) in posts where path.hasPrefix("/admin/") {
                    Self.refused(try await probe.post(path, fields), "\(role) POST \(path)", status: 403, says: [Self.words.adminOnly])
                }
            }
        }
        tally.report()
    }
}
