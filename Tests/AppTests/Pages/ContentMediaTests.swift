import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Channels that need a photo or video (Instagram, Instagram Story, TikTok, YouTube): warned at
/// submission and at each decision, and publishing waits for media or, where the channel has a
/// text-only post, for the publisher's confirmation.
@Suite struct ContentMediaTests {
    /// The content form of an item on `channels` with no media at all.
    static func bareFields(_ title: String, channels: [String]) -> [(String, String)] {
        Fixtures.itemFields(title: title, channels: channels).map { $0.0 == "media_links" ? ("media_links", "") : $0 }
    }

    /// Submits and approves through every decide step of dki-ksd; the page each action leads to
    /// carries the warning as an alert, or none.
    func walkToPublish(_ app: TestApp, _ item: String, warned: Bool) async throws {
        for (role, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"),
                               ("kepala-bagian", "approve"), ("kepala-biro", "approve")] {
            let answer = try await app.act(role, action, on: item)
            #expect(answer.status == .seeOther, "\(role) \(action)")
            let location = try #require(answer.location)
            #expect(location == item + "?ok=content_\(action)", "the answer leads to the item")
            try await app.as(role) { browser async throws in
                let page = try await browser.get(location)
                #expect(page.contains("id=\"media-warning\" role=\"alert\"") == warned, "\(role)'s \(action)")
            }
        }
    }

    @Test func anInstagramPostWithoutMediaIsWarnedAndNotPublished() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Self.bareFields("Tanpa foto", channels: ["instagram", "facebook"]))
        // check: the page warns before anything happens
        try await app.as("admin-medsos") { browser async throws in
            let page = try await browser.get(item)
            #expect(page.contains("id=\"media-warning\" role=\"note\">Belum ada foto atau video untuk kanal yang memerlukannya: Instagram."))
        }
        // action: every step goes ahead, each answer carrying the warning
        try await walkToPublish(app, item, warned: true)
        try await app.as("admin-medsos") { browser async throws in
            let page = try await browser.get(item)
            #expect(page.contains("id=\"media-warning\" role=\"note\""), "the publisher reads it too")
            #expect(!page.contains("name=\"text_only\""), "an Instagram feed post has no text-only form")
        }
        // action: publishing is refused, even with a text-only confirmation
        for extra in [[], [("text_only", "1")]] {
            let refused = try await app.act("admin-medsos", "publish", on: item, [
                ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)),
            ] + extra)
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("Instagram tidak dapat diunggah tanpa foto atau video, dan konten ini belum memilikinya."))
            #expect(refused.contains("value=\"https://www.facebook.com/biroksd/posts/42\""), "the typed links are kept")
        }
        #expect(try await app.itemStatus(item) == "ready_to_publish")
        #expect(Fixtures.linkURLs(try await app.json(item)).isEmpty, "no link recorded")
    }

    @Test func aStoryMayGoOutAsTextOnlyOnceThePublisherConfirms() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Self.bareFields("Cerita teks", channels: ["instagram-story", "facebook"]))
        try await walkToPublish(app, item, warned: true)
        let links = [("link_instagram-story", Fixtures.validLink(.instagramStory)), ("link_facebook", Fixtures.validLink(.facebook))]
        // check: the publish form offers the confirmation
        try await app.as("admin-medsos") { browser async throws in
            let page = try await browser.get(item)
            #expect(page.contains("name=\"text_only\" value=\"1\" id=\"text_only\">"))
            #expect(page.contains("Diunggah tanpa foto atau video (teks saja) di Instagram Story"))
        }
        // action: without it
        let refused = try await app.act("admin-medsos", "publish", on: item, links)
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Instagram Story belum memiliki foto atau video."))
        // action: a hostile value is no confirmation
        let odd = try await app.act("admin-medsos", "publish", on: item, links + [("text_only", "yes<script>")])
        #expect(odd.status == .unprocessableContent)
        #expect(!odd.contains("yes<script>"))
        // action: confirmed
        let published = try await app.act("admin-medsos", "publish", on: item, links + [("text_only", "1")])
        // check
        #expect(published.status == .seeOther)
        #expect(try await app.itemStatus(item) == "published")
    }

    @Test func aYouTubePostNeedsAVideoNotAPhoto() async throws {
        // setup: a photo upload, on YouTube and Facebook
        let app = try await TestApp.dki()
        let box = ItemPath()
        try await app.as("admin-medsos") { browser async throws in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Self.bareFields("Video profil", channels: ["youtube", "facebook"]),
                                                         files: [("media_files", "sampul.png", "image/png", Fixtures.png)])
            #expect(answer.status == .seeOther)
            box.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let item = box.value
        // check
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get(item).contains("kanal yang memerlukannya: YouTube (video)."))
        }
        try await walkToPublish(app, item, warned: true)
        let refused = try await app.act("admin-medsos", "publish", on: item, [
            ("link_youtube", Fixtures.validLink(.youtube)), ("link_facebook", Fixtures.validLink(.facebook)), ("text_only", "1"),
        ])
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("YouTube tidak dapat diunggah tanpa video"))
    }

    @Test func mediaOrATextChannelMeansNoWarning() async throws {
        // setup: a media link on Instagram; and Facebook and X alone with nothing
        let app = try await TestApp.dki()
        let linked = try await app.createItem(fields: Fixtures.itemFields(title: "Dengan tautan media"))
        let textOnly = try await app.createItem(fields: Self.bareFields("Teks saja", channels: ["facebook"]))
        // action + check
        for item in [linked, textOnly] {
            try await app.as("admin-medsos") { browser async throws in
                #expect(try await !browser.get(item).contains("id=\"media-warning\""))
            }
            try await walkToPublish(app, item, warned: false)
        }
        let published = try await app.act("admin-medsos", "publish", on: textOnly, [("link_facebook", Fixtures.validLink(.facebook))])
        #expect(published.status == .seeOther)
    }
}
