import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Content items through the workflow, over HTTP with the routes and fields people use.
@Suite struct WorkflowRouterTests {
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

    static func itemFields(title: String = "Rapat koordinasi", caption: String = caption, channels: [String] = ["instagram", "facebook"]) -> [(String, String)] {
        [("title", title), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", caption),
         ("media_links", "https://drive.google.com/drive/folders/abc"), ("event_at", "2026-11-21T09:00"), ("publish_at", "2026-11-21T13:00"),
         ("notes", "")] + channels.map { ("channels", $0) }
    }

    /// A dki-ksd institution with one account per role.
    static func dki() async throws -> TestApp {
        let app = try await TestApp.make()
        for role in SOPPreset.dkiKSD.roles where role.key != "kepala-biro" { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        try await app.addUser("kepala-biro", roles: ["kepala-biro"], displayName: "Ibu Kepala Biro")
        return app
    }

    /// Creates an item as `username` and returns its path.
    static func createItem(_ app: TestApp, as username: String = "admin-medsos", fields: [(String, String)] = itemFields()) async throws -> String {
        let path = ItemPath()
        try await app.as(username) { browser in
            #expect(try await browser.get("/content/new").status == .ok)
            let answer = try await browser.post("/content", fields)
            #expect(answer.status == .seeOther)
            path.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        return path.value
    }

    final class ItemPath: @unchecked Sendable { var value = "" }

    /// Performs `action` on the item as `username`, with the item's current version.
    @discardableResult
    static func act(_ app: TestApp, _ username: String, _ action: String, on item: String, _ fields: [(String, String)] = []) async throws -> TestBrowser.Page {
        let result = PageBox()
        try await app.as(username) { browser in
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let version = (json?["version"] as? Int).map(String.init) ?? "0"
            try await browser.get(item)
            result.page = try await browser.post("\(item)/\(action)", [("version", version)] + fields)
        }
        return result.page!
    }

    final class PageBox: @unchecked Sendable { var page: TestBrowser.Page? }

    static func json(_ app: TestApp, _ item: String) async throws -> [String: Any] {
        let box = PageBox()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            box.page = try await browser.get(item, headers: [.accept: "application/json"])
        }
        let page = try #require(box.page)
        #expect(page.headers[.contentType] == "application/json; charset=utf-8")
        return try #require(try JSONSerialization.jsonObject(with: Data(page.body.utf8)) as? [String: Any])
    }

    @Test func dkiChainWithARejectionAtKepalaBiro() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        #expect(try await Self.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        #expect(try await Self.act(app, "tim-pengelola", "approve", on: item, [("comment", "Sudah dikoreksi")]).status == .seeOther)
        #expect(try await Self.act(app, "kasubbag-tu", "approve", on: item).status == .seeOther)
        #expect(try await Self.act(app, "kepala-bagian", "approve", on: item).status == .seeOther)
        #expect(try await Self.act(app, "kepala-biro", "reject", on: item, [("reason", "Tambahkan nama mitra kerja sama.")]).status == .seeOther)
        var state = try await Self.json(app, item)
        #expect(state["step_position"] as? Int == 4, "back at Kepala Bagian")
        #expect(state["step_role"] as? String == "kepala-bagian")
        #expect(state["status"] as? String == "in_review")
        try await app.as("kepala-bagian") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("Tambahkan nama mitra kerja sama."), "the reason is shown to whoever gets it back")
            #expect(page.contains("id=\"rejection\""))
        }
        #expect(try await Self.act(app, "kepala-bagian", "approve", on: item).status == .seeOther)
        #expect(try await Self.act(app, "kepala-biro", "approve", on: item).status == .seeOther)
        state = try await Self.json(app, item)
        #expect(state["status"] as? String == "ready_to_publish")
        let published = try await Self.act(app, "admin-medsos", "publish", on: item, [
            ("link_instagram", "https://www.instagram.com/p/Cabc123/"), ("link_facebook", "https://www.facebook.com/biroksd/posts/42"),
        ])
        #expect(published.status == .seeOther)
        state = try await Self.json(app, item)
        #expect(state["status"] as? String == "published")
        let links = try #require(state["links"] as? [[String: Any]])
        #expect(links.map { $0["url"] as? String } == ["https://www.instagram.com/p/Cabc123/", "https://www.facebook.com/biroksd/posts/42"])
        let history = try #require(state["history"] as? [[String: Any]])
        #expect(history.map { $0["action"] as? String } == ["create", "submit", "approve", "approve", "approve", "reject", "approve", "approve", "publish"])
        #expect(history.map { $0["step_position"] as? Int } == [1, 1, 2, 3, 4, 5, 4, 5, 6])
        #expect(history[5]["comment"] as? String == "Tambahkan nama mitra kerja sama.")
        #expect(history[5]["actor"] as? String == "Ibu Kepala Biro")
        #expect(Set(state.keys).isSuperset(of: ["id", "title", "kind", "status", "step_position", "step_name", "step_role", "version", "channels", "links", "history"]))
        #expect(state["channels"] as? [String] == ["instagram", "facebook"])
        // The item page shows the live links to anyone signed in.
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("https://www.instagram.com/p/Cabc123/"))
            #expect(!page.contains("action=\"\(item)/publish\""), "no action forms once published")
        }
    }

    /// Every preset, from the first step to published, with one rejection at every decision step.
    @Test(arguments: SOPPreset.all)
    func everyPresetRunsEndToEndWithRejections(preset: SOPPreset) async throws {
        let app = try await TestApp.make(preset: preset)
        for role in preset.roles where role.key != "kepala-biro" { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        if preset.roles.contains(where: { $0.key == "kepala-biro" }) { try await app.addUser("kepala-biro", roles: ["kepala-biro"]) }
        let workflow = Workflow(preset: preset)
        let first = workflow.steps[0].roleKey.rawValue
        let item = try await Self.createItem(app, as: first, fields: Self.itemFields(channels: [preset.channels[0].rawValue]))
        var rejected: Set<Int> = []
        var position = 1
        var moves = 0
        while moves < 60 {
            moves += 1
            let step = workflow.steps[position - 1]
            let page: TestBrowser.Page
            switch step.kind {
            case .work:
                page = try await Self.act(app, step.roleKey.rawValue, "submit", on: item)
                position += 1
            case .decide where !rejected.contains(position):
                page = try await Self.act(app, step.roleKey.rawValue, "reject", on: item, [("reason", "Perbaiki langkah \(position)")])
                rejected.insert(position)
                position = step.rejectTo!
            case .decide:
                page = try await Self.act(app, step.roleKey.rawValue, "approve", on: item)
                position += 1
            case .publish:
                page = try await Self.act(app, step.roleKey.rawValue, "publish", on: item, [("link_\(preset.channels[0].rawValue)", Self.validLink(preset.channels[0]))])
            }
            #expect(page.status == .seeOther, "\(preset.key): \(step.kind) at step \(position)")
            let state = try await Self.json(app, item)
            if step.kind == .publish {
                #expect(state["status"] as? String == "published")
                break
            }
            #expect(state["step_position"] as? Int == position, "\(preset.key) lands on step \(position)")
        }
        #expect(rejected == Set(workflow.steps.indices.filter { workflow.steps[$0].kind == .decide }.map { $0 + 1 }))
        let history = try #require(try await Self.json(app, item)["history"] as? [[String: Any]])
        #expect(history.filter { $0["action"] as? String == "reject" }.count == rejected.count)
        #expect(history.last?["action"] as? String == "publish")
    }

    @Test func wrongRoleGets403AndNothingChanges() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        let refused = try await Self.act(app, "kepala-biro", "submit", on: item)
        #expect(refused.status == .forbidden)
        #expect(refused.contains("hanya dapat dikerjakan oleh peran Admin Medsos"))
        try await Self.act(app, "admin-medsos", "submit", on: item)
        #expect(try await Self.act(app, "admin-medsos", "approve", on: item).status == .forbidden, "step 2 belongs to Tim Pengelola")
        #expect(try await Self.json(app, item)["step_position"] as? Int == 2)
        // Creating needs the first step's role.
        try await app.as("kepala-biro") { browser in
            #expect(try await browser.get("/content/new").status == .forbidden)
            try await browser.get("/")
            #expect(try await browser.post("/content", Self.itemFields()).status == .forbidden)
        }
    }

    @Test func staleVersionGets409NamingWhoActed() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        try await Self.act(app, "admin-medsos", "submit", on: item)
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            let staleVersion = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"version\" value=\""))
            // Someone else (a second Tim Pengelola member) approves first.
            try await app.addUser("tim-dua", roles: ["tim-pengelola"], displayName: "Rina Tim Dua")
            try await Self.act(app, "tim-dua", "approve", on: item)
            let late = try await browser.post("\(item)/approve", [("version", staleVersion), ("comment", "terlambat")])
            #expect(late.status == .conflict)
            #expect(late.contains("sudah diproses oleh Rina Tim Dua pada Sabtu, 21 November 2026, 10.00 WIB"))
            #expect(late.contains(">terlambat</textarea>") == false, "no approve form: the item moved on")
            // A double submit of the same form is not applied twice either.
            #expect(try await browser.post("\(item)/approve", [("version", staleVersion)]).status == .conflict)
        }
        let history = try #require(try await Self.json(app, item)["history"] as? [[String: Any]])
        #expect(history.filter { $0["action"] as? String == "approve" }.count == 1)
    }

    @Test func rejectNeedsAReasonAndPublishNeedsEveryLink() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        try await Self.act(app, "admin-medsos", "submit", on: item)
        let noReason = try await Self.act(app, "tim-pengelola", "reject", on: item, [("reason", "  ")])
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Tulis alasan pengembalian"))
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] { try await Self.act(app, role, "approve", on: item) }
        let missing = try await Self.act(app, "admin-medsos", "publish", on: item, [("link_instagram", "https://www.instagram.com/p/abc/")])
        #expect(missing.status == .unprocessableContent)
        #expect(missing.contains("Tautan aktif Facebook wajib diisi."))
        #expect(missing.contains("value=\"https://www.instagram.com/p/abc/\""), "the typed link is kept")
        let bad = try await Self.act(app, "admin-medsos", "publish", on: item, [("link_instagram", "javascript:alert(1)"), ("link_facebook", "https://fb.com/x")])
        #expect(bad.status == .unprocessableContent)
        #expect(try await Self.json(app, item)["status"] as? String == "ready_to_publish")
    }

    @Test func captionOverTheLimitIsRefusedWith422AndKept() async throws {
        let app = try await Self.dki()
        let long = String(repeating: "Jakarta ", count: 26) + "**akhir**"  // 26 × 8 + 5 = 213 plain characters
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.post("/content", Self.itemFields(title: "Judul <tetap>", caption: long))
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Keterangan 213 karakter, melebihi batas 200 karakter sebanyak 13 karakter."))
            #expect(page.contains("Judul &lt;tetap&gt;"), "the title is kept")
            #expect(page.contains("**akhir**</textarea>"), "the caption is kept as typed")
            #expect(page.contains("value=\"2026-11-21T13:00\""))
            #expect(page.contains("value=\"facebook\" checked"))
        }
        #expect(try app.database.items(status: nil, limit: 10, offset: 0).isEmpty)
    }

    @Test func markdownSyntaxAndEmojiCountAsPeopleSeeThem() async throws {
        let app = try await Self.dki()
        // 200 visible characters: Markdown markers are not counted, and each flag or family emoji counts once.
        let caption = "**" + String(repeating: "a", count: 190) + "**" + String(repeating: "🇮🇩", count: 5) + String(repeating: "👨‍👩‍👧", count: 5)
        let item = try await Self.createItem(app, fields: Self.itemFields(caption: caption))
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get(item).contains("200 / 200 karakter"))
        }
    }

    @Test func nobodyApprovesWhatTheyHandedOn() async throws {
        let app = try await Self.dki()
        try await app.addUser("dua-peran", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await Self.createItem(app, as: "dua-peran")
        try await Self.act(app, "dua-peran", "submit", on: item)
        let own = try await Self.act(app, "dua-peran", "approve", on: item)
        #expect(own.status == .forbidden)
        #expect(own.contains("Prinsip empat mata: Anda tidak boleh memutuskan konten ini"))
        #expect(try await Self.act(app, "tim-pengelola", "approve", on: item).status == .seeOther, "a colleague may")
    }

    @Test func deciderCorrectsChannelsAndApproves() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        try await Self.act(app, "admin-medsos", "submit", on: item)
        try await Self.act(app, "tim-pengelola", "approve", on: item)
        // Step 3: the Kepala Subbagian decides the platforms.
        try await app.as("kasubbag-tu") { browser in
            let form = try await browser.get("\(item)/edit")
            #expect(form.status == .ok)
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            let saved = try await browser.post("\(item)/edit", [("version", version)] + Self.itemFields(channels: ["instagram", "instagram-story", "tiktok"]))
            #expect(saved.status == .seeOther)
            let page = try await browser.get(item)
            #expect(page.contains("<ins>Instagram, Instagram Story, TikTok</ins>"), "the diff shows the new channels")
        }
        #expect(try await Self.act(app, "kasubbag-tu", "approve", on: item).status == .seeOther)
        let state = try await Self.json(app, item)
        #expect(state["channels"] as? [String] == ["instagram", "instagram-story", "tiktok"])
        #expect(state["revision"] as? Int == 2)
        let history = try #require(state["history"] as? [[String: Any]])
        #expect(history.last?["revision"] as? Int == 2, "the decision records the revision it was made on")
        // Someone without the step's role cannot edit.
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get("\(item)/edit").status == .forbidden)
        }
    }

    @Test func twoConcurrentApprovalsLeaveExactlyOneTransition() async throws {
        let app = try await Self.dki()
        try await app.addUser("tim-dua", roles: ["tim-pengelola"])
        let item = try await Self.createItem(app)
        try await Self.act(app, "admin-medsos", "submit", on: item)
        let version = try #require(try await Self.json(app, item)["version"] as? Int)
        let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
            for user in ["tim-pengelola", "tim-dua"] {
                group.addTask {
                    let box = PageBox()
                    try await app.as(user) { browser in
                        try await browser.get(item)
                        box.page = try await browser.post("\(item)/approve", [("version", "\(version)")])
                    }
                    return box.page!.status
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict])
        let state = try await Self.json(app, item)
        #expect(state["step_position"] as? Int == 3)
        #expect((state["history"] as? [[String: Any]])?.filter { $0["action"] as? String == "approve" }.count == 1)
    }

    @Test func unknownItemIs404AndMalformedVersionIs400() async throws {
        let app = try await Self.dki()
        let item = try await Self.createItem(app)
        try await app.as("admin-medsos") { browser in
            #expect(try await browser.get("/content/999").status == .notFound)
            try await browser.get(item)
            #expect(try await browser.post("\(item)/submit", [("version", "abc")]).status == .badRequest)
        }
    }
}

