import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The content item's actions (`/content/{id}/submit`, `approve`, `reject`, `publish`, `reopen`,
/// `update`): the workflow of every preset, refusals, races, the timing rules at submission, the
/// platform links at publish, and updates after publishing, also sent nonsense.
@Suite struct ContentItemActionsTests {
    // MARK: - The workflow

    @Test func dkiChainWithARejectionAtKepalaBiro() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        #expect(try await app.act("tim-pengelola", "approve", on: item, [("comment", "Sudah dikoreksi")]).status == .seeOther)
        #expect(try await app.act("kasubbag-tu", "approve", on: item).status == .seeOther)
        #expect(try await app.act("kepala-bagian", "approve", on: item).status == .seeOther)
        // action
        #expect(try await app.act("kepala-biro", "reject", on: item, [("reason", "Tambahkan nama mitra kerja sama.")]).status == .seeOther)
        // check
        var state = try await app.json(item)
        #expect(state["step_position"] as? Int == 4, "back at Kepala Bagian")
        #expect(state["step_role"] as? String == "kepala-bagian")
        #expect(state["status"] as? String == "in_review")
        // action
        try await app.as("kepala-bagian") { browser in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("Tambahkan nama mitra kerja sama."), "the reason is shown to whoever gets it back")
            #expect(page.contains("id=\"rejection\""))
        }
        #expect(try await app.act("kepala-bagian", "approve", on: item).status == .seeOther)
        #expect(try await app.act("kepala-biro", "approve", on: item).status == .seeOther)
        state = try await app.json(item)
        #expect(state["status"] as? String == "ready_to_publish")
        // action
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", "https://www.instagram.com/p/Cabc123/"), ("link_facebook", "https://www.facebook.com/biroksd/posts/42"),
        ])
        // check
        #expect(published.status == .seeOther)
        state = try await app.json(item)
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
        // action
        // The item page shows the live links to anyone signed in.
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("https://www.instagram.com/p/Cabc123/"))
            #expect(!page.contains("action=\"\(item)/publish\""), "no action forms once published")
        }
    }

    /// Every preset, from the first step to published, with one rejection at every decision step.
    @Test(arguments: SOPPreset.all)
    func everyPresetRunsEndToEndWithRejections(preset: SOPPreset) async throws {
        // setup
        let app = try await TestApp.make(preset: preset)
        for role in preset.roles where role.key != "kepala-biro" { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        if preset.roles.contains(where: { $0.key == "kepala-biro" }) { try await app.addUser("kepala-biro", roles: ["kepala-biro"]) }
        let workflow = Workflow(preset: preset)
        let first = workflow.steps[0].roleKey.rawValue
        let item = try await app.createItem(as: first, fields: Fixtures.itemFields(channels: [preset.channels[0].rawValue]))
        var rejected: Set<Int> = []
        var position = 1
        var moves = 0
        while moves < 60 {
            moves += 1
            let step = workflow.steps[position - 1]
            let page: TestBrowser.Page
            // action
            switch step.kind {
            case .work:
                page = try await app.act(step.roleKey.rawValue, "submit", on: item)
                position += 1
            case .decide where !rejected.contains(position):
                page = try await app.act(step.roleKey.rawValue, "reject", on: item, [("reason", "Perbaiki langkah \(position)")])
                rejected.insert(position)
                position = step.rejectTo!
            case .decide:
                page = try await app.act(step.roleKey.rawValue, "approve", on: item)
                position += 1
            case .publish:
                page = try await app.act(step.roleKey.rawValue, "publish", on: item, [("link_\(preset.channels[0].rawValue)", Fixtures.validLink(preset.channels[0]))])
            }
            // check
            #expect(page.status == .seeOther, "\(preset.key): \(step.kind) at step \(position)")
            let state = try await app.json(item)
            if step.kind == .publish {
                #expect(state["status"] as? String == "published")
                break
            }
            #expect(state["step_position"] as? Int == position, "\(preset.key) lands on step \(position)")
        }
        #expect(rejected == Set(workflow.steps.indices.filter { workflow.steps[$0].kind == .decide }.map { $0 + 1 }))
        let history = try #require(try await app.json(item)["history"] as? [[String: Any]])
        #expect(history.filter { $0["action"] as? String == "reject" }.count == rejected.count)
        #expect(history.last?["action"] as? String == "publish")
    }

    @Test func wrongRoleGets403AndNothingChanges() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        // action
        let refused = try await app.act("kepala-biro", "submit", on: item)
        // check
        #expect(refused.status == .forbidden)
        #expect(refused.contains("hanya dapat dikerjakan oleh peran Admin Medsos"))
        // action
        try await app.act("admin-medsos", "submit", on: item)
        // check
        #expect(try await app.act("admin-medsos", "approve", on: item).status == .forbidden, "step 2 belongs to Tim Pengelola")
        #expect(try await app.json(item)["step_position"] as? Int == 2)
        // action
        // Creating needs the first step's role.
        try await app.as("kepala-biro") { browser in
            // check
            #expect(try await browser.get("/content/new").status == .forbidden)
            // action
            try await browser.get("/")
            // check
            #expect(try await browser.post("/content", Fixtures.itemFields()).status == .forbidden)
        }
    }

    /// Moved from the browser suite (`test_workflow_no_action_forms_without_the_role`, check A2 of
    /// issue 12): the approve form posted by someone without the step's role changes nothing.
    @Test func approvingAStepWithoutItsRoleIsRefusedAndChangesNothing() async throws {
        // setup: an item submitted to step 2 (Tim Pengelola), and its version
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: [
            ("title", "Uji tanpa peran"), ("kind", "kegiatan"), ("source", "agenda-harian"), ("caption", "Keterangan uji tanpa peran."),
            ("channels", "instagram"), ("media_links", ""), ("event_at", "2026-11-21T09:00"), ("publish_at", ""), ("notes", ""),
        ])
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        let version = try #require(try await app.json(item)["version"] as? Int)
        // action: the Kepala Biro posts the approve form with that version
        let refused = try await app.runAs("kepala-biro") { browser in
            try await browser.get(item)
            return try await browser.post("\(item)/approve", [("version", "\(version)")])
        }
        // check
        #expect(refused.status == .forbidden)
        let state = try await app.json(item)
        #expect(state["version"] as? Int == version)
        #expect(state["step_position"] as? Int == 2)
        #expect(Fixtures.history(state).map { $0["action"] as? String } == ["create", "submit"])
    }

    @Test func staleVersionGets409NamingWhoActed() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        // action
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            // check
            let staleVersion = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"version\" value=\""))
            // action
            // Someone else (a second Tim Pengelola member) approves first.
            try await app.addUser("tim-dua", roles: ["tim-pengelola"], displayName: "Rina Tim Dua")
            try await app.act("tim-dua", "approve", on: item)
            let late = try await browser.post("\(item)/approve", [("version", staleVersion), ("comment", "terlambat")])
            // check
            #expect(late.status == .conflict)
            #expect(late.contains("sudah diproses oleh Rina Tim Dua pada Sabtu, 21 November 2026, 10.00 WIB"))
            #expect(late.contains(">terlambat</textarea>") == false, "no approve form: the item moved on")
            // A double submit of the same form is not applied twice either.
            #expect(try await browser.post("\(item)/approve", [("version", staleVersion)]).status == .conflict)
        }
        let history = try #require(try await app.json(item)["history"] as? [[String: Any]])
        #expect(history.filter { $0["action"] as? String == "approve" }.count == 1)
    }

    @Test func rejectNeedsAReasonAndPublishNeedsEveryLink() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        // action
        try await app.act("admin-medsos", "submit", on: item)
        let noReason = try await app.act("tim-pengelola", "reject", on: item, [("reason", "  ")])
        // check
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Tulis alasan pengembalian"))
        // action
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] { try await app.act(role, "approve", on: item) }
        let missing = try await app.act("admin-medsos", "publish", on: item, [("link_instagram", "https://www.instagram.com/p/abc/")])
        // check
        #expect(missing.status == .unprocessableContent)
        #expect(missing.contains("Tautan aktif Facebook wajib diisi."))
        #expect(missing.contains("value=\"https://www.instagram.com/p/abc/\""), "the typed link is kept")
        // action
        let bad = try await app.act("admin-medsos", "publish", on: item, [("link_instagram", "javascript:alert(1)"), ("link_facebook", "https://fb.com/x")])
        // check
        #expect(bad.status == .unprocessableContent)
        #expect(try await app.json(item)["status"] as? String == "ready_to_publish")
    }

    @Test func deciderCorrectsChannelsAndApproves() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        try await app.act("tim-pengelola", "approve", on: item)
        // action
        // Step 3: the Kepala Subbagian decides the platforms.
        try await app.as("kasubbag-tu") { browser in
            let form = try await browser.get("\(item)/edit")
            // check
            #expect(form.status == .ok)
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            // action
            let saved = try await browser.post("\(item)/edit", [("version", version)] + Fixtures.itemFields(channels: ["instagram", "instagram-story", "tiktok"]))
            // check
            #expect(saved.status == .seeOther)
            // action
            let page = try await browser.get(item)
            // check
            #expect(page.contains("<ins>Instagram, Instagram Story, TikTok</ins>"), "the diff shows the new channels")
        }
        #expect(try await app.act("kasubbag-tu", "approve", on: item).status == .seeOther)
        let state = try await app.json(item)
        #expect(state["channels"] as? [String] == ["instagram", "instagram-story", "tiktok"])
        #expect(state["revision"] as? Int == 2)
        let history = try #require(state["history"] as? [[String: Any]])
        #expect(history.last?["revision"] as? Int == 2, "the decision records the revision it was made on")
        // action
        // Someone without the step's role cannot edit.
        try await app.as("admin-medsos") { browser async throws in
            // check
            #expect(try await browser.get("\(item)/edit").status == .forbidden)
        }
    }

    @Test func twoConcurrentApprovalsLeaveExactlyOneTransition() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.addUser("tim-dua", roles: ["tim-pengelola"])
        let item = try await app.createItem()
        // action
        try await app.act("admin-medsos", "submit", on: item)
        // check
        let version = try #require(try await app.json(item)["version"] as? Int)
        // action
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
        // check
        #expect(statuses.sorted { $0.code < $1.code } == [.seeOther, .conflict])
        let state = try await app.json(item)
        #expect(state["step_position"] as? Int == 3)
        #expect((state["history"] as? [[String: Any]])?.filter { $0["action"] as? String == "approve" }.count == 1)
    }

    // MARK: - Timing rules at submission

    @Test func coverageBeforeTheActivityEndsIsRefusedUntilFixed() async throws {
        // setup
        let app = try await TestApp.dki()
        // check
        #expect(app.services.institution.settings.timingRules == Set(TimingRule.allCases), "on by default in dki-ksd")
        let early = Fixtures.contentFields(title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00",
                                           eventEndAt: "2026-11-25T11:00", source: "agenda-harian")
        // setup
        let item = try await app.createItem(fields: early)
        // action
        let refused = try await app.act("admin-medsos", "submit", on: item)
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai."))
        #expect(refused.contains("Rencana unggah Rabu, 25 November 2026, 10.00 WIB lebih awal dari selesainya kegiatan (Rabu, 25 November 2026, 11.00 WIB)."))
        #expect(try await app.itemStatus(item) == "draft")
        #expect(try await app.json(item)["step_position"] as? Int == 1)

        // action
        // The calendar warns about it too.
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            let entry = try #require(CalendarReader.entries(calendar.body, kind: "content", titled: "Liputan rapat").first)
            #expect(entry.date == "2026-11-25")
            #expect(entry.classes.contains("has-warning"))
            #expect(entry.has("lebih awal dari selesainya kegiatan"))
            #expect(calendar.contains("Konten yang melanggar aturan waktu SOP: 1"))
        }

        // action
        // The next day is too late as well.
        let late = try await app.editItem(item, early.map { $0.0 == "publish_at" ? ("publish_at", "2026-11-26T08:00") : $0 })
        // check
        #expect(late.status == .seeOther)
        // action
        let nextDay = try await app.act("admin-medsos", "submit", on: item)
        // check
        #expect(nextDay.status == .unprocessableContent)
        #expect(nextDay.contains("Rencana unggah Kamis, 26 November 2026, 08.00 WIB melewati hari kegiatan (Rabu, 25 November 2026)."))

        // action
        let fixed = try await app.editItem(item, early.map { $0.0 == "publish_at" ? ("publish_at", "2026-11-25T11:00") : $0 })
        // check
        #expect(fixed.status == .seeOther)
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther, "exactly at the end is allowed")
        #expect(try await app.itemStatus(item) == "in_review")
    }

    @Test func anInfographicGoesOutByH3() async throws {
        // setup
        let app = try await TestApp.dki()
        // The activity is on Monday 30 November; H-3 is Friday 27 November.
        func fields(_ publish: String) -> [(String, String)] {
            Fixtures.contentFields(title: "Infografis rencana kunjungan", kind: "infografis-rencana", publishAt: publish, eventAt: "2026-11-30T10:00",
                                   eventEndAt: "2026-11-30T12:00")
        }
        let onTime = try await app.createItem(fields: fields("2026-11-27T23:59"))
        #expect(try await app.act("admin-medsos", "submit", on: onTime).status == .seeOther)
        let tooLate = try await app.createItem(fields: fields("2026-11-28T00:00"))
        // action
        let refused = try await app.act("admin-medsos", "submit", on: tooLate)
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Infografis rencana kegiatan diunggah paling lambat 3 hari (H-3) sebelum kegiatan."))
        #expect(refused.contains("Kegiatan mulai Senin, 30 November 2026, 10.00 WIB, jadi unggah paling lambat Jumat, 27 November 2026; rencana unggah Sabtu, 28 November 2026, 00.00 WIB."))
        #expect(try await app.itemStatus(tooLate) == "draft")
    }

    @Test func aGreetingGoesOutOnOrBeforeItsDay() async throws {
        // setup
        let app = try await TestApp.dki()
        func fields(_ publish: String) -> [(String, String)] {
            Fixtures.contentFields(title: "Ucapan Hari Guru Nasional", kind: "ucapan", publishAt: publish, dueOn: "2026-11-25")
        }
        let lastMinute = try await app.createItem(fields: fields("2026-11-25T23:59"))
        #expect(try await app.act("admin-medsos", "submit", on: lastMinute).status == .seeOther)
        let nextDay = try await app.createItem(fields: fields("2026-11-26T00:00"))
        // action
        let refused = try await app.act("admin-medsos", "submit", on: nextDay)
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Aturan waktu SOP: Ucapan diunggah sebelum atau pada harinya."))
        #expect(refused.contains("Ucapan untuk Rabu, 25 November 2026 direncanakan Kamis, 26 November 2026, 00.00 WIB, sesudah harinya."))
        #expect(try await app.itemStatus(nextDay) == "draft")
    }

    @Test(arguments: SOPPreset.all.filter { $0.key != SOPPreset.dkiKSD.key })
    func otherPresetsHaveTheRulesOffByDefault(preset: SOPPreset) async throws {
        // setup
        let app = try await TestApp.make(preset: preset)
        let first = Workflow(preset: preset).steps[0].roleKey.rawValue
        try await app.addUser(first, roles: [RoleKey(first)])
        #expect(app.services.institution.settings.timingRules.isEmpty)
        let item = try await app.createItem(as: first, fields: Fixtures.contentFields(
            title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00",
            channels: [preset.channels[0].rawValue]))
        // action: the submission dki-ksd's rules refuse
        let submitted = try await app.act(first, "submit", on: item)
        // check
        #expect(submitted.status == .seeOther, "\(preset.key)")
    }

    // MARK: - Links at publish

    @Test func publishRefusesLinksOfTheWrongPlatformOrFormAndStoresGoodOnesNormalised() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Tautan salah", channels: ["instagram", "facebook", "youtube"]))
        try await app.approveToPublish(item)
        let good: [(String, String)] = [
            ("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook)), ("link_youtube", "https://youtu.be/dQw4w9WgXcQ"),
        ]
        let cases: [(field: String, typed: String, message: String)] = [
            ("link_instagram", "https://youtu.be/dQw4w9WgXcQ",
             "Tautan Instagram harus dari instagram.com. Bentuk yang diharapkan: https://www.instagram.com/p/KODE/ · /reel/KODE/ · /tv/KODE/"),
            ("link_instagram", "https://www.instagram.com/biroksd/",
             "Tautan Instagram bukan tautan unggahan (mungkin tautan profil). Bentuk yang diharapkan: https://www.instagram.com/p/KODE/"),
            ("link_facebook", "javascript:alert(1)",
             "Tautan Facebook bukan alamat web yang sah. Bentuk yang diharapkan: https://www.facebook.com/HALAMAN/posts/ID"),
            ("link_youtube", "https://www.instagram.com/p/Cabc123/", "Tautan YouTube harus dari youtube.com, youtu.be."),
        ]
        for (field, typed, message) in cases {
            let fields = good.map { $0.0 == field ? (field, typed) : $0 }
            // action
            let page = try await app.act("admin-medsos", "publish", on: item, fields)
            // check
            #expect(page.status == .unprocessableContent, "\(field) = \(typed)")
            #expect(page.contains(message), "\(field) = \(typed): the message names the expected form")
            #expect(page.contains("name=\"\(field)\" type=\"url\" inputmode=\"url\" value=\"\(typed)\""), "the refused link is kept as typed")
            for (other, value) in fields where other != field {
                #expect(page.contains("name=\"\(other)\" type=\"url\" inputmode=\"url\" value=\"\(value)\""), "\(other) is kept as typed")
            }
            let state = try await app.json(item)
            #expect(state["status"] as? String == "ready_to_publish", "nothing published")
            #expect(Fixtures.linkURLs(state).isEmpty, "no link recorded")
        }
        // action
        // Good links with tracking parameters, an upper-case scheme and host, a mobile host and a short link.
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", "  HTTPS://WWW.Instagram.COM/p/Cabc123/?igsh=MWZ4eTRz&utm_source=x  "),
            ("link_facebook", "https://m.facebook.com/biroksd/posts/42?mibextid=abc&utm_source=x"),
            ("link_youtube", "https://youtu.be/dQw4w9WgXcQ?si=tracking"),
        ])
        // check
        #expect(published.status == .seeOther)
        let state = try await app.json(item)
        #expect(state["status"] as? String == "published")
        #expect(Fixtures.linkURLs(state) == [
            "https://www.instagram.com/p/Cabc123/", "https://www.facebook.com/biroksd/posts/42", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        ])
        // action
        let (_, rows) = try await app.archive("")
        // check
        #expect(Set(rows.map(\.url)) == Set(Fixtures.linkURLs(state)), "the archive shows the normalised links")
        #expect(rows.allSatisfy { $0.status == "belum-dicek" && $0.title == "Tautan salah" && !$0.replaced })
    }

    @Test func websiteLinksMustBeOnTheInstitutionsOwnDomain() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/settings")
            let saved = try await browser.post("/admin/settings", [
                ("name", "Biro Kerja Sama Daerah"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
                ("office_opens", "07:30"), ("office_closes", "16:00"),
                ("office_days", "2"), ("office_days", "3"), ("office_days", "4"), ("office_days", "5"), ("office_days", "6"),
                ("channels", "instagram"), ("channels", "facebook"), ("channels", "website"), ("account_name", "biroksd"),
                ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
                ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
                ("website_domains", "https://www.Jakarta.go.id/\nbiroksd.example"), ("update_policy", "workflow"),
            ])
            // check
            #expect(saved.location == "/admin/settings?ok=settings_saved", "\(saved.status)")
        }
        #expect(app.services.institution.settings.websiteDomains == ["jakarta.go.id", "biroksd.example"])
        // action
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Berita situs", channels: ["website"]))
        try await app.approveToPublish(item)
        for foreign in ["https://www.kompas.com/berita/1", "https://jakarta.go.id.evil.com/berita/1", "https://notjakarta.go.id/berita/1"] {
            let page = try await app.act("admin-medsos", "publish", on: item, [("link_website", foreign)])
            // check
            #expect(page.status == .unprocessableContent, "\(foreign)")
            #expect(page.contains("Tautan Website harus di domain lembaga: jakarta.go.id, biroksd.example."), "\(foreign)")
            #expect(page.contains("value=\"\(foreign)\""), "kept as typed")
        }
        #expect(try await app.json(item)["status"] as? String == "ready_to_publish")
        // action
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_website", "https://Humas.Jakarta.go.id/berita/1?utm_source=wa&fbclid=abc&id=5"),
        ])
        // check
        #expect(published.status == .seeOther, "a subdomain of an own domain is accepted")
        #expect(Fixtures.linkURLs(try await app.json(item)) == ["https://humas.jakarta.go.id/berita/1?id=5"])
    }

    // MARK: - Updates after publishing

    @Test func workflowPolicyReopensTheItemAndANewPublicationReplacesOnlyTheChangedLink() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.publishedItem(title: "Pemutakhiran lewat alur")
        // check
        #expect(app.services.institution.settings.updatePolicy == .workflow, "the default")
        // action
        try await app.as("admin-medsos") { browser async throws in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("action=\"\(item)/reopen\""), "the publisher is offered the reopen form")
        }

        // action
        let direct = try await app.act("admin-medsos", "update", on: item, [("reason", "Ganti"), ("link_instagram", Fixtures.validLink(.instagram)),
                                                                                 ("link_facebook", Fixtures.validLink(.facebook))])
        // check
        #expect(direct.status == .unprocessableContent, "the other policy's endpoint")
        #expect(direct.contains("Lembaga ini memutakhirkan konten lewat alur persetujuan."))
        // action
        let noReason = try await app.act("admin-medsos", "reopen", on: item, [("reason", "   ")])
        // check
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Alasan pemutakhiran wajib diisi."))
        #expect(try await app.act("tim-pengelola", "reopen", on: item, [("reason", "Bukan peran saya")]).status == .forbidden)
        #expect(try await app.json(item)["status"] as? String == "published", "nothing changed yet")

        let reason = "Foto Instagram salah, unggahan diganti."
        // action
        let reopened = try await app.act("admin-medsos", "reopen", on: item, [("reason", reason)])
        // check
        #expect(reopened.status == .seeOther)
        var state = try await app.json(item)
        #expect(state["status"] as? String == "draft")
        #expect(state["step_position"] as? Int == 1)
        #expect(state["step_role"] as? String == "admin-medsos")
        let last = try #require(Fixtures.history(state).last)
        #expect(last["action"] as? String == "reopen")
        #expect(last["comment"] as? String == reason)
        #expect(last["step_position"] as? Int == 6 && last["to_position"] as? Int == 1)
        #expect(Fixtures.linkURLs(state).count == 2, "the links stay current until the new publication")

        // action
        let twice = try await app.act("admin-medsos", "reopen", on: item, [("reason", reason)])
        // check
        #expect(twice.status == .conflict, "only a published item can be reopened")
        #expect(twice.contains("Konten ini belum tayang, jadi tidak dapat dimutakhirkan."))

        // action
        // Through every step again, then one link changes.
        try await app.approveToPublish(item)
        let newInstagram = "https://www.instagram.com/p/Cnew456/"
        let again = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", newInstagram + "?igsh=abc"), ("link_facebook", Fixtures.validLink(.facebook)),
        ])
        // check
        #expect(again.status == .seeOther)
        state = try await app.json(item)
        #expect(state["status"] as? String == "published")
        #expect(Fixtures.linkURLs(state) == [Fixtures.validLink(.instagram), Fixtures.validLink(.facebook), newInstagram])
        // action
        let (page, rows) = try await app.archive("q=Pemutakhiran")
        // check
        #expect(rows.count == 3)
        let old = try #require(rows.first { $0.url == Fixtures.validLink(.instagram) })
        #expect(old.replaced)
        #expect(old.replacedText?.hasPrefix("diganti ") == true, "the replaced marker with its date")
        let fresh = try #require(rows.first { $0.url == newInstagram })
        #expect(!fresh.replaced && fresh.replacedText == nil)
        let facebook = rows.filter { $0.channel == "Facebook" }
        #expect(facebook.count == 1 && facebook.first?.replaced == false, "the unchanged channel keeps its single row")
        #expect(page.body.components(separatedBy: "class=\"replaced\"").count - 1 == 1)
    }

    @Test func directPolicyUpdatesAPublishedItemInPlace() async throws {
        // setup
        let app = try await TestApp.dki()
        var settings = app.services.institution.settings
        settings.updatePolicy = .direct
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        let item = try await app.publishedItem(title: "Pemutakhiran langsung")
        let newInstagram = "https://www.instagram.com/reel/Cfresh789/"
        let links = [("link_instagram", newInstagram), ("link_facebook", Fixtures.validLink(.facebook))]

        // action
        let reopen = try await app.act("admin-medsos", "reopen", on: item, [("reason", "Lewat alur")])
        // check
        #expect(reopen.status == .unprocessableContent, "the other policy's endpoint")
        #expect(reopen.contains("Lembaga ini memutakhirkan konten langsung oleh admin unggah, bukan lewat alur."))
        // action
        let noReason = try await app.act("admin-medsos", "update", on: item, [("reason", "")] + links)
        // check
        #expect(noReason.status == .unprocessableContent)
        #expect(noReason.contains("Alasan pemutakhiran wajib diisi."))
        // action
        let badLink = try await app.act("admin-medsos", "update", on: item, [("reason", "Ganti"), ("link_instagram", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
                                                                             ("link_facebook", Fixtures.validLink(.facebook))])
        // check
        #expect(badLink.status == .unprocessableContent, "links are checked as at publish")
        #expect(badLink.contains("Tautan Instagram harus dari instagram.com."))
        #expect(try await app.act("kepala-biro", "update", on: item, [("reason", "Ganti")] + links).status == .forbidden)
        let version = try #require(try await app.json(item)["version"] as? Int)
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get(item)
            let stale = try await browser.post("\(item)/update", [("version", "\(version - 1)"), ("reason", "Ganti")] + links)
            // check
            #expect(stale.status == .conflict)
        }
        var state = try await app.json(item)
        #expect(Fixtures.linkURLs(state).count == 2, "nothing changed by the refused tries")

        let reason = "Unggahan Instagram dihapus platform, diunggah ulang."
        // action
        let updated = try await app.act("admin-medsos", "update", on: item, [("reason", reason)] + links)
        // check
        #expect(updated.status == .seeOther)
        #expect(updated.location == "\(item)?ok=content_updated")
        state = try await app.json(item)
        #expect(state["status"] as? String == "published")
        let last = try #require(Fixtures.history(state).last)
        #expect(last["action"] as? String == "update")
        #expect(last["comment"] as? String == reason)
        #expect(Fixtures.linkURLs(state) == [Fixtures.validLink(.instagram), Fixtures.validLink(.facebook), newInstagram], "the replaced link is kept")
        // action
        let (_, rows) = try await app.archive("q=langsung")
        // check
        #expect(rows.first { $0.url == Fixtures.validLink(.instagram) }?.replaced == true)
        #expect(rows.first { $0.url == newInstagram }?.replaced == false)
        #expect(rows.filter { $0.channel == "Facebook" }.count == 1)
    }

    /// Moved from the browser suite (`test_update_after_publishing_keeps_old_link`, check A3 of
    /// issue 12): reopening a published item is the publishing role's.
    @Test func reopeningAPublishedItemWithoutThePublishingRoleIsRefused() async throws {
        // setup: an item published on Instagram and Facebook, its version read from the database
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Uji buka ulang tanpa peran"))
        try await app.approveToPublish(item)
        let published = try await app.act("admin-medsos", "publish", on: item, [
            ("link_instagram", "https://www.instagram.com/p/CujiLama/"), ("link_facebook", "https://www.facebook.com/biroksd/posts/4242"),
        ])
        #expect(published.status == .seeOther)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        let version = try #require(try app.database.item(id: id)?.version)
        // action: the Kepala Biro opens the item and posts the reopen form
        let (page, reopen) = try await app.runAs("kepala-biro") { browser in
            let page = try await browser.get(item)
            let reopen = try await browser.post("\(item)/reopen", [("version", "\(version)"), ("reason", "bukan peran saya")])
            return (page.status, reopen.status)
        }
        // check
        #expect(page == .ok)
        #expect(reopen == .forbidden)
    }

    @Test func reopenAndUpdateWithJunkOnTheWorkflowPolicy() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("reopen/update workflow policy")
        let published = try await app.publishedItem(title: "Terbit untuk diuji")
        let draft = try await app.createItem(fields: Fixtures.itemFields(title: "Belum terbit"))
        let state = try await app.json(published)
        let version = try #require(state["version"] as? Int)
        let draftVersion = try #require(try await app.json(draft)["version"] as? Int)
        let eventsBefore = try app.count("contentEvent")
        let reason100k = String(repeating: "alasan ", count: 100_000 / 7)
        // action
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            for action in ["reopen", "update"] {
                try await probe.get(published)
                // check
                let path = "\(published)/\(action)"
                Garbage.refused(try await probe.post(path, [("reason", "Tanpa versi")]), "\(action) without version", status: 400, says: [Garbage.words.malformed])
                for junk in ["", "abc", "1.0", "99999999999999999999", "\u{0}", "٣", String(repeating: "9", count: 10_000)] {
                    Garbage.refused(try await probe.post(path, [("version", junk), ("reason", "Versi rusak")]), "\(action) version=\(junk.prefix(20))", status: 400,
                                    says: [Garbage.words.malformed])
                }
                // action
                for stale in ["-1", "0", "\(version - 1)", "\(version + 1)", "9223372036854775807"] {
                    let page = try await probe.post(path, [("version", stale), ("reason", "Versi lama <b>x</b>")])
                    // check
                    Garbage.refused(page, "\(action) version=\(stale)", status: 409, says: ["sudah diproses oleh"])
                    Garbage.kept(page, "Versi lama <b>x</b>", "\(action) stale reason")
                }
                Garbage.refused(try await probe.post(path, [("version", "\(version)")]), "\(action) without reason", status: 422, says: ["Alasan pemutakhiran wajib diisi."])
                Garbage.refused(try await probe.post(path, [("version", "\(version)"), ("reason", " \n\t ")]), "\(action) blank reason", status: 422,
                                says: ["Alasan pemutakhiran wajib diisi."])
                // action
                let long = try await probe.post(path, [("version", "\(version)"), ("reason", reason100k)])
                // check
                Garbage.refused(long, "\(action) 100k reason", status: 422, says: ["Komentar terlalu panjang: maksimal 4000 karakter."])
                Garbage.kept(long, String(reason100k.prefix(200)), "\(action) 100k reason")
                // action
                let huge = try await probe.post(path, [("version", "\(version)"), ("reason", String(repeating: "x", count: 2 * 1024 * 1024))])
                // check
                Garbage.refused(huge, "\(action) 2 MB reason", status: 413, says: [Garbage.words.tooLarge])
                // action
                // On an item not yet published.
                let unpublished = try await probe.post("\(draft)/\(action)", [("version", "\(draftVersion)"), ("reason", "Belum tayang")])
                // check
                Garbage.refused(unpublished, "\(action) on a draft", status: 409, says: ["Konten ini belum tayang, jadi tidak dapat dimutakhirkan."])
                // action
                // On items that do not exist.
                for junk in Garbage.junkIds {
                    let page = try await probe.post("/content/\(junk)/\(action)", [("version", "1"), ("reason", "Tidak ada")])
                    // check
                    Garbage.refused(page, "\(action) on /content/\(junk)", status: 404, says: [Garbage.words.notFound404])
                }
                Garbage.refused(try await probe.post(path, [("version", "\(version)"), ("reason", "Tanpa token")], csrf: false), "\(action) without token", status: 403,
                                says: [Garbage.words.csrf])
                // action
                try await probe.get(published)
                // check
                Garbage.refused(try await probe.raw(path, body: "version=%ZZ&csrf_token=\(browser.csrfToken)"), "\(action) malformed", status: 400, says: [Garbage.words.malformed])
                Garbage.refused(try await probe.upload(path, [("version", "\(version)")], file: "a.txt", type: "text/plain", bytes: [1]), "\(action) multipart",
                                says: [Garbage.words.malformed])
            }
            // action
            // The workflow policy refuses /update, whatever it carries.
            try await probe.get(published)
            let direct = try await probe.post("\(published)/update", [("version", "\(version)"), ("reason", "Langsung"), ("link_instagram", "javascript:alert(1)"),
                                                                     ("link_facebook", String(repeating: "h", count: 10_000))])
            // check
            Garbage.refused(direct, "update on the workflow policy", status: 422, says: ["Lembaga ini memutakhirkan konten lewat alur persetujuan."])
        }
        #expect(try app.count("contentEvent") == eventsBefore, "no refused request recorded an event")
        #expect(try await app.json(published)["status"] as? String == "published")

        // action
        // Not the publishing role.
        try await app.as("tim-pengelola") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get(published)
            // check
            for action in ["reopen", "update"] {
                Garbage.refused(try await probe.post("\(published)/\(action)", [("version", "\(version)"), ("reason", "Bukan peran saya")]), "tim-pengelola \(action)",
                                status: 403, says: ["hanya dapat dikerjakan oleh peran"])
            }
        }
        // action
        // Anonymous.
        try await app.run { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            // check
            for action in ["reopen", "update"] {
                Garbage.toLogin(try await probe.post("\(published)/\(action)", [("version", "\(version)"), ("reason", "Anonim")], csrf: false), "anonymous \(action)")
            }
        }
        #expect(try app.count("contentEvent") == eventsBefore)

        // action
        // A double submit: the first reopens, the second is told, with a 409, and the reason typed is kept.
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get(published)
            let fields = [("version", "\(version)"), ("reason", "Foto salah, diganti.")]
            let first = try await probe.post("\(published)/reopen", fields)
            // check
            #expect(first.status == .seeOther)
            // action
            let second = try await probe.post("\(published)/reopen", fields)
            // check
            Garbage.refused(second, "second reopen", status: 409, says: ["sudah diproses oleh"])
            Garbage.kept(second, "Foto salah, diganti.", "second reopen")
        }
        #expect(try app.count("contentEvent") == eventsBefore + 1, "the double submit recorded one reopen")
        tally.report()
    }

    @Test func updateWithJunkOnTheDirectPolicyAndTwice() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("update direct policy")
        var settings = app.services.institution.settings
        settings.updatePolicy = .direct
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        let published = try await app.publishedItem(title: "Terbit langsung")
        let version = try #require(try await app.json(published)["version"] as? Int)
        let linksBefore = try app.count("contentLink")
        let good = [("link_instagram", "https://www.instagram.com/p/Cfresh789/"), ("link_facebook", Fixtures.validLink(.facebook))]
        // action
        try await app.as("admin-medsos") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get(published)
            let path = "\(published)/update"
            let junkLinks: [(String, [(String, String)], String)] = [
                ("no links", [], "Tautan"),
                ("javascript", [("link_instagram", "javascript:alert(1)"), ("link_facebook", Fixtures.validLink(.facebook))], "Tautan Instagram"),
                ("file", [("link_instagram", "file:///etc/passwd"), ("link_facebook", Fixtures.validLink(.facebook))], "Tautan Instagram"),
                ("10k", [("link_instagram", "https://www.instagram.com/p/" + String(repeating: "a", count: 10_000)), ("link_facebook", Fixtures.validLink(.facebook))], "Tautan"),
                ("unicode host", [("link_instagram", "https://www.іnstagram.com/p/Cabc/"), ("link_facebook", Fixtures.validLink(.facebook))], "Tautan Instagram"),
                ("other platform", [("link_instagram", Fixtures.validLink(.facebook)), ("link_facebook", Fixtures.validLink(.instagram))], "Tautan"),
            ]
            for (label, links, says) in junkLinks {
                let page = try await probe.post(path, [("version", "\(version)"), ("reason", "Alasan <b>diketik</b>")] + links)
                // check
                Garbage.refused(page, "update \(label)", status: 422, says: [says])
                Garbage.kept(page, "Alasan <b>diketik</b>", "update \(label)")
            }
            Garbage.refused(try await probe.post(path, [("version", "\(version)")] + good), "update without reason", status: 422, says: ["Alasan pemutakhiran wajib diisi."])
            Garbage.refused(try await probe.post(path, [("version", "\(version)"), ("reason", String(repeating: "r", count: 100_000))] + good), "update 100k reason",
                            status: 422, says: ["maksimal 4000 karakter"])
            Garbage.refused(try await probe.post("\(published)/reopen", [("version", "\(version)"), ("reason", "Lewat alur")]), "reopen on the direct policy",
                            status: 422, says: ["Lembaga ini memutakhirkan konten langsung oleh admin unggah, bukan lewat alur."])
            #expect(try app.count("contentLink") == linksBefore, "no refused update stored a link")

            // A double submit: the first updates, the second is a 409 naming who did it, the reason kept.
            let fields = [("version", "\(version)"), ("reason", "Unggahan diganti.")] + good
            // action
            let first = try await probe.post(path, fields)
            // check
            #expect(first.status == .seeOther)
            // action
            let second = try await probe.post(path, fields)
            // check
            Garbage.refused(second, "second update", status: 409, says: ["sudah diproses oleh"])
            Garbage.kept(second, "Unggahan diganti.", "second update")
        }
        #expect(try app.count("contentLink") == linksBefore + 1, "the double submit replaced one link once")
        tally.report()
    }
}
