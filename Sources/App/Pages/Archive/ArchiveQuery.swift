import Domain
import Foundation
import GRDB

/// Which archive rows: the filters of `/archive` and `/archive.csv`.
struct ArchiveFilter: Sendable, Equatable {
    /// Links recorded in `[from, to)`: a month in the institution's zone.
    var from: Date?
    var to: Date?
    var channel: Channel?
    var kind: ContentKind?
    var status: LinkStatus?
    /// Words in the title or the link.
    var text: String = ""

    enum Sort: String, Sendable, CaseIterable {
        case date, title, channel, status
    }
    var sort: Sort = .date
    var ascending = false
}

/// One archived link with its post: a row of the archive.
struct ArchiveRow: Sendable, Equatable {
    var linkId: Int64
    var itemId: Int64
    var channel: Channel
    var url: String
    var publishedAt: Date
    var replacedAt: Date?
    var status: LinkStatus
    var httpStatus: Int?
    var checkedAt: Date?
    var title: String
    var kind: ContentKind
    var publisher: String

    init(row: Row) {
        linkId = row["linkId"]
        itemId = row["itemId"]
        channel = row["channel"]
        url = row["url"]
        publishedAt = row["createdAt"]
        replacedAt = row["replacedAt"]
        status = row["status"]
        httpStatus = row["httpStatus"]
        checkedAt = row["checkedAt"]
        title = row["title"]
        kind = row["kind"]
        publisher = row["publisher"]
    }
}

/// A month's links, and how many per channel and per kind: what the monthly report shows.
typealias ArchiveMonthReport = (rows: [ArchiveRow], byChannel: [(Channel, Int)], byKind: [(ContentKind, Int)])

extension AppDatabase {
    static let archiveColumns = """
        l.id AS linkId, l.itemId, l.channel, l.url, l.createdAt, l.replacedAt, l.status, l.httpStatus, l.checkedAt,
        i.title, i.kind, u.displayName AS publisher
        """

    static func archiveWhere(_ filter: ArchiveFilter) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let from = filter.from { clauses.append("l.createdAt >= ?"); arguments += [from] }
        if let to = filter.to { clauses.append("l.createdAt < ?"); arguments += [to] }
        if let channel = filter.channel { clauses.append("l.channel = ?"); arguments += [channel] }
        if let kind = filter.kind { clauses.append("i.kind = ?"); arguments += [kind] }
        if let status = filter.status { clauses.append("l.status = ?"); arguments += [status] }
        let words = filter.text.split(whereSeparator: \.isWhitespace).prefix(5)
        for word in words {
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            clauses.append("(i.title LIKE ? ESCAPE '\\' OR l.url LIKE ? ESCAPE '\\')")
            arguments += ["%\(escaped)%", "%\(escaped)%"]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    static func archiveOrder(_ filter: ArchiveFilter) -> String {
        let direction = filter.ascending ? "ASC" : "DESC"
        switch filter.sort {
        case .date: return "l.createdAt \(direction), l.id \(direction)"
        case .title: return "i.title COLLATE NOCASE \(direction), l.createdAt DESC, l.id DESC"
        case .channel: return "l.channel \(direction), l.createdAt DESC, l.id DESC"
        case .status: return "l.status \(direction), l.createdAt DESC, l.id DESC"
        }
    }

    /// One page of the archive and the number of rows the filter matches.
    func archive(_ filter: ArchiveFilter, limit: Int, offset: Int) throws -> (rows: [ArchiveRow], total: Int) {
        try writer.read { db in
            let (whereSQL, arguments) = Self.archiveWhere(filter)
            let needsItem = filter.kind != nil || !filter.text.isEmpty
            let countSQL = "SELECT COUNT(*) FROM contentLink l \(needsItem ? "JOIN contentItem i ON i.id = l.itemId" : "") \(whereSQL)"
            let total = try Int.fetchOne(db.cachedStatement(sql: countSQL), arguments: arguments) ?? 0
            let sql = """
                SELECT \(Self.archiveColumns) FROM contentLink l JOIN contentItem i ON i.id = l.itemId JOIN user u ON u.id = l.createdBy
                \(whereSQL) ORDER BY \(Self.archiveOrder(filter)) LIMIT ? OFFSET ?
                """
            let rows = try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments + [limit, offset]).map(ArchiveRow.init)
            return (rows, total)
        }
    }

