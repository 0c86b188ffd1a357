import Foundation

/// Usernames are short, lower-case identifiers such as `kabiro` or `siti.rahma`.
public enum UsernameRule {
    public static let minimumLength = 3
    public static let maximumLength = 32

    /// The canonical form used for storage and look-up: trimmed and lower-cased.
    public static func normalise(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// True when the (already normalised) username is 3–32 characters of a–z, 0–9, `.`, `_` or `-`,
    /// starting with a letter or digit.
    public static func isValid(_ username: String) -> Bool {
        guard (minimumLength...maximumLength).contains(username.count) else { return false }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-")
        guard username.allSatisfy({ allowed.contains($0) }) else { return false }
        guard let first = username.first, first.isLetter || first.isNumber else { return false }
        return true
    }
}
