import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Content items: the form's fields, and walking an item through the workflow over HTTP, with the
/// routes and fields people use.
extension Fixtures {
    /// A link each platform accepts as a post.
    static func validLink(_ channel: Channel) -> String {
        switch channel {
        case .instagram: "https://www.instagram.com/p/Cabc123/"
        case .instagramStory: "https://www.instagram.com/stories/biroksd/3141592653589793/"
        case .facebook: "https://www.facebook.com/biroksd/posts/42"
        case .x: "https://x.com/biroksd/status/1234567890"
        case .tiktok: "https://www.tiktok.com/@biroksd/video/7234567890123456789"
        case .youtube: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
        case .website: "https://biroksd.jakarta.go.id/berita/1"
        }
    }

    static let caption = "Kepala Biro memimpin **rapat koordinasi** kerja sama daerah. #KerjaSamaDaerah"

    /// The content form of an activity post on Saturday 21 November 2026.
    static func itemFields(title: String = "Rapat koordinasi", caption: String = caption, channels: [String] = ["instagram", "facebook"]) -> [(String, String)] {
        [("title", title), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", caption),
         ("media_links", "https://drive.google.com/drive/folders/abc"), ("event_at", "2026-11-21T09:00"), ("publish_at", "2026-11-21T13:00"),
         ("notes", "")] + channels.map { ("channels", $0) }
    }

    /// The content form as for `itemFields`, titled for an upload.
    static func uploadFields(title: String = "Foto rapat") -> [(String, String)] {
        itemFields(title: title)
    }

    /// Content form fields for a planned item (the calendar's fields: event end, due day, agenda link).
    static func contentFields(title: String, kind: String, publishAt: String, eventAt: String = "", eventEndAt: String = "", dueOn: String = "",
                              agendaId: String = "", channels: [String] = ["instagram"], source: String = "rencana-redaksi") -> [(String, String)] {
        [("title", title), ("kind", kind), ("source", source), ("caption", "Keterangan untuk \(title)."), ("media_links", ""),
         ("event_at", eventAt), ("event_end_at", eventEndAt), ("publish_at", publishAt), ("due_on", dueOn), ("agenda_id", agendaId), ("notes", "")]
            + channels.map { ("channels", $0) }
    }

    /// The live links in an item's JSON.
    static func linkURLs(_ state: [String: Any]) -> [String] {
        (state["links"] as? [[String: Any]] ?? []).compactMap { $0["url"] as? String }
    }

    /// The history in an item's JSON.
    static func history(_ state: [String: Any]) -> [[String: Any]] {
        state["history"] as? [[String: Any]] ?? []
    }
}

/// What an attack on an item must leave untouched.
struct ItemState: Equatable {
    var events: Int
    var revisions: Int
    var status: String
    var position: Int
    var version: Int
    var revision: Int
}

extension TestApp {
    /// Creates an item as `username` and returns its path.
    func createItem(as username: String = "admin-medsos", fields: [(String, String)] = Fixtures.itemFields()) async throws -> String {
        let path = ItemPath()
        try await self.as(username) { browser in
            #expect(try await browser.get("/content/new").status == .ok)
            let answer = try await browser.post("/content", fields)
            #expect(answer.status == .seeOther)
            path.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        return path.value
    }

    /// Creates an item as admin-medsos with one upload named `name`; returns the item's path.
    func itemWithUpload(named name: String) async throws -> String {
        let box = ItemPath()
        try await self.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Fixtures.itemFields(), files: [("media_files", name, "image/png", Fixtures.png)])
            guard answer.status == .seeOther, let path = answer.location?.components(separatedBy: "?").first else {
                throw TestFailure("upload answered \(answer.status)")
            }
            box.value = path
        }
        return box.value
    }

    /// Performs `action` on the item as `username`, with the item's current version.
    @discardableResult
    func act(_ username: String, _ action: String, on item: String, _ fields: [(String, String)] = []) async throws -> TestBrowser.Page {
        let result = PageBox()
        try await self.as(username) { browser in
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let version = (json?["version"] as? Int).map(String.init) ?? "0"
            try await browser.get(item)
            result.page = try await browser.post("\(item)/\(action)", [("version", version)] + fields)
        }
        return result.page!
    }

    /// The item's JSON, as the administrator reads it.
    func json(_ item: String) async throws -> [String: Any] {
        let box = PageBox()
        try await run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            box.page = try await browser.get(item, headers: [.accept: "application/json"])
        }
        let page = try #require(box.page)
        #expect(page.headers[.contentType] == "application/json; charset=utf-8")
        return try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
    }

    /// The item's status, from its JSON.
    func itemStatus(_ item: String) async throws -> String? {
        try await json(item)["status"] as? String
    }

    /// Saves new fields on an item (as `username`) through its edit form, with the version the form shows.
    func editItem(_ item: String, as username: String = "admin-medsos", _ fields: [(String, String)]) async throws -> TestBrowser.Page {
        try await runAs(username) { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            return try await browser.post("\(item)/edit", [("version", version)] + fields)
        }
    }

    /// Posts the edit form as `username` with the item's current version (read from the item's JSON),
    /// whether or not the form is offered to them.
    func postEdit(_ username: String, _ item: String, caption: String) async throws -> TestBrowser.Page {
        let box = PageBox()
        try await self.as(username) { browser in
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let version = (json?["version"] as? Int).map(String.init) ?? "0"
            try await browser.get(item)
            box.page = try await browser.post("\(item)/edit", [("version", version)] + Fixtures.itemFields(caption: caption))
        }
        return try #require(box.page)
    }

    /// Events, revisions, status, step and versions of the item, read from the database.
    func itemState(_ path: String) throws -> ItemState {
        let id = try #require(Int64(path.split(separator: "/").last ?? ""))
        let bundle = try #require(try database.itemBundle(id: id))
        return ItemState(events: bundle.events.count, revisions: bundle.revisions.count, status: bundle.item.status.rawValue,
                         position: bundle.item.position, version: bundle.item.version, revision: bundle.item.revision)
    }

    /// Walks an item of the dki-ksd workflow from its first step to "ready to publish".
    func approveToPublish(_ item: String) async throws {
        #expect(try await act("admin-medsos", "submit", on: item).status == .seeOther, "submit")
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] {
            #expect(try await act(role, "approve", on: item).status == .seeOther, "\(role) approves")
        }
        #expect(try await json(item)["status"] as? String == "ready_to_publish")
    }

    /// A published item on Instagram and Facebook with the given title (dki-ksd).
    func publishedItem(title: String) async throws -> String {
        let item = try await createItem(fields: Fixtures.itemFields(title: title))
        try await approveToPublish(item)
        let published = try await act("admin-medsos", "publish", on: item, [
            ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)),
        ])
        #expect(published.status == .seeOther)
        #expect(try await json(item)["status"] as? String == "published")
        return item
    }
}
