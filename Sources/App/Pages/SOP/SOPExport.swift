import Domain
import Foundation
import ViewRuntime

/// The standalone SOP document (inline CSS, no links to the portal): `warta sop` writes it for
/// archiving and the record ZIP carries it.
struct SOPStandalone: Sendable {
    let document: SOPDocument
    let inlineCSS: SafeHTML?
}

public enum SOPExport {
    public enum ExportError: Error, CustomStringConvertible {
        case notInitialised
        case noVersion(Int)
        public var description: String {
            switch self {
            case .notInitialised: "the database has no institution and no workflow (run `warta init` first)"
            case .noVersion(let number): "there is no workflow version \(number)"
            }
        }
    }

    /// Our own stylesheet, read from the package's Public folder: trusted, and it holds no `</`.
    static func inlineCSS(publicPath: String) -> SafeHTML? {
        (try? String(contentsOfFile: publicPath + "/css/app.css", encoding: .utf8)).flatMap { $0.contains("</") ? nil : SafeHTML(trusted: $0) }
    }

    /// The document of `version` (the running one when nil) as one HTML file.
    public static func html(database: AppDatabase, version: Int? = nil, publicPath: String, language: Language = .id) throws -> [UInt8] {
        let store = try InstitutionStore(database: database)
        guard let current = store.currentWorkflow else { throw ExportError.notInitialised }
        let number = version ?? current.version
        let t = Texts.of(language)
        guard let document = try database.sopDocument(version: number, roles: store.roles, dates: store.dateText(language), t: t) else {
            throw ExportError.noVersion(number)
        }
        return html(document, css: inlineCSS(publicPath: publicPath), institutionName: store.settings.name, language: language)
    }

    static func html(_ document: SOPDocument, css: SafeHTML?, institutionName: String, language: Language) -> [UInt8] {
        let t = Texts.of(language)
        let chrome = Chrome(lang: language.rawValue, title: t.sop_title, institutionName: institutionName, today: "", csrfToken: "",
                            currentPath: "", user: nil, nav: [], adminNav: [], languages: [], flash: nil)
        var out = HTMLWriter()
        Templates.sopStandalone(page: SOPStandalone(document: document, inlineCSS: css), chrome: chrome, t: t, into: &out)
        return out.bytes
    }
}
