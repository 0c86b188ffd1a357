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
}
