import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The secret iCalendar feed (`/calendar.ics?token=…`) and the account page's forms that make,
/// renew and revoke it.
@Suite struct CalendarFeedTests {
    @Test func eachUserHasASecretRevocableFeed() async throws {
        // setup
        let app = try await TestApp.dki()
        let longTitle = "Penandatanganan nota kesepahaman kerja sama daerah — Provinsi DKI Jakarta dengan Pemerintah Kota Surabaya"
        _ = try await app.createAgenda(Fixtures.agendaFields(title: longTitle))
        _ = try await app.createItem(fields: Fixtures.contentFields(
            title: "Informasi jadwal layanan", kind: "informasi", publishAt: "2026-11-24T10:00"))
        // action
        let firstToken = try await app.runAs("admin-medsos") { browser in
            let before = try await browser.get("/account")
            // check
            #expect(before.status == .ok)
            #expect(!before.contains("id=\"feed-link\""))
            #expect(!before.contains("calendar.ics"))
            #expect(before.contains("id=\"feed-create\""))
            // action
            let created = try await browser.post("/account/calendar-feed")
            // check
            #expect(created.status == .seeOther)
            #expect(created.location == "/account?ok=feed_renewed#feed")
            // action
            return try CalendarReader.feedToken(try await browser.get("/account"))
        }
        // check
        #expect(firstToken.count >= 32)

        // action
        let feed = try await app.fetchFeed(firstToken)
        // check
        #expect(feed.status == .ok)
        #expect(feed.headers[.contentType]?.hasPrefix("text/calendar") == true)
        #expect(feed.body.hasPrefix("BEGIN:VCALENDAR\r\n"))
        #expect(feed.body.hasSuffix("END:VCALENDAR\r\n"))
        // action
        let lines = feed.body.components(separatedBy: "\r\n").dropLast()
        // check
        #expect(!lines.isEmpty)
        for line in lines {
            #expect(line.utf8.count <= 75, "\(line)")
            #expect(!line.contains("\n") && !line.contains("\r"), "every line ends with CRLF")
        }
        // action
        let unfolded = feed.body.replacingOccurrences(of: "\r\n ", with: "")
        // check
        #expect(unfolded.contains("SUMMARY:\(longTitle)"), "the long title is folded, not cut")
        #expect(lines.contains { $0.hasPrefix(" ") }, "so at least one line is a continuation")
        #expect(unfolded.contains("Hari Raya Natal"))
        #expect(unfolded.contains("Informasi jadwal layanan"))
        func uids(_ body: String) -> [String] {
            body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        // action
        let firstUIDs = uids(feed.body)
        // check
        #expect(Set(firstUIDs).count == firstUIDs.count, "no UID twice")
        #expect(firstUIDs.count == feed.body.components(separatedBy: "BEGIN:VEVENT").count - 1)
        // action
        app.clock.advance(minutes: 30)
        let second = try await app.fetchFeed(firstToken)
        // check
        #expect(uids(second.body) == firstUIDs, "stable UIDs across fetches")

        #expect(try await app.fetchFeed("wrong-token").status == .notFound)
        #expect(try await app.fetchFeed(String(firstToken.dropLast()) + (firstToken.hasSuffix("a") ? "b" : "a")).status == .notFound)
        #expect(try await app.runReturning { try await $0.get("/calendar.ics") }.status == .notFound, "no token")
        #expect(try await app.fetchFeed(String(repeating: "a", count: 5000)).status == .notFound)

        // action
        // Renewing: the old address stops, the new one works.
        let renewed = try await app.runAs("admin-medsos") { browser in
            try await browser.get("/account")
            // check
            #expect(try await browser.post("/account/calendar-feed").status == .seeOther)
            // action
            return try CalendarReader.feedToken(try await browser.get("/account"))
        }
        // check
        #expect(renewed != firstToken)
        #expect(try await app.fetchFeed(firstToken).status == .notFound)
        #expect(try await app.fetchFeed(renewed).status == .ok)

        // action
        // Revoking: no address at all.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            let revoked = try await browser.post("/account/calendar-feed/revoke")
            // check
            #expect(revoked.location == "/account?ok=feed_revoked#feed")
            // action
            let page = try await browser.get("/account")
            // check
            #expect(!page.contains("id=\"feed-link\""))
            #expect(page.contains("id=\"feed-create\""))
        }
        #expect(try await app.fetchFeed(renewed).status == .notFound)
    }

