import Foundation

/// The languages the portal speaks. Bahasa Indonesia comes first and is the default.
public enum Language: String, CaseIterable, Sendable, Codable {
    case id
    case en

    public static let `default`: Language = .id

    /// Reads a language code such as `id`, `en`, `en-US` or `id_ID`; nil for anything else.
    public init?(code: String) {
        let primary = code.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first.map(String.init) ?? ""
        guard let language = Language(rawValue: primary) else { return nil }
        self = language
    }

    /// Picks the first supported language of an `Accept-Language` header, by its q weights.
    public static func preferred(fromAcceptLanguage header: String) -> Language? {
        var best: (Language, Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first, let language = Language(code: tag) else { continue }
            var weight = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                weight = Double(parameter.dropFirst(2)) ?? 0
            }
            if weight > 0, weight > (best?.1 ?? 0) { best = (language, weight) }
        }
        return best?.0
    }
}
