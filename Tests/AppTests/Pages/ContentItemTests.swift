import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The content item page (`/content/{id}`, its JSON, its previews and decision forms) and the
/// four-eyes rule that decides which forms it offers and which actions it refuses (issue 10, items 4
/// and 11). Each attack is sent as an attacker would send it and must be refused with nothing changed.
@Suite struct ContentItemTests {
    @Test func unknownItemIs404AndMalformedVersionIs400() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        // action
        try await app.as("admin-medsos") { browser in
            // check
            #expect(try await browser.get("/content/999").status == .notFound)
            // action
            try await browser.get(item)
            // check
            #expect(try await browser.post("\(item)/submit", [("version", "abc")]).status == .badRequest)
        }
    }

    @Test func aHugeItemIdIs404() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(try await browser.get("/content/9223372036854775807").status == .notFound)
        }
    }

    @Test func markdownSyntaxAndEmojiCountAsPeopleSeeThem() async throws {
        // setup
        let app = try await TestApp.dki()
        // 200 visible characters: Markdown markers are not counted, and each flag or family emoji counts once.
        let caption = "**" + String(repeating: "a", count: 190) + "**" + String(repeating: "🇮🇩", count: 5) + String(repeating: "👨‍👩‍👧", count: 5)
        let item = try await app.createItem(fields: Fixtures.itemFields(caption: caption))
        // action
        try await app.as("admin-medsos") { browser async throws in
            // check
            #expect(try await browser.get(item).contains("200 / 200 karakter"))
        }
    }

    @Test func theReasonStaysUntilTheItemMovesOnEvenAfterAnEdit() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        try await app.act("tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")])
        // action
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("Dikembalikan oleh Tim-Pengelola, Tim Pengelola Media Sosial, dari langkah &quot;Tanggapi dan koreksi&quot;"))
            // action
            let form = try await browser.get("\(item)/edit")
            // check
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            // action
            try await browser.post("\(item)/edit", [("version", version)] + Fixtures.itemFields(title: "Judul diperbaiki"))
            // check
            #expect(try await browser.get(item).contains("Foto kurang tajam."), "still shown after an edit")
        }
        // action
        try await app.act("admin-medsos", "submit", on: item)
        try await app.as("tim-pengelola") { browser async throws in
            // check
            #expect(!(try await browser.get(item).contains("id=\"rejection\"")), "gone once it moved on")
        }
    }

    @Test func theDiffShowsWhatChangedSinceThePreviousLevelAndThePublisherGetsTheTextToPaste() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        // Tim Pengelola corrects the caption, then approves its correction.
        try await app.as("tim-pengelola") { browser in
            let form = try await browser.get("\(item)/edit")
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            try await browser.post("\(item)/edit", [("version", version)] + Fixtures.itemFields(caption: "Kepala Biro memimpin **rapat kerja** daerah. #KerjaSamaDaerah"))
        }
        try await app.act("tim-pengelola", "approve", on: item)
        // action
        try await app.as("kasubbag-tu") { browser in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("Perubahan revisi 1 → 2"))
            let removed = page.body.components(separatedBy: "<del>").dropFirst().map { $0.components(separatedBy: "</del>")[0] }.joined()
            #expect(removed.contains("koordinasi"), "the removed words are marked")
            #expect(page.contains("<ins>"), "the added words are marked")
        }
        // action
        for role in ["kasubbag-tu", "kepala-bagian", "kepala-biro"] { try await app.act(role, "approve", on: item) }
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            // check
            #expect(page.contains("id=\"copy-instagram\" rows=\"3\" readonly>Kepala Biro memimpin rapat kerja daerah. #KerjaSamaDaerah</textarea>"),
                    "the plain text, without Markdown, ready to paste")
            #expect(page.contains("id=\"copy-facebook\""))
        }
    }

    // MARK: - Four eyes

    @Test func nobodyApprovesWhatTheyHandedOn() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.addUser("dua-peran", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await app.createItem(as: "dua-peran")
        // action
        try await app.act("dua-peran", "submit", on: item)
        let own = try await app.act("dua-peran", "approve", on: item)
        // check
        #expect(own.status == .forbidden)
        #expect(own.contains("Prinsip empat mata: Anda tidak boleh memutuskan konten ini"))
        #expect(try await app.act("tim-pengelola", "approve", on: item).status == .seeOther, "a colleague may")
    }

    @Test func theSubmitterCannotLaunderTheirItemByEditingAtTheDecideStep() async throws {
        // setup: the Admin Medsos who submits also holds Tim Pengelola (step 2) by delegation.
        let app = try await TestApp.dki()
        let medsos = try app.userId("admin-medsos")
        try app.database.createDelegation(from: try app.userId("tim-pengelola"), to: medsos, roleKey: "tim-pengelola",
                                          startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: app.adminId, now: app.clock.now)
        let item = try await app.createItem()
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        let before = try app.itemState(item)

        // action: approve directly, then edit (a revision in their name) and approve.
        let direct = try await app.act("admin-medsos", "approve", on: item)
        let edited = try await app.postEdit("admin-medsos", item, caption: "Versi saya sendiri.")
        let afterEdit = try await app.act("admin-medsos", "approve", on: item)
        let rejected = try await app.act("admin-medsos", "reject", on: item, [("reason", "Kembali ke saya")])

        // check: every step refused, in Indonesian, and nothing recorded.
        #expect(direct.status == .forbidden)
        #expect(direct.contains("Prinsip empat mata"))
        #expect(edited.status == .forbidden, "correcting at a decide step is the decider's part")
        #expect(afterEdit.status == .forbidden)
        #expect(rejected.status == .forbidden)
        #expect(try app.itemState(item) == before)
        // check: a colleague of the step's role decides as usual.
        #expect(try await app.act("tim-pengelola", "approve", on: item).status == .seeOther)
    }

    @Test func theItemPageOffersNoDecisionToSomeoneTheRuleRefuses() async throws {
        // setup: the submitter also holds step 2 by delegation.
        let app = try await TestApp.dki()
        let medsos = try app.userId("admin-medsos")
        try app.database.createDelegation(from: try app.userId("tim-pengelola"), to: medsos, roleKey: "tim-pengelola",
                                          startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: app.adminId, now: app.clock.now)
        let item = try await app.createItem()
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        // action: the submitter opens the item
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            // check: told why, with no decision forms
            #expect(page.contains("id=\"four-eyes\""))
            #expect(page.contains("Prinsip empat mata"))
            #expect(!page.contains("\(item)/approve"), "no approve form")
            #expect(!page.contains("\(item)/reject"), "no send-back form")
            #expect(!page.contains("href=\"\(item)/edit\""), "no correction at the decide step")
        }
        // action: a colleague opens it
        try await app.as("tim-pengelola") { browser in
            let page = try await browser.get(item)
            // check: the decision forms are there
            #expect(!page.contains("id=\"four-eyes\""))
            #expect(page.contains("\(item)/approve"))
        }
    }

    @Test func theCreatorCannotDecideEvenIfSomeoneElseHandsOn() async throws {
        // setup: a second Admin Medsos hands on what the creator (who also holds Tim Pengelola) made.
        let app = try await TestApp.dki()
        try await app.addUser("pembuat", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await app.createItem(as: "pembuat")
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        let before = try app.itemState(item)
        // action
        let refused = try await app.act("pembuat", "approve", on: item)
        // check
        #expect(refused.status == .forbidden)
        #expect(try app.itemState(item) == before)
    }

    @Test func oneHolderOfTwoRolesDecidesAtOneLevelOnly() async throws {
        // setup: one person holds Kepala Subbagian TU (step 3) and Kepala Bagian (step 4).
        let app = try await TestApp.dki()
        try await app.addUser("dua-tingkat", roles: ["kasubbag-tu", "kepala-bagian"], displayName: "Pak Dua Tingkat")
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        try await app.act("tim-pengelola", "approve", on: item)
        #expect(try await app.act("dua-tingkat", "approve", on: item).status == .seeOther, "step 3 in their first role")
        let before = try app.itemState(item)

        // action: the same person at step 4 through their second role, approving or correcting.
        let second = try await app.act("dua-tingkat", "approve", on: item)
        let edit = try await app.postEdit("dua-tingkat", item, caption: "Dikoreksi di tingkat kedua.")

        // check
        #expect(second.status == .forbidden)
        #expect(second.contains("Anda sudah memutuskan konten ini pada langkah 3"))
        #expect(edit.status == .forbidden)
        #expect(try app.itemState(item) == before)

        // action: the institution may switch the rule off (it is on by default); then it goes through.
        #expect(app.services.institution.settings.separateDeciders)
        var settings = app.services.institution.settings
        settings.separateDeciders = false
        try app.database.updateInstitution(settings)
        try app.services.institution.reload()
        // check
        #expect(try await app.act("dua-tingkat", "approve", on: item).status == .seeOther)
    }

    @Test func theSameRoleAtTwoStepsIsTheSOP() async throws {
        // setup
        // UB: the Kasubdiv checks the material (2) and approves the design (4); one person may do both.
        let app = try await TestApp.make(preset: .ub)
        for role in SOPPreset.ub.roles { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        let item = try await app.createItem(as: "staf-medsos", fields: Fixtures.itemFields(channels: ["instagram"]))
        // action: each step in turn, the Kasubdiv at two of them
        for (user, action) in [("staf-medsos", "submit"), ("kasubdiv", "approve"), ("staf-desain", "submit"), ("kasubdiv", "approve")] {
            let answer = try await app.act(user, action, on: item)
            // check
            #expect(answer.status == .seeOther, "\(user) \(action)")
        }
        // check
        #expect(try app.itemState(item).position == 5)
    }

    @Test func aRejectionKeepsTheRoundAndAReopenStartsANewOne() async throws {
        // setup: "penyunting" holds Admin Medsos and Tim Pengelola and edits the draft at step 1.
        let app = try await TestApp.dki()
        try await app.addUser("penyunting", roles: ["admin-medsos", "tim-pengelola"])
        let item = try await app.createItem()
        #expect(try await app.postEdit("penyunting", item, caption: "Narasi disunting.").status == .seeOther)
        try await app.act("admin-medsos", "submit", on: item)
        var before = try app.itemState(item)
        // action
        var approve = try await app.act("penyunting", "approve", on: item)
        // check
        #expect(approve.status == .forbidden, "they wrote revision 2")
        #expect(try app.itemState(item) == before)

        // setup: sent back and handed on again by the creator: still the same round.
        try await app.act("tim-pengelola", "reject", on: item, [("reason", "Foto kurang tajam.")])
        try await app.act("admin-medsos", "submit", on: item)
        before = try app.itemState(item)
        // action
        approve = try await app.act("penyunting", "approve", on: item)
        // check
        #expect(approve.status == .forbidden, "a rejection does not start a new round")
        #expect(try app.itemState(item) == before)

        // setup: published, then sent through the workflow again: a new round, in which they wrote nothing.
        for role in ["tim-pengelola", "kasubbag-tu", "kepala-bagian", "kepala-biro"] {
            #expect(try await app.act(role, "approve", on: item).status == .seeOther)
        }
        try await app.act("admin-medsos", "publish", on: item,
                          [("link_instagram", Fixtures.validLink(.instagram)), ("link_facebook", Fixtures.validLink(.facebook))])
        try await app.as("admin-medsos") { browser in
            let page = try await browser.get(item)
            let version = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"version\" value=\""))
            #expect(try await browser.post("\(item)/reopen", [("version", version), ("reason", "Nama mitra salah.")]).status == .seeOther)
        }
        try await app.act("admin-medsos", "submit", on: item)
        // action
        approve = try await app.act("penyunting", "approve", on: item)
        // check
        #expect(approve.status == .seeOther)
    }

    // MARK: - An edit that lost a race

    @Test func anEditThatLostARaceGets409NamingWhoActed() async throws {
        // setup: a Tim Pengelola member opens the edit form at step 2; a colleague approves first.
        let app = try await TestApp.dki()
        try await app.addUser("tim-dua", roles: ["tim-pengelola"], displayName: "Rina Tim Dua")
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        try await app.as("tim-pengelola") { browser in
            let form = try await browser.get("\(item)/edit")
            #expect(form.status == .ok)
            let version = try #require(TestBrowser.firstMatch(in: form.body, after: "name=\"version\" value=\""))
            try await app.act("tim-dua", "approve", on: item)
            let before = try app.itemState(item)

            // action: the edit is sent with the version it was made from.
            let late = try await browser.post("\(item)/edit", [("version", version)] + Fixtures.itemFields(caption: "Koreksi yang terlambat."))

            // check: 409 naming who acted and when, what was typed kept, nothing changed.
            #expect(late.status == .conflict)
            #expect(late.contains("sudah diproses oleh Rina Tim Dua pada Sabtu, 21 November 2026, 10.00 WIB"))
            #expect(late.contains("Koreksi yang terlambat.</textarea>"))
            #expect(try app.itemState(item) == before)
        }
        // action: someone who never had the item's steps edits
        let before = try app.itemState(item)
        let stranger = try await app.postEdit("kepala-biro", item, caption: "Bukan giliran saya.")
        // check: still refused with 403
        #expect(stranger.status == .forbidden)
        #expect(try app.itemState(item) == before)
    }
}
