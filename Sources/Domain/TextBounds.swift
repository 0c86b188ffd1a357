extension String {
    /// The longest start of the string that fits in `limit` bytes of UTF-8, cut between characters
    /// (never inside one). Reads no more of the string than it keeps.
    public func prefix(utf8Bytes limit: Int) -> String {
        guard utf8.count > limit else { return self }
        var kept = ""
        var used = 0
        for character in self {
            let size = character.utf8.count
            if used + size > limit { break }
            kept.append(character)
            used += size
        }
        return kept
    }
}
