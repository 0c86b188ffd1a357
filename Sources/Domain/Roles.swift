/// A role: a stable key, used in routes and on the command line, and the name people read.
public struct Role: Sendable, Equatable, Hashable, Codable {
    public var key: String
    public var name: String

    public init(key: String, name: String) {
        self.key = key
        self.name = name
    }

    /// The role that manages accounts, roles and settings. Every institution has it.
    public static let adminKey = "admin"
    public static let admin = Role(key: adminKey, name: "Administrator Sistem")

    /// Role keys are lower-case words joined by hyphens: `kepala-biro`, `admin-medsos`.
    public static func isValidKey(_ key: String) -> Bool {
        guard (2...40).contains(key.count), let first = key.first, first.isLetter else { return false }
        return key.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// What a user may do, decided from the roles loaded for this request.
public struct RoleSet: Sendable, Equatable {
    public private(set) var keys: Set<String>

    public init<S: Sequence>(_ keys: S) where S.Element == String {
        self.keys = Set(keys)
    }

    public var isAdmin: Bool { keys.contains(Role.adminKey) }

    public func contains(_ key: String) -> Bool { keys.contains(key) }

    /// True when the user holds at least one of the required roles. An empty requirement means any
    /// signed-in user.
    public func satisfies(anyOf required: [String]) -> Bool {
        required.isEmpty || required.contains(where: keys.contains)
    }
}
