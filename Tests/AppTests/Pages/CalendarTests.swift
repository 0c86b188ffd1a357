import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The calendar (`/calendar`): month, week and list views with the national days, the agenda and
/// planned posts; filters; the latest start of each post; and queries sent nonsense. The clock starts
/// on Saturday 21 November 2026, 10:00 WIB; the shipped `Data/` files are loaded by `buildServices`.
@Suite struct CalendarTests {
    // MARK: - Views

    @Test func greetingsAreOfferedForHolidaysButNotForJointLeave() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            let list = try await browser.get("/calendar?view=list&from=2026-12-20&to=2026-12-31")
            // check
            let listed = CalendarReader.entries(list.body)
            let christmas = listed.first { $0.kind == "libur" && $0.date == "2026-12-25" }
            #expect(christmas?.has("Buat ucapan") == true, "the drafter is offered a greeting for a public holiday")
            let jointLeave = listed.first { $0.kind == "cuti_bersama" && $0.date == "2026-12-24" }
            #expect(jointLeave != nil)
            #expect(jointLeave?.has("Buat ucapan") == false, "joint leave is a day off, not a day for greetings")
        }
    }

    @Test func monthWeekAndListViewsShowTodayAndTheNationalDays() async throws {
        // setup
        let app = try await TestApp.dki()
        // check
        #expect(try app.database.holidays().contains { $0.day == "2026-12-25" && $0.kind == .libur }, "Data/ holidays are seeded")
        #expect(try app.database.commemorations().contains { $0.monthDay == "11-10" && $0.name == "Hari Pahlawan" }, "Data/ commemorations are seeded")
        // action
        try await app.as("tim-pengelola") { browser in
            let month = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(month.status == .ok)
            #expect(month.contains("class=\"month-grid\""))
            let cells = CalendarReader.dayCells(month.body)
            #expect(cells.count == 42, "Monday 26 October through Sunday 6 December")
            #expect(cells["2026-11-21"]?.split(separator: " ").contains("today") == true)
            #expect(cells.filter { $0.value.split(separator: " ").contains("today") }.map(\.key) == ["2026-11-21"], "only today is marked")
            #expect(month.body.components(separatedBy: "aria-current=\"date\"").count == 2)
            #expect(cells["2026-10-31"]?.contains("outside") == true)
            #expect(cells["2026-11-23"]?.contains("day-off") == false, "Monday is a working day")
            #expect(CalendarReader.entries(month.body, kind: "peringatan", titled: "Hari Pahlawan").map(\.date) == ["2026-11-10"])
            #expect(CalendarReader.entries(month.body, kind: "peringatan", titled: "Hari Guru Nasional").map(\.date) == ["2026-11-25"])

            // action
            let december = try await browser.get("/calendar?month=2026-12")
            // check
            #expect(CalendarReader.entries(december.body, kind: "libur", titled: "Hari Raya Natal").map(\.date) == ["2026-12-25"])
            #expect(CalendarReader.entries(december.body, kind: "cuti_bersama", titled: "Cuti Bersama Hari Raya Natal").map(\.date) == ["2026-12-24"])
            let decemberCells = CalendarReader.dayCells(december.body)
            #expect(decemberCells["2026-12-25"]?.contains("day-off") == true)
            #expect(decemberCells["2026-12-24"]?.contains("day-off") == true, "joint leave stops the office clock too")
            #expect(decemberCells["2026-12-23"]?.contains("day-off") == false)

            // action
            let week = try await browser.get("/calendar?week=2026-W47")
            // check
            #expect(week.status == .ok)
            #expect(week.contains("Pekan 47"))
            #expect(week.contains("class=\"day-block today day-off\" data-day=\"2026-11-21\""))
            #expect(week.body.components(separatedBy: "<section class=\"day-block").count == 8, "seven days")
            #expect(!week.contains("data-day=\"2026-11-23\""), "the next week is not in it")

            // action
            let list = try await browser.get("/calendar?view=list&from=2026-11-01&to=2026-12-31")
            // check
            #expect(list.status == .ok)
            let listed = CalendarReader.entries(list.body)
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

    /// Within a day: national days first, then the agenda by time, then by title.
    @Test func aDaysEntriesAreInOrder() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("kepala-biro") { browser in
            // check
            #expect(try await browser.get("/agenda/new").status == .ok)
            // action
            for (title, start, end) in [("Rapat B", "14:00", "15:00"), ("Rapat C", "09:00", "10:00"), ("Rapat A", "09:00", "10:00")] {
                let created = try await browser.post("/agenda", Fixtures.agendaFields(title: title, start: "2026-11-10T" + start, end: "2026-11-10T" + end))
                // check
                #expect(created.status == .seeOther)
            }
            // action
            let page = try await browser.get("/calendar?view=list&from=2026-11-10&to=2026-11-10")
            // check
            #expect(page.status == .ok)
            let positions = ["Hari Pahlawan", ">Rapat A<", ">Rapat C<", ">Rapat B<"].map { page.body.range(of: $0)?.lowerBound }
            #expect(positions.allSatisfy { $0 != nil }, "every entry is shown")
            #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "holiday, then 09.00 A and C by title, then 14.00 B")
        }
    }

    @Test func filtersNarrowTheContentEntries() async throws {
        // setup
        let app = try await TestApp.dki()
        let poster = try await app.createItem(fields: Fixtures.contentFields(
            title: "Informasi layanan kerja sama", kind: "informasi", publishAt: "2026-11-26T10:00", channels: ["instagram"]))
        let coverage = try await app.createItem(fields: Fixtures.contentFields(
            title: "Liputan penandatanganan", kind: "kegiatan", publishAt: "2026-11-27T13:00", eventAt: "2026-11-27T09:00", eventEndAt: "2026-11-27T11:00",
            channels: ["facebook", "youtube"], source: "agenda-harian"))
        #expect(try await app.act("admin-medsos", "submit", on: coverage).status == .seeOther)
        _ = poster
        // action
        try await app.as("tim-pengelola") { browser in
            func titles(_ query: String) async throws -> [String] {
                let page = try await browser.get("/calendar?month=2026-11" + query)
                // check
                #expect(page.status == .ok, "\(query)")
                return CalendarReader.entries(page.body).filter { $0.kind == "content" }.map {
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

            // action
            let filtered = try await browser.get("/calendar?month=2026-11&channel=youtube")
            // check
            #expect(!CalendarReader.entries(filtered.body, kind: "peringatan", titled: "Hari Guru Nasional").isEmpty, "national days are not content: not filtered")
            #expect(filtered.contains("<option value=\"youtube\" selected>"))
            #expect(filtered.contains("month=2026-12&amp;channel=youtube") || filtered.contains("month=2026-12&channel=youtube"), "paging keeps the filter")
            let entry = try #require(CalendarReader.entries(filtered.body).first { $0.kind == "content" })
            #expect(entry.date == "2026-11-27")
            #expect(entry.classes.contains("status-in_review"))
            #expect(entry.has("Facebook, YouTube"))
        }
    }

    // MARK: - Latest start

    @Test func theCalendarShowsTheLatestStartAndFlagsLateItems() async throws {
        // setup
        let app = try await TestApp.dki()
        // Due Tuesday 24 November 10:00; 155 office minutes of steps: Monday 23 November 15:55.
        let item = try await app.createItem(fields: Fixtures.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        // action
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            let entry = try #require(CalendarReader.entries(calendar.body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.date == "2026-11-24")
            #expect(entry.has("Mulai paling lambat 23 Nov 2026 15.55"))
            #expect(!entry.classes.split(separator: " ").contains("late"))
        }
        // action
        app.clock.set("2026-11-23T15:55")
        try await app.as("admin-medsos") { browser in
            // check
            let entry = try #require(CalendarReader.entries(try await browser.get("/calendar?month=2026-11").body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(!entry.classes.split(separator: " ").contains("late"), "exactly at the latest start is not late yet")
        }
        // action
        app.clock.advance(minutes: 5)
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            let entry = try #require(CalendarReader.entries(calendar.body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.classes.split(separator: " ").contains("late"))
            #expect(entry.has("Mulai paling lambat 23 Nov 2026 15.55 · terlambat"))
            #expect(calendar.contains("Konten yang terlambat dimulai: 1"))
        }
        // Once submitted it still shows its latest start (the steps ahead still have to be done).
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        // action
        try await app.as("admin-medsos") { browser in
            // check
            let entry = try #require(CalendarReader.entries(try await browser.get("/calendar?month=2026-11").body, kind: "content", titled: "Informasi jadwal layanan").first)
            #expect(entry.has("Mulai paling lambat"))
        }
    }

    /// Was a bug until 39c495d: both notices showed with a count of 0 on every calendar page.
    @Test func noLateOrWarningBannerWhenNothingIsLate() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await app.createItem(fields: Fixtures.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        // action
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(calendar.status == .ok)
            #expect(!calendar.contains("Konten yang terlambat dimulai:"))
            #expect(!calendar.contains("Konten yang melanggar aturan waktu SOP:"))
        }
    }

    // MARK: - Queries sent nonsense

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
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get("/calendar?" + bad.query)
            // check
            #expect(page.status == .badRequest, "\(bad.query)")
            #expect(page.contains(bad.message), "\(bad.query): \(page.body.components(separatedBy: "error-heading").last?.prefix(300) ?? "")")
        }
    }

    @Test func calendarWithEveryJunkQuery() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("calendar queries")
        _ = try await app.createItem()
        // action
        try await app.as("kepala-bagian") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for name in ["month", "week", "view", "from", "to", "channel", "status", "kind"] {
                for value in Garbage.junkValues {
                    let page = try await probe.get("/calendar" + Garbage.query([(name, value)]))
                    // check
                    if page.status != .ok {
                        Garbage.refused(page, "calendar \(name)=\(value.prefix(20))", status: 400, says: [])
                        let body = HTMLText.unescape(page.body)
                        #expect([Garbage.words.month, Garbage.words.week, Garbage.words.range, Garbage.words.filter].contains { body.contains($0) },
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
            // action
            for combo in combos {
                let page = try await probe.get("/calendar?" + combo)
                // check
                if page.status != .ok { Garbage.refused(page, "calendar ?\(combo.prefix(60))", status: 400, says: []) }
            }
            // action
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
        // check
        tally.report()
    }
}
