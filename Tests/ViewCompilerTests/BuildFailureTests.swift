import Foundation
import Testing
@testable import ViewCompilerCore

/// A misspelt name fails swiftc at the template's own line, and raw output refuses a String.
@Suite struct BuildFailureTests {
    /// The package root, from this file's path.
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(.timeLimit(.minutes(1)))
    func misspeltNameFailsAtTheTemplateLine() throws {
        // setup: a page with a typo on line 4, and raw output of a String on line 5
        let directory = FileManager.default.temporaryDirectory.appending(path: "viewcompiler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory.appending(path: "Views"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let templateFile = directory.appending(path: "Views/typo.html").path
        let templates = [TemplateSource(name: "typo", file: templateFile, source: """
            {{! page: TypoPage }}
            <h1>{{ page.title }}</h1>
            {{#each page.rows as row}}
            <p>{{ row.titel }}</p>
            {{/each}}{{{ page.title }}}
            """)]
        let catalogues = [CatalogueSource(language: "id", file: "id.json", source: #"{"a": "A"}"#)]
        var options = GeneratorOptions()
        options.runtimeModule = nil
        let generated = try compileViews(templates, catalogues: catalogues, options: options)
        let generatedFile = directory.appending(path: "Generated.swift")
        try generated.write(to: generatedFile, atomically: true, encoding: .utf8)
        let modelFile = directory.appending(path: "Model.swift")
        try """
        struct Chrome {}
        struct TypoPage { struct Row { var title: String }; var title: String; var rows: [Row] }
        """.write(to: modelFile, atomically: true, encoding: .utf8)
        let runtime = try FileManager.default.contentsOfDirectory(at: Self.root.appending(path: "Sources/ViewRuntime"), includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "swift" }

        // action
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-module-name", "TypoCheck", generatedFile.path, modelFile.path] + runtime.map(\.path)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()

        // check
        #expect(process.terminationStatus != 0)
        #expect(output.contains("\(templateFile):4:"), "\(output)")
        #expect(output.contains("has no member 'titel'"), "\(output)")
        #expect(output.contains("\(templateFile):5:"), "\(output)")
        #expect(output.contains("'String'") && output.contains("'SafeHTML'"), "\(output)")
    }
}
