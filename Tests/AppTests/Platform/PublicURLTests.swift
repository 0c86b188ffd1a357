import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Absolute links (the feed address, links in the feed, the share link) come from `--public-url`,
/// never from the request's Host header.
@Suite struct PublicURLTests {
    @Test func absoluteLinksComeFromThePublicURLNeverTheHostHeader() async throws {
        // setup
        let app = try await TestApp.make { $0.publicURL = "https://humas.example.ac.id/" }
        try await app.addUser("admin-medsos", roles: ["admin-medsos"])
        let item = try await app.createItem()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/account")
            try await browser.post("/account/calendar-feed")
            let page = try await browser.get("/account")
            // check
            #expect(page.contains("value=\"https://humas.example.ac.id/calendar.ics?token="))
            let token = try #require(TestBrowser.firstMatch(in: page.body, after: "/calendar.ics?token="))
            // action
            let feed = try await browser.get("/calendar.ics?token=\(token)")
            // check
            #expect(feed.status == .ok)
            #expect(feed.contains("https://humas.example.ac.id/content/"), "links in the feed")
            // action
            let itemPage = try await browser.get(item)
            // check
            #expect(itemPage.contains("humas.example.ac.id%2Fcontent%2F") || itemPage.contains("https://humas.example.ac.id/content/"), "the share link too")
            #expect(!itemPage.contains("localhost/content"))
        }
        #expect(AppConfig.isValidPublicURL("https://humas.example.ac.id"))
        #expect(!AppConfig.isValidPublicURL("javascript:alert(1)"))
        #expect(!AppConfig.isValidPublicURL("https://"))
        #expect(!AppConfig.isValidPublicURL("https://x.id/?a=b"))
        var config = AppConfig()
        config.host = "0.0.0.0"
        config.port = 9000
        #expect(config.publicBaseURL == "http://0.0.0.0:9000")
    }
}
