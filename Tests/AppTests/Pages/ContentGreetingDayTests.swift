import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// An `ucapan` needs "Hari yang diberi ucapan": without it the on-or-before-the-day rule would
/// have nothing to check. Refused on saving and on handing on, the form coming back filled.
@Suite struct ContentGreetingDayTests {
    @Test func aGreetingWithoutItsDayIsRefusedAndComesBackFilled() async throws {
        // setup
        let app = try await TestApp.dki()
        let fields = Fixtures.contentFields(title: "Ucapan Hari Guru", kind: "ucapan", publishAt: "2026-11-25T06:00", dueOn: "")
        let before = try app.count("contentItem")
        // action
        try await app.as("admin-medsos") { browser async throws in
            try await browser.get("/content/new")
            let refused = try await browser.post("/content", fields)
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("Ucapan memerlukan &quot;Hari yang diberi ucapan&quot;: isi tanggal hari yang diberi ucapan."))
            #expect(refused.contains("value=\"Ucapan Hari Guru\""), "the title is kept")
            #expect(refused.contains("value=\"2026-11-25T06:00\""), "the planned time is kept")
            // action: whitespace is no day either
            let blank = try await browser.post("/content", fields.map { $0.0 == "due_on" ? ("due_on", "   ") : $0 })
            #expect(blank.status == .unprocessableContent)
            // action: with the day
            let saved = try await browser.post("/content", fields.map { $0.0 == "due_on" ? ("due_on", "2026-11-25") : $0 })
            #expect(saved.status == .seeOther)
        }
        #expect(try app.count("contentItem") == before + 1)
    }

    @Test func otherKindsNeedNoDay() async throws {
        let app = try await TestApp.dki()
        try await app.as("admin-medsos") { browser async throws in
            try await browser.get("/content/new")
            let saved = try await browser.post("/content", Fixtures.contentFields(title: "Info", kind: "informasi", publishAt: "2026-11-25T06:00"))
            #expect(saved.status == .seeOther)
        }
    }

    @Test func aGreetingStoredWithoutItsDayIsNotHandedOn() async throws {
        // setup: an item stored before the rule (straight into the database)
        let app = try await TestApp.dki()
        let author = try app.userId("admin-medsos")
        let (version, workflow) = try #require(app.services.institution.currentWorkflow)
        let draft = ContentDraft(title: "Ucapan lama", kind: .ucapan, caption: "Selamat!", channels: [.facebook], source: .other,
                                 publishAt: Fixtures.local("2026-11-25T06:00"))
        let id = try app.database.createItem(draft, workflowVersion: version, firstStep: workflow.steps[0], by: ContentActor(userId: author), now: app.clock.now)
        // action
        let refused = try await app.act("admin-medsos", "submit", on: "/content/\(id)")
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Ucapan memerlukan &quot;Hari yang diberi ucapan&quot;"))
        #expect(try await app.itemStatus("/content/\(id)") == "draft")
    }

    @Test(arguments: [("2026-11-21T10:00", "2026-11-25"), ("2026-11-25T20:00", "2026-11-25"), ("2026-11-26T10:00", "2027-11-25")])
    func theDemoGreetingIsPlannedOnItsDay(now: String, day: String) async throws {
        // setup
        let database = try AppDatabase.inMemory()
        // action
        _ = try await DemoSeeder(database: database, hasher: PasswordHasher(cost: 10)).seed(preset: .dkiKSD, now: Fixtures.local(now))
        // check: the next Hari Guru Nasional, 06:00 that morning, which the timing rule accepts
        let greeting = try #require(try database.items(status: nil, limit: 50, offset: 0).first { $0.item.kind == .ucapan }?.item)
        #expect(greeting.dueOn == day)
        #expect(greeting.publishAt == Fixtures.local(day + "T06:00"))
        #expect(TimingRules.check(kind: .ucapan, publishAt: greeting.publishAt, eventStart: nil, eventEnd: nil, dueDay: Day(day),
                                  timeZone: Fixtures.jakarta).isEmpty)
    }
}
