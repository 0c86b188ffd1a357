import Foundation

/// The languages the portal speaks. Bahasa Indonesia comes first and is the default.
public enum Language: String, CaseIterable, Sendable, Codable {
    case id
    case en

    public static let `default`: Language = .id
}
