/// A role's stable key, used in routes, on the command line and in the database: `kepala-biro`,
/// `admin-medsos`. Its own type so that a role key is never mixed up with a username, a step name
/// or any other text.
public struct RoleKey: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral {
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    /// A key typed by someone: nil unless it has the form of a key.
    public init?(validating text: String) {
        guard Self.isValid(text) else { return nil }
        self.rawValue = text
    }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    public var description: String { rawValue }

    public static func < (lhs: RoleKey, rhs: RoleKey) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The role that manages accounts, roles and settings. Every institution has it.
    public static let admin: RoleKey = "admin"

    /// Role keys are lower-case words joined by hyphens: `kepala-biro`, `admin-medsos`.
    public static func isValid(_ key: String) -> Bool {
        guard (2...40).contains(key.count), let first = key.first, first.isLetter else { return false }
        return key.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// A role: a stable key, used in routes and on the command line, and the name people read.
public struct Role: Sendable, Equatable, Hashable, Codable {
    public var key: RoleKey
    public var name: String

    public init(key: RoleKey, name: String) {
        self.key = key
        self.name = name
    }

    public static let admin = Role(key: .admin, name: "Administrator Sistem")
}

extension Set where Element == RoleKey {
    /// Holds the role that manages accounts, roles and settings.
    public var isAdmin: Bool { contains(.admin) }
}
