import Foundation

/// Insights exports read as CSV: Meta Business Suite (Facebook and Instagram), YouTube Studio and
/// TikTok, or any file with the same column names. The file is taken whole or not at all: a bad
/// number, a duplicate post or a file without a permalink/ID column refuses it with the reason.
///
/// - Delimiter: `,`, `;` (Excel in an Indonesian locale) or TAB, whichever the header line holds
///   most of (outside quotes). A UTF-8 byte order mark is dropped.
/// - Columns are found by header name, compared without case, spaces, `_`/`-` and bracketed
///   units ("Watch time (hours)" → "watchtime"). The aliases, and where each was taken from:
///   - **Meta Business Suite** (Insights → Content → Export data; the post-level "Post data"
///     export of Facebook Page Insights, whose first columns are "Post ID" and "Permalink"):
///     "Post ID", "Permalink", "Publish time", "Reach", "Impressions", "Views", "Reactions",
///     "Likes", "Comments", "Shares", "Saves" (Instagram). Taken from Meta's Business Help Centre
///     descriptions of the content export and of the metrics ("Reach", "Impressions",
///     "Reactions", "Saves"), and from published walkthroughs of the exported file.
///   - **YouTube Studio** (Analytics → Advanced mode → Export current view → CSV, the
///     "Table data.csv" file): "Content" (the video ID), "Video title", "Video publish time",
///     "Views", "Impressions", "Likes", "Comments added", "Shares"; its first data row is "Total",
///     which is listed as skipped. Names from the YouTube Help Centre's metric glossary
///     ("Comments added", "Impressions") and the Advanced mode export.
///   - **TikTok** (TikTok Studio / Analytics → Content → download): "Video link", "Video ID",
///     "Post time", "Total views" / "Video views", "Total likes", "Total comments",
///     "Total shares", "Total saves" / "Add to favorites", "Reach" ("Reached audience").
///     Names from TikTok's Help Centre pages on post analytics ("Video views", "Likes",
///     "Comments", "Shares", "Add to Favorites", "Reached audience").
///   Not checked against a live export in this build: the aliases are deliberately generous and a
///   file that does not fit says which columns it has.
/// - Numbers: see `MetricNumber` (thousands grouped with `.`, `,` or spaces; empty is unknown).
public enum InsightsCSV {
    public enum Platform: String, Sendable, Equatable {
        case meta, youtube, tiktok, other
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty
        /// The bytes are not UTF-8 (or UTF-16 with a BOM) text.
        case notText
        /// No column names a permalink or a post/video ID; `columns` is the header as read.
        case noLinkColumn(columns: String)
        /// A permalink/ID column but no figure column at all.
        case noMetricColumn(columns: String)
        case tooManyRows(limit: Int)
        /// Row numbers as a spreadsheet shows them: the header is row 1.
        case badNumber(row: Int, column: String, value: String)
        /// Two rows of the file are the same archived post.
        case duplicate(rows: [Int], link: String)
    }

    /// One data row with its figures.
    public struct Row: Sendable, Equatable {
        /// As a spreadsheet numbers it: the header is row 1, the first data row 2.
        public var number: Int
        public var permalink: String?
        public var postID: String?
        /// A title or description, shown in the preview (first 120 characters).
        public var label: String
        public var metrics: PostMetrics
        /// YouTube's "Total" line.
        public var isTotal: Bool
    }

    public struct Parsed: Sendable, Equatable {
        public var platform: Platform
        public var delimiter: Character
        /// The figure columns found: figure → the header as written in the file.
        public var columns: [PostMetrics.Field: String]
        public var rows: [Row]
    }

    public static let maximumRows = 5_000

    // MARK: - Aliases