@Suite struct TasksAndDelegationTests {
    @Test func tugasSayaListsWaitingItemsOldestFirstWithOverdueFlags() async throws {
        let app = try await WorkflowRouterTests.dki()
        let first = try await WorkflowRouterTests.createItem(app, fields: WorkflowRouterTests.itemFields(title: "Pertama"))
        try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: first)
        app.clock.advance(minutes: 30)
        let second = try await WorkflowRouterTests.createItem(app, fields: WorkflowRouterTests.itemFields(title: "Kedua"))
        try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: second)
        app.clock.advance(minutes: 45)  // Saturday: no office minutes pass
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            let firstAt = try #require(home.body.range(of: ">Pertama<")), secondAt = try #require(home.body.range(of: ">Kedua<"))
            #expect(firstAt.lowerBound < secondAt.lowerBound, "oldest first")
            #expect(home.contains("<span class=\"count\""), "a count in the navigation")
            #expect(!home.contains("class=\"overdue\""), "the weekend does not count")
        }
        // Monday 08:31: 61 office minutes since 07:30 against a standard of 60.
        app.clock.set("2026-11-23T08:31")
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("class=\"overdue\""))
            #expect(home.contains("lewat 1 menit"))
        }
        try await app.as("kepala-biro") { browser async throws in
            #expect(try await browser.get("/").contains("Tidak ada konten yang menunggu Anda."))
        }
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("Konten saya yang sedang berjalan"))
            #expect(home.contains(">Pertama</a>"))
        }
    }

    @Test func delegationWorksOnlyInsideItsDates() async throws {
        let app = try await WorkflowRouterTests.dki()
        // Step 4 by another Kepala Bagian: the delegate deciding at steps 4 and 5 would be one person
        // at two levels (refused by the four-eyes setting, see FourEyesTests).
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await WorkflowRouterTests.createItem(app)
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await WorkflowRouterTests.act(app, user, action, on: item)
        }
        // Outside the range (from Monday): the delegate cannot act yet.
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let made = try await browser.post("/delegations", [("role", "kepala-biro"), ("to_user", "\(try app.database.userRecord(username: "kepala-bagian")!.id!)"),
                                                              ("starts_on", "2026-11-23"), ("ends_on", "2026-11-27")])
            #expect(made.location == "/delegations?ok=delegation_created")
        }
        #expect(try await WorkflowRouterTests.act(app, "kepala-bagian", "approve", on: item).status == .forbidden)
        app.clock.advance(minutes: 60 * 48)  // Monday 10:00
        let approved = try await WorkflowRouterTests.act(app, "kepala-bagian", "approve", on: item)
        #expect(approved.status == .seeOther)
        let history = try #require(try await WorkflowRouterTests.json(app, item)["history"] as? [[String: Any]])
        #expect(history.last?["actor"] as? String == "Kepala-Bagian")
        #expect(history.last?["on_behalf_of"] as? String == "Ibu Kepala Biro")
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get(item).contains("Kepala-Bagian a.n. Ibu Kepala Biro"))
        }
        // After the last day it has expired by itself.
        app.clock.advance(minutes: 60 * 24 * 5)
        try await app.as("kepala-bagian") { browser in
            let page = try await browser.get("/delegations")
            #expect(page.contains("Berakhir"))
        }
    }

    @Test func revokedDelegationStopsAtOnce() async throws {
        let app = try await WorkflowRouterTests.dki()
        let bagian = try #require(try app.database.userRecord(username: "kepala-bagian")?.id)
        let biro = try #require(try app.database.userRecord(username: "kepala-biro")?.id)
        let id = try app.database.createDelegation(from: biro, to: bagian, roleKey: "kepala-biro", startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: biro, now: app.clock.now)
        try await app.as("kepala-bagian") { browser async throws in
            #expect(try await browser.get("/").contains("delegasi peran Kepala Biro"))
        }
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            #expect(try await browser.post("/delegations/\(id)/revoke").location == "/delegations?ok=delegation_revoked")
        }
        try await app.as("kepala-bagian") { browser async throws in
            #expect(!(try await browser.get("/").contains("delegasi peran Kepala Biro")))
        }
    }

    @Test func delegationFormRefusesBadInput() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let page = try await browser.post("/delegations", [("role", "kepala-bagian"), ("to_user", "1"), ("starts_on", "2026-11-25"), ("ends_on", "2026-11-21")])
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Tanggal selesai tidak boleh sebelum tanggal mulai."))
            let notHeld = try await browser.post("/delegations", [("role", "kepala-bagian"), ("to_user", "1"), ("starts_on", "2026-11-21"), ("ends_on", "2026-11-21")])
            #expect(notHeld.contains("Pemberi tidak memegang peran itu."))
        }
    }
}

