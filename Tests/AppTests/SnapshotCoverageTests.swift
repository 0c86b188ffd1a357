import Foundation
import Testing

/// The coverage check itself: that it names what no snapshot reaches.
extension SnapshotTests {
    @Suite struct Coverage {
        @Test func aTemplateNoSnapshotReachesIsNamed() {
            // Setup: a page in a layout calling a partial that calls another; an orphan page; an unused partial.
            let includes: [String: Set<String>] = [
                "layout": [], "home": ["layout", "partials/list"], "partials/list": ["partials/row"], "partials/row": [],
                "orphan": ["layout"], "partials/unused": [],
            ]
            // Action and check: rendering home reaches its layout and both partials, at any depth.
            #expect(TemplateCoverage.unreached(includes: includes, rendered: ["home"]) == ["orphan", "partials/unused"])
            #expect(TemplateCoverage.unreached(includes: includes, rendered: ["home", "orphan", "partials/unused"]) == [])
            #expect(TemplateCoverage.unreached(includes: includes, rendered: []) == includes.keys.sorted())
        }

        @Test func aViewAddedWithoutASnapshotFailsTheCheck() throws {
            // Setup: a views folder holding a layout, a page with a partial, and a page of its own.
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("coverage-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let views = folder.appendingPathComponent("Views"), locales = folder.appendingPathComponent("Locales")
            try FileManager.default.createDirectory(at: views.appendingPathComponent("partials"), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: locales, withIntermediateDirectories: true)
            let files = [
                "layout.html": "{{! layout }}<main>{{$content}}</main>\n",
                "home.html": "{{! page: Page }}\n{{< layout }}\n{{#each page.rows as row}}{{> partials/row row: row }}{{/each}}\n{{/layout}}\n",
                "partials/row.html": "{{! row: Row }}<li>{{ row.title }}</li>\n",
                "new-page.html": "{{! page: Page }}\n{{< layout }}\n<p>{{ page.title }}</p>\n{{/layout}}\n",
            ]
            for (name, text) in files {
                try text.write(to: views.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            // Action: read the folder as the build does.
            let includes = try TemplateCoverage.includes(views: views, locales: locales)
            // Check: the partial inside a loop and the layout count as reached; the new page does not.
            #expect(includes["home"] == ["layout", "partials/row"])
            #expect(TemplateCoverage.template(forFunction: "partialsRow", among: includes.keys) == "partials/row")
            #expect(TemplateCoverage.template(forFunction: "newPage", among: includes.keys) == "new-page")
            #expect(TemplateCoverage.unreached(includes: includes, rendered: ["home"]) == ["new-page"])
        }

        @Test func theRenderedViewIsReadFromTheCall() {
            #expect(TemplateCoverage.renderedFunction(inCall: "        check(Templates.partialsArchiveBody, \"archive\", page: x),") == "partialsArchiveBody")
            #expect(TemplateCoverage.renderedFunction(inCall: "check(Templates.`default`, \"d\", page: x)") == "default")
            #expect(TemplateCoverage.renderedFunction(inCall: "check(render, \"home\", page: x)") == nil)
            // Every snapshot's call names its view where the coverage test looks.
            for snapshot in SnapshotTests.all {
                #expect(TemplateCoverage.renderedFunction(filePath: snapshot.filePath, line: snapshot.line) != nil, "\(snapshot.name)")
            }
        }
    }
}
