/// Nomor Induk Pegawai as people type it: 18 digits for a civil servant, often grouped with spaces
/// ("19800101 200501 1 001"); other staff may have a shorter number or none. Kept as typed,
/// with runs of spaces made one; empty means none.
enum NIP {
    static let maximumLength = 30

    /// The value to store, or nil when it holds anything but digits and spaces, or is too long.
    static func normalise(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace)
        let joined = words.joined(separator: " ")
        guard joined.count <= maximumLength, joined.unicodeScalars.allSatisfy({ (48...57).contains($0.value) || $0 == " " }) else { return nil }
        return joined
    }
}
