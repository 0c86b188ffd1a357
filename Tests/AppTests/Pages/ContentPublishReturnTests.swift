import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The publish step's way out (issue 13): an item that cannot go out (a channel that needs a
/// photo or video has none) is sent back to the drafter with a reason, as at a decide step; and a
/// text-only post the publisher confirmed says so in the history and on the control sheet.
@Suite struct ContentPublishReturnTests {
    /// An Instagram feed post without media, at the publish step of dki-ksd.
    func stuckItem(_ app: TestApp) async throws -> String {
        let item = try await app.createItem(fields: ContentMediaTests.bareFields("Tanpa foto", channels: ["instagram", "facebook"]))
        try await app.approveToPublish(item)
        return item
    }

    @Test func thePublisherSendsAStuckItemBackToTheDrafter() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.addUser("penerbit", roles: ["admin-medsos"], displayName: "Penerbit")
        let item = try await stuckItem(app)
        // check: the publish step offers "Kembalikan" with a required reason, under the publish form
        try await app.as("penerbit") { browser async throws in
            let page = try await browser.get(item)
            #expect(page.contains("<details class=\"decision reject publish-return\">"))
            #expect(!page.contains("id=\"decision\""), "under the publish form, not in the sticky bar that would cover it")
            #expect(page.contains("action=\"\(item)/reject\""))
            #expect(page.contains("id=\"publish-return-hint\""))
            #expect(page.contains("<textarea id=\"reason\" name=\"reason\" rows=\"3\" required>"))
        }
        // action
        let reason = "Belum ada foto kegiatan <untuk Instagram>."
        let answer = try await app.act("penerbit", "reject", on: item, [("reason", reason)])
        // check: back at the first step, in the history with the reason
        #expect(answer.status == .seeOther)
        let state = try app.itemState(item)
        #expect(state.position == 1)
        #expect(state.status == "draft")
        let last = try #require(Fixtures.history(try await app.json(item)).last)
        #expect(last["action"] as? String == "reject")
        #expect(last["comment"] as? String == reason)
        #expect(last["step_position"] as? Int == 6, "from the publish step")
        #expect(last["to_position"] as? Int == 1)
        // check: the drafter reads it like any other return
        try await app.as("admin-medsos") { browser async throws in
            let home = try await browser.get("/")
            #expect(home.contains("Dikembalikan oleh Penerbit, Admin Medsos: Belum ada foto kegiatan &lt;untuk Instagram&gt;."))
            let page = try await browser.get(item)
            #expect(page.contains("id=\"rejection\""))
        }
    }

    @Test func aReturnFromThePublishStepNeedsAReason() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await stuckItem(app)
        let before = try app.itemState(item)
        // action
        let refused = try await app.act("admin-medsos", "reject", on: item, [("reason", "  ")])
        // check: 422 on the item page, the publish form still there, nothing moved
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("id=\"action-errors\""))
        #expect(refused.contains("class=\"stack decision publish\""), "the page is kept, with its publish form")
        #expect(try app.itemState(item) == before)
    }

    @Test func onlyThePublishingRoleReturnsFromThePublishStep() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await stuckItem(app)
        // action
        let refused = try await app.act("tim-pengelola", "reject", on: item, [("reason", "Bukan giliran saya.")])
        // check
        #expect(refused.status == .forbidden)
        #expect(try app.itemState(item).status == "ready_to_publish")
    }

    @Test func aConfirmedTextOnlyPostIsRecorded() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: ContentMediaTests.bareFields("Cerita teks", channels: ["instagram-story", "facebook"]))
        try await app.approveToPublish(item)
        // action
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram-story", Fixtures.validLink(.instagramStory)), ("link_facebook", Fixtures.validLink(.facebook)), ("text_only", "1"),
        ])
        // check: the history and the control sheet say it, in the reader's language
        #expect(published.status == .seeOther)
        let last = try #require(Fixtures.history(try await app.json(item)).last)
        #expect(last["action"] as? String == "publish")
        #expect(last["text_only"] as? Bool == true)
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get(item).contains("Diunggah tanpa foto/video (teks saja)."))
            #expect(try await browser.get(item + "/sheet").contains("Diunggah tanpa foto/video (teks saja)."))
            try await browser.post("/language", [("lang", "en"), ("next", item)])
            #expect(try await browser.get(item).contains("Published without a photo or video (text only)."))
        }
    }

    @Test func aPostWithMediaRecordsNoTextOnlyMark() async throws {
        // setup: a media link; the publisher ticks nothing that applies
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Dengan media"))
        try await app.approveToPublish(item)
        // action
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)), ("text_only", "1"),
        ])
        // check
        #expect(published.status == .seeOther)
        let last = try #require(Fixtures.history(try await app.json(item)).last)
        #expect(last["text_only"] as? Bool == false)
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await !browser.get(item).contains("teks saja)."))
        }
    }
}
