import Foundation
import Domain
@testable import App
import ViewCompilerCore
import ViewRuntime

/// One page rendered from a mock model, to compare byte for byte with `Tests/AppTests/Snapshots/<name>.html`.
struct Snapshot: Sendable, CustomStringConvertible {
    let name: String
    let html: String
    /// Where `check` was called: that line names the compiled view, `Templates.x`.
    let filePath: String
    let line: Int

    var description: String { name }
}

extension Chrome {
    /// The layout data every snapshot is rendered with: a signed-in head of bureau, or nobody.
    static func mock(title: String = "Judul", user: Bool, language: Language = .id, flash: String? = nil) -> Chrome {
        Chrome(
            lang: language.rawValue, title: title, institutionName: "Biro Kerja Sama Daerah", today: "Sabtu, 21 November 2026",
            csrfToken: "csrf-token-for-snapshots", currentPath: "/",
            user: user ? .init(displayName: "Ibu Kepala Biro", username: "kabiro", roles: "Kepala Biro") : nil,
            nav: user ? [
                .init(label: "Beranda", href: "/", current: true, count: 3),
                .init(label: "Kata sandi", href: "/account/password", current: false, count: nil),
            ] : [],
            adminNav: user ? [.init(label: "Pengguna", href: "/admin/users", current: false, count: nil)] : [],
            languages: [.init(value: "id", label: "Bahasa Indonesia", selected: language == .id), .init(value: "en", label: "English", selected: language == .en)],
            flash: flash)
    }
}

extension SnapshotTests {
    static let snapshotFolder = URL(fileURLWithPath: projectRoot).appendingPathComponent("Tests/AppTests/Snapshots")

    /// Renders `template` (a compiled view, e.g. `Templates.home`) with `page`. Write the view on the
    /// call's first line: the coverage test reads it there.
    static func check<Page>(
        _ template: (Page, Chrome, Texts, inout HTMLWriter) -> Void, _ name: String, page: Page,
        user: Bool = true, language: Language = .id, flash: String? = nil,
        filePath: String = #filePath, line: Int = #line
    ) -> Snapshot {
        var out = HTMLWriter()
        template(page, Chrome.mock(user: user, language: language, flash: flash), Texts.of(language), &out)
        return Snapshot(name: name, html: out.string, filePath: filePath, line: line)
    }
}

/// Which templates in Views/ the snapshots reach, derived from the calls and the templates themselves.
enum TemplateCoverage {
    /// The compiled view a `check(Templates.x, …)` call renders, read from the call's line: `x`.
    static func renderedFunction(filePath: String, line: Int) -> String? {
        guard let source = try? String(contentsOfFile: filePath, encoding: .utf8) else { return nil }
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return nil }
        return renderedFunction(inCall: lines[line - 1])
    }

    /// `x` in the first `Templates.x` of `text`.
    static func renderedFunction(inCall text: Substring) -> String? {
        guard let range = text.range(of: "Templates.") else { return nil }
        let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "`" }
        let trimmed = name.filter { $0 != "`" }
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Every template under `views` (named as the build names it: `home`, `partials/previews`) with the
    /// templates it pulls in: its layout and the partials it calls, read with the build's own parser.
    static func includes(views: URL, locales: URL) throws -> [String: Set<String>] {
        let (sources, _) = try ViewCompilerCore.loadSources(views: views, locales: locales)
        var result: [String: Set<String>] = [:]
        for source in sources {
            let template = try ViewCompilerCore.Parser.parse(source.source, name: source.name, file: source.file)
            var names: Set<String> = template.layout.map { [$0] } ?? []
            func walk(_ nodes: [ViewCompilerCore.Node]) {
                for node in nodes {
                    switch node {
                    case .partial(let name, _, _): names.insert(name)
                    case .condition(_, _, let a, let b, _), .each(_, _, _, let a, let b, _), .bind(_, _, let a, let b, _):
                        walk(a)
                        walk(b)
                    default: break
                    }
                }
            }
            walk(template.body)
            result[template.name] = names
        }
        return result
    }

    /// The template a generated function renders: the inverse of the build's naming.
    static func template(forFunction function: String, among templates: some Sequence<String>) -> String? {
        templates.first { ViewCompilerCore.functionName(forTemplate: $0).filter { $0 != "`" } == function }
    }

    /// Templates reached by none of `rendered`, directly or through the layouts and partials they
    /// include (at any depth), sorted.
    static func unreached(includes: [String: Set<String>], rendered: Set<String>) -> [String] {
        var reached: Set<String> = []
        var pending = Array(rendered)
        while let name = pending.popLast() {
            guard reached.insert(name).inserted else { continue }
            pending += includes[name] ?? []
        }
        return includes.keys.filter { !reached.contains($0) }.sorted()
    }
}
