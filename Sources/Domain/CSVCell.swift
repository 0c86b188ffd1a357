/// CSV for spreadsheets (RFC 4180), safe to open in Excel, LibreOffice and Google Sheets.
///
/// Every field is quoted, always: Excel, LibreOffice and Sheets read quoted fields the same as bare
/// ones, and one rule is easier to trust than a list of characters that need quoting. Inner quotes
/// are doubled; commas and line breaks stay inside the quotes.
///
/// Formula injection (OWASP "CSV Injection"): a field whose first character is `=`, `+`, `-`, `@`,
/// TAB or CR gets a leading apostrophe, so the spreadsheet shows it as text instead of running it.
/// The apostrophe is visible in the cell; a negative number such as `-5` or a phone number
/// `+62 812…` is therefore kept as text `'-5` — accepted: archive exports hold titles and links,
/// not figures to compute with.
public enum CSV {
    /// Written once at the start of a file so Excel reads it as UTF-8 (Indonesian text, emoji).
    public static let byteOrderMark = "\u{FEFF}"

    /// The characters that make a spreadsheet read a cell as a formula.
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    /// One field, neutralised and quoted.
    public static func cell(_ text: String) -> String {
        // Scalars, not Characters: "\r\n" and "=\u{301}" are single Characters.
        var field = text
        if let first = text.unicodeScalars.first, formulaStarts.contains(first) {
            field = "'" + field
        }
        return "\"" + field.replacingQuotes() + "\""
    }

    /// One record: the fields as cells, joined with commas, ending in CRLF.
    public static func row(_ fields: [String]) -> String {
        fields.map(cell).joined(separator: ",") + "\r\n"
    }
}

private extension String {
    func replacingQuotes() -> String {
        var result = ""
        result.unicodeScalars.reserveCapacity(unicodeScalars.count)
        for scalar in unicodeScalars {
            result.unicodeScalars.append(scalar)
            if scalar == "\"" { result.unicodeScalars.append(scalar) }
        }
        return result
    }
}