    /// The next chunk of an export, newest first, after the row `(before, beforeId)`: the export
    /// streams chunk by chunk, so memory stays flat however many rows there are.
    func archiveChunk(_ filter: ArchiveFilter, after cursor: (date: Date, id: Int64)?, limit: Int) throws -> [ArchiveRow] {
        try writer.read { db in
            var (whereSQL, arguments) = Self.archiveWhere(filter)
            if let cursor {
                whereSQL += (whereSQL.isEmpty ? "WHERE " : " AND ") + "(l.createdAt < ? OR (l.createdAt = ? AND l.id < ?))"
                arguments += [cursor.date, cursor.date, cursor.id]
            }
            let sql = """
                SELECT \(Self.archiveColumns) FROM contentLink l JOIN contentItem i ON i.id = l.itemId JOIN user u ON u.id = l.createdBy
                \(whereSQL) ORDER BY l.createdAt DESC, l.id DESC LIMIT ?
                """
            return try Row.fetchAll(db.cachedStatement(sql: sql), arguments: arguments + [limit]).map(ArchiveRow.init)
        }
    }

    /// Current links whose last check found them dead, newest check first.
    func deadLinks(limit: Int) throws -> [ArchiveRow] {
        try writer.read { db in
            try Row.fetchAll(db.cachedStatement(sql: """
                SELECT \(Self.archiveColumns) FROM contentLink l JOIN contentItem i ON i.id = l.itemId JOIN user u ON u.id = l.createdBy
                WHERE l.status = ? AND l.replacedAt IS NULL ORDER BY l.checkedAt DESC, l.id DESC LIMIT ?
                """), arguments: [LinkStatus.dead, limit]).map(ArchiveRow.init)
        }
    }

    /// Posts and links recorded in a month, grouped for the monthly report.
    func monthReport(from: Date, to: Date) throws -> ArchiveMonthReport {
        try writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.archiveColumns) FROM contentLink l JOIN contentItem i ON i.id = l.itemId JOIN user u ON u.id = l.createdBy
                WHERE l.createdAt >= ? AND l.createdAt < ? ORDER BY l.createdAt, l.id
                """, arguments: [from, to]).map(ArchiveRow.init)
            let byChannel = try Row.fetchAll(db, sql: """
                SELECT channel, COUNT(*) AS n FROM contentLink WHERE createdAt >= ? AND createdAt < ? GROUP BY channel ORDER BY n DESC, channel
                """, arguments: [from, to]).map { ($0["channel"] as Channel, $0["n"] as Int) }
            let byKind = try Row.fetchAll(db, sql: """
                SELECT i.kind, COUNT(DISTINCT i.id) AS n FROM contentLink l JOIN contentItem i ON i.id = l.itemId
                WHERE l.createdAt >= ? AND l.createdAt < ? GROUP BY i.kind ORDER BY n DESC, i.kind
                """, arguments: [from, to]).map { ($0["kind"] as ContentKind, $0["n"] as Int) }
            return (rows, byChannel, byKind)
        }
    }

    /// Every check of the given links, newest first.
    func linkChecks(linkIds: [Int64]) throws -> [LinkCheckRecord] {
        guard !linkIds.isEmpty else { return [] }
        return try writer.read { db in
            try LinkCheckRecord.filter(linkIds.contains(Column("linkId"))).order(Column("checkedAt").desc, Column("id").desc).fetchAll(db)
        }
    }

    /// The links the checker visits: every current link, least recently checked first.
    func linksToCheck(limit: Int) throws -> [ContentLinkRecord] {
        try writer.read { db in
            try ContentLinkRecord.filter(Column("replacedAt") == nil).order(Column("checkedAt"), Column("id")).limit(limit).fetchAll(db)
        }
    }

    /// Stores one check: its line in the history, and the link's latest status.
    func recordLinkCheck(linkId: Int64, status: LinkStatus, httpStatus: Int?, method: String, detail: String?, at: Date) throws {
        try writer.write { db in
            var check = LinkCheckRecord(id: nil, linkId: linkId, checkedAt: at, status: status, httpStatus: httpStatus, method: method,
                                        detail: detail.map { String($0.prefix(300)) })
            try check.insert(db)
            try db.execute(sql: "UPDATE contentLink SET status = ?, httpStatus = ?, checkedAt = ? WHERE id = ?",
                           arguments: [status, httpStatus, at, linkId])
        }
    }
}
