import Domain
import Foundation
import GRDB

/// One row of `postMetric` (migration `v14-post-metrics`): the figures of one archived link as of
/// a day. One row per link and day; saving the same day again replaces its figures.
struct PostMetricRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "postMetric"
    var id: Int64?
    var linkId: Int64
    var itemId: Int64
    var channel: Channel
    /// `YYYY-MM-DD`, the day the figures were read.
    var asOf: String
    var reach: Int?
    var impressions: Int?
    var likes: Int?
    var comments: Int?
    var shares: Int?
    var saves: Int?
    var views: Int?
    /// `manual` (typed on the item page) or `import` (a CSV).
    var source: String
    var recordedBy: Int64?
    var recordedAt: Date

    var metrics: PostMetrics {
        PostMetrics(reach: reach, impressions: impressions, likes: likes, comments: comments, shares: shares, saves: saves, views: views)
    }

    init(linkId: Int64, itemId: Int64, channel: Channel, asOf: Day, metrics: PostMetrics, source: String, recordedBy: Int64?, recordedAt: Date) {
        self.linkId = linkId
        self.itemId = itemId
        self.channel = channel
        self.asOf = asOf.description
        reach = metrics.reach
        impressions = metrics.impressions
        likes = metrics.likes
        comments = metrics.comments
        shares = metrics.shares
        saves = metrics.saves
        views = metrics.views
        self.source = source
        self.recordedBy = recordedBy
        self.recordedAt = recordedAt
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension AppDatabase {
    /// A link's figures by day, with who recorded them.
    struct PostMetricRow: Sendable {
        var record: PostMetricRecord
        var recordedByName: String?
    }

    /// Every snapshot of an item's links, by link then day.
    func postMetrics(itemId: Int64) throws -> [PostMetricRow] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.*, u.displayName AS recordedByName FROM postMetric m LEFT JOIN user u ON u.id = m.recordedBy
                WHERE m.itemId = ? ORDER BY m.linkId, m.asOf
                """, arguments: [itemId]).map { PostMetricRow(record: try PostMetricRecord(row: $0), recordedByName: $0["recordedByName"]) }
        }
    }

    /// Saves snapshots in one transaction: all or none. A link's existing row of the same day is
    /// replaced (its figures, source, recorder and time).
    func savePostMetrics(_ records: [PostMetricRecord]) throws {
        try writer.write { db in
            for record in records {
                try db.execute(sql: """
                    INSERT INTO postMetric (linkId, itemId, channel, asOf, reach, impressions, likes, comments, shares, saves, views,
                                            source, recordedBy, recordedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (linkId, asOf) DO UPDATE SET
                      reach = excluded.reach, impressions = excluded.impressions, likes = excluded.likes, comments = excluded.comments,
                      shares = excluded.shares, saves = excluded.saves, views = excluded.views, source = excluded.source,
                      recordedBy = excluded.recordedBy, recordedAt = excluded.recordedAt
                    """, arguments: [record.linkId, record.itemId, record.channel.rawValue, record.asOf, record.reach, record.impressions,
                                     record.likes, record.comments, record.shares, record.saves, record.views, record.source,
                                     record.recordedBy, record.recordedAt])
            }
        }
    }

    func postMetricCount() throws -> Int {
        try writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM postMetric") ?? 0 }
    }

    /// An archived link as the import preview shows it.
    struct ArchivedLinkInfo: Sendable {
        var id: Int64
        var itemId: Int64
        var title: String
        var channel: Channel
        var url: String
        var replaced: Bool
    }

    /// Every archived link, to match an import's rows against (ids, channels and addresses only).
    func archivedLinksForMatching() throws -> [ArchivedLinkInfo] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT l.id, l.itemId, i.title, l.channel, l.url, l.replacedAt IS NOT NULL AS replaced
                FROM contentLink l JOIN contentItem i ON i.id = l.itemId
                """).compactMap { row in
                guard let channel = Channel(rawValue: row["channel"]) else { return nil }
                return ArchivedLinkInfo(id: row["id"], itemId: row["itemId"], title: row["title"], channel: channel, url: row["url"],
                                        replaced: row["replaced"])
            }
        }
    }

    /// The posts whose link went live in [from, to), each with its latest snapshot up to `asOfLimit`
    /// (posts without a snapshot are left out). Reads `postMetric_on_channel_asOf`'s sibling
    /// unique key (linkId, asOf) for the latest day per link.
    func performancePosts(from: Date, to: Date, asOfLimit: Day) throws -> [PostPerformance.Post] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.*, l.url, l.createdAt AS liveAt, i.title, i.kind
                FROM contentLink l
                JOIN postMetric m ON m.linkId = l.id
                  AND m.asOf = (SELECT MAX(asOf) FROM postMetric x WHERE x.linkId = l.id AND x.asOf <= ?)
                JOIN contentItem i ON i.id = l.itemId
                WHERE l.createdAt >= ? AND l.createdAt < ?
                ORDER BY l.createdAt, l.id
                """, arguments: [asOfLimit.description, from, to]).compactMap { row in
                let record = try PostMetricRecord(row: row)
                guard let day = Day(record.asOf) else { return nil }
                return PostPerformance.Post(linkId: record.linkId, itemId: record.itemId, title: row["title"], channel: record.channel,
                                            kind: row["kind"], url: row["url"], publishedAt: row["liveAt"], asOf: day, metrics: record.metrics)
            }
        }
    }
}
