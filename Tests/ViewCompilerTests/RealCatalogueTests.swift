import Foundation
import Testing
@testable import ViewCompilerCore

/// The project's own Locales/ and Views/ compile: both languages complete, same placeholders,
/// every template a function; and the fixtures' generated code matches its reviewed golden copy.
@Suite struct RealCatalogueTests {
    @Test func projectCataloguesCompile() throws {
        // setup
        let root = BuildFailureTests.root
        let empty = FileManager.default.temporaryDirectory.appending(path: "viewcompiler-empty-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: empty) }
        // action
        let (templates, catalogues) = try loadSources(views: empty, locales: root.appending(path: "Locales"))
        let code = try compileViews(templates, catalogues: catalogues)
        // check
        #expect(catalogues.map(\.language) == ["id", "en"])
        #expect(code.contains("    static let id = Texts("))
        #expect(code.contains("    static let en = Texts("))
        #expect(code.contains("func `login_locked_username`(minutes: String) -> String"))
    }

    @Test func projectViewsCompile() throws {
        let root = BuildFailureTests.root
        let (templates, catalogues) = try loadSources(views: root.appending(path: "Views"), locales: root.appending(path: "Locales"))
        let code = try compileViews(templates, catalogues: catalogues)
        #expect(templates.count >= 30)
        for name in ["layout", "home", "content-item", "partials/options", "partials/calendar-entry"] {
            #expect(code.contains("static func \(functionName(forTemplate: name))("), "\(name)")
        }
        // Every output path of a page goes through the writer: no String is built for the page.
        #expect(!code.contains("String(describing"))
    }

    /// What the generator writes for the fixtures, compared with `Golden/fixtures.swift.txt`.
    /// A deliberate change to the generated code is recorded with `GOLDEN_RECORD=1` and reviewed.
    @Test func generatedCodeMatchesItsGoldenCopy() throws {
        let root = BuildFailureTests.root
        let fixtures = root.appending(path: "Tests/ViewFixtures")
        let (templates, catalogues) = try loadSources(views: fixtures.appending(path: "Views"), locales: fixtures.appending(path: "Locales"))
        // File paths in #sourceLocation are made relative, so the copy is the same on every machine.
        let code = try compileViews(templates, catalogues: catalogues).replacingOccurrences(of: root.path + "/", with: "")
        let golden = root.appending(path: "Tests/ViewCompilerTests/Golden/fixtures.swift.txt")
        if ProcessInfo.processInfo.environment["GOLDEN_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try code.write(to: golden, atomically: true, encoding: .utf8)
            return
        }
        let stored = try String(contentsOf: golden, encoding: .utf8)
        #expect(code == stored, "the generated code changed; run with GOLDEN_RECORD=1 and review the diff")
    }
}
