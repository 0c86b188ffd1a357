import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Reads the calendar pages and the account page's feed address.
enum CalendarReader {
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

    /// The feed token in the account page's feed link (shown once, right after it is made).
    static func feedToken(_ page: TestBrowser.Page) throws -> String {
        let href = try #require(TestBrowser.firstMatch(in: page.body, after: "id=\"feed-link\" class=\"feed-link\" href=\""))
        let url = try #require(URLComponents(string: href.replacingOccurrences(of: "&amp;", with: "&")))
        #expect(url.path == "/calendar.ics")
        return try #require(url.queryItems?.first { $0.name == "token" }?.value)
    }
}

extension Fixtures {
    /// The agenda form's fields.
    static func agendaFields(title: String = "Rapat koordinasi kerja sama daerah", start: String = "2026-11-25T09:00", end: String = "2026-11-25T11:00",
                             location: String = "Balai Kota", owner: String = "Kepala Biro", notes: String = "Bawa bahan paparan",
                             needsCoverage: Bool = true) -> [(String, String)] {
        [("title", title), ("starts_at", start), ("ends_at", end), ("location", location), ("owner", owner), ("notes", notes)]
            + (needsCoverage ? [("needs_coverage", "1")] : [])
    }
}

/// iCalendar files to import.
enum ICSFiles {
    /// The lines, each ended with CRLF.
    static func lines(_ lines: [String]) -> [UInt8] { Fixtures.bytes(lines.joined(separator: "\r\n") + "\r\n") }