@Suite struct WorkflowAdminTests {
    static func fields(_ workflow: Workflow, note: String = "") -> [(String, String)] {
        var fields: [(String, String)] = [("row_count", "\(workflow.steps.count)"), ("note", note)]
        for (index, step) in workflow.steps.enumerated() {
            fields += [("step_\(index)_order", "\(index + 1)"), ("step_\(index)_name", step.name), ("step_\(index)_role", step.roleKey.rawValue),
                       ("step_\(index)_kind", step.kind.rawValue), ("step_\(index)_minutes", step.standardMinutes.map(String.init) ?? ""),
                       ("step_\(index)_reject", step.rejectTo.map(String.init) ?? "")]
        }
        return fields
    }

    @Test func editingMakesANewVersionAndItemsInFlightKeepTheirs() async throws {
        let app = try await WorkflowRouterTests.dki()
        let item = try await WorkflowRouterTests.createItem(app)
        var shorter = Workflow(preset: .dkiKSD)
        shorter.steps.remove(at: 4)  // no Kepala Biro step
        shorter.steps[0].standardMinutes = 30
        let edited = shorter
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/admin/workflow").status == .ok)
            let saved = try await browser.post("/admin/workflow", Self.fields(edited, note: "Kepala Biro tidak lagi menyetujui"))
            #expect(saved.location == "/admin/workflow?ok=workflow_saved")
            let view = try await browser.get("/workflow")
            #expect(view.contains("Versi 2"))
            #expect(view.contains("Kepala Biro tidak lagi menyetujui"))
            #expect(try await browser.get("/workflow?version=1").contains("Persetujuan akhir"))
        }
        #expect(try app.database.workflowVersions().keys.sorted() == [1, 2])
        // The item in flight still runs on version 1: six steps, Kepala Biro included.
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kepala-bagian", "approve")] {
            try await WorkflowRouterTests.act(app, user, action, on: item)
        }
        #expect(try await WorkflowRouterTests.json(app, item)["step_role"] as? String == "kepala-biro")
        // A new item starts on version 2 and skips Kepala Biro.
        let newer = try await WorkflowRouterTests.createItem(app)
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kepala-bagian", "approve")] {
            try await WorkflowRouterTests.act(app, user, action, on: newer)
        }
        let state = try await WorkflowRouterTests.json(app, newer)
        #expect(state["step_role"] as? String == "admin-medsos")
        #expect(state["status"] as? String == "ready_to_publish")
    }

    enum BrokenEdit: String, CaseIterable, Sendable {
        case noPublish, forwardReject, noRole

        func apply(_ w: inout Workflow) {
            switch self {
            case .noPublish: w.steps.removeLast()
            case .forwardReject: w.steps[2].rejectTo = 5
            case .noRole: w.steps[1].roleKey = ""
            }
        }

        var message: String {
            switch self {
            case .noPublish: "Tidak ada langkah &quot;unggah&quot;"
            case .forwardReject: "Langkah 3: pengembalian ke langkah 5 tidak mungkin"
            case .noRole: "Langkah 2: pilih peran pelaksana."
            }
        }
    }

    @Test(arguments: BrokenEdit.allCases)
    func workflowsThatCannotFinishAreRefused(edit: BrokenEdit) async throws {
        let app = try await WorkflowRouterTests.dki()
        var workflow = Workflow(preset: .dkiKSD)
        edit.apply(&workflow)
        let name = edit.rawValue, message = edit.message, broken = workflow
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            let page = try await browser.post("/admin/workflow", Self.fields(broken))
            #expect(page.status == .unprocessableContent, "\(name)")
            #expect(page.contains(message), "\(name)")
        }
        #expect(try app.database.workflowVersions().count == 1)
    }

    @Test func reorderRemoveAndAddSteps() async throws {
        let app = try await WorkflowRouterTests.dki()
        var fields = Self.fields(Workflow(preset: .dkiKSD))
        fields = fields.map { $0.0 == "row_count" ? ("row_count", "7") : $0 }
        fields += [("step_3_remove", "1"),  // drop "Kontrol dan setujui konten"
                   ("step_6_order", "2"), ("step_6_name", "Periksa ejaan"), ("step_6_role", "tim-pengelola"), ("step_6_kind", "decide"),
                   ("step_6_minutes", "10"), ("step_6_reject", "1")]
        // After removal, Kepala Biro (old 5, new 5) must send back to an existing earlier step.
        fields = fields.map { $0.0 == "step_4_reject" ? ("step_4_reject", "4") : $0 }
        let typed = fields
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            let saved = try await browser.post("/admin/workflow", typed)
            #expect(saved.status == .seeOther, "\(saved.body.components(separatedBy: "workflow-errors").last?.prefix(400) ?? "")")
        }
        let current = try #require(try app.database.workflowVersions()[2])
        #expect(current.steps.map(\.name) == ["Serahkan konsep dokumentasi + narasi", "Periksa ejaan", "Tanggapi dan koreksi",
                                              "Terima konten, putuskan platform", "Persetujuan akhir", "Unggah materi publikasi"])
    }

    @Test func nonAdminCannotEditTheWorkflow() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("kepala-biro") { browser async throws in
            #expect(try await browser.get("/admin/workflow").status == .forbidden)
            #expect(try await browser.get("/workflow").status == .ok, "everyone may read it")
        }
    }

    @Test func holidaysAdminChangesTheOfficeClock() async throws {
        let app = try await WorkflowRouterTests.dki()
        #expect(try app.database.holidays().count > 70, "the shipped days are loaded")
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/holidays?year=2026")
            #expect(page.contains("Hari Raya Natal"))
            let added = try await browser.post("/admin/holidays", [("day", "2026-11-23"), ("name", "Libur daerah"), ("kind", "libur")])
            #expect(added.location == "/admin/holidays?year=2026&ok=holiday_added")
            let bad = try await browser.post("/admin/holidays", [("day", "2026-02-30"), ("name", ""), ("kind", "x")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Tanggal tidak sah."))
        }
        #expect(!app.services.institution.officeCalendar.isWorkingDay(Day("2026-11-23")!))
    }
}

