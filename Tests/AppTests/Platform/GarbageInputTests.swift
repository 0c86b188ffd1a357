import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Every form, sent nonsense: a clear refusal, never a 500, and the server keeps answering.
@Suite struct GarbageInputTests {
    static let routes = [
        "/language", "/account/password", "/admin/users", "/admin/users/1", "/admin/users/1/disable", "/admin/users/1/enable",
        "/admin/users/1/password", "/content", "/content/1/edit", "/content/1/submit", "/content/1/approve", "/content/1/reject",
        "/content/1/publish", "/admin/workflow", "/delegations", "/delegations/1/revoke", "/admin/holidays", "/admin/holidays/1/delete",
        "/admin/settings", "/content/999999999999999999/approve", "/admin/users/-1",
    ]

    static let nonsense: [[(String, String)]] = [
        [],
        [("version", "-1"), ("row_count", "-1"), ("page", "-1"), ("id", "x")],
        [("version", "99999999999999999999"), ("row_count", "99999999999999999999"), ("caption_limit", "99999999999999999999"),
         ("starts_on", "9999-99-99"), ("ends_on", "0000-00-00"), ("day", "2026-02-31"), ("event_at", "2026-13-01T25:61"), ("to_user", "-9")],
        [("title", String(repeating: "é", count: 5000)), ("caption", String(repeating: "👨‍👩‍👧 ", count: 3000)), ("channels", "mars"),
         ("role", "../../etc/passwd"), ("lang", "\u{0}"), ("kind", "<script>"), ("office_days", "0"), ("office_days", "8"),
         ("step_0_name", String(repeating: "x", count: 10_000)), ("step_0_kind", "fly"), ("step_0_minutes", "-1"), ("row_count", "1"),
         ("link_instagram", "javascript:alert(1)"), ("media_links", "file:///etc/passwd"), ("uploaded", "../../x")],
    ]

    @Test func noFormAnswersA500() async throws {
        // setup
        let app = try await TestApp.dki()
        _ = try await app.createItem()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            for route in Self.routes {
                for fields in Self.nonsense {
                    try await browser.get("/")
                    let page = try await browser.post(route, fields)
                    // check
                    #expect(page.status.code < 500, "\(route) with \(fields.map(\.0)) answered \(page.status)")
                }
            }
            #expect(try await browser.get("/healthz").status == .ok)
        }
        // action
        try await app.as("admin-medsos") { browser in
            for route in ["/content", "/content/1/edit", "/content/1/submit"] {
                for fields in Self.nonsense {
                    try await browser.get("/")
                    let page = try await browser.post(route, fields)
                    // check
                    #expect(page.status.code < 500, "\(route) as admin-medsos answered \(page.status)")
                }
            }
        }
    }
}
