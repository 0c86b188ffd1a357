import Domain
import Foundation

/// A small Office Open XML workbook (what Excel saves as `.xlsx`), written as XML text into a ZIP
/// of stored entries (`ZipStream`): one or more sheets of typed cells. Dates are numbers with a date
/// format (so a spreadsheet sorts and filters them as dates), links are hyperlinks held as the
/// sheet's relationships (so they are clickable), text is inline strings (never a formula: a title
/// starting with "=" stays text, no guard needed as in CSV).
///
/// What it writes, and nothing more: `[Content_Types].xml`, `_rels/.rels`, `docProps/core.xml`,
/// `xl/workbook.xml` with its relationships, `xl/styles.xml`, and per sheet `xl/worksheets/sheetN.xml`
/// with its relationships when it has links.
struct XLSXWorkbook: Sendable {
    enum Cell: Sendable, Equatable {
        case empty
        case text(String)
        case number(Int)
        /// An instant, written as the wall-clock time of the workbook's zone.
        case date(Date)
        /// A clickable link showing its address (or `label`).
        case link(String, label: String? = nil)
        /// A header cell: bold.
        case header(String)
    }

    struct Sheet: Sendable {
        var name: String
        /// Column widths in characters, in order; columns past the list keep the default width.
        var widths: [Double] = []
        var rows: [[Cell]] = []
        /// The first row stays in view while scrolling and carries the filter buttons.
        var headerRow = true
    }

    var sheets: [Sheet]
    /// The zone dates are shown in (the institution's).
    var timeZone: TimeZone
    var title: String = ""
    var created: Date

    /// Excel allows 65,530 hyperlinks per sheet; links past that are written as text.
    static let maximumLinks = 65_000
    /// Excel's limit for the text of one cell.
    static let maximumCellText = 32_767

    static let mimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// Style indexes in `styles.xml`.
    enum Style: Int {
        case plain = 0, date = 1, header = 2, link = 3
    }

    /// The workbook as the bytes of a `.xlsx` file.
    func bytes() throws -> [UInt8] {
        let stamp = ZipStream.DOSStamp(created, in: timeZone)
        func entry(_ name: String, _ text: String) -> ZipStream.Entry {
            .init(name: name, path: nil, data: Array(text.utf8), stamp: stamp)
        }
        var entries = [
            entry("[Content_Types].xml", contentTypes()),
            entry("_rels/.rels", Self.rootRelationships),
            entry("docProps/core.xml", coreProperties()),
            entry("xl/workbook.xml", workbook()),
            entry("xl/_rels/workbook.xml.rels", workbookRelationships()),
            entry("xl/styles.xml", Self.styles),
        ]
        for (index, sheet) in sheets.enumerated() {
            let (xml, links) = worksheet(sheet)
            entries.append(entry("xl/worksheets/sheet\(index + 1).xml", xml))
            if !links.isEmpty {
                entries.append(entry("xl/worksheets/_rels/sheet\(index + 1).xml.rels", Self.linkRelationships(links)))
            }
        }
        return try ZipStream(entries: entries).bytes()
    }

    // MARK: parts

    static let xmlHead = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    static let mainNS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelNS = "http://schemas.openxmlformats.org/package/2006/relationships"