@Suite struct SettingsTests {
    @Test func officeHoursAndCaptionLimitAreInstitutionSettings() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/admin/settings").contains("value=\"07:30\""))
            let saved = try await browser.post("/admin/settings", [
                ("name", "Biro KSD"), ("time_zone", "Asia/Makassar"), ("language", "id"), ("caption_limit", "150"),
                ("office_opens", "08:00"), ("office_closes", "15:00"), ("office_days", "2"), ("office_days", "3"), ("office_days", "7"),
                ("channels", "instagram"), ("channels", "x"), ("account_name", "biroksd.jakarta"),
                ("limit_x", "300"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
                ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
            ])
            #expect(saved.location == "/admin/settings?ok=settings_saved")
            let bad = try await browser.post("/admin/settings", [
                ("name", ""), ("time_zone", "Mars/Olympus"), ("language", "id"), ("caption_limit", "0"), ("office_opens", "16:00"), ("office_closes", "08:00"),
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Zona waktu tidak dikenal."))
            #expect(bad.contains("Pilih paling sedikit satu hari kerja."))
        }
        let settings = app.services.institution.settings
        #expect(settings.captionLimit == 150)
        #expect(settings.officeOpens == 8 * 60)
        #expect(settings.officeDays == [2, 3, 7])
        #expect(settings.channels == [.instagram, .x])
        #expect(settings.timeZone.identifier == "Asia/Makassar")
        #expect(settings.platformLimits.x == 300)
        #expect(settings.platformLimits.tiktok == 4000)
        #expect(settings.accountName == "biroksd.jakarta")
        // The new limit applies at once.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.post("/content", WorkflowRouterTests.itemFields(caption: String(repeating: "a", count: 151), channels: ["instagram"]))
            #expect(page.contains("melebihi batas 150 karakter sebanyak 1 karakter"))
        }
        try await app.as("kepala-biro") { browser async throws in
            #expect(try await browser.get("/admin/settings").status == .forbidden)
        }
    }
}

