import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Issue 10, item 2 over HTTP, as an attacker would send it: a recurrence that never occurs is
/// refused at import, only the roles that keep the agenda import, and every calendar page stays
/// fast with 5,000 imported events of any shape.
@Suite struct AgendaHardeningTests {
    /// The bound for every calendar page and the feed.
    static let bound: Duration = .milliseconds(200)

    static func ics(_ events: [[String]]) -> [UInt8] {
        let lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Penyerang//ID"] + events.flatMap { ["BEGIN:VEVENT"] + $0 + ["END:VEVENT"] } + ["END:VCALENDAR"]
        return Array((lines.joined(separator: "\r\n") + "\r\n").utf8)
    }

    /// The file: 1,111 events that recur "on 30 February", from 1900.
    static func attackersFile() -> [UInt8] {
        ics((0..<1_111).map { n in
            ["UID:never-\(n)@attacker", "DTSTAMP:20261101T000000Z", "DTSTART:19000101T090000", "DTEND:19000101T100000",
             "RRULE:FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30", "SUMMARY:Rapat \(n)"]
        })
    }

    static func count(_ app: TestApp, _ table: String) throws -> Int {
        try app.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1 }
    }

    static func login(_ browser: TestBrowser, _ username: String) async throws {
        let answer = try await browser.login(username, username == "admin" ? TestApp.adminPassword : "password-" + username)
        guard answer.status == .seeOther else { throw TestFailure("login as \(username) answered \(answer.status)") }
    }

    /// The best of three requests.
    static func best(_ app: TestApp, _ browser: TestBrowser, _ path: String) async throws -> (Duration, TestBrowser.Page) {
        var best: Duration = .seconds(3600)
        var last: TestBrowser.Page?
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let start = clock.now
            let page = try await browser.get(path)
            best = min(best, clock.now - start)
            last = page
        }
        return (best, last!)
    }

    @Test func onlyTheRolesThatKeepTheAgendaImportIt() async throws {
        let app = try await WorkflowRouterTests.dki()
        let items = try Self.count(app, "agendaItem")
        let good = Self.ics([["UID:rapat@eoffice", "DTSTART:20261124T090000", "DTEND:20261124T100000", "SUMMARY:Rapat"]])
        for username in ["kepala-biro", "tim-pengelola", "kasubbag-tu"] {
            try await app.run { browser in
                try await Self.login(browser, username)
                let agenda = try await browser.get("/agenda")
                #expect(agenda.status == .ok)
                #expect(!agenda.contains("id=\"agenda-import\""), "\(username) is not offered the form")
                let answer = try await browser.postMultipart("/agenda/import", [], files: [("file", "agenda.ics", "text/calendar", good)])
                #expect(answer.status == .forbidden, "\(username)")
                #expect(answer.contains("Impor agenda hanya untuk administrator dan peran penyusun konten: Administrator Sistem, Admin Medsos."))
                // The attacker's file gets the same 403, before a byte of it is read.
                let attack = try await browser.postMultipart("/agenda/import", [], files: [("file", "a.ics", "text/calendar", Self.attackersFile())])
                #expect(attack.status == .forbidden)
            }
        }
        #expect(try Self.count(app, "agendaItem") == items, "nothing stored")
        // A delegated drafter (Plt.) imports; so do the drafter and the administrator.
        try await app.addUser("plt", roles: ["kepala-bagian"])
        _ = try await app.database.writer.write { db in
            try db.execute(sql: """
                INSERT INTO delegation (fromUserId, toUserId, roleKey, startsOn, endsOn, createdAt, createdBy)
                SELECT u.id, p.id, 'admin-medsos', '2026-11-01', '2026-11-30', ?, u.id FROM user u, user p WHERE u.username = 'admin-medsos' AND p.username = 'plt'
                """, arguments: [app.clock.now])
        }
        for (n, username) in ["admin", "admin-medsos", "plt"].enumerated() {
            try await app.run { browser in
                try await Self.login(browser, username)
                #expect(try await browser.get("/agenda").contains("id=\"agenda-import\""), "\(username) is offered the form")
                let file = Self.ics([["UID:rapat-\(n)@eoffice", "DTSTART:20261124T090000", "DTEND:20261124T100000", "SUMMARY:Rapat \(n)"]])
                let answer = try await browser.postMultipart("/agenda/import", [], files: [("file", "agenda.ics", "text/calendar", file)])
                #expect(answer.status == .seeOther, "\(username)")
            }
        }
        #expect(try Self.count(app, "agendaItem") == items + 3)
    }

    /// 5,000 events of every shape, in files the import accepts.
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