    func contentTypes() -> String {
        var xml = Self.xmlHead + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        xml += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        xml += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        xml += "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
        xml += "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
        xml += "<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        for index in sheets.indices {
            xml += "<Override PartName=\"/xl/worksheets/sheet\(index + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
        }
        return xml + "</Types>"
    }

    static let rootRelationships = xmlHead + "<Relationships xmlns=\"\(packageRelNS)\">"
        + "<Relationship Id=\"rId1\" Type=\"\(relNS)/officeDocument\" Target=\"xl/workbook.xml\"/>"
        + "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
        + "</Relationships>"

    func coreProperties() -> String {
        let utc = LocalDateTime.format(created, timeZone: .gmt)
        return Self.xmlHead + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\""
            + " xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(Self.escape(title))</dc:title><dc:creator>Warta</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(utc):00Z</dcterms:created></cp:coreProperties>"
    }

    func workbook() -> String {
        var xml = Self.xmlHead + "<workbook xmlns=\"\(Self.mainNS)\" xmlns:r=\"\(Self.relNS)\"><sheets>"
        var used: Set<String> = []
        for (index, sheet) in sheets.enumerated() {
            var name = Self.sheetName(sheet.name, index: index)
            if used.contains(name.lowercased()) { name = String(name.prefix(27)) + " (\(index + 1))" }
            used.insert(name.lowercased())
            xml += "<sheet name=\"\(Self.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"rId\(index + 1)\"/>"
        }
        xml += "</sheets>"
        // The header row's filter buttons need a defined name per sheet.
        var names = ""
        for (index, sheet) in sheets.enumerated() where sheet.headerRow && sheet.rows.count > 1 {
            let width = sheet.rows.map(\.count).max() ?? 1
            let sheetName = Self.escape(Self.sheetName(sheet.name, index: index).replacingOccurrences(of: "'", with: "''"))
            names += "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"\(index)\" hidden=\"1\">'\(sheetName)'!$A$1:$\(Self.column(width - 1))$\(sheet.rows.count)</definedName>"
        }
        if !names.isEmpty { xml += "<definedNames>\(names)</definedNames>" }
        return xml + "</workbook>"
    }

    func workbookRelationships() -> String {
        var xml = Self.xmlHead + "<Relationships xmlns=\"\(Self.packageRelNS)\">"
        for index in sheets.indices {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(Self.relNS)/worksheet\" Target=\"worksheets/sheet\(index + 1).xml\"/>"
        }
        xml += "<Relationship Id=\"rId\(sheets.count + 1)\" Type=\"\(Self.relNS)/styles\" Target=\"styles.xml\"/>"
        return xml + "</Relationships>"
    }

    /// Dates as "03-12-2026 15.20" (the dot escaped: a literal, the Indonesian time separator).
    static let styles = xmlHead + "<styleSheet xmlns=\"\(mainNS)\">"
        + "<numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd\\-mm\\-yyyy\\ hh\\.mm\"/></numFmts>"
        + "<fonts count=\"3\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><b/><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font>"
        + "<font><u/><sz val=\"11\"/><color rgb=\"FF0563C1\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts>"
        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"4\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/></cellXfs>"
        + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
        + "</styleSheet>"

    /// One sheet's XML and the links it points to (relationship `rIdN` is `links[N-1]`).
    func worksheet(_ sheet: Sheet) -> (xml: String, links: [String]) {
        var xml = Self.xmlHead + "<worksheet xmlns=\"\(Self.mainNS)\" xmlns:r=\"\(Self.relNS)\">"
        let width = sheet.rows.map(\.count).max() ?? 0
        if sheet.headerRow, !sheet.rows.isEmpty {
            xml += "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/></sheetView></sheetViews>"
        }
        if !sheet.widths.isEmpty {
            xml += "<cols>"
            for (index, value) in sheet.widths.enumerated() {
                xml += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(value)\" customWidth=\"1\"/>"
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        var links: [(ref: String, url: String)] = []
        xml.reserveCapacity(sheet.rows.count * 400)
        for (r, row) in sheet.rows.enumerated() {
            xml += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = Self.column(c) + "\(r + 1)"
                switch cell {
                case .empty:
                    continue
                case .text(let text):
                    xml += Self.inline(ref, text, style: .plain)
                case .header(let text):
                    xml += Self.inline(ref, text, style: .header)
                case .number(let value):
                    xml += "<c r=\"\(ref)\"><v>\(value)</v></c>"
                case .date(let date):
                    xml += "<c r=\"\(ref)\" s=\"\(Style.date.rawValue)\"><v>\(Self.serial(date, timeZone: timeZone))</v></c>"
                case .link(let url, let label):
                    if links.count < Self.maximumLinks, Self.isWebAddress(url) {
                        links.append((ref, url))
                        xml += Self.inline(ref, label ?? url, style: .link)
                    } else {
                        xml += Self.inline(ref, label ?? url, style: .plain)
                    }
                }
            }
            xml += "</row>"
        }
        xml += "</sheetData>"
        if sheet.headerRow, sheet.rows.count > 1, width > 0 {
            xml += "<autoFilter ref=\"A1:\(Self.column(width - 1))\(sheet.rows.count)\"/>"
        }
        if !links.isEmpty {
            xml += "<hyperlinks>"
            for (index, link) in links.enumerated() { xml += "<hyperlink ref=\"\(link.ref)\" r:id=\"rId\(index + 1)\"/>" }
            xml += "</hyperlinks>"
        }
        xml += "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
        xml += "<pageSetup paperSize=\"9\" orientation=\"landscape\" fitToHeight=\"0\"/>"
        return (xml + "</worksheet>", links.map(\.url))
    }

    static func linkRelationships(_ links: [String]) -> String {
        var xml = xmlHead + "<Relationships xmlns=\"\(packageRelNS)\">"
        for (index, url) in links.enumerated() {
            xml += "<Relationship Id=\"rId\(index + 1)\" Type=\"\(relNS)/hyperlink\" Target=\"\(escape(url))\" TargetMode=\"External\"/>"
        }
        return xml + "</Relationships>"
    }

    // MARK: pieces

    static func inline(_ ref: String, _ text: String, style: Style) -> String {
        let bounded = text.count > maximumCellText ? String(text.prefix(maximumCellText)) : text
        let space = bounded.first?.isWhitespace == true || bounded.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
        return "<c r=\"\(ref)\"\(style == .plain ? "" : " s=\"\(style.rawValue)\"") t=\"inlineStr\"><is><t\(space)>\(escape(bounded))</t></is></c>"
    }

    /// Only http(s) addresses become links: nothing else is offered to a click.
    static func isWebAddress(_ url: String) -> Bool {
        let lower = url.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://")) && url.utf8.count <= 2_000
    }

    /// "A", "B", … "Z", "AA", … for a zero-based column.
    static func column(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let rest = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// The spreadsheet serial of an instant's wall-clock time in `timeZone`: days since 30
    /// December 1899, the fraction the time of day, to the second.
    static func serial(_ date: Date, timeZone: TimeZone) -> String {
        let (day, second) = WallClock.local(date, in: timeZone)
        let value = Double(day + 25_569) + Double(second) / 86_400
        return String(format: "%.8f", value)
    }

    /// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
    static func sheetName(_ name: String, index: Int) -> String {
        let cleaned = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31)).trimmingCharacters(in: CharacterSet(charactersIn: "' "))
        return cleaned.isEmpty ? "Sheet\(index + 1)" : cleaned
    }

    /// Text for XML: the five special characters escaped, and characters XML 1.0 does not allow
    /// (controls other than tab and line breaks, lone surrogates cannot occur in a Swift string) dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
