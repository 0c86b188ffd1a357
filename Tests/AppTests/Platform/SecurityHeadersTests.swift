import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The security headers on every answer, and pages with no inline script.
@Suite struct SecurityHeadersTests {
    @Test func securityHeadersOnPagesErrorsAndStaticFiles() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            for path in ["/login", "/no-such-page", "/static/css/app.css"] {
                let page = try await browser.get(path)
                // check
                let csp = try #require(page.headers[.contentSecurityPolicy], "\(path)")
                #expect(csp.contains("default-src 'self'"))
                #expect(csp.contains("object-src 'none'"))
                #expect(csp.contains("frame-ancestors 'none'"))
                #expect(!csp.contains("unsafe-inline"))
                #expect(page.headers[.xContentTypeOptions] == "nosniff")
                #expect(page.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
                #expect(page.headers[.strictTransportSecurity] == nil, "no HSTS without secure cookies")
            }
        }
    }

    @Test func pagesHaveNoInlineScript() async throws {
        // setup
        let app = try await TestApp.make()
        // action
        try await app.run { browser in
            let page = try await browser.get("/login")
            // check
            #expect(page.contains("<script src=\"/static/js/app.js\" defer></script>"))
            let scripts = page.body.components(separatedBy: "<script").count - 1
            #expect(scripts >= 1)
            #expect(page.body.components(separatedBy: "<script src=\"/static/js/").count - 1 == scripts, "every script is an external file of ours")
            #expect(!page.contains(" onclick="))
            #expect(!page.contains("http://") && !page.contains("https://"), "no external CDN")
        }
    }
}