@Suite struct RejectionNoticeTests {
    @Test func theReasonStaysUntilTheItemMovesOnEvenAfterAnEdit() async throws {
        let app = try await WorkflowRouterTests.dki()
        let item = try await WorkflowRouterTests.createItem(app)
        try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item)
        try await WorkflowRouterTests.act(app, "tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")])
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("Dikembalikan oleh Tim-Pengelola dari langkah &quot;Tanggapi dan koreksi&quot;"))
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            try await browser.post("\(item)/edit", [("version", version)] + WorkflowRouterTests.itemFields(title: "Judul diperbaiki"))
            #expect(try await browser.get(item).contains("Foto kurang tajam."), "still shown after an edit")
        }
        try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item)
        try await app.as("tim-pengelola") { browser async throws in
            #expect(!(try await browser.get(item).contains("id=\"rejection\"")), "gone once it moved on")
        }
    }
}

@Suite struct TaskPagingTests {
    @Test func tasksComeFiftyToAPageOldestFirstWithTheTotal() async throws {
        let app = try await WorkflowRouterTests.dki()
        let author = try #require(try app.database.userRecord(username: "admin-medsos")?.id)
        let (version, workflow) = try #require(app.services.institution.currentWorkflow)
        for index in 0..<62 {
            let draft = ContentDraft(title: String(format: "Tugas %02d", index), kind: .informasi, caption: "Isi", channels: [.instagram], source: .other)
            let id = try app.database.createItem(draft, workflowVersion: version, firstStep: workflow.steps[0], by: ContentActor(userId: author), now: app.clock.now)
            _ = try app.database.applyAction(.submit, itemId: id, expectedVersion: 1, workflow: workflow, by: ContentActor(userId: author), comment: nil,
                                             links: [], calendar: app.services.institution.officeCalendar, now: app.clock.now)
            app.clock.advance(minutes: 1)
        }
        try await app.as("tim-pengelola") { browser in
            let first = try await browser.get("/")
            #expect(first.contains("<span class=\"count-pill\">62</span>"))
            #expect(first.contains("1–50 dari 62"))
            #expect(first.contains(">Tugas 00<") && first.contains(">Tugas 49<") && !first.contains(">Tugas 50<"))
            let second = try await browser.get("/?page=2")
            #expect(second.contains("51–62 dari 62"))
            #expect(second.contains(">Tugas 61<") && !second.contains(">Tugas 49<"))
            #expect(second.contains("href=\"/?page=1\""))
        }
    }
}

