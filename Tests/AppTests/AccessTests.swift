import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

@Suite struct AccessTests {
    @Test func nonAdminGets403AtAdminPages() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            for path in ["/admin/users", "/admin/users/new", "/admin/users/1", "/admin/audit"] {
                let page = try await browser.get(path)
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.contains("Akses ditolak"))
            }
            try await browser.get("/")
            let post = try await browser.post("/admin/users/\(app.kabiroId)", [("display_name", "x"), ("role", "admin"), ("language", "id")])
            #expect(post.status == .forbidden)
        }
        #expect(try app.database.user(id: app.kabiroId)?.roleKeys == ["kepala-biro"], "no role was gained")
    }

    @Test func rolesAreReadFromTheDatabaseOnEveryRequest() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            #expect(try await browser.get("/admin/users").status == .forbidden)
            _ = try app.database.updateUser(id: app.kabiroId, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro", "admin"], now: app.clock.now)
            #expect(try await browser.get("/admin/users").status == .ok, "granted without logging in again")
            _ = try app.database.updateUser(id: app.kabiroId, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro"], now: app.clock.now)
            #expect(try await browser.get("/admin/users").status == .forbidden, "revoked at once")
        }
    }

    @Test func adminNavigationOnlyForAdmins() async throws {
        let app = try await TestApp.make()
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            let home = try await browser.get("/")
            #expect(!home.contains("href=\"/admin/users\""))
            #expect(home.contains("Kepala Biro"))
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/").contains("href=\"/admin/users\""))
        }
    }
}
