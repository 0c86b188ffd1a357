import Domain
import Foundation

/// The texts people read, one catalogue per language, loaded from `Locales/<code>.json`.
///
/// Keys are flat snake_case names. Templates read them typed, as `{{ t.key }}` (the compiled
/// `Texts`); this runtime copy serves the texts Swift code picks. A text may hold `{name}`
/// placeholders, filled by `text(_:_:_:)`.
public struct Catalog: Sendable {
    let texts: [Language: [String: String]]

    public init(texts: [Language: [String: String]]) {
        self.texts = texts
    }

    public static func load(from directory: String) throws -> Catalog {
        var texts: [Language: [String: String]] = [:]
        for language in Language.allCases {
            let path = (directory as NSString).appendingPathComponent("\(language.rawValue).json")
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            texts[language] = try JSONDecoder().decode([String: String].self, from: data)
        }
        return Catalog(texts: texts)
    }

    /// Every text of one language, for templates.
    public func all(_ language: Language) -> [String: String] {
        texts[language] ?? [:]
    }

    /// One text, with placeholders filled. Falls back to Bahasa Indonesia, then to the key itself,
    /// so a missing translation shows up as a visible key rather than a blank.
    public func text(_ key: String, _ language: Language, _ arguments: [String: String] = [:]) -> String {
        let template = texts[language]?[key] ?? texts[.id]?[key] ?? key
        guard !arguments.isEmpty, template.contains("{") else { return template }
        // One pass over the text (this runs for every row of long lists).
        var result = ""
        result.reserveCapacity(template.utf8.count + 16)
        var rest = template[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            rest = rest[open...]
            guard let close = rest.firstIndex(of: "}") else { break }
            let name = String(rest[rest.index(after: rest.startIndex)..<close])
            if let value = arguments[name] { result += value } else { result += rest[...close] }
            rest = rest[rest.index(after: close)...]
        }
        result += rest
        return result
    }
}

/// A text to show later, in whatever language the page is rendered in.
public struct LocalizedMessage: Sendable, Equatable {
    public var key: String
    public var arguments: [String: String]

    public init(_ key: String, _ arguments: [String: String] = [:]) {
        self.key = key
        self.arguments = arguments
    }
}
