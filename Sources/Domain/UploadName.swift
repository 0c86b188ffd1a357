import Foundation

/// The name an uploaded file is kept under: decided once, when the file is stored, and used as it
/// is by every page, header and ZIP archive afterwards.
///
/// A name comes from the sender and is only a label (the type is decided from the file's bytes),
/// so it is cut down to something every consumer can hold:
/// - only the last path component, with `/` and `\` both separators;
/// - no control characters, no format characters (bidi overrides such as RLO, zero-width marks),
///   none of `"<>:|?*` (refused by Windows when an archive is unpacked);
/// - no run of more than `maximumMarksPerCharacter` combining marks on one character (what stays
///   is precomposed first, so "é" written as e + U+0301 is kept);
/// - no leading dots or spaces (no hidden or "`..`" names), whitespace collapsed;
/// - at most `maximumBytes` bytes of UTF-8, cut on a character boundary, keeping the extension;
/// - `fallback` when nothing is left.
public enum UploadName {
    public static let maximumBytes = 120
    public static let maximumMarksPerCharacter = 2
    public static let fallback = "berkas"
    static let forbidden: Set<Unicode.Scalar> = ["\"", "<", ">", ":", "|", "?", "*"]

    public static func sanitise(_ raw: String) -> String {
        // Only the part after the last separator of either kind.
        let lastComponent = raw.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        // Bounded work: a few kilobytes of scalars are read, whatever was sent; then precomposed.
        var head = String.UnicodeScalarView()
        head.append(contentsOf: lastComponent.unicodeScalars.prefix(4096))
        if lastComponent.unicodeScalars.count > 4096 {
            // Past the part read, only a short extension at the very end is kept.
            let tail = lastComponent.unicodeScalars.suffix(16)
            if let dot = tail.lastIndex(of: ".") { head.append(contentsOf: tail[dot...]) }
        }
        let precomposed = String(head).precomposedStringWithCanonicalMapping
        var scalars = String.UnicodeScalarView()
        var marks = 0
        var lastWasSpace = false
        for scalar in precomposed.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .format where scalar == "\u{200D}" || scalar == "\u{200C}":
                // Zero-width (non-)joiners hold emoji sequences and some scripts together.
                scalars.append(scalar)
            case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator:
                continue
            case .nonspacingMark, .spacingMark, .enclosingMark:
                marks += 1
                if marks <= maximumMarksPerCharacter, !scalars.isEmpty, !lastWasSpace { scalars.append(scalar) }
                continue
            case .spaceSeparator:
                marks = 0
                if lastWasSpace || scalars.isEmpty { continue }
                scalars.append(" ")
                lastWasSpace = true
                continue
            default:
                // Characters no file system on the office's machines takes in a name.
                if forbidden.contains(scalar) { continue }
                marks = 0
                lastWasSpace = false
                scalars.append(scalar)
            }
        }
        var name = String(scalars)
        // No hidden files and no "..": leading dots and spaces go.
        while let first = name.first, first == "." || first == " " { name.removeFirst() }
        while let last = name.last, last == " " || last == "." { name.removeLast() }
        name = fit(name, bytes: maximumBytes)
        return name.isEmpty ? fallback : name
    }

    /// `name` cut to at most `bytes` bytes of UTF-8 on a character boundary, keeping a short
    /// extension (`.jpg`) when there is one.
    public static func fit(_ name: String, bytes limit: Int) -> String {
        guard name.utf8.count > limit else { return name }
        var stem = Substring(name)
        var suffix = ""
        if let dot = name.lastIndex(of: "."), dot != name.startIndex {
            let candidate = name[dot...]
            if candidate.utf8.count <= 12 {
                stem = name[..<dot]
                suffix = String(candidate)
            }
        }
        var kept = String(stem).prefix(utf8Bytes: max(0, limit - suffix.utf8.count))
        while let last = kept.last, last == " " || last == "." { kept.removeLast() }
        return kept + suffix
    }

    /// The name with the extension of the file's real type: `foto.png` sent as a JPEG becomes
    /// `foto.jpg`, so a name never claims a type the bytes are not.
    public static func withExtension(_ name: String, _ type: UploadType) -> String {
        var stem = name
        if let dot = name.lastIndex(of: "."), dot != name.startIndex { stem = String(name[..<dot]) }
        return fit(stem, bytes: maximumBytes - type.fileExtension.utf8.count - 1) + "." + type.fileExtension
    }
}
