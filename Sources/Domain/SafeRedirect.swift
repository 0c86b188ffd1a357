/// Decides whether a `next` parameter may be followed after login: only paths on this site.
public enum SafeRedirect {
    /// Returns the path when it is a same-site absolute path, otherwise nil.
    ///
    /// Refused: absolute URLs (`https://…`), scheme-relative ones (`//evil`), backslash tricks
    /// (`/\evil`, which browsers read as `//evil`), control characters, and anything not starting with `/`.
    public static func path(_ candidate: String?) -> String? {
        guard let candidate, !candidate.isEmpty, candidate.count <= 2048 else { return nil }
        guard candidate.hasPrefix("/") else { return nil }
        let second = candidate.dropFirst().first
        if second == "/" || second == "\\" { return nil }
        if candidate.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return nil }
        return candidate
    }
}
