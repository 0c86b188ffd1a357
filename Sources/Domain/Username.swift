import Foundation

/// Usernames are short, lower-case identifiers such as `kabiro` or `siti.rahma`.
public enum UsernameRule {
    public static let minimumLength = 3
    public static let maximumLength = 32

    /// The canonical form used for storage and look-up: trimmed and lower-cased.
    public static func normalise(_ raw: String) -> String {
        raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// A username as typed into the login form, normalised and cut to 64 bytes of UTF-8 (twice the
    /// longest valid name), so that what is looked up, stored and logged is bounded whatever was sent.
    public static func bounded(_ raw: String, bytes: Int = 64) -> String {
        // Only the start is read: a megabyte of input costs no more than a name.
        let head = String(decoding: raw.utf8.prefix(bytes * 4), as: UTF8.self)
        let normalised = normalise(head)
        let kept = normalised.prefix(utf8Bytes: bytes)
        return kept
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
