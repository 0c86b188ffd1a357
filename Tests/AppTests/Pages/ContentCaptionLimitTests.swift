import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// A caption over a channel's limit (issue 13, item 9): saving the draft is allowed, with a
/// warning that says how much to cut; submitting and approving are refused (422), nothing changed.
@Suite struct ContentCaptionLimitTests {
    /// 26 × 8 + 5 = 213 plain characters: 13 over the institution's limit of 200.
    static let long = String(repeating: "Jakarta ", count: 26) + "**akhir**"
    static let warning = "Keterangan melebihi batas 200 karakter untuk Instagram, Facebook: kurangi 13 karakter sebelum diajukan."

    @Test func savingAnOverLongDraftStoresItWithAWarning() async throws {
        // setup
        let app = try await TestApp.dki()
        // action: created over the limit
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Judul panjang", caption: Self.long))
        // check: stored as typed, and the page it leads to says how much to cut, announced
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        #expect(try app.database.itemBundle(id: id)?.revisions.last?.caption == Self.long)
        try await app.as("admin-medsos") { browser async throws in
            let saved = try await browser.get(item + "?ok=content_created")
            #expect(saved.contains("id=\"caption-warning\" role=\"alert\">\(Self.warning)</p>"))
            // on a later visit it is a note
            #expect(try await browser.get(item).contains("id=\"caption-warning\" role=\"note\">\(Self.warning)</p>"))
        }
        // action: edited, still over the limit (now 221)
        let edited = try await app.editItem(item, Fixtures.itemFields(title: "Judul panjang", caption: Self.long + " tambahan"))
        // check
        #expect(edited.status == .seeOther)
        #expect(try app.itemState(item).revisions == 2)
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get(item + "?ok=content_saved").contains("kurangi 22 karakter sebelum diajukan."))
        }
        // action: cut to the limit
        #expect(try await app.editItem(item, Fixtures.itemFields(title: "Judul panjang", caption: String(repeating: "a", count: 200))).status == .seeOther)
        // check: no warning left
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await !browser.get(item).contains("id=\"caption-warning\""))
        }
    }

    @Test func theWarningNamesTheTighterPlatformLimit() async throws {
        // setup: the institution allows 300, X only 280
        let app = try await TestApp.dki()
        try await app.asAdmin { browser in
            try await browser.get("/admin/settings")
            let fields = Fixtures.validSettings.filter { $0.0 != "caption_limit" && $0.0 != "channels" }
                + [("caption_limit", "300"), ("channels", "x"), ("channels", "facebook")]
            #expect(try await browser.post("/admin/settings", fields).status == .seeOther)
        }
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Untuk X", caption: String(repeating: "b", count: 290), channels: ["x", "facebook"]))
        // check
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get(item).contains("Keterangan melebihi batas 280 karakter untuk X (Twitter): kurangi 10 karakter sebelum diajukan."))
        }
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .unprocessableContent)
    }

    @Test func submittingAnOverLongCaptionIsRefusedWith422AndNothingChanges() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Terlalu panjang", caption: Self.long))
        let before = try app.itemState(item)
        // action
        let refused = try await app.act("admin-medsos", "submit", on: item)
        // check: 422, the words, the page kept with its decision bar; nothing moved
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Belum bisa diajukan: keterangan melebihi batas 200 karakter untuk Instagram, Facebook. Kurangi 13 karakter, simpan, lalu ajukan lagi."))
        #expect(refused.contains("id=\"action-errors\""))
        #expect(refused.contains("id=\"decision\""), "the page is the item page, with its actions")
        #expect(try app.itemState(item) == before)
        #expect(try await app.itemStatus(item) == "draft")
        // action: cut, then submitted
        #expect(try await app.editItem(item, Fixtures.itemFields(title: "Terlalu panjang", caption: String(repeating: "Jakarta ", count: 24))).status == .seeOther)
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        #expect(try await app.itemStatus(item) == "in_review")
    }

    @Test func approvingAnOverLongCaptionIsRefusedWith422() async throws {
        // setup: handed on within the limit, then lengthened by the decider's correction
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Dikoreksi"))
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        let corrected = try await app.editItem(item, as: "tim-pengelola", Fixtures.itemFields(title: "Dikoreksi", caption: Self.long))
        #expect(corrected.status == .seeOther, "saving over the limit is allowed at a decide step too")
        let before = try app.itemState(item)
        // action
        let refused = try await app.act("tim-pengelola", "approve", on: item, [("comment", "Setuju")])
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Belum bisa disetujui: keterangan melebihi batas 200 karakter untuk Instagram, Facebook. Kurangi 13 karakter"))
        #expect(refused.contains(">Setuju</textarea>"), "the comment is kept")
        #expect(try app.itemState(item) == before)
        // check: sending it back stays possible
        #expect(try await app.act("tim-pengelola", "reject", on: item, [("reason", "Terlalu panjang.")]).status == .seeOther)
    }

    @Test func anItemStoredOverTheLimitBeforeTheRuleIsRefusedAtApproval() async throws {
        // setup: the row written straight into the database, as an older version could have left it
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Lama"))
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        try await app.database.writer.write { db in
            try db.execute(sql: "UPDATE contentRevision SET caption = ? WHERE itemId = ?", arguments: [Self.long, id])
        }
        // action
        let refused = try await app.act("tim-pengelola", "approve", on: item)
        // check
        #expect(refused.status == .unprocessableContent)
        #expect(refused.contains("Kurangi 13 karakter"))
        #expect(try await app.itemStatus(item) == "in_review")
    }
}