/// The timed checks of issue 10 (item 2): wall-clock bounds, so `make test` runs this suite on its
/// own after the others (`swift test --filter Timed`): measured while other suites load the two
/// cores, a 200 ms bound measures the neighbours, not the page.
@Suite(.serialized) struct TimedAgendaTests {
    @Test func theAttackersFileIsRefusedWholeAndTheServerStaysUpAndFast() async throws {
        let app = try await WorkflowRouterTests.dki()
        let items = try AgendaHardeningTests.count(app, "agendaItem")
        let file = AgendaHardeningTests.attackersFile()
        #expect(file.count > 200_000, "the issue's 210 KB")
        try await app.run { browser in
            try await AgendaHardeningTests.login(browser, "admin-medsos")
            try await browser.get("/agenda")
            let audits = try AgendaHardeningTests.count(app, "auditEvent")
            let clock = ContinuousClock()
            let start = clock.now
            let answer = try await browser.postMultipart("/agenda/import", [("owner", "Kepala Biro")], files: [("file", "serangan.ics", "text/calendar", file)])
            let took = clock.now - start
            #expect(answer.status == .unprocessableContent)
            #expect(answer.contains("id=\"import-errors\""))
            #expect(answer.contains("baris 9: aturan pengulangan tidak menghasilkan satu pun kejadian setelah yang pertama"), "the line and the reason")
            #expect(took < .seconds(2), "refused after bounded work: \(took)")
            // Nothing changed.
            #expect(try AgendaHardeningTests.count(app, "agendaItem") == items)
            #expect(try AgendaHardeningTests.count(app, "auditEvent") == audits)
            // Still up and fast.
            #expect(try await browser.get("/healthz").status == .ok)
            for path in ["/calendar?month=2026-11", "/agenda?month=2026-02", "/calendar?view=list&from=2026-01-01&to=2026-12-31"] {
                let (time, page) = try await AgendaHardeningTests.best(app, browser, path)
                #expect(page.status == .ok, "\(path)")
                #expect(time < AgendaHardeningTests.bound, "\(path) took \(time)")
            }
        }
        // In English, the same refusal.
        try await app.run { browser in
            try await AgendaHardeningTests.login(browser, "admin-medsos")
            try await browser.get("/agenda")
            try await browser.post("/language", [("lang", "en"), ("next", "/agenda")])
            try await browser.get("/agenda")
            let answer = try await browser.postMultipart("/agenda/import", [], files: [("file", "attack.ics", "text/calendar", file)])
            #expect(answer.status == .unprocessableContent)
            #expect(answer.contains("line 9: the recurrence rule yields no occurrence after the first one"))
        }
        #expect(try AgendaHardeningTests.count(app, "agendaItem") == items)
    }


    @Test func everyCalendarPageAndTheFeedRenderFastWith5000ImportedEvents() async throws {
        let app = try await WorkflowRouterTests.dki()
        let items = try AgendaHardeningTests.count(app, "agendaItem")
        let drafter = try #require(try await app.database.writer.read { db in try Int64.fetchOne(db, sql: "SELECT id FROM user WHERE username = 'admin-medsos'") })
        let token = try app.database.renewCalendarFeed(userId: drafter, now: app.clock.now)
        try await app.run { browser in
            try await AgendaHardeningTests.login(browser, "admin-medsos")
            for (n, part) in AgendaHardeningTests.shapes().enumerated() {
                try await browser.get("/agenda")
                let answer = try await browser.postMultipart("/agenda/import", [], files: [("file", "bagian-\(n).ics", "text/calendar", AgendaHardeningTests.ics(part))])
                #expect(answer.status == .seeOther, "part \(n): \(answer.body.prefix(2000))")
            }
            #expect(try AgendaHardeningTests.count(app, "agendaItem") == items + 5_000)
            for path in ["/calendar?month=2026-11", "/calendar?month=1900-02", "/calendar?month=2104-02", "/calendar?week=2026-W48",
                         "/calendar?view=list&from=2026-11-01&to=2027-10-31", "/agenda?month=2026-11", "/agenda?month=9000-02",
                         "/calendar.ics?token=\(token)"] {
                let (time, page) = try await AgendaHardeningTests.best(app, browser, path)
                #expect(page.status == .ok, "\(path)")
                #expect(time < AgendaHardeningTests.bound, "\(path) took \(time)")
                print("AgendaHardeningTests: \(path) best of 3: \(time)")
            }
            // The month is full: the first entries and a notice, in the reader's language.
            let month = try await browser.get("/calendar?month=2026-11")
            #expect(month.contains("id=\"agenda-truncated\""))
            #expect(month.contains("hanya \(AgendaOccurrences.pageCeiling) yang pertama ditampilkan"))
            #expect(try await browser.get("/agenda?month=2026-11").contains("id=\"agenda-truncated\""))
            #expect(try await browser.get("/healthz").status == .ok)
        }
    }
}
