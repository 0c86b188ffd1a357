import Foundation
import Testing
@testable import ViewCompilerCore

/// The project's own Locales/ already compile: both languages complete, same placeholders.
/// (App does not use the compiled texts yet; this keeps the catalogues ready for it.)
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
}
