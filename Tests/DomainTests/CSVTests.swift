import Testing
@testable import Domain

/// A small RFC 4180 reader for the tests: quoted fields, doubled quotes, CRLF between records.
private func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = String.UnicodeScalarView()
    var inQuotes = false
    var scalars = Array(text.unicodeScalars)[...]
    while let scalar = scalars.popFirst() {
        if inQuotes {
            if scalar == "\"" {
                if scalars.first == "\"" {
                    field.append("\"")
                    scalars.removeFirst()
                } else {
                    inQuotes = false
                }
            } else {
                field.append(scalar)
            }
        } else if scalar == "\"" {
            inQuotes = true
        } else if scalar == ";" {
            record.append(String(field))
            field = String.UnicodeScalarView()
        } else if scalar == "\r", scalars.first == "\n" {
            scalars.removeFirst()
            record.append(String(field))
            records.append(record)
            record = []
            field = String.UnicodeScalarView()
        } else {
            field.append(scalar)
        }
    }
    if !field.isEmpty || !record.isEmpty {
        record.append(String(field))
        records.append(record)
    }
    return records
}

@Suite struct CSVTests {
    @Test(arguments: [
        ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""),
        ("+62 812", "\"'+62 812\""),
        ("-1", "\"'-1\""),
        ("@SUM(A1)", "\"'@SUM(A1)\""),
        ("\tcmd", "\"'\tcmd\""),
        ("\r\n=1+1", "\"'\r\n=1+1\""),
        ("=\u{301}1", "\"'=\u{301}1\""),
    ])
    func formulasBecomeText(_ input: String, _ expected: String) {
        #expect(CSV.cell(input) == expected)
    }

    @Test(arguments: [
        ("Hari Pahlawan", "\"Hari Pahlawan\""),
        ("a=b", "\"a=b\""),
        ("", "\"\""),
        (" -1", "\" -1\""),
        ("Selamat Hari Pahlawan 🇮🇩, \"pahlawanku\"", "\"Selamat Hari Pahlawan 🇮🇩, \"\"pahlawanku\"\"\""),
        ("baris 1\nbaris 2", "\"baris 1\nbaris 2\""),
    ])
    func ordinaryTextIsQuotedOnly(_ input: String, _ expected: String) {
        #expect(CSV.cell(input) == expected)
    }

    @Test func rowEndsWithCRLF() {
        let row = CSV.row(["a", "b"])
        #expect(row == "\"a\";\"b\"\r\n", "semicolons: what Excel splits on in an Indonesian region")
        #expect(CSV.row(["a", "b"], separator: ",") == "\"a\",\"b\"\r\n")
        #expect(Array(row.utf8.suffix(2)) == [0x0D, 0x0A])
        #expect(CSV.row([]) == "\r\n")
    }

    @Test func rowsRoundTrip() {
        let rows = [
            ["Judul", "Kanal", "Tautan"],
            ["Selamat Hari Pahlawan 🇮🇩, \"pahlawanku\"", "Instagram", "https://www.instagram.com/p/C1a2B3c4D5e/"],
            ["Rapat koordinasi\r\nbaris kedua", "X (Twitter)", "https://x.com/humasUI/status/1856234567890123456"],
            ["=HYPERLINK(\"http://x\")", "-1", "@SUM(A1)"],
        ]
        let text = CSV.byteOrderMark + rows.map { CSV.row($0) }.joined()
        #expect(text.hasPrefix(CSV.byteOrderMark))
        let parsed = parseCSV(String(text.unicodeScalars.dropFirst()))
        #expect(parsed.count == 4)
        #expect(parsed[0] == rows[0])
        #expect(parsed[1] == rows[1])
        #expect(parsed[2] == rows[2], "line breaks stay inside the field")
        #expect(parsed[3] == ["'=HYPERLINK(\"http://x\")", "'-1", "'@SUM(A1)"], "formulas read back as text")
    }

    @Test func byteOrderMarkIsUTF8() {
        #expect(Array(CSV.byteOrderMark.utf8) == [0xEF, 0xBB, 0xBF])
    }
}