    @Test func theFeedCarriesImportedEventsFaithfully() async throws {
        // setup
        let app = try await TestApp.dki()
        #expect(try await app.importCalendar(ICSFiles.sample()).status == .seeOther)
        // action
        let token = try await app.runAs("kepala-biro") { browser in
            try await browser.get("/account")
            try await browser.post("/account/calendar-feed")
            return try CalendarReader.feedToken(try await browser.get("/account"))
        }
        let feed = try await app.fetchFeed(token)
        // check
        #expect(feed.status == .ok)
        // action
        let events = feed.body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "BEGIN:VEVENT").dropFirst()
        // check
        func event(_ summary: String) -> [String] { events.filter { $0.contains("SUMMARY:\(summary)\r\n") } }
        // 10:00 WITA is 02:00 UTC.
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").count == 1)
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").first?.contains("DTSTART:20261124T020000Z\r\nDTEND:20261124T040000Z") == true)
        #expect(event("Rapat koordinasi dengan Pemerintah Provinsi Jawa Barat").first?.contains("LOCATION:Ruang Rapat Lt. 3") == true)
        // An all-day event keeps its date form and its exclusive end.
        #expect(event("Kunjungan kerja ke Kepulauan Seribu").first?.contains("DTSTART;VALUE=DATE:20261126\r\nDTEND;VALUE=DATE:20261127") == true)
        // The weekly series is one event with its rule, in its zone (issue 13).
        let apel = event("Apel pagi")
        #expect(apel.count == 1)
        #expect(apel.first?.contains("DTSTART;TZID=Asia/Jakarta:20261102T073000\r\nDTEND;TZID=Asia/Jakarta:20261102T083000") == true)
        #expect(apel.first?.contains("RRULE:FREQ=WEEKLY;COUNT=3\r\n") == true)
        // The national days are all-day events labelled with their kind.
        #expect(event("Hari Raya Natal (Libur nasional)").first?.contains("DTSTART;VALUE=DATE:20261225\r\nDTEND;VALUE=DATE:20261226") == true)
        #expect(event("Cuti Bersama Hari Raya Natal (Cuti bersama)").count == 1)
    }

    @Test func aDisabledUsersFeedIs404AndFeedsArePerUser() async throws {
        // setup
        let app = try await TestApp.dki()
        let userId = try #require(try app.database.userRecord(username: "kasubbag-tu")?.id)
        // action
        func token(_ username: String) async throws -> String {
            try await app.runAs(username) { browser in
                try await browser.get("/account")
                try await browser.post("/account/calendar-feed")
                return try CalendarReader.feedToken(try await browser.get("/account"))
            }
        }
        // check
        let kasubbag = try await token("kasubbag-tu")
        let drafter = try await token("admin-medsos")
        #expect(kasubbag != drafter)
        #expect(try await app.fetchFeed(kasubbag).status == .ok)
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/\(userId)")
            // check
            #expect(try await browser.post("/admin/users/\(userId)/disable").status == .seeOther)
        }
        #expect(try await app.fetchFeed(kasubbag).status == .notFound)
        #expect(try await app.fetchFeed(drafter).status == .ok, "the others keep theirs")
        // action
        // Another user's renewal does not touch it; a feed POST needs the CSRF token.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            // check
            #expect(try await browser.post("/account/calendar-feed", [("csrf_token", "forged")]).status == .forbidden)
        }
        #expect(try await app.fetchFeed(drafter).status == .ok)
    }

    /// Moved from the browser suite (`test_calendar_feed_subscribe_and_revoke`, check A6 of issue 12):
    /// a token one character off, no token and an empty token are each a plain 404.
    @Test func aWrongOrMissingFeedTokenIsAPlain404() async throws {
        // setup: a Kepala Bagian makes a feed; the account page shows its address once
        let app = try await TestApp.dki()
        let token = try await app.runAs("kepala-bagian") { browser in
            try await browser.get("/account")
            #expect(try await browser.post("/account/calendar-feed").status == .seeOther)
            return try CalendarReader.feedToken(try await browser.get("/account"))
        }
        let wrong = String(token.dropLast()) + (token.hasSuffix("A") ? "B" : "A")
        // action: each without any cookie
        let right = try await app.fetchFeed(token)
        let oneOff = try await app.fetchFeed(wrong)
        let none = try await app.runReturning { anonymous in try await anonymous.get("/calendar.ics") }
        let empty = try await app.runReturning { anonymous in try await anonymous.get("/calendar.ics?token=") }
        // check
        #expect(right.status == .ok, "the address itself works")
        #expect(oneOff.status == .notFound)
        #expect(none.status == .notFound)
        #expect(empty.status == .notFound)
    }

    @Test func feedTokensAreKeptOnlyAsHashesAndShownOnce() async throws {
        // setup
        let app = try await TestApp.dki()
        let shown = PageBox()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            let made = try await browser.post("/account/calendar-feed")
            // check
            #expect(made.status == .seeOther)
            // action
            shown.page = try await browser.get("/account")
            // check
            #expect(shown.page?.headers[.cacheControl] == "no-store")
            // action
            let later = try await browser.get("/account")
            // check
            #expect(!later.contains("?token="), "the address is not shown again")
            #expect(later.contains("id=\"feed-active\""))
        }
        let url = try #require(TestBrowser.firstMatch(in: shown.page?.body ?? "", after: "id=\"feed-url\" type=\"text\" readonly value=\""))
        let token = try #require(url.components(separatedBy: "token=").last)
        #expect(url.hasPrefix("http://127.0.0.1:8080/calendar.ics?token="))
        // action
        try await app.database.writer.read { db in
            let values = try Row.fetchAll(db, sql: "SELECT * FROM calendarFeed").flatMap { row in row.databaseValues.map(\.description) }
            // check
            #expect(!values.contains { $0.contains(token) }, "no column holds the token itself")
        }
        // action
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            // check
            #expect(answer.status == .ok)
        }
    }

    @Test func aDisabledAccountsFeedDoesNotComeBackWhenEnabledAgain() async throws {
        // setup
        let app = try await TestApp.dki()
        let userId = try #require(try app.database.userRecord(username: "admin-medsos")?.id)
        let token = try app.database.renewCalendarFeed(userId: userId, now: app.clock.now)
        // action
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            // check
            #expect(answer.status == .ok)
        }
        // action
        try app.database.setActive(userId: userId, false, now: app.clock.now)
        try app.database.setActive(userId: userId, true, now: app.clock.now)
        try await app.run { feed in
            let answer = try await feed.get("/calendar.ics?token=\(token)")
            // check
            #expect(answer.status == .notFound)
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)
    }

    // MARK: - Tokens and forms sent nonsense

    @Test func calendarFeedTokensAndAccountFeedForms() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("feed and account")
        let userId = try app.userId("tim-pengelola")
        // action
        try await app.run { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for token in ["", " ", "x", String(repeating: "a", count: 100), String(repeating: "a", count: 101), String(repeating: "a", count: 100_000),
                          "é", "👨‍👩‍👧", "\u{0}", "' OR '1'='1", "%", "_", "*", "../../etc/passwd", "null"] {
                let page = try await probe.get("/calendar.ics" + Garbage.query([("token", token)]))
                Garbage.refused(page, "feed token \(token.prefix(20))", status: 404, says: [Garbage.words.notFound404])
            }
            for raw in ["", "?", "?token", "?token=", "?token=a&token=b", "?TOKEN=a", "?token=%00", "?token=%ZZ", "?token[]=a", "?token=%E2%80%AE"] {
                let page = try await probe.get("/calendar.ics" + raw)
                // check
                Garbage.refused(page, "feed \(raw)", status: 404, says: [Garbage.words.notFound404])
            }
            // action
            // The feed takes no form.
            let post = try await probe.post("/calendar.ics", [("token", "x")], csrf: false)
            // check
            #expect((300..<500).contains(post.status.code), "POST /calendar.ics: \(post.status)")
            // Anonymous: the account forms send to the login page, and store nothing.
            for path in ["/account/calendar-feed", "/account/calendar-feed/revoke"] {
                Garbage.toLogin(try await probe.post(path, [], csrf: false), "anonymous \(path)")
            }
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)

        // action
        try await app.as("tim-pengelola") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/account")
            // check
            for path in ["/account/calendar-feed", "/account/calendar-feed/revoke"] {
                Garbage.refused(try await probe.post(path, [], csrf: false), "\(path) without token", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.post(path, [("csrf_token", "palsu")]), "\(path) with a wrong token", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.post(path, [("csrf_token", "")]), "\(path) with an empty token", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.post(path, [("csrf_token", browser.csrfToken + "x")]), "\(path) with a longer token", status: 403, says: [Garbage.words.csrf])
                Garbage.refused(try await probe.raw(path, body: "csrf_token=%ZZ"), "\(path) with a malformed body", status: 400, says: [Garbage.words.malformed])
                Garbage.refused(try await probe.upload(path, [], file: "a.txt", type: "text/plain", bytes: [1]), "\(path) multipart", says: [Garbage.words.malformed])
                // action
                try await probe.get("/account")
            }
            // check
            #expect(try app.database.calendarFeed(userId: userId) == nil, "refused forms made no feed")

            // action
            // Revoking a feed that does not exist, twice.
            for _ in 0..<2 {
                let page = try await probe.post("/account/calendar-feed/revoke", [("junk", String(repeating: "x", count: 10_000))])
                // check
                #expect(page.status == .seeOther)
            }
            // Renewing twice (a double submit): the second token replaces the first; the first no longer opens.
            #expect(try await probe.post("/account/calendar-feed").status == .seeOther)
            // action
            let firstPage = try await probe.get("/account")
            // check
            let first = try #require(TestBrowser.firstMatch(in: firstPage.body, after: "?token="))
            #expect(try await probe.post("/account/calendar-feed").status == .seeOther)
            // action
            let secondPage = try await probe.get("/account")
            // check
            let second = try #require(TestBrowser.firstMatch(in: secondPage.body, after: "?token="))
            #expect(try app.database.calendarFeed(userId: userId) != nil)
            #expect(first != second)
            Garbage.refused(try await probe.get("/calendar.ics?token=\(first)"), "old token", status: 404, says: [Garbage.words.notFound404])
            #expect(try await probe.get("/calendar.ics?token=\(second)").status == .ok)
            #expect(try await probe.get("/calendar.ics?token=\(second)&token=\(first)").status.code < 500)
            #expect(try await probe.get("/calendar.ics?token=\(first)&token=\(second)").status.code < 500)
            #expect(try await probe.get("/calendar.ics?token=\(second)&month=x&week=y&view=z").status == .ok, "other junk parameters are ignored")
            // action
            let account = try await probe.get("/account")
            // check
            #expect(account.status == .ok)
            // Revoking twice: both answer, the token is gone.
            #expect(try await probe.post("/account/calendar-feed/revoke").status == .seeOther)
            #expect(try await probe.post("/account/calendar-feed/revoke").status == .seeOther)
            Garbage.refused(try await probe.get("/calendar.ics?token=\(second)"), "revoked token", status: 404, says: [Garbage.words.notFound404])
        }
        #expect(try app.database.calendarFeed(userId: userId) == nil)
        tally.report()
    }

    // MARK: - Issue 13: series, descriptions, UIDs, published posts

    /// The feed of a fresh token of `username`.
    static func feed(_ app: TestApp, as username: String = "kepala-biro") async throws -> String {
        let token = try await app.runAs(username) { browser in
            try await browser.get("/account")
            try await browser.post("/account/calendar-feed")
            return try CalendarReader.feedToken(try await browser.get("/account"))
        }
        let feed = try await app.fetchFeed(token)
        #expect(feed.status == .ok)
        return feed.body
    }

    static func events(_ body: String) -> [String] {
        Array(body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "BEGIN:VEVENT").dropFirst())
    }

    @Test func aRecurringAgendaItemIsOneEventWhoseRuleOurReaderExpandsToTheSameDays() async throws {
        // setup: the sample's weekly series, and a daily one with an exception moved and one dropped
        let app = try await TestApp.dki()
        #expect(try await app.importCalendar(ICSFiles.sample()).status == .seeOther)
        let daily = ICSFiles.events([
            ["UID:piket@eoffice.example", "DTSTART;TZID=Asia/Jakarta:20261123T160000", "DTEND;TZID=Asia/Jakarta:20261123T170000",
             "RRULE:FREQ=DAILY;BYDAY=MO, TU, WE, TH, FR;UNTIL=20261204T235959", "EXDATE;TZID=Asia/Jakarta:20261125T160000", "SUMMARY:Piket sore"],
            ["UID:piket@eoffice.example", "RECURRENCE-ID;TZID=Asia/Jakarta:20261126T160000", "DTSTART;TZID=Asia/Jakarta:20261126T180000",
             "DTEND;TZID=Asia/Jakarta:20261126T190000", "SUMMARY:Piket sore (digeser)"],
        ])
        #expect(try await app.importCalendar(daily, name: "piket.ics").status == .seeOther)
        // action
        let body = try await Self.feed(app)
        let events = Self.events(body)
        // check: each series once, with its rule and exceptions
        let piket = events.filter { $0.contains("SUMMARY:Piket sore\r\n") }
        #expect(piket.count == 1)
        #expect(piket.first?.contains("RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20261204T165959Z\r\n") == true, "\(piket)")
        #expect(piket.first?.contains("EXDATE;TZID=Asia/Jakarta:20261125T160000,20261126T160000\r\n") == true, "the moved one is excluded too")
        #expect(events.filter { $0.contains("SUMMARY:Piket sore (digeser)") }.first?.contains("DTSTART:20261126T110000Z") == true)
        #expect(body.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Jakarta\r\n"))
        #expect(body.components(separatedBy: "BEGIN:VTIMEZONE").count == 2, "each zone defined once")
        // action: our own reader, over the feed's text
        let read = try ICalendarReader.parse(body, defaultTimeZone: TimeZone(identifier: "UTC")!)
        let from = ISO8601DateFormatter().date(from: "2026-11-01T00:00:00Z")!, to = ISO8601DateFormatter().date(from: "2026-12-31T00:00:00Z")!
        func starts(_ summary: String) -> [String] {
            read.filter { $0.summary == summary }.occurrences(from: from, to: to).map {
                ISO8601DateFormatter().string(from: $0.start).replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            }
        }
        // check
        #expect(starts("Apel pagi") == ["20261102T003000Z", "20261109T003000Z", "20261116T003000Z"])
        #expect(starts("Piket sore") == ["20261123T090000Z", "20261124T090000Z", "20261127T090000Z", "20261130T090000Z", "20261201T090000Z",
                                         "20261202T090000Z", "20261203T090000Z", "20261204T090000Z"])
        #expect(starts("Piket sore (digeser)") == ["20261126T110000Z"])
    }

    @Test func agendaNotesCoverageOwnerAndImportedDescriptionsAreInTheDescription() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await app.createAgenda(Fixtures.agendaFields(title: "Rapat dengan DPRD", owner: "Sekda", notes: "Bawa bahan paparan; 3 rangkap, \\ map",
                                                              needsCoverage: true))
        let file = ICSFiles.events([
            ["UID:kunker-2@eoffice.example", "DTSTART;VALUE=DATE:20261127", "DTEND;VALUE=DATE:20261128", "SUMMARY:Kunjungan ke Bekasi",
             "DESCRIPTION:Rombongan berangkat 07.00\\nBus dinas"],
        ])
        #expect(try await app.runAs("admin-medsos") { browser in
            try await browser.get("/agenda")
            return try await browser.importAgenda([("owner", "Kepala Biro")], files: [("file", "kunker.ics", "text/calendar", file)])
        }.status == .seeOther)
        // action
        let events = Self.events(try await Self.feed(app))
        // check
        let meeting = try #require(events.first { $0.contains("SUMMARY:Rapat dengan DPRD\r\n") })
        #expect(meeting.contains("DESCRIPTION:Agenda milik: Sekda\\nPerlu diliput\\n\\nBawa bahan paparan\\; 3 rangkap\\, \\\\ map\r\n"), "\(meeting)")
        let visit = try #require(events.first { $0.contains("SUMMARY:Kunjungan ke Bekasi\r\n") })
        #expect(visit.contains("DTSTART;VALUE=DATE:20261127"))
        #expect(visit.contains("DESCRIPTION:Agenda milik: Kepala Biro\\n\\nRombongan berangkat 07.00\\nBus dinas\r\n"), "\(visit)")
        // The feed reads back to the same text.
        let read = try ICalendarReader.parse(try await Self.feed(app), defaultTimeZone: TimeZone(identifier: "Asia/Jakarta")!)
        #expect(read.first { $0.summary == "Rapat dengan DPRD" }?.description == "Agenda milik: Sekda\nPerlu diliput\n\nBawa bahan paparan; 3 rangkap, \\ map")
    }

    @Test func uidsEndInTheInstitutionsOwnDomain() async throws {
        // setup
        let configured = try await TestApp.make { $0.publicURL = "https://Humas.Jakarta.go.id/" }
        try await configured.addUser("kepala-biro", roles: ["kepala-biro"])
        _ = try await configured.createAgenda(as: "kepala-biro")
        let plain = try await TestApp.dki()
        _ = try await plain.createAgenda()
        // action
        func uids(_ body: String) -> [String] {
            body.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { $0.hasPrefix("UID:") }
        }
        let withHost = uids(try await Self.feed(configured))
        let withoutHost = uids(try await Self.feed(plain))
        // check
        #expect(!withHost.isEmpty && withHost.allSatisfy { $0.hasSuffix("@humas.jakarta.go.id") }, "\(withHost.prefix(3))")
        #expect(!withoutHost.isEmpty && withoutHost.allSatisfy { $0.hasSuffix("@biro-kerja-sama-daerah.warta.invalid") }, "\(withoutHost.prefix(3))")
        #expect(!(withHost + withoutHost).contains { $0.hasSuffix("@warta") })
        #expect(CalendarFeedController.uidDomain(publicURL: nil, institutionName: "  ") == "warta.invalid")
        #expect(CalendarFeedController.uidDomain(publicURL: nil, institutionName: "Dinas Kominfo — Kab. Banyumas") == "dinas-kominfo-kab-banyumas.warta.invalid")
    }

    @Test func aPublishedPostIsShownWhenItWentLiveNotWhenItWasPlanned() async throws {
        // setup: planned for Saturday 21 November 13:00, published early, now (10:00 WIB)
        let app = try await TestApp.dki()
        let item = try await app.publishedItem(title: "Unggahan lebih awal")
        let id = try #require(Int64(item.components(separatedBy: "/").last ?? ""))
        #expect(try await app.database.writer.read { db in try Date.fetchOne(db, sql: "SELECT publishedAt FROM contentItem WHERE id = ?", arguments: [id]) }
                == TestClock.start)
        // action
        let list = try await app.runAs("admin-medsos") { try await $0.get("/calendar?view=list&from=2026-11-20&to=2026-11-27") }
        let week = try await app.runAs("admin-medsos") { try await $0.get("/calendar?week=2026-W47") }
        let feed = Self.events(try await Self.feed(app)).filter { $0.contains("Unggahan lebih awal") }
        // check
        for page in [list, week] {
            let entries = CalendarReader.entries(page.body, kind: "content", titled: "Unggahan lebih awal")
            #expect(entries.map(\.date) == ["2026-11-21"], "\(entries)")
            #expect(entries.first?.has("10.00") == true && entries.first?.has("13.00") == false, "\(entries)")
        }
        #expect(feed.count == 1)
        #expect(feed.first?.contains("DTSTART:20261121T030000Z") == true, "10:00 WIB, not the planned 06:00 UTC: \(feed)")
        // On another day: published on the 23rd, planned for the 21st, it moves to the 23rd.
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE contentItem SET publishedAt = ? WHERE id = ?", arguments: [TestClock.start.addingTimeInterval(2 * 86400), id])
        }
        let moved = try await app.runAs("admin-medsos") { try await $0.get("/calendar?view=list&from=2026-11-20&to=2026-11-27") }
        #expect(CalendarReader.entries(moved.body, kind: "content", titled: "Unggahan lebih awal").map(\.date) == ["2026-11-23"])
        // A post not yet published stays at its planned time.
        _ = try await app.createItem(fields: Fixtures.contentFields(title: "Masih rencana", kind: "informasi", publishAt: "2026-11-25T13:00"))
        let planned = try await app.runAs("admin-medsos") { try await $0.get("/calendar?view=list&from=2026-11-20&to=2026-11-27") }
        #expect(CalendarReader.entries(planned.body, kind: "content", titled: "Masih rencana").map(\.date) == ["2026-11-25"])
    }
}
