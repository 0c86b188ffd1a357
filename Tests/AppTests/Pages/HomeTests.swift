import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The home page, "Tugas saya" (`/`): what waits for each role, oldest first, with overdue flags and
/// pages of fifty, and the greetings due for those who draft.
@Suite struct HomeTests {
    @Test func tugasSayaListsWaitingItemsOldestFirstWithOverdueFlags() async throws {
        // setup
        let app = try await TestApp.dki()
        let first = try await app.createItem(fields: Fixtures.itemFields(title: "Pertama"))
        try await app.act("admin-medsos", "submit", on: first)
        app.clock.advance(minutes: 30)
        let second = try await app.createItem(fields: Fixtures.itemFields(title: "Kedua"))
        try await app.act("admin-medsos", "submit", on: second)
        app.clock.advance(minutes: 45)  // Saturday: no office minutes pass
        // action
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            // check
            let firstAt = try #require(home.body.range(of: ">Pertama<")), secondAt = try #require(home.body.range(of: ">Kedua<"))
            #expect(firstAt.lowerBound < secondAt.lowerBound, "oldest first")
            #expect(home.contains("<span class=\"count\""), "a count in the navigation")
            #expect(!home.contains("class=\"overdue\""), "the weekend does not count")
        }
        // action
        // Monday 08:31: 61 office minutes since 07:30 against a standard of 60.
        app.clock.set("2026-11-23T08:31")
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            // check
            #expect(home.contains("class=\"overdue\""))
            #expect(home.contains("lewat 1 menit"))
        }
        // action
        try await app.as("kepala-biro") { browser async throws in
            // check
            #expect(try await browser.get("/").contains("Tidak ada konten yang menunggu Anda."))
        }
        // action
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            // check
            #expect(home.contains("Konten saya yang sedang berjalan"))
            #expect(home.contains(">Pertama</a>"))
        }
    }

    @Test func tasksComeFiftyToAPageOldestFirstWithTheTotal() async throws {
        // setup
        let app = try await TestApp.dki()
        let author = try #require(try app.database.userRecord(username: "admin-medsos")?.id)
        let (version, workflow) = try #require(app.services.institution.currentWorkflow)
        for index in 0..<62 {
            let draft = ContentDraft(title: String(format: "Tugas %02d", index), kind: .informasi, caption: "Isi", channels: [.instagram], source: .other)
            let id = try app.database.createItem(draft, workflowVersion: version, firstStep: workflow.steps[0], by: ContentActor(userId: author), now: app.clock.now)
            _ = try app.database.applyAction(.submit, itemId: id, expectedVersion: 1, workflow: workflow, by: ContentActor(userId: author), comment: nil,
                                             links: [], calendar: app.services.institution.officeCalendar, now: app.clock.now)
            app.clock.advance(minutes: 1)
        }
        // action
        try await app.as("tim-pengelola") { browser in
            let first = try await browser.get("/")
            // check
            #expect(first.contains("<span class=\"count-pill\">62</span>"))
            #expect(first.contains("1–50 dari 62"))
            #expect(first.contains(">Tugas 00<") && first.contains(">Tugas 49<") && !first.contains(">Tugas 50<"))
            // action
            let second = try await browser.get("/?page=2")
            // check
            #expect(second.contains("51–62 dari 62"))
            #expect(second.contains(">Tugas 61<") && !second.contains(">Tugas 49<"))
            #expect(second.contains("href=\"/?page=1\""))
        }
    }

    @Test func aHugePageNumberIsNot500() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/?page=9223372036854775807").status == .ok)
        }
    }

    // MARK: - Greetings due

    @Test func theHomePageRemindsDraftersOfGreetingsDue() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            // check
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
        // action
        _ = try await app.createItem(fields: Fixtures.contentFields(
            title: "Ucapan Hari Guru Nasional", kind: "ucapan", publishAt: "2026-11-25T06:00", dueOn: "2026-11-25"))
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            // check
            #expect(!home.contains("data-date=\"2026-11-25\""), "planned: no longer reminded")
            #expect(home.contains("data-date=\"2026-11-29\""))
            // action
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            let day = try #require(CalendarReader.entries(calendar.body, kind: "peringatan", titled: "Hari Guru Nasional").first)
            #expect(day.has("ucapan sudah direncanakan"))
            #expect(!day.has("plan=ucapan"), "no second greeting offered")
            let korpri = try #require(CalendarReader.entries(calendar.body, kind: "peringatan", titled: "HUT KORPRI").first)
            #expect(korpri.has("plan=ucapan"))
            let greeting = try #require(CalendarReader.entries(calendar.body, kind: "content", titled: "Ucapan Hari Guru Nasional").first)
            #expect(greeting.date == "2026-11-25")
        }
        // action
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            // check
            #expect(home.status == .ok)
            #expect(!home.contains("id=\"greetings-due\""), "someone who cannot draft is not reminded")
            #expect(!home.contains("Buat ucapan"))
            // action
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(!calendar.contains("plan=ucapan"), "nor offered to draft from the calendar")
            #expect(!calendar.contains("/content/new?date="))
        }
    }
}