    static func key(_ header: String) -> String {
        var text = header.lowercased()
        // Units in brackets are not part of the name.
        while let open = text.firstIndex(of: "("), let close = text[open...].firstIndex(of: ")") {
            text.removeSubrange(open...close)
        }
        return String(text.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    static let permalinkAliases: Set<String> = [
        "permalink", "link", "url", "postlink", "posturl", "videolink", "videourl", "permalinkurl", "tautan", "tautanpostingan",
    ]
    static let idAliases: Set<String> = [
        "postid", "id", "videoid", "content", "mediaid", "idpostingan", "idvideo",
    ]
    static let labelAliases: [String] = ["title", "videotitle", "description", "posttitle", "postmessage", "judul", "deskripsi", "caption"]
    static let metricAliases: [PostMetrics.Field: [String]] = [
        .reach: ["reach", "postreach", "accountsreached", "reachedaudience", "totalreach", "jangkauan"],
        .impressions: ["impressions", "postimpressions", "totalimpressions", "tayangan"],
        .likes: ["likes", "reactions", "totallikes", "postlikes", "suka", "reaksi"],
        .comments: ["comments", "commentsadded", "totalcomments", "komentar"],
        .shares: ["shares", "totalshares", "bagikan", "dibagikan"],
        .saves: ["saves", "totalsaves", "addtofavorites", "favorites", "disimpan"],
        .views: ["views", "videoviews", "totalviews", "plays", "totalplays", "ditonton", "penayangan"],
    ]

    // MARK: - Parsing

    public static func parse(_ bytes: [UInt8]) throws(Problem) -> Parsed {
        guard let text = decode(bytes) else { throw .notText }
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw .empty }
        let delimiter = detectDelimiter(text)
        let records = Commemoration.csvRecords(text, separator: delimiter.unicodeScalars.first!)
        guard let header = records.first else { throw .empty }
        let keys = header.map(key)
        let headerText = String(header.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ").prefix(200))
        let permalinkColumn = keys.firstIndex { permalinkAliases.contains($0) }
        let idColumn = keys.firstIndex { idAliases.contains($0) }
        guard permalinkColumn != nil || idColumn != nil else { throw .noLinkColumn(columns: headerText) }
        var columns: [PostMetrics.Field: Int] = [:]
        for field in PostMetrics.Field.allCases {
            if let index = metricAliases[field]!.lazy.compactMap({ alias in keys.firstIndex(of: alias) }).first { columns[field] = index }
        }
        guard !columns.isEmpty else { throw .noMetricColumn(columns: headerText) }
        let labelColumn = labelAliases.lazy.compactMap { keys.firstIndex(of: $0) }.first
        let dataRows = records.dropFirst()
        guard dataRows.count <= maximumRows else { throw .tooManyRows(limit: maximumRows) }

        var rows: [Row] = []
        for (offset, fields) in dataRows.enumerated() {
            let number = offset + 2
            func cell(_ index: Int?) -> String? {
                guard let index, index < fields.count else { return nil }
                let value = fields[index].trimmingCharacters(in: .whitespacesAndNewlines)
                return value.isEmpty ? nil : value
            }
            let id = cell(idColumn)
            let isTotal = id?.lowercased() == "total" || cell(permalinkColumn)?.lowercased() == "total"
            var metrics = PostMetrics()
            if !isTotal {
                for (field, index) in columns {
                    switch MetricNumber.parse(cell(index) ?? "") {
                    case .success(let value): metrics[field] = value
                    case .failure: throw .badNumber(row: number, column: header[index].trimmingCharacters(in: .whitespaces),
                                                    value: String((cell(index) ?? "").prefix(40)))
                    }
                }
            }
            rows.append(Row(number: number, permalink: cell(permalinkColumn), postID: isTotal ? nil : id,
                            label: String((cell(labelColumn) ?? "").prefix(120)), metrics: metrics, isTotal: isTotal))
        }
        return Parsed(platform: platform(keys), delimiter: delimiter, columns: columns.mapValues { header[$0].trimmingCharacters(in: .whitespaces) },
                      rows: rows)
    }

    /// UTF-8 (with or without a BOM), or UTF-16 with its BOM (Excel's "Unicode text").
    static func decode(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return String(data: Data(bytes), encoding: .utf16)
        }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        guard var text = String(validating: body, as: UTF8.self) else { return nil }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// The delimiter the header line holds most of, outside quotes; a comma when it holds none.
    static func detectDelimiter(_ text: String) -> Character {
        var counts: [Character: Int] = [",": 0, ";": 0, "\t": 0]
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle(); continue }
            if !quoted, character == "\n" || character == "\r\n" || character == "\r" { break }
            if !quoted, counts[character] != nil { counts[character]! += 1 }
        }
        let best = counts.max { a, b in a.value != b.value ? a.value < b.value : a.key != "," && b.key == "," }!
        return best.value == 0 ? "," : best.key
    }

    static func platform(_ keys: [String]) -> Platform {
        if keys.contains("commentsadded") || keys.first == "content" { return .youtube }
        if keys.contains("videolink") || keys.contains(where: { $0.hasPrefix("total") && $0 != "total" }) { return .tiktok }
        if keys.contains("permalink") || keys.contains("postid") { return .meta }
        return .other
    }

    // MARK: - Matching to the archive

    /// An archived link the rows may match.
    public struct ArchiveLink: Sendable, Equatable {
        public var id: Int64
        public var channel: Channel
        /// Normalised, as stored.
        public var url: String
        public var current: Bool

        public init(id: Int64, channel: Channel, url: String, current: Bool = true) {
            self.id = id
            self.channel = channel
            self.url = url
            self.current = current
        }
    }

