import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// An item sent back ("Kembalikan"): its creator reads who returned it and why in "Konten saya",
/// with a badge in the navigation, and whoever holds the step it went back to reads the same at
/// the top of the item, until it moves on.
@Suite struct ContentReturnedTests {
    @Test func theCreatorIsToldUntilTheItemMovesOn() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Rapat mitra"))
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await !browser.get("/").contains("id=\"nav-returned\""), "nothing returned yet")
        }
        // action
        let reason = "Ganti fotonya <yang terang> & sebut mitranya."
        #expect(try await app.act("tim-pengelola", "reject", on: item, [("reason", reason)]).status == .seeOther)
        // check: "Konten saya" says who, in which role, and why; the navigation carries a badge
        let notice = "Dikembalikan oleh Tim-Pengelola, Tim Pengelola Media Sosial: Ganti fotonya &lt;yang terang&gt; &amp; sebut mitranya."
        try await app.as("admin-medsos") { browser async throws in
            let home = try await browser.get("/")
            #expect(home.contains(notice), "the notice on the creator's home, escaped")
            #expect(home.contains("id=\"mine-returned\">1 dikembalikan<"))
            #expect(home.contains("<span class=\"count count-returned\" id=\"nav-returned\" aria-label=\"dikembalikan kepada Anda: 1\""))
            // the item page, for the holder of the step it went back to, heads with the same
            let page = try await browser.get(item)
            let box = try #require(page.body.range(of: "id=\"rejection\"")), history = try #require(page.body.range(of: "id=\"history-heading\""))
            #expect(box.lowerBound < history.lowerBound)
            #expect(page.contains("Dikembalikan oleh Tim-Pengelola, Tim Pengelola Media Sosial, dari langkah"))
            #expect(page.contains("Ganti fotonya &lt;yang terang&gt; &amp; sebut mitranya."))
            // the navigation badge is on every page
            #expect(try await browser.get("/content").contains("id=\"nav-returned\""))
        }
        // check: the one who sent it back has no badge
        try await app.as("tim-pengelola") { browser async throws in
            #expect(try await !browser.get("/").contains("id=\"nav-returned\""))
        }
        // action: an edit while back does not end it
        #expect(try await app.editItem(item, Fixtures.itemFields(title: "Rapat mitra (revisi)")).status == .seeOther)
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await browser.get("/").contains(notice))
        }
        // action: handed on again
        #expect(try await app.act("admin-medsos", "submit", on: item).status == .seeOther)
        // check: the notice and the badge are gone
        try await app.as("admin-medsos") { browser async throws in
            let home = try await browser.get("/")
            #expect(!home.contains("Dikembalikan oleh"))
            #expect(!home.contains("id=\"nav-returned\""))
            #expect(!home.contains("id=\"mine-returned\""))
            #expect(try await !browser.get(item).contains("id=\"rejection\""))
        }
    }

    @Test func aReturnToAMiddleStepIsShownToItsHolderInTugasSaya() async throws {
        // setup: kasubbag-tu (step 3) returns to step 2 (tim-pengelola)
        let app = try await TestApp.dki()
        let item = try await app.createItem(fields: Fixtures.itemFields(title: "Forum daerah"))
        try await app.act("admin-medsos", "submit", on: item)
        try await app.act("tim-pengelola", "approve", on: item)
        // action
        #expect(try await app.act("kasubbag-tu", "reject", on: item, [("reason", "Platformnya kurang tepat.")]).status == .seeOther)
        // check: the holder of step 2 reads it in Tugas saya and on the item; the creator in Konten saya
        let notice = "Dikembalikan oleh Kasubbag-Tu, Kepala Subbagian Tata Usaha: Platformnya kurang tepat."
        try await app.as("tim-pengelola") { browser async throws in
            #expect(try await browser.get("/").contains(notice))
            #expect(try await browser.get(item).contains("id=\"rejection\""))
        }
        try await app.as("admin-medsos") { browser async throws in
            let home = try await browser.get("/")
            #expect(home.contains(notice))
            #expect(home.contains("id=\"nav-returned\""), "the creator's own item is back, whoever fixes it")
        }
        // action: step 2 approves it again
        try await app.act("tim-pengelola", "approve", on: item)
        // check
        try await app.as("admin-medsos") { browser async throws in
            #expect(try await !browser.get("/").contains("Dikembalikan oleh"))
        }
    }

    @Test func theEnglishNoticeReadsReturnedBy() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        try await app.act("admin-medsos", "submit", on: item)
        try await app.act("tim-pengelola", "reject", on: item, [("reason", "Too long.")])
        // action
        try await app.as("admin-medsos") { browser async throws in
            try await browser.get("/")
            try await browser.post("/language", [("lang", "en"), ("next", "/")])
            let home = try await browser.get("/")
            // check
            #expect(home.contains("Returned by Tim-Pengelola, Tim Pengelola Media Sosial: Too long."))
            #expect(home.contains("aria-label=\"returned to you: 1\""))
        }
    }
}
