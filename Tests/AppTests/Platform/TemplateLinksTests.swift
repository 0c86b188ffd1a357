import Foundation
import Testing
@testable import App
import Domain

/// Templates take every link from their model (`chrome.links`, a page's hrefs), built by `SiteURL`:
/// a route renamed there cannot leave a stale link in a template.
@Suite struct TemplateLinksTests {
    @Test func noTemplateContainsALiteralPath() throws {
        // setup
        let views = URL(fileURLWithPath: projectRoot).appendingPathComponent("Views")
        let files = try #require(FileManager.default.enumerator(atPath: views.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".html") }
        #expect(files.count > 20)
        let literal = try Regex(#"(href|action|src|formaction)\s*=\s*"/"#)
        for file in files {
            // action
            let text = try String(contentsOf: views.appendingPathComponent(file), encoding: .utf8)
            // check
            #expect(!text.contains(literal), "\(file) holds a literal path")
        }
    }

    @Test func theFixedLinksAreTheRoutes() {
        let links = SiteLinks.shared
        #expect(links.home == SiteURL.home.path)
        #expect(links.contentNew == "/content/new")
        #expect(links.stylesheet == "/static/css/app.css")
    }
}

/// Query strings written by `SiteURL` keep every value whole, whatever it contains.
@Suite struct SiteURLQueryTests {
    @Test func valuesWithQueryCharactersSurviveTheRoundTrip() throws {
        // setup
        let name = "Hari Ibu & Anak = 100% + #1"
        // action
        let href = NewContentQuery(plan: .greeting, date: Day(year: 2026, month: 12, day: 22), name: name).href
        // check
        #expect(href.hasPrefix("/content/new?plan=ucapan&date=2026-12-22&name="))
        let items = try #require(URLComponents(string: href)?.queryItems)
        #expect(items.first { $0.name == "name" }?.value == name)
        #expect(SiteURL.home.with([("page", nil), ("q", "")]) == "/")
    }
}