    public enum Unmatched: Sendable, Equatable {
        /// YouTube's "Total" line.
        case totalRow
        /// Neither a permalink nor an ID in the row.
        case noLinkOrID
        /// The permalink is not a post link of a channel Warta knows.
        case notAPostLink(String)
        /// A post link or ID no archived link has.
        case notInArchive(String)
        /// The row matches a post but holds no figure at all.
        case noFigures
    }

    public struct Match: Sendable, Equatable {
        public var row: Row
        public var linkId: Int64
    }

    public struct Plan: Sendable, Equatable {
        public var matched: [Match]
        public var unmatched: [(row: Row, reason: Unmatched)]

        public static func == (a: Plan, b: Plan) -> Bool {
            a.matched == b.matched && a.unmatched.map(\.row) == b.unmatched.map(\.row) && a.unmatched.map(\.reason) == b.unmatched.map(\.reason)
        }
    }

    /// Matches rows to archived links: by the normalised permalink first, then by the platform ID
    /// (the row's ID column, or the ID inside its permalink). Two rows of one link refuse the file.
    /// A row with no figure at all is listed as unmatched (`noFigures`), never stored.
    public static func match(_ parsed: Parsed, links: [ArchiveLink], ownDomains: [String]) throws(Problem) -> Plan {
        var byURL: [String: ArchiveLink] = [:]
        var byID: [String: ArchiveLink] = [:]
        // Current links win over replaced ones with the same address or ID.
        for link in links.sorted(by: { ($0.current ? 1 : 0, $0.id) < ($1.current ? 1 : 0, $1.id) }) {
            byURL[link.url] = link
            if let id = platformID(link.url, channel: link.channel) { byID[id] = link }
        }
        var matched: [Match] = []
        var unmatched: [(row: Row, reason: Unmatched)] = []
        var seen: [Int64: Int] = [:]
        for row in parsed.rows {
            if row.isTotal {
                unmatched.append((row, .totalRow))
                continue
            }
            var found: ArchiveLink?
            var reason: Unmatched = .noLinkOrID
            if let permalink = row.permalink {
                if let channel = IncomingLinks.channel(of: permalink, ownDomains: ownDomains),
                   case .success(let normalised) = PlatformLinks.validate(permalink, channel: channel, ownDomains: ownDomains) {
                    found = byURL[normalised] ?? platformID(normalised, channel: channel).flatMap { byID[$0] }
                    reason = .notInArchive(String(permalink.prefix(200)))
                } else {
                    reason = .notAPostLink(String(permalink.prefix(200)))
                }
            }
            if found == nil, let id = row.postID {
                // Meta writes a Facebook post's ID as "PAGEID_POSTID".
                let candidates = [id] + (id.contains("_") ? [String(id.split(separator: "_").last!)] : [])
                found = candidates.lazy.compactMap { byID[$0] }.first
                if found == nil, row.permalink == nil { reason = .notInArchive(String(id.prefix(200))) }
            }
            guard let link = found else {
                unmatched.append((row, reason))
                continue
            }
            if row.metrics.isEmpty {
                unmatched.append((row, .noFigures))
                continue
            }
            if let first = seen[link.id] { throw .duplicate(rows: [first, row.number], link: link.url) }
            seen[link.id] = row.number
            matched.append(Match(row: row, linkId: link.id))
        }
        return Plan(matched: matched, unmatched: unmatched)
    }

    /// The platform's own ID of a post inside a normalised link: Instagram's shortcode, a Facebook
    /// post/video/photo number, a TikTok video number, a YouTube video ID. Nil for other links.
    public static func platformID(_ url: String, channel: Channel) -> String? {
        guard let components = URLComponents(string: url) else { return nil }
        let segments = components.path.split(separator: "/").map(String.init)
        func query(_ name: String) -> String? { components.queryItems?.first { $0.name == name }?.value }
        switch channel {
        case .instagram:
            if segments.count == 2, ["p", "reel", "tv"].contains(segments[0]) { return segments[1] }
        case .facebook:
            if let v = query("v") { return v }
            if let story = query("story_fbid") { return story }
            if let fbid = query("fbid") { return fbid }
            if segments.count >= 2, ["posts", "videos", "reel", "photos", "permalink"].contains(segments[segments.count - 2]) { return segments.last }
        case .tiktok:
            if segments.count == 3, segments[1] == "video" || segments[1] == "photo" { return segments[2] }
        case .youtube:
            if let v = query("v") { return v }
            if segments.count == 2, segments[0] == "shorts" { return segments[1] }
        case .x:
            if let index = segments.firstIndex(of: "status"), index + 1 < segments.count { return segments[index + 1] }
        case .instagramStory, .website:
            break
        }
        return nil
    }
}
