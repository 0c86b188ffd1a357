/// Password rules, following NIST SP 800-63B: a length range and no composition rules.
public struct PasswordPolicy: Sendable, Equatable {
    public var minimumCharacters: Int
    public var maximumCharacters: Int
    /// bcrypt reads at most 72 bytes; a longer password is refused rather than silently cut.
    public var maximumUTF8Bytes: Int

    public init(minimumCharacters: Int = 8, maximumCharacters: Int = 64, maximumUTF8Bytes: Int = 72) {
        self.minimumCharacters = minimumCharacters
        self.maximumCharacters = maximumCharacters
        self.maximumUTF8Bytes = maximumUTF8Bytes
    }

    public static let standard = PasswordPolicy()

    public enum Problem: Equatable, Sendable {
        case tooShort(minimum: Int)
        case tooLong(maximum: Int)
        case tooManyBytes(maximum: Int)
        case containsNUL
    }

    /// The first problem with the password, or nil when it is acceptable.
    public func problem(with password: String) -> Problem? {
        let count = password.count
        if count < minimumCharacters { return .tooShort(minimum: minimumCharacters) }
        if count > maximumCharacters { return .tooLong(maximum: maximumCharacters) }
        if password.utf8.count > maximumUTF8Bytes { return .tooManyBytes(maximum: maximumUTF8Bytes) }
        // bcrypt's C interface stops at a NUL byte, which would cut the password short.
        if password.utf8.contains(0) { return .containsNUL }
        return nil
    }
}
