import Domain
import Foundation
import GRDB
import Hummingbird

/// Which items `/content` lists: the typed query parameters, named as on `/archive` where the
/// archive has the same filter (`q`, `kind`, `channel`, `status`, `page`), plus the planned-date
/// range `from`/`to` (days, both included, in the institution's zone).
struct ContentListFilter: Sendable, Equatable {
    var status: ItemStatus?
    var kind: ContentKind?
    var channel: Channel?
    /// Words in the title or the current caption, each required.
    var text: String = ""
    /// Planned publication on or after this day.
    var from: Day?
    /// Planned publication on or before this day.
    var to: Day?

    /// Longest search text kept, in characters, and the most words searched.
    static let maximumText = 100
    static let maximumWords = 5

    init(status: ItemStatus? = nil, kind: ContentKind? = nil, channel: Channel? = nil, text: String = "", from: Day? = nil, to: Day? = nil) {
        self.status = status
        self.kind = kind
        self.channel = channel
        self.text = text
        self.from = from
        self.to = to
    }

    /// The filter from the query. An unknown choice or a malformed day is a clear 400, not a
    /// silently ignored filter; an empty value means "any".
    init(_ query: Hummingbird.Parameters) throws {
        status = try query.choice("status", ItemStatus.self)
        kind = try query.choice("kind", ContentKind.self)
        channel = try query.choice("channel", Channel.self)
        let typed = query.get("q") ?? ""
        text = String(typed.trimmingCharacters(in: .whitespacesAndNewlines).prefix(Self.maximumText))
        from = try Self.day(query, "from")
        to = try Self.day(query, "to")
    }

    static func day(_ query: Hummingbird.Parameters, _ name: String) throws -> Day? {
        guard let text = query.get(name), !text.isEmpty else { return nil }
        guard let day = Day(text) else {
            throw AppError(.badRequest, LocalizedMessage { $0.content_list_error_day(name: name, value: String(text.prefix(40))) })
        }
        return day
    }

    /// The query parameters that reproduce this filter, in a fixed order (for links that keep it).
    var parameters: [(String, String?)] {
        [("q", text), ("kind", kind?.rawValue), ("channel", channel?.rawValue), ("status", status?.rawValue),
         ("from", from?.description), ("to", to?.description)]
    }

    var isEmpty: Bool { self == ContentListFilter() }
}

/// What the content list reads.
extension AppDatabase {
    /// Items matching `filter`, newest change first. `dayStart` turns a local day into the
    /// instant it starts in the institution's zone.
    func items(_ filter: ContentListFilter, dayStart: (Day) -> Date, limit: Int, offset: Int) throws -> [ContentListRow] {
        try writer.read { db in
            var sql = "SELECT i.*, u.displayName AS creatorName FROM contentItem i JOIN user u ON u.id = i.createdBy"
            var clauses: [String] = []
            var arguments: StatementArguments = []
            if let status = filter.status { clauses.append("i.status = ?"); arguments += [status] }
            if let kind = filter.kind { clauses.append("i.kind = ?"); arguments += [kind] }
            if let channel = filter.channel {
                clauses.append("EXISTS (SELECT 1 FROM json_each(i.channels) c WHERE c.value = ?)")
                arguments += [channel]
            }
            if let from = filter.from { clauses.append("i.publishAt >= ?"); arguments += [dayStart(from)] }
            if let to = filter.to { clauses.append("i.publishAt < ?"); arguments += [dayStart(to.adding(days: 1))] }
            let words = filter.text.split(whereSeparator: \.isWhitespace).prefix(ContentListFilter.maximumWords)
            if !words.isEmpty { sql += " JOIN contentRevision r ON r.itemId = i.id AND r.number = i.revision" }
            for word in words {
                let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
                    .replacingOccurrences(of: "_", with: "\\_")
                clauses.append("(i.title LIKE ? ESCAPE '\\' OR r.caption LIKE ? ESCAPE '\\')")
                arguments += ["%\(escaped)%", "%\(escaped)%"]
            }
            if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
            sql += " ORDER BY i.updatedAt DESC, i.id DESC LIMIT ? OFFSET ?"
            arguments += [limit, offset]
            return try Row.fetchAll(db, sql: sql, arguments: arguments).map {
                try ContentListRow(row: $0)
            }
        }
    }

    /// All items, newest change first, optionally of one status.
    func items(status: ItemStatus?, limit: Int, offset: Int) throws -> [ContentListRow] {
        try items(ContentListFilter(status: status), dayStart: { _ in Date() }, limit: limit, offset: offset)
    }
}
