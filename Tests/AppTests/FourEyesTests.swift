import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Issue 10, items 4, 5 and 11: the four-eyes rule, delegations that die with the delegator's role,
/// and an edit that lost a race. Each attack is sent as an attacker would send it (a signed-in
/// browser posting the forms with the item's current version) and must be refused with nothing
/// changed in the database.
@Suite struct FourEyesTests {
    typealias W = WorkflowRouterTests

    /// What an attack must leave untouched.
    struct ItemState: Equatable {
        var events: Int
        var revisions: Int
        var status: String
        var position: Int
        var version: Int
        var revision: Int
    }

    static func state(_ app: TestApp, _ path: String) throws -> ItemState {
        let id = try #require(Int64(path.split(separator: "/").last ?? ""))
        let bundle = try #require(try app.database.itemBundle(id: id))
        return ItemState(events: bundle.events.count, revisions: bundle.revisions.count, status: bundle.item.status.rawValue,
                         position: bundle.item.position, version: bundle.item.version, revision: bundle.item.revision)
    }

    static func userId(_ app: TestApp, _ username: String) throws -> Int64 {
        try #require(try app.database.userRecord(username: username)?.id)
    }

    /// Posts the edit form as `username` with the item's current version (read from the item's JSON).
    static func edit(_ app: TestApp, _ username: String, _ item: String, caption: String) async throws -> TestBrowser.Page {
        let box = W.PageBox()
        try await app.as(username) { browser in
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let json = try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any]
            let version = (json?["version"] as? Int).map(String.init) ?? "0"
            try await browser.get(item)
            box.page = try await browser.post("\(item)/edit", [("version", version)] + W.itemFields(caption: caption))
        }
        return try #require(box.page)
    }

    // MARK: item 4: self-approval by editing first

    @Test func theSubmitterCannotLaunderTheirItemByEditingAtTheDecideStep() async throws {
        // Set-up: the Admin Medsos who submits also holds Tim Pengelola (step 2) by delegation.
        let app = try await W.dki()
        let medsos = try Self.userId(app, "admin-medsos")
        try app.database.createDelegation(from: try Self.userId(app, "tim-pengelola"), to: medsos, roleKey: "tim-pengelola",
                                          startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: app.adminId, now: app.clock.now)
        let item = try await W.createItem(app)
        #expect(try await W.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        let before = try Self.state(app, item)

        // Action: approve directly, then edit (a revision in their name) and approve.
        let direct = try await W.act(app, "admin-medsos", "approve", on: item)
        let edited = try await Self.edit(app, "admin-medsos", item, caption: "Versi saya sendiri.")
        let afterEdit = try await W.act(app, "admin-medsos", "approve", on: item)
        let rejected = try await W.act(app, "admin-medsos", "reject", on: item, [("reason", "Kembali ke saya")])

        // Check: every step refused, in Indonesian, and nothing recorded.
        #expect(direct.status == .forbidden)
        #expect(direct.contains("Prinsip empat mata"))
        #expect(edited.status == .forbidden, "correcting at a decide step is the decider's part")
        #expect(afterEdit.status == .forbidden)
        #expect(rejected.status == .forbidden)
        #expect(try Self.state(app, item) == before)
        // A colleague of the step's role decides as usual.
        #expect(try await W.act(app, "tim-pengelola", "approve", on: item).status == .seeOther)
    }

    @Test func theItemPageOffersNoDecisionToSomeoneTheRuleRefuses() async throws {
        // Set-up: the submitter also holds step 2 by delegation.
        let app = try await W.dki()
        let medsos = try Self.userId(app, "admin-medsos")
        try app.database.createDelegation(from: try Self.userId(app, "tim-pengelola"), to: medsos, roleKey: "tim-pengelola",
                                          startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: app.adminId, now: app.clock.now)
        let item = try await W.createItem(app)
        #expect(try await W.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        // Action and check: the submitter is told why, with no decision forms; a colleague gets them.
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            #expect(page.contains("id=\"four-eyes\""))
            #expect(page.contains("Prinsip empat mata"))
            #expect(!page.contains("\(item)/approve"), "no approve form")
            #expect(!page.contains("\(item)/reject"), "no send-back form")
            #expect(!page.contains("href=\"\(item)/edit\""), "no correction at the decide step")
        }
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            #expect(!page.contains("id=\"four-eyes\""))
            #expect(page.contains("\(item)/approve"))
        }
    }

    @Test func theCreatorCannotDecideEvenIfSomeoneElseHandsOn() async throws {
        // Set-up: a second Admin Medsos hands on what the creator (who also holds Tim Pengelola) made.
        let app = try await W.dki()
        try await app.addUser("pembuat", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await W.createItem(app, as: "pembuat")
        #expect(try await W.act(app, "admin-medsos", "submit", on: item).status == .seeOther)
        let before = try Self.state(app, item)
        // Action and check.
        #expect(try await W.act(app, "pembuat", "approve", on: item).status == .forbidden)
        #expect(try Self.state(app, item) == before)
    }

    @Test func oneHolderOfTwoRolesDecidesAtOneLevelOnly() async throws {
        // Set-up: one person holds Kepala Subbagian TU (step 3) and Kepala Bagian (step 4).
        let app = try await W.dki()
        try await app.addUser("dua-tingkat", roles: ["kasubbag-tu", "kepala-bagian"], displayName: "Pak Dua Tingkat")
        let item = try await W.createItem(app)
        try await W.act(app, "admin-medsos", "submit", on: item)
        try await W.act(app, "tim-pengelola", "approve", on: item)
        #expect(try await W.act(app, "dua-tingkat", "approve", on: item).status == .seeOther, "step 3 in their first role")
        let before = try Self.state(app, item)

        // Action: the same person at step 4 through their second role, approving or correcting.
        let second = try await W.act(app, "dua-tingkat", "approve", on: item)
        let edit = try await Self.edit(app, "dua-tingkat", item, caption: "Dikoreksi di tingkat kedua.")

        // Check.
        #expect(second.status == .forbidden)
        #expect(second.contains("Anda sudah memutuskan konten ini pada langkah 3"))
        #expect(edit.status == .forbidden)
        #expect(try Self.state(app, item) == before)

        // The institution may switch the rule off (it is on by default); then it goes through.
        #expect(app.services.institution.settings.separateDeciders)
        var settings = app.services.institution.settings
        settings.separateDeciders = false
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        #expect(try await W.act(app, "dua-tingkat", "approve", on: item).status == .seeOther)
    }

    @Test func theSettingIsACheckboxOnTheSettingsPage() async throws {
        let app = try await W.dki()
        let fields: [(String, String)] = [
            ("name", "Biro KSD"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
            ("office_opens", "07:30"), ("office_closes", "16:00"), ("office_days", "2"), ("channels", "instagram"),
            ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "2200"), ("limit_facebook", "63206"),
            ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
        ]
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/admin/settings").contains("name=\"separate_deciders\" value=\"1\" checked"), "on by default")
            // A form that does not show the box (an older page) leaves the rule as it is.
            #expect(try await browser.post("/admin/settings", fields).location == "/admin/settings?ok=settings_saved")
            #expect(app.services.institution.settings.separateDeciders)
            // Unticked on the page: off.
            #expect(try await browser.post("/admin/settings", fields + [("four_eyes_shown", "1")]).location == "/admin/settings?ok=settings_saved")
            #expect(!app.services.institution.settings.separateDeciders)
            #expect(try await browser.get("/admin/settings").contains("name=\"separate_deciders\" value=\"1\" aria-describedby"))
            // Ticked again: on.
            let on = fields + [("four_eyes_shown", "1"), ("separate_deciders", "1")]
            #expect(try await browser.post("/admin/settings", on).location == "/admin/settings?ok=settings_saved")
            #expect(app.services.institution.settings.separateDeciders)
        }
        try await app.as("kepala-biro") { browser in
            try await browser.get("/")
            #expect(try await browser.post("/admin/settings", fields + [("four_eyes_shown", "1")]).status == .forbidden)
        }
        #expect(app.services.institution.settings.separateDeciders, "only administrators change it")
    }

    @Test func theSameRoleAtTwoStepsIsTheSOP() async throws {
        // UB: the Kasubdiv checks the material (2) and approves the design (4); one person may do both.
        let app = try await TestApp.make(preset: .ub)
        for role in SOPPreset.ub.roles { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        let item = try await W.createItem(app, as: "staf-medsos", fields: W.itemFields(channels: ["instagram"]))
        for (user, action) in [("staf-medsos", "submit"), ("kasubdiv", "approve"), ("staf-desain", "submit"), ("kasubdiv", "approve")] {
            #expect(try await W.act(app, user, action, on: item).status == .seeOther, "\(user) \(action)")
        }
        #expect(try Self.state(app, item).position == 5)
    }

    @Test func aRejectionKeepsTheRoundAndAReopenStartsANewOne() async throws {
        // Set-up: "penyunting" holds Admin Medsos and Tim Pengelola and edits the draft at step 1.
        let app = try await W.dki()
        try await app.addUser("penyunting", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await W.createItem(app)
        #expect(try await Self.edit(app, "penyunting", item, caption: "Narasi disunting.").status == .seeOther)
        try await W.act(app, "admin-medsos", "submit", on: item)
        var before = try Self.state(app, item)
        #expect(try await W.act(app, "penyunting", "approve", on: item).status == .forbidden, "they wrote revision 2")
        #expect(try Self.state(app, item) == before)

        // Sent back and handed on again by the creator: still the same round.
        try await W.act(app, "tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")])
        try await W.act(app, "admin-medsos", "submit", on: item)
        before = try Self.state(app, item)
        #expect(try await W.act(app, "penyunting", "approve", on: item).status == .forbidden, "a rejection does not start a new round")
        #expect(try Self.state(app, item) == before)

        // Published, then sent through the workflow again: a new round, in which they wrote nothing.
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] {
            #expect(try await W.act(app, role, "approve", on: item).status == .seeOther)
        }
        try await W.act(app, "admin-medsos", "publish", on: item,
                        [("link_instagram", W.validLink(.instagram)), ("link_facebook", W.validLink(.facebook))])
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            let version = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"version\" value=\""))
            #expect(try await browser.post("\(item)/reopen", [("version", version), ("reason", "Nama mitra salah.")]).status == .seeOther)
        }
        try await W.act(app, "admin-medsos", "submit", on: item)
        #expect(try await W.act(app, "penyunting", "approve", on: item).status == .seeOther)
    }

    // MARK: item 5: a delegation outlives the delegator's role

    @Test func aDelegationDiesWithTheDelegatorsRole() async throws {
        // Set-up: the item waits for the Kepala Biro (step 4 approved by another Kepala Bagian), and the
        // Kepala Biro delegates the role to the Kepala Bagian.
        let app = try await W.dki()
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await W.createItem(app)
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await W.act(app, user, action, on: item)
        }
        let biro = try Self.userId(app, "kepala-biro")
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let made = try await browser.post("/delegations", [("role", "kepala-biro"), ("to_user", "\(try Self.userId(app, "kepala-bagian"))"),
                                                              ("starts_on", "2026-11-21"), ("ends_on", "2026-11-30")])
            #expect(made.location == "/delegations?ok=delegation_created")
        }
        try await app.as("kepala-bagian") { browser async throws in
            #expect(try await browser.get("/").contains("Rapat koordinasi"), "listed while the delegation lives")
        }
        // An administrator takes the role away from the Kepala Biro.
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/\(biro)")
            let saved = try await browser.post("/admin/users/\(biro)", [("display_name", "Ibu Kepala Biro"), ("language", "id"), ("role", "tim-pengelola")])
            #expect(saved.location == "/admin/users/\(biro)?ok=user_saved")
        }
        let before = try Self.state(app, item)

        // Action: the delegate still tries to approve "a.n. Kepala Biro".
        let late = try await W.act(app, "kepala-bagian", "approve", on: item)

        // Check.
        #expect(late.status == .forbidden)
        #expect(late.contains("hanya dapat dikerjakan oleh peran Kepala Biro"))
        #expect(try Self.state(app, item) == before)
        try await app.as("kepala-bagian") { browser async throws in
            let home = try await browser.get("/")
            #expect(!home.contains("Rapat koordinasi"), "\"Tugas saya\" no longer lists it")
            #expect(!home.contains("delegasi peran Kepala Biro"))
            // The delegations page says it no longer acts.
            let list = try await browser.get("/delegations")
            #expect(list.contains("badge delegation-lapsed"))
            #expect(list.contains("Tidak berlaku (pemberi tidak lagi memegang peran)"))
        }
    }

    @Test func theDelegationIsCheckedWhenTheActionIsApplied() async throws {
        // Set-up: the request was let in while the delegation counted; the delegator loses the role
        // (or is disabled) before the write.
        let app = try await W.dki()
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await W.createItem(app)
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await W.act(app, user, action, on: item)
        }
        let biro = try Self.userId(app, "kepala-biro")
        let bagian = try Self.userId(app, "kepala-bagian")
        try app.database.createDelegation(from: biro, to: bagian, roleKey: "kepala-biro", startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!,
                                          by: biro, now: app.clock.now)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        let workflow = try #require(app.services.institution.workflow(version: 1))
        func approve() throws {
            let version = try #require(try app.database.item(id: id)?.version)
            _ = try app.database.applyAction(.approve, itemId: id, expectedVersion: version, workflow: workflow,
                                             by: ContentActor(userId: bagian, onBehalfOf: biro), comment: nil, links: [],
                                             calendar: app.services.institution.officeCalendar, now: app.clock.now)
        }
        let before = try Self.state(app, item)

        // Action and check: the delegator disabled.
        try app.database.setActive(userId: biro, false, now: app.clock.now)
        #expect(throws: ContentError.notAuthorized) { try approve() }
        #expect(try Self.state(app, item) == before)
        // The delegator active again but without the role.
        try app.database.setActive(userId: biro, true, now: app.clock.now)
        _ = try app.database.updateUser(id: biro, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["tim-pengelola"], now: app.clock.now)
        #expect(throws: ContentError.notAuthorized) { try approve() }
        #expect(try Self.state(app, item) == before)
        // With the role back, the same call goes through.
        _ = try app.database.updateUser(id: biro, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro"], now: app.clock.now)
        try approve()
        #expect(try Self.state(app, item).position == 6)
    }

    // MARK: item 11: an edit that loses a race with an approval

    @Test func anEditThatLostARaceGets409NamingWhoActed() async throws {
        // Set-up: a Tim Pengelola member opens the edit form at step 2; a colleague approves first.
        let app = try await W.dki()
        try await app.addUser("tim-dua", roles: ["tim-pengelola"], displayName: "Rina Tim Dua")
        let item = try await W.createItem(app)
        try await W.act(app, "admin-medsos", "submit", on: item)
        try await app.as("tim-pengelola") { browser in
            let form = try await browser.get("\(item)/edit")
            #expect(form.status == .ok)
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            try await W.act(app, "tim-dua", "approve", on: item)
            let before = try Self.state(app, item)

            // Action: the edit is sent with the version it was made from.
            let late = try await browser.post("\(item)/edit", [("version", version)] + W.itemFields(caption: "Koreksi yang terlambat."))

            // Check: 409 naming who acted and when, what was typed kept, nothing changed.
            #expect(late.status == .conflict)
            #expect(late.contains("sudah diproses oleh Rina Tim Dua pada Sabtu, 21 November 2026, 10.00 WIB"))
            #expect(late.contains("Koreksi yang terlambat.</textarea>"))
            #expect(try Self.state(app, item) == before)
        }
        // Someone who never had the item's steps is still refused with 403.
        let before = try Self.state(app, item)
        #expect(try await Self.edit(app, "kepala-biro", item, caption: "Bukan giliran saya.").status == .forbidden)
        #expect(try Self.state(app, item) == before)
    }
}
