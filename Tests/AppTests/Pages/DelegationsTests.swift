import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Delegations (`/delegations`): a role handed on for some days, acting "a.n." the delegator, and a
/// delegation that dies with the delegator's role (issue 10, item 5).
@Suite struct DelegationsTests {
    @Test func delegationWorksOnlyInsideItsDates() async throws {
        // setup
        let app = try await TestApp.dki()
        // Step 4 by another Kepala Bagian: the delegate deciding at steps 4 and 5 would be one person
        // at two levels (refused by the four-eyes setting, see ContentItemTests).
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await app.createItem()
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await app.act(user, action, on: item)
        }
        // action
        // Outside the range (from Monday): the delegate cannot act yet.
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let made = try await browser.post("/delegations", [("role", "kepala-biro"), ("to_user", "\(try app.database.userRecord(username: "kepala-bagian")!.id!)"),
                                                              ("starts_on", "2026-11-23"), ("ends_on", "2026-11-27")])
            // check
            #expect(made.location == "/delegations?ok=delegation_created")
        }
        #expect(try await app.act("kepala-bagian", "approve", on: item).status == .forbidden)
        // action
        app.clock.advance(minutes: 60 * 48)  // Monday 10:00
        let approved = try await app.act("kepala-bagian", "approve", on: item)
        // check
        #expect(approved.status == .seeOther)
        let history = try #require(try await app.json(item)["history"] as? [[String: Any]])
        #expect(history.last?["actor"] as? String == "Kepala-Bagian")
        #expect(history.last?["on_behalf_of"] as? String == "Ibu Kepala Biro")
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get(item).contains("Kepala-Bagian a.n. Ibu Kepala Biro"))
        }
        // action
        // After the last day it has expired by itself.
        app.clock.advance(minutes: 60 * 24 * 5)
        try await app.as("kepala-bagian") { browser in
            let page = try await browser.get("/delegations")
            // check
            #expect(page.contains("Berakhir"))
        }
    }

    @Test func revokedDelegationStopsAtOnce() async throws {
        // setup
        let app = try await TestApp.dki()
        let bagian = try #require(try app.database.userRecord(username: "kepala-bagian")?.id)
        let biro = try #require(try app.database.userRecord(username: "kepala-biro")?.id)
        let id = try app.database.createDelegation(from: biro, to: bagian, roleKey: "kepala-biro", startsOn: Day("2026-11-21")!, endsOn: Day("2026-11-30")!, by: biro, now: app.clock.now)
        // action
        try await app.as("kepala-bagian") { browser async throws in
            // check
            #expect(try await browser.get("/").contains("delegasi peran Kepala Biro"))
        }
        // action
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            // check
            #expect(try await browser.post("/delegations/\(id)/revoke").location == "/delegations?ok=delegation_revoked")
        }
        // action
        try await app.as("kepala-bagian") { browser async throws in
            // check
            #expect(!(try await browser.get("/").contains("delegasi peran Kepala Biro")))
        }
    }

    @Test func delegationFormRefusesBadInput() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let page = try await browser.post("/delegations", [("role", "kepala-bagian"), ("to_user", "1"), ("starts_on", "2026-11-25"), ("ends_on", "2026-11-21")])
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Tanggal selesai tidak boleh sebelum tanggal mulai."))
            // action
            let notHeld = try await browser.post("/delegations", [("role", "kepala-bagian"), ("to_user", "1"), ("starts_on", "2026-11-21"), ("ends_on", "2026-11-21")])
            // check
            #expect(notHeld.contains("Pemberi tidak memegang peran itu."))
        }
    }

    @Test func aDelegationDiesWithTheDelegatorsRole() async throws {
        // setup: the item waits for the Kepala Biro (step 4 approved by another Kepala Bagian), and the
        // Kepala Biro delegates the role to the Kepala Bagian.
        let app = try await TestApp.dki()
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await app.createItem()
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await app.act(user, action, on: item)
        }
        let biro = try app.userId("kepala-biro")
        try await app.as("kepala-biro") { browser in
            try await browser.get("/delegations")
            let made = try await browser.post("/delegations", [("role", "kepala-biro"), ("to_user", "\(try app.userId("kepala-bagian"))"),
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
        let before = try app.itemState(item)

        // action: the delegate still tries to approve "a.n. Kepala Biro".
        let late = try await app.act("kepala-bagian", "approve", on: item)

        // check.
        #expect(late.status == .forbidden)
        #expect(late.contains("hanya dapat dikerjakan oleh peran Kepala Biro"))
        #expect(try app.itemState(item) == before)
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
        // setup: the request was let in while the delegation counted; the delegator loses the role
        // (or is disabled) before the write.
        let app = try await TestApp.dki()
        try await app.addUser("kabag-lain", roles: ["kepala-bagian"])
        let item = try await app.createItem()
        for (user, action) in [("admin-medsos", "submit"), ("tim-pengelola", "approve"), ("kasubbag-tu", "approve"), ("kabag-lain", "approve")] {
            try await app.act(user, action, on: item)
        }
        let biro = try app.userId("kepala-biro")
        let bagian = try app.userId("kepala-bagian")
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
        let before = try app.itemState(item)

        // action: the delegator disabled.
        try app.database.setActive(userId: biro, false, now: app.clock.now)
        // check: the approval (made in the check) is refused and changes nothing
        #expect(throws: ContentError.notAuthorized) { try approve() }
        #expect(try app.itemState(item) == before)
        // action: the delegator active again but without the role.
        try app.database.setActive(userId: biro, true, now: app.clock.now)
        _ = try app.database.updateUser(id: biro, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["tim-pengelola"], now: app.clock.now)
        // check
        #expect(throws: ContentError.notAuthorized) { try approve() }
        #expect(try app.itemState(item) == before)
        // action: with the role back, the same call goes through.
        _ = try app.database.updateUser(id: biro, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro"], now: app.clock.now)
        try approve()
        // check
        #expect(try app.itemState(item).position == 6)
    }
}