@Suite struct AbsurdInputTests {
    @Test func hugePageNumbersAndIdsAreNot500() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("tim-pengelola") { browser async throws in
            #expect(try await browser.get("/?page=9223372036854775807").status == .ok)
            #expect(try await browser.get("/content?page=9223372036854775807").status == .ok)
            #expect(try await browser.get("/content/9223372036854775807").status == .notFound)
            #expect(try await browser.get("/content?status=nonsense").status == .ok)
            #expect(try await browser.get("/workflow?version=99").status == .notFound)
            #expect(try await browser.get("/content/new?date=2026-13-45").status == .forbidden, "not the first step's role")
        }
    }
}

@Suite struct DecisionPageTests {
    @Test func theDiffShowsWhatChangedSinceThePreviousLevelAndThePublisherGetsTheTextToPaste() async throws {
        let app = try await WorkflowRouterTests.dki()
        let item = try await WorkflowRouterTests.createItem(app)
        try await WorkflowRouterTests.act(app, "admin-medsos", "submit", on: item)
        // Tim Pengelola corrects the caption, then approves its correction.
        try await app.as("tim-pengelola") { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            try await browser.post("\(item)/edit", [("version", version)] + WorkflowRouterTests.itemFields(caption: "Kepala Biro memimpin **rapat kerja** daerah. #KerjaSamaDaerah"))
        }
        try await WorkflowRouterTests.act(app, "tim-pengelola", "approve", on: item)
        try await app.as("kasubbag-tu") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("Perubahan revisi 1 → 2"))
            let removed = page.body.components(separatedBy: "<del>").dropFirst().map { $0.components(separatedBy: "</del>")[0] }.joined()
            #expect(removed.contains("koordinasi"), "the removed words are marked")
            #expect(page.contains("<ins>"), "the added words are marked")
        }
        for role in ["kasubbag-tu", "kepala-bagian", "kepala-biro"] { try await WorkflowRouterTests.act(app, role, "approve", on: item) }
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("id=\"copy-instagram\" rows=\"3\" readonly>Kepala Biro memimpin rapat kerja daerah. #KerjaSamaDaerah</textarea>"),
                    "the plain text, without Markdown, ready to paste")
            #expect(page.contains("id=\"copy-facebook\""))
        }
    }
}

@Suite struct WorkflowFormAbuseTests {
    @Test func negativeOrHugeRowCountsAreHarmless() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/workflow")
            #expect(try await browser.post("/admin/workflow", [("row_count", "-5")]).status == .unprocessableContent)
            #expect(try await browser.post("/admin/workflow", [("row_count", "99999999999999999999")]).status == .unprocessableContent)
            #expect(try await browser.get("/healthz").status == .ok, "the server is still up")
        }
        #expect(try app.database.workflowVersions().count == 1)
    }
}
