import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

@Suite struct AdminUsersTests {
    func newUserFields(_ username: String, password: String = "sementara-123", roles: [String] = ["admin-medsos"], mustChange: Bool = true) -> [(String, String)] {
        var fields = [("username", username), ("display_name", "Budi Santoso"), ("language", "id"), ("password", password)]
        fields += roles.map { ("role", $0) }
        if mustChange { fields.append(("must_change", "1")) }
        return fields
    }

    @Test func listShowsEveryAccount() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/users")
            // check
            #expect(page.status == .ok)
            #expect(page.contains(">kabiro</a>"))
            #expect(page.contains("Ibu Kepala Biro"))
            #expect(page.contains("Kepala Biro"))
            #expect(page.contains("href=\"/admin/users/new\""))
        }
    }

    @Test func adminCreatesAUserWhoMustChangeThePasswordAtFirstLogin() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { admin in
            try await admin.login("admin", TestApp.adminPassword)
            let form = try await admin.get("/admin/users/new")
            // check
            #expect(form.contains("value=\"kepala-biro\""))
            // action
            let created = try await admin.post("/admin/users", newUserFields("budi"))
            // check
            #expect(created.status == .seeOther)
            let location = try #require(created.location)
            #expect(location.hasSuffix("?ok=user_created"))
            // action
            let edit = try await admin.get(location)
            // check
            #expect(edit.contains("Pengguna berhasil dibuat."))
        }
        let record = try #require(try app.database.userRecord(username: "budi"))
        #expect(record.passwordHash.hasPrefix("$2"))
        #expect(!record.passwordHash.contains("sementara"))
        #expect(record.mustChangePassword)
        // action
        try await app.run { budi in
            let login = try await budi.login("budi", "sementara-123")
            // check
            #expect(login.location == "/account/password")
            // action
            let home = try await budi.get("/")
            // check
            #expect(home.location == "/account/password", "nothing else until the password is changed")
            // action
            let page = try await budi.get("/account/password")
            // check
            #expect(page.contains("kata sandi sementara"))
            // action
            let changed = try await budi.post("/account/password", [
                ("current_password", "sementara-123"), ("new_password", "budi punya sandi baru"), ("confirm_password", "budi punya sandi baru"),
            ])
            // check
            #expect(changed.location == "/?ok=password_changed")
            #expect(try await budi.get("/").status == .ok)
        }
        let events = try app.database.auditEvents(beforeId: nil, action: nil, limit: 20).map(\.action)
        #expect(events.contains(.userCreate))
        #expect(events.contains(.passwordChange))
    }

    @Test func invalidFormIsShownAgainWithEverythingTyped() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            let page = try await browser.post("/admin/users", [
                ("username", "Bad Name!"), ("display_name", "Siti Rahma"), ("language", "en"), ("password", "short"), ("role", "kepala-bagian"),
            ])
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Nama pengguna harus 3–32 karakter"))
            #expect(page.contains("minimal 8 karakter"))
            #expect(page.contains("value=\"Siti Rahma\""), "typed name kept")
            #expect(page.contains("value=\"kepala-bagian\" checked"), "chosen role kept")
            #expect(page.contains("<option value=\"en\" selected>"), "chosen language kept")
        }
        #expect(try app.database.users().count == 2)
    }

    @Test func passwordOver72BytesIsRefusedWithAMessage() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            let page = try await browser.post("/admin/users", newUserFields("emoji", password: String(repeating: "🔑", count: 20)))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("melebihi 72 byte"))
        }
        #expect(try app.database.userRecord(username: "emoji") == nil)
    }

    @Test func duplicateUsernameIsRefused() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            let page = try await browser.post("/admin/users", newUserFields("KABIRO"))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Nama pengguna &quot;kabiro&quot; sudah dipakai."))
        }
    }

    @Test func unknownRoleIsRefused() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/new")
            let page = try await browser.post("/admin/users", newUserFields("budi", roles: ["superuser"]))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("Peran &quot;superuser&quot; tidak dikenal"))
        }
    }

    @Test func editingRolesIsAudited() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/\(app.kabiroId)")
            let saved = try await browser.post("/admin/users/\(app.kabiroId)", [
                ("display_name", "Ibu Kabiro"), ("language", "en"), ("role", "kepala-biro"), ("role", "kepala-bagian"),
            ])
            // check
            #expect(saved.location == "/admin/users/\(app.kabiroId)?ok=user_saved")
        }
        let user = try #require(try app.database.user(id: app.kabiroId))
        #expect(user.roleKeys == ["kepala-bagian", "kepala-biro"])
        #expect(user.displayName == "Ibu Kabiro")
        #expect(user.language == .en)
        let event = try #require(try app.database.auditEvents(beforeId: nil, action: .roleChange, limit: 1).first)
        #expect(event.detail == "+kepala-bagian")
        #expect(event.target == "kabiro")
    }

    @Test func theLastAdministratorCannotBeRemovedOrDisabled() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/users/\(app.adminId)")
            let demote = try await browser.post("/admin/users/\(app.adminId)", [("display_name", "Admin"), ("language", "id"), ("role", "kepala-biro")])
            // check
            #expect(demote.status == .unprocessableContent)
            #expect(demote.contains("paling sedikit satu administrator"))
            // action
            let disableSelf = try await browser.post("/admin/users/\(app.adminId)/disable")
            // check
            #expect(disableSelf.status == .unprocessableContent)
            #expect(disableSelf.contains("tidak dapat menonaktifkan akun Anda sendiri"))
        }
        #expect(try app.database.user(id: app.adminId)?.roleKeys == ["admin"])
        #expect(try app.database.user(id: app.adminId)?.isActive == true)
    }

    @Test func disableAndEnableAnAccount() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { kabiro in
            try await kabiro.login("kabiro", TestApp.userPassword)
            try await app.run { admin in
                try await admin.login("admin", TestApp.adminPassword)
                try await admin.get("/admin/users/\(app.kabiroId)")
                let disabled = try await admin.post("/admin/users/\(app.kabiroId)/disable")
                // check
                #expect(disabled.location == "/admin/users/\(app.kabiroId)?ok=user_disabled")
                #expect(try await admin.get(disabled.location!).contains("Akun ini nonaktif"))
            }
            #expect(try await kabiro.get("/").status == .seeOther, "their session ended at once")
            #expect(try await kabiro.login("kabiro", TestApp.userPassword).status == .unauthorized)
            // action
            try await app.run { admin in
                try await admin.login("admin", TestApp.adminPassword)
                try await admin.get("/admin/users/\(app.kabiroId)")
                // check
                #expect(try await admin.post("/admin/users/\(app.kabiroId)/enable").location == "/admin/users/\(app.kabiroId)?ok=user_enabled")
            }
            #expect(try await kabiro.login("kabiro", TestApp.userPassword).status == .seeOther)
        }
        let actions = try app.database.auditEvents(beforeId: nil, action: nil, limit: 50).map(\.action)
        #expect(actions.contains(.userDisable))
        #expect(actions.contains(.userEnable))
    }

    @Test func resetPasswordEndsSessionsAndForcesAChange() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { kabiro in
            try await kabiro.login("kabiro", TestApp.userPassword)
            try await app.run { admin in
                try await admin.login("admin", TestApp.adminPassword)
                try await admin.get("/admin/users/\(app.kabiroId)")
                let short = try await admin.post("/admin/users/\(app.kabiroId)/password", [("new_password", "short")])
                // check
                #expect(short.status == .unprocessableContent)
                // action
                let reset = try await admin.post("/admin/users/\(app.kabiroId)/password", [("new_password", "reset-by-admin-1"), ("must_change", "1")])
                // check
                #expect(reset.location == "/admin/users/\(app.kabiroId)?ok=password_reset")
            }
            #expect(try await kabiro.get("/").status == .seeOther)
            #expect(try await kabiro.login("kabiro", "reset-by-admin-1").location == "/account/password")
        }
    }

    @Test func unknownUserIs404() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get("/admin/users/999").status == .notFound)
            #expect(try await browser.get("/admin/users/abc").status == .notFound)
        }
    }
}
