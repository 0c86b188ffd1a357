import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Who may open what: the administrator's pages, roles read on every request, and every route
/// refusing anonymous visitors and the wrong roles.
@Suite struct AccessTests {
    @Test func nonAdminGets403AtAdminPages() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            for path in ["/admin/users", "/admin/users/new", "/admin/users/1", "/admin/audit"] {
                let page = try await browser.get(path)
                // check
                #expect(page.status == .forbidden, "\(path)")
                #expect(page.contains("Akses ditolak"))
            }
            // action
            try await browser.get("/")
            let post = try await browser.post("/admin/users/\(app.kabiroId)", [("display_name", "x"), ("role", "admin"), ("language", "id")])
            // check
            #expect(post.status == .forbidden)
        }
        #expect(try app.database.user(id: app.kabiroId)?.roleKeys == ["kepala-biro"], "no role was gained")
    }

    @Test func rolesAreReadFromTheDatabaseOnEveryRequest() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            // check
            #expect(try await browser.get("/admin/users").status == .forbidden)
            // action
            _ = try app.database.updateUser(id: app.kabiroId, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro", "admin"], now: app.clock.now)
            // check
            #expect(try await browser.get("/admin/users").status == .ok, "granted without logging in again")
            // action
            _ = try app.database.updateUser(id: app.kabiroId, displayName: "Ibu Kepala Biro", language: .id, roleKeys: ["kepala-biro"], now: app.clock.now)
            // check
            #expect(try await browser.get("/admin/users").status == .forbidden, "revoked at once")
        }
    }

    @Test func adminNavigationOnlyForAdmins() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            try await browser.login("kabiro", TestApp.userPassword)
            let home = try await browser.get("/")
            // check
            #expect(!home.contains("href=\"/admin/users\""))
            #expect(home.contains("Kepala Biro"))
        }
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get("/").contains("href=\"/admin/users\""))
        }
    }

    @Test func everyNewRouteRefusesAnonymousVisitorsAndWrongRoles() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("anonymous and wrong roles")
        let agendaBefore = try app.count("agendaItem")
        let gets = ["/agenda", "/agenda?month=x", "/agenda/new?date=2026-11-10", "/agenda/1", "/agenda/abc", "/calendar", "/calendar?month=0000-01",
                    "/calendar?week=9999-W52", "/content/new?agenda=1&plan=liputan", "/content/new?plan=ucapan&date=2026-11-10&name=%3Cscript%3E",
                    "/archive", "/archive.csv", "/archive.xlsx", "/archive/report", "/archive/report.xlsx?month=2026-11", "/archive?q=%27", "/content/1/sheet", "/content/1/record.zip", "/account",
                    "/admin/holidays", "/admin/settings"]
        let posts: [(String, [(String, String)])] = [
            ("/agenda", [("title", "Anonim"), ("starts_at", "2026-11-24T10:00"), ("ends_at", "2026-11-24T11:00")]), ("/agenda/1", [("title", "x")]),
            ("/agenda/1/delete", []), ("/agenda/import", []), ("/agenda/import/confirm", [("token", "x")]), ("/account/calendar-feed", []), ("/account/calendar-feed/revoke", []),
            ("/account/nip", [("nip", "1")]),
            ("/admin/holidays/1", [("day", "2026-12-25")]), ("/admin/holidays/import", []), ("/admin/commemorations", [("month_day", "11-10"), ("name", "x")]),
            ("/admin/commemorations/1", [("month_day", "11-10")]), ("/admin/commemorations/1/delete", []), ("/admin/settings", [("timing_rules", "x")]),
            ("/content/1/reopen", [("version", "1"), ("reason", "x")]), ("/content/1/update", [("version", "1"), ("reason", "x")]),
            ("/content", [("due_on", "x")]), ("/content/1/edit", [("agenda_id", "x")]),
        ]
        // action
        try await app.run { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            // check
            for path in gets { Garbage.toLogin(try await probe.get(path), "anonymous GET \(path)") }
            for (path, fields) in posts {
                Garbage.toLogin(try await probe.post(path, fields, csrf: false), "anonymous POST \(path)")
                Garbage.toLogin(try await probe.post(path, fields + [("csrf_token", "palsu")], csrf: false), "anonymous POST \(path) with a token")
            }
            Garbage.toLogin(try await probe.upload("/agenda/import", [("owner", "x")], file: "a.ics", bytes: ICSFiles.calendar(ICSFiles.event("anon@test", ["DTSTART:20261201T090000"])),
                                                   csrf: false), "anonymous import")
            Garbage.toLogin(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n2027-01-01,X,libur\n".utf8),
                                                   csrf: false), "anonymous days import")
        }
        #expect(try app.count("agendaItem") == agendaBefore)
        // action
        // Every admin page, as each role that is not the administrator.
        for role in ["admin-medsos", "tim-pengelola", "kepala-biro"] {
            try await app.as(role) { browser async throws in
                let probe = Garbage.Probe(browser, tally)
                try await probe.get("/agenda")
                // check
                for path in ["/admin/holidays", "/admin/settings", "/admin/holidays?year=abc"] {
                    Garbage.refused(try await probe.get(path), "\(role) GET \(path)", status: 403, says: [Garbage.words.adminOnly])
                }
                for (path, fields) in posts where path.hasPrefix("/admin/") {
                    Garbage.refused(try await probe.post(path, fields), "\(role) POST \(path)", status: 403, says: [Garbage.words.adminOnly])
                }
            }
        }
        tally.report()
    }
}