    /// Folding (a SUMMARY continued on the next line), TZID (Makassar, one hour ahead of Jakarta),
    /// an all-day event, and a weekly rule with COUNT=3.
    static func sample(meetingTitle: String = "Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat") -> [UInt8] {
        let summary = "SUMMARY:" + meetingTitle
        let cut = summary.index(summary.startIndex, offsetBy: min(40, summary.count - 5))
        return lines([
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

    /// A calendar around `body` (events written with `event`).
    static func calendar(_ body: String) -> [UInt8] {
        Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Warta test//ID\r\n\(body)END:VCALENDAR\r\n".utf8)
    }

    /// One event with its UID, a summary and the given lines.
    static func event(_ uid: String, _ lines: [String]) -> String {
        "BEGIN:VEVENT\r\nUID:\(uid)\r\nSUMMARY:Acara \(uid)\r\n" + lines.map { $0 + "\r\n" }.joined() + "END:VEVENT\r\n"
    }

    /// A calendar of events, each given as its property lines.
    static func events(_ events: [[String]]) -> [UInt8] {
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Penyerang//ID"] + events.flatMap { ["BEGIN:VEVENT"] + $0 + ["END:VEVENT"] } + ["END:VCALENDAR"]
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The file of issue 10: 1,111 events that recur "on 30 February", from 1900.
    static func attackersFile() -> [UInt8] {
        events((0..<1_111).map { n in
            ["UID:never-\(n)@attacker", "DTSTAMP:20261101T000000Z", "DTSTART:19000101T090000", "DTEND:19000101T100000",
             "RRULE:FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30", "SUMMARY:Rapat \(n)"]
        })
    }

    /// 5,000 events of every shape, in four parts the import accepts.
    static func shapes() -> [[[String]]] {
        var events: [[String]] = []
        for n in 0..<5_000 {
            let uid = "UID:bentuk-\(n)@uji"
            let summary = "SUMMARY:Acara \(n % 12) nomor \(n)"
            let fields: [String]
            switch n % 12 {
            case 0: fields = ["DTSTART:20261124T090000", "DTEND:20261124T100000"]
            case 1: fields = ["DTSTART:90001124T090000", "DTEND:90001124T100000"]
            case 2: fields = ["DTSTART;VALUE=DATE:19000101", "DTEND;VALUE=DATE:19000103"]
            case 3: fields = ["DTSTART:19000101T090000", "DTEND:19000101T100000", "RRULE:FREQ=DAILY"]
            case 4: fields = ["DTSTART:19000101T130000", "DTEND:19000101T140000", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR"]
            case 5: fields = ["DTSTART;VALUE=DATE:19500131", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1"]
            case 6: fields = ["DTSTART:19001105T080000", "DTEND:19001105T090000", "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1MO"]
            case 7: fields = ["DTSTART:19040229T090000", "DTEND:19040229T100000", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29"]
            case 8: fields = ["DTSTART:19000101T090000", "DTEND:19000101T100000", "RRULE:FREQ=DAILY;COUNT=30"]
            case 9: fields = ["DTSTART:20260105T090000", "DTEND:20260105T100000", "RRULE:FREQ=WEEKLY;UNTIL=20271231T000000Z"]
            case 10: fields = ["DTSTART:20261101T070000", "DTEND:20261101T080000", "RRULE:FREQ=DAILY;COUNT=200;INTERVAL=2"]
            default: fields = ["DTSTART:90000228T090000", "DTEND:90000228T100000", "RRULE:FREQ=YEARLY;COUNT=50"]
            }
            events.append([uid, "DTSTAMP:20261101T000000Z", summary] + fields)
        }
        return stride(from: 0, to: events.count, by: 1_250).map { Array(events[$0..<min($0 + 1_250, events.count)]) }
    }
}

extension TestApp {
    /// Adds an agenda item through the form, as `username`; returns its id.
    func createAgenda(as username: String = "admin-medsos", _ fields: [(String, String)] = Fixtures.agendaFields()) async throws -> Int64 {
        let location = try await runAs(username) { browser in
            try await browser.get("/agenda/new")
            let answer = try await browser.post("/agenda", fields)
            guard answer.status == .seeOther else { throw TestFailure("POST /agenda answered \(answer.status)") }
            return answer.location ?? ""
        }
        let path = location.components(separatedBy: "?")[0]
        return try #require(Int64(path.components(separatedBy: "/").last ?? ""), "\(location)")
    }

    /// Every stored agenda item.
    func allAgenda() throws -> [AgendaItemRecord] {
        try database.agendaItems(overlapping: Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: 4_000_000_000))
    }

    /// Imports an iCalendar file through the agenda page's form, as `username`.
    func importCalendar(_ file: [UInt8], name: String = "agenda.ics", as username: String = "admin-medsos") async throws -> TestBrowser.Page {
        try await runAs(username) { browser in
            try await browser.get("/agenda")
            return try await browser.importAgenda([], files: [("file", name, "text/calendar", file)])
        }
    }

    /// Fetches the calendar feed with `token`, as a calendar program does (no session).
    func fetchFeed(_ token: String) async throws -> TestBrowser.Page {
        try await runReturning { anonymous in try await anonymous.get("/calendar.ics?token=\(token)") }
    }
}

extension CalendarReader {
    /// The token of an import's preview (`name="token"` in `#import-preview`), nil when the page has none.
    static func importToken(_ page: TestBrowser.Page) -> String? {
        guard page.body.contains("id=\"import-preview\""), let range = page.body.range(of: "name=\"token\" value=\"") else { return nil }
        let rest = page.body[range.upperBound...]
        return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
    }
}

extension TestBrowser {
    /// Uploads an agenda file to `/agenda/import` and, when the answer is the import's preview,
    /// confirms it as a person would; any other answer (a refusal) is returned as it came.
    func importAgenda(_ fields: [(String, String)], files: [(field: String, name: String, type: String, bytes: [UInt8])],
                      csrf: Bool = true) async throws -> Page {
        let preview = try await postMultipart("/agenda/import", fields, files: files, csrf: csrf)
        guard preview.status == .ok, let token = CalendarReader.importToken(preview) else { return preview }
        return try await post("/agenda/import/confirm", [("token", token)])
    }
}

extension Garbage.Probe {
    /// `upload` to `/agenda/import`, confirming the preview when there is one (see `TestBrowser.importAgenda`).
    @discardableResult
    func importAgenda(_ fields: [(String, String)] = [], file name: String?, bytes: [UInt8] = [], csrf: Bool = true,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
        let preview = try await upload("/agenda/import", fields, file: name, bytes: bytes, csrf: csrf, sourceLocation: sourceLocation)
        guard preview.status == .ok, let token = CalendarReader.importToken(preview) else { return preview }
        return try await post("/agenda/import/confirm", [("token", token)], sourceLocation: sourceLocation)
    }
}
