import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The CSRF token and the origin check on every form, urlencoded or multipart, before login and after.
@Suite struct CSRFTests {
    @Test func postWithoutCSRFTokenIsRefusedAndChangesNothing() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let refused = try await browser.post("/admin/users", [
                ("username", "sneaky"), ("display_name", "Sneaky"), ("role", "admin"), ("language", "id"), ("password", "password123"),
            ], csrf: false)
            // check
            #expect(refused.status == .forbidden)
            #expect(refused.contains("Formulir ini sudah kedaluwarsa"))
            // action
            let forged = try await browser.post("/admin/users", [
                ("csrf_token", "forged-token-forged-token-forged-token-12"), ("username", "sneaky"), ("display_name", "Sneaky"),
                ("role", "admin"), ("language", "id"), ("password", "password123"),
            ])
            // check
            #expect(forged.status == .forbidden)
        }
        #expect(try app.database.userRecord(username: "sneaky") == nil)
    }

    @Test func loginNeedsThePreSessionToken() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let refused = try await browser.post("/login", [("username", "admin"), ("password", TestApp.adminPassword)], csrf: false)
            // check
            #expect(refused.status == .forbidden)
            #expect(browser.cookie("warta_session") == nil)
        }
    }

    @Test func tokenOfAnotherSessionIsRefused() async throws {
        // setup
        let app = try await TestApp.make()
        let otherToken = try await app.runReturning { other in
            try await other.login("kabiro", TestApp.userPassword)
            try await other.get("/")
            return other.csrfToken
        }
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.post("/logout", [("csrf_token", otherToken)]).status == .forbidden)
            #expect(try await browser.get("/").status == .ok, "still logged in")
        }
    }

    @Test func crossOriginPostIsRefused() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/")
            let evil = try await browser.post("/logout", headers: [.origin: "https://evil.example"])
            // check
            #expect(evil.status == .forbidden)
            #expect(evil.contains("tidak berasal dari situs ini"))
            // action
            let same = try await browser.post("/logout", headers: [.origin: "http://localhost"])
            // check
            #expect(same.status == .seeOther)
        }
    }

    @Test func postAfterTheSessionEndedGoesToLoginWithAMessage() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            app.clock.advance(minutes: 45)
            let stale = try await browser.post("/admin/users", [
                ("username", "late"), ("display_name", "Late"), ("role", "admin"), ("language", "id"), ("password", "password123"),
            ])
            // check
            #expect(stale.status == .seeOther)
            #expect(stale.location == "/login?ended=1")
        }
        #expect(try app.database.userRecord(username: "late") == nil)
    }

    @Test func multipartWithoutAFileOrATokenChangesNothing() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        let before = try app.database.items(status: nil, limit: 10, offset: 0).count
        let name = try app.database.institution()?.name
        // action: the three multipart forms, without any file part and without csrf_token.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let create = try await browser.postMultipart("/content", Fixtures.itemFields(title: "Disusupkan"), files: [], csrf: false)
            #expect(create.status == .forbidden)
            let state = try await browser.get(item, headers: [.accept: "application/json"])
            let version = String((try JSONSerialization.jsonObject(with: Data(state.body.utf8)) as? [String: Any])?["version"] as? Int ?? 0)
            let edit = try await browser.postMultipart("\(item)/edit", Fixtures.itemFields(title: "Judul diganti") + [("version", version)],
                                                       files: [], csrf: false)
            #expect(edit.status == .forbidden)
            // A wrong token is no better than none.
            let wrong = try await browser.postMultipart("/content", [("csrf_token", "salah")] + Fixtures.itemFields(title: "Disusupkan"),
                                                        files: [], csrf: false)
            #expect(wrong.status == .forbidden)
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let settings = try await browser.postMultipart("/admin/settings", [("name", "Dibajak"), ("time_zone", "Asia/Jakarta")], files: [], csrf: false)
            #expect(settings.status == .forbidden)
        }
        // check: no item created, the title kept, the institution not renamed.
        #expect(try app.database.items(status: nil, limit: 10, offset: 0).count == before)
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        #expect(try app.database.item(id: id)?.title == "Rapat koordinasi")
        #expect(try app.database.institution()?.name == name)
    }

    @Test func multipartBodiesAreRefusedWhereNoFilesAreTaken() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("kepala-biro") { browser in
            try await browser.get("/")
            let page = try await browser.postMultipart("/logout", [], files: [])
            // check
            #expect(page.status == .unsupportedMediaType, "no way around the CSRF check through another content type")
            #expect(try await browser.get("/").status == .ok, "still logged in")
        }
    }
}
