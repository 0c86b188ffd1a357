import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Test data that is not tied to one page: dates in Jakarta, bytes of small files, a settings form.
/// Page-specific data lives beside it (`ContentFixtures.swift`, `CalendarFixtures.swift`, …).
enum Fixtures {
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    /// `YYYY-MM-DDTHH:MM` in Jakarta.
    static func local(_ text: String) -> Date { LocalDateTime.parse(text, timeZone: jakarta)! }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// A real 1×1 PNG.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// An HTML page with a script, to send where an image is expected.
    static let htmlFile = Array("<!doctype html><script>alert(document.cookie)</script>".utf8)

    /// The settings form of the dki-ksd institution as the page fills it, every field valid.
    static let validSettings: [(String, String)] = [
        ("name", "Biro Kerja Sama Daerah"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
        ("office_opens", "07:30"), ("office_closes", "16:00"),
        ("office_days", "2"), ("office_days", "3"), ("office_days", "4"), ("office_days", "5"), ("office_days", "6"),
        ("channels", "instagram"), ("channels", "facebook"), ("account_name", "biroksd"),
        ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
        ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
        ("timing_rules", "ucapan-sebelum-hari"), ("website_domains", "jakarta.go.id"), ("update_policy", "workflow"), ("city", "Jakarta"),
    ]
}

/// Carries a value out of a `@Sendable` test body.
final class ItemPath: @unchecked Sendable { var value = "" }

/// Carries a page out of a `@Sendable` test body.
final class PageBox: @unchecked Sendable { var page: TestBrowser.Page? }

extension TestApp {
    /// A dki-ksd institution with one account per role (each named after its role; the Kepala Biro
    /// is "Ibu Kepala Biro").
    static func dki() async throws -> TestApp {
        let app = try await TestApp.make()
        for role in SOPPreset.dkiKSD.roles where role.key != "kepala-biro" { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        try await app.addUser("kepala-biro", roles: ["kepala-biro"], displayName: "Ibu Kepala Biro")
        return app
    }

    /// Like `as(_:_:)`, handing back what the test returns.
    func runAs<Value: Sendable>(_ username: String, _ test: @Sendable (TestBrowser) async throws -> Value) async throws -> Value {
        try await runReturning { browser in
            let answer = try await browser.login(username, "password-" + username)
            guard answer.status == .seeOther else { throw TestFailure("login as \(username) answered \(answer.status)") }
            return try await test(browser)
        }
    }

    /// Logs in as the administrator (whose password is not "password-admin").
    func asAdmin(_ test: @Sendable (TestBrowser) async throws -> Void) async throws {
        try await run { browser in
            let answer = try await browser.login("admin", TestApp.adminPassword)
            guard answer.status == .seeOther else { throw TestFailure("admin login answered \(answer.status)") }
            try await test(browser)
        }
    }

    /// The id of the account `username`.
    func userId(_ username: String) throws -> Int64 {
        try #require(try database.userRecord(username: username)?.id)
    }

    /// The number of rows in `table`.
    func count(_ table: String) throws -> Int {
        try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \"\(table)\"") ?? -1 }
    }

    /// Whether the office clock runs on `day` (`YYYY-MM-DD`).
    func isWorkingDay(_ day: String) -> Bool {
        services.institution.officeCalendar.isWorkingDay(Day(day)!)
    }
}

extension TestBrowser {
    /// Logs in as `username`: the administrator with its password, anyone else with "password-" + username.
    func loginAs(_ username: String) async throws {
        let answer = try await login(username, username == "admin" ? TestApp.adminPassword : "password-" + username)
        guard answer.status == .seeOther else { throw TestFailure("login as \(username) answered \(answer.status)") }
    }

    /// The best of three requests for `path`, with the last page.
    func best(_ path: String) async throws -> (Duration, Page) {
        var best: Duration = .seconds(3600)
        var last: Page?
        for _ in 0..<3 {
            let clock = ContinuousClock()
            let start = clock.now
            let page = try await get(path)
            best = min(best, clock.now - start)
            last = page
        }
        return (best, last!)
    }
}
