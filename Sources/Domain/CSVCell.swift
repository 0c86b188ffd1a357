import Foundation
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

    /// The separator of the files we export: a semicolon. Excel splits a CSV it opens on the list
    /// separator of the machine's region, and on machines set to Indonesian (where the decimal
    /// separator is the comma) that is ";". LibreOffice and Python's `csv.Sniffer` detect it. For
    /// anything else, the `.xlsx` export is the reliable route.
    public static let separator = ";"

    /// One record: the fields as cells, joined with `separator` (`;` unless given), ending in CRLF.
    public static func row(_ fields: [String], separator: String = CSV.separator) -> String {
        fields.map(cell).joined(separator: separator) + "\r\n"
    }

    /// A time as every CSV we export writes it: "2026-11-21 14:05", the wall clock of `timeZone`,
    /// which spreadsheets in any language read as a date and time.
    public static func dateTime(_ date: Date, timeZone: TimeZone) -> String {
        LocalDateTime.format(date, timeZone: timeZone).replacingOccurrences(of: "T", with: " ")
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
