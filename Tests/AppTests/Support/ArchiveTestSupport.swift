import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
@testable import App

/// An answer kept as bytes: for downloads (CSV with its byte order mark, ZIP archives) that a
/// lossy text conversion would spoil.
struct RawAnswer: Sendable {
    let status: HTTPResponse.Status
    let headers: HTTPFields
    let bytes: [UInt8]

    /// The body as UTF-8, nil when it is not valid UTF-8.
    var utf8Text: String? { String(validating: bytes, as: UTF8.self) }
}

extension TestBrowser {
    /// A GET with the browser's cookies, handing back the body's bytes untouched.
    func rawGet(_ path: String, headers extra: HTTPFields = [:]) async throws -> RawAnswer {
        var headers = extra
        let cookieHeader = cookieNames.compactMap { name in cookie(name).map { "\(name)=\($0)" } }.sorted().joined(separator: "; ")
        if !cookieHeader.isEmpty, headers[.cookie] == nil { headers[.cookie] = cookieHeader }
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        var body = response.body
        return RawAnswer(status: response.status, headers: response.headers, bytes: body.readBytes(length: body.readableBytes) ?? [])
    }
}

/// Reads a ZIP archive through its central directory, as unzip does. Stored (uncompressed)
/// entries only, which is what the application writes; each entry's CRC-32 and local header are checked.
enum ZipReader {
    struct Entry: Sendable, Equatable {
        let name: String
        let bytes: [UInt8]
        let crcMatches: Bool
        /// The MS-DOS time as the central header records it: "2026-11-23 09:45:00" (two-second steps);
        /// the local header must say the same.
        var modified: String = ""
    }

    static func le16(_ b: [UInt8], _ at: Int) -> Int { Int(b[at]) | Int(b[at + 1]) << 8 }
    static func le32(_ b: [UInt8], _ at: Int) -> Int { le16(b, at) | le16(b, at + 2) << 16 }

    static func entries(_ bytes: [UInt8]) throws -> [Entry] {
        guard bytes.count >= 22 else { throw TestFailure("zip: too short (\(bytes.count) bytes)") }
        // The end of central directory record: the last "PK\5\6" (no archive comment is written).
        var end = bytes.count - 22
        while end >= 0, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 5 && bytes[end + 3] == 6) { end -= 1 }
        guard end >= 0 else { throw TestFailure("zip: no end of central directory") }
        let count = le16(bytes, end + 10)
        let centralSize = le32(bytes, end + 12)
        var at = le32(bytes, end + 16)
        guard at + centralSize == end else { throw TestFailure("zip: central directory size/offset do not meet the end record") }
        var result: [Entry] = []
        for _ in 0..<count {
            guard le32(bytes, at) == 0x0201_4B50 else { throw TestFailure("zip: bad central header at \(at)") }
            let method = le16(bytes, at + 10)
            let crc = UInt32(le32(bytes, at + 16))
            let compressed = le32(bytes, at + 20)
            let size = le32(bytes, at + 24)
            let nameLength = le16(bytes, at + 28)
            let extraLength = le16(bytes, at + 30)
            let commentLength = le16(bytes, at + 32)
            let local = le32(bytes, at + 42)
            let name = String(decoding: bytes[(at + 46)..<(at + 46 + nameLength)], as: UTF8.self)
            guard method == 0, compressed == size else { throw TestFailure("zip: \(name) is not stored") }
            guard le32(bytes, local) == 0x0403_4B50 else { throw TestFailure("zip: bad local header for \(name)") }
            let localName = le16(bytes, local + 26), localExtra = le16(bytes, local + 28)
            guard String(decoding: bytes[(local + 30)..<(local + 30 + localName)], as: UTF8.self) == name else {
                throw TestFailure("zip: local and central names differ for \(name)")
            }
            let start = local + 30 + localName + localExtra
            guard start + size <= bytes.count else { throw TestFailure("zip: \(name) runs past the end") }
            let data = Array(bytes[start..<(start + size)])
            var check = CRC32()
            check.update(data)
            let time = le16(bytes, at + 12), date = le16(bytes, at + 14)
            guard le16(bytes, local + 10) == time, le16(bytes, local + 12) == date else {
                throw TestFailure("zip: local and central times differ for \(name)")
            }
            let modified = String(format: "%04d-%02d-%02d %02d:%02d:%02d", 1980 + (date >> 9), (date >> 5) & 15, date & 31,
                                  time >> 11, (time >> 5) & 63, (time & 31) * 2)
            result.append(Entry(name: name, bytes: data, crcMatches: check.value == crc, modified: modified))
            at += 46 + nameLength + extraLength + commentLength
        }
        return result
    }
}

/// RFC 4180 records: quoted fields with doubled quotes, CRLF (or LF) between records.
enum CSVReader {
    /// Our exports are separated by `;` (`CSV.separator`).
    static func records(_ text: String, separator: Unicode.Scalar = ";") -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var quoted = false
        var scalars = Array(text.unicodeScalars)[...]
        while let c = scalars.popFirst() {
            if quoted {
                if c == "\"" {
                    if scalars.first == "\"" { field.unicodeScalars.append("\""); scalars.removeFirst() } else { quoted = false }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" {
                quoted = true
            } else if c == separator {
                record.append(field); field = ""
            } else if c == "\r" || c == "\n" {
                if c == "\r", scalars.first == "\n" { scalars.removeFirst() }
                record.append(field); field = ""
                records.append(record); record = []
            } else {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
        return records
    }
}

/// Small readers for server-rendered pages.
enum HTMLText {
    /// The text with Mustache's escapes undone.
    static func unescape(_ text: some StringProtocol) -> String {
        var result = String(text)
        for (entity, character) in [("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&#34;", "\""), ("&lt;", "<"), ("&gt;", ">"),
                                    ("&#x2F;", "/"), ("&#61;", "="), ("&#x3D;", "="), ("&#96;", "`"), ("&#x60;", "`"), ("&amp;", "&")] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    /// The text between `start` and the next `end` after it.
    static func between(_ text: some StringProtocol, _ start: String, _ end: String) -> String? {
        guard let from = text.range(of: start) else { return nil }
        let rest = text[from.upperBound...]
        guard let to = rest.range(of: end) else { return nil }
        return String(rest[..<to.lowerBound])
    }

    /// Cell contents of one table row (`<td…>…</td>`), tags stripped and escapes undone.
    static func cells(_ row: some StringProtocol) -> [String] {
        row.components(separatedBy: "<td").dropFirst().map { piece in
            let inner = piece.drop(while: { $0 != ">" }).dropFirst()
            let content = inner.components(separatedBy: "</td>").first ?? ""
            return unescape(stripTags(content)).trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    static func stripTags(_ text: some StringProtocol) -> String {
        var result = ""
        var inTag = false
        for c in text {
            if c == "<" { inTag = true } else if c == ">" { inTag = false } else if !inTag { result.append(c) }
        }
        return result
    }
}
