import Foundation

/// Post performance (issue 15, item 2): the figures a platform shows for one archived link as of a
/// day, the engagement rate computed from them, and the evaluation's rankings and buckets.
///
/// The seven figures are the platforms' own words: reach (people), impressions (times shown),
/// likes (reactions on Facebook), comments, shares, saves and views. Each may be unknown (nil): a
/// platform that does not report saves leaves it empty, which is not the same as zero.
public struct PostMetrics: Sendable, Equatable, Hashable, Codable {
    public var reach: Int?
    public var impressions: Int?
    public var likes: Int?
    public var comments: Int?
    public var shares: Int?
    public var saves: Int?
    public var views: Int?

    public init(reach: Int? = nil, impressions: Int? = nil, likes: Int? = nil, comments: Int? = nil, shares: Int? = nil,
                saves: Int? = nil, views: Int? = nil) {
        self.reach = reach
        self.impressions = impressions
        self.likes = likes
        self.comments = comments
        self.shares = shares
        self.saves = saves
        self.views = views
    }

    /// The seven figures, in the order forms, tables and the database list them.
    public enum Field: String, CaseIterable, Sendable, Hashable, Codable {
        case reach, impressions, likes, comments, shares, saves, views
    }

    public subscript(field: Field) -> Int? {
        get {
            switch field {
            case .reach: reach
            case .impressions: impressions
            case .likes: likes
            case .comments: comments
            case .shares: shares
            case .saves: saves
            case .views: views
            }
        }
        set {
            switch field {
            case .reach: reach = newValue
            case .impressions: impressions = newValue
            case .likes: likes = newValue
            case .comments: comments = newValue
            case .shares: shares = newValue
            case .saves: saves = newValue
            case .views: views = newValue
            }
        }
    }

    /// No figure at all: nothing to record.
    public var isEmpty: Bool { Field.allCases.allSatisfy { self[$0] == nil } }

    /// Interactions: likes, comments, shares and saves that are known (nil when none is).
    public var engagements: Int? {
        let known = [likes, comments, shares, saves].compactMap { $0 }
        return known.isEmpty ? nil : known.reduce(0, +)
    }

    /// The largest figure accepted: far above any post's, far below an overflow.
    public static let maximum = 2_000_000_000
}

/// A number typed or imported for one figure: digits, optionally grouped in thousands with `.`,
/// `,`, a space or a no-break space ("12.345", "12,345", "12 345"); empty or "-" means unknown.
/// Anything else (a fraction, a sign, letters, a number over `PostMetrics.maximum`) is refused.
public enum MetricNumber {
    public enum Problem: Error, Equatable, Sendable {
        case notANumber
        case tooLarge
    }

    public static func parse(_ text: String) -> Result<Int?, Problem> {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.isEmpty || trimmed == "-" || trimmed == "–" { return .success(nil) }
        let separators: Set<Character> = [".", ",", " ", "\u{00A0}", "\u{202F}"]
        var digits = ""
        var groups: [Int] = [0]
        for character in trimmed {
            if character.isASCII, character.isNumber {
                digits.append(character)
                groups[groups.count - 1] += 1
            } else if separators.contains(character) {
                groups.append(0)
            } else {
                return .failure(.notANumber)
            }
        }
        // Thousands grouping only: every group after the first has exactly three digits ("1.5" and
        // "12,50" are fractions, not counts).
        guard !digits.isEmpty, groups[0] >= 1, groups[0] <= (groups.count > 1 ? 3 : Int.max), groups.dropFirst().allSatisfy({ $0 == 3 }) else {
            return .failure(.notANumber)
        }
        guard digits.count <= 12, let value = Int(digits) else { return .failure(.tooLarge) }
        guard value <= PostMetrics.maximum else { return .failure(.tooLarge) }
        return .success(value)
    }
}

public enum PostPerformance {
    /// The engagement rate: interactions (likes + comments + shares + saves, the known ones) per
    /// person reached. Reach is the denominator when known and above zero; else impressions; else
    /// views (YouTube and TikTok report no reach). Nil when there are no interactions or no
    /// denominator. A fraction (0.042 = 4.2%), not rounded.
    public static func engagementRate(_ metrics: PostMetrics) -> Double? {
        guard let engagements = metrics.engagements else { return nil }
        let base = [metrics.reach, metrics.impressions, metrics.views].compactMap { $0 }.first { $0 > 0 }
        guard let base else { return nil }
        return Double(engagements) / Double(base)
    }

    /// One archived post as the evaluation sees it: its latest snapshot in the period.
    public struct Post: Sendable, Equatable {
        public var linkId: Int64
        public var itemId: Int64
        public var title: String
        public var channel: Channel
        public var kind: String
        public var url: String
        public var publishedAt: Date
        public var asOf: Day
        public var metrics: PostMetrics

        public init(linkId: Int64, itemId: Int64, title: String, channel: Channel, kind: String, url: String, publishedAt: Date, asOf: Day,
                    metrics: PostMetrics) {
            self.linkId = linkId
            self.itemId = itemId
            self.title = title
            self.channel = channel
            self.kind = kind
            self.url = url
            self.publishedAt = publishedAt
            self.asOf = asOf
            self.metrics = metrics
        }

        public var engagementRate: Double? { PostPerformance.engagementRate(metrics) }
    }

    /// The best and the worst posts of one channel and kind.
    public struct Ranking: Sendable, Equatable {
        public var channel: Channel
        public var kind: String
        /// Posts with a rate, highest first, at most `limit`.
        public var top: [Post]
        /// Posts with a rate, lowest first, at most `limit`, none of them also in `top`.
        public var bottom: [Post]
        /// Posts of this group with figures but no rate (no interactions or no reach).
        public var withoutRate: Int
    }

    /// Top and bottom posts by engagement rate per channel and kind, channels in `Channel` order,
    /// kinds by name. Ties go to the earlier publication, then the smaller link id, so the order
    /// is stable.
    public static func rankings(_ posts: [Post], limit: Int = 3) -> [Ranking] {
        struct Key: Hashable { let channel: Channel; let kind: String }
        var groups: [Key: [Post]] = [:]
        for post in posts { groups[Key(channel: post.channel, kind: post.kind), default: []].append(post) }
        let channelOrder = Dictionary(uniqueKeysWithValues: Channel.allCases.enumerated().map { ($1, $0) })
        let keys = groups.keys.sorted {
            channelOrder[$0.channel]! != channelOrder[$1.channel]! ? channelOrder[$0.channel]! < channelOrder[$1.channel]! : $0.kind < $1.kind
        }
        return keys.map { key in
            let group = groups[key]!
            let rated = group.compactMap { post in post.engagementRate.map { (post, $0) } }
            let ordered = rated.sorted { a, b in
                if a.1 != b.1 { return a.1 > b.1 }
                if a.0.publishedAt != b.0.publishedAt { return a.0.publishedAt < b.0.publishedAt }
                return a.0.linkId < b.0.linkId
            }.map(\.0)
            let top = Array(ordered.prefix(limit))
            let rest = ordered.dropFirst(top.count)
            let bottom = Array(rest.reversed().prefix(limit))
            return Ranking(channel: key.channel, kind: key.kind, top: top, bottom: bottom, withoutRate: group.count - rated.count)
        }
    }

    /// Posts and their mean engagement rate in one bucket (an hour of the day, a weekday, or both).
    public struct Bucket: Sendable, Equatable {
        public var posts: Int = 0
        /// Posts that have a rate.
        public var rated: Int = 0
        public var rateSum: Double = 0
        public var meanRate: Double? { rated == 0 ? nil : rateSum / Double(rated) }

        mutating func add(_ rate: Double?) {
            posts += 1
            if let rate {
                rated += 1
                rateSum += rate
            }
        }
    }

    /// Engagement by publishing time, in the institution's time zone.
    public struct Timing: Sendable, Equatable {
        /// 24 buckets, hour 0 to 23.
        public var byHour: [Bucket]
        /// 7 buckets, Monday (0) to Sunday (6): the Indonesian office week starts on Monday.
        public var byWeekday: [Bucket]
        /// `grid[weekday][hour]`.
        public var grid: [[Bucket]]
    }

    public static func timing(_ posts: [Post], timeZone: TimeZone) -> Timing {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var timing = Timing(byHour: Array(repeating: Bucket(), count: 24), byWeekday: Array(repeating: Bucket(), count: 7),
                            grid: Array(repeating: Array(repeating: Bucket(), count: 24), count: 7))
        for post in posts {
            let parts = calendar.dateComponents([.hour, .weekday], from: post.publishedAt)
            guard let hour = parts.hour, let weekday = parts.weekday, (0..<24).contains(hour), (1...7).contains(weekday) else { continue }
            // Calendar weekdays run Sunday = 1 … Saturday = 7; Monday first here.
            let day = (weekday + 5) % 7
            let rate = post.engagementRate
            timing.byHour[hour].add(rate)
            timing.byWeekday[day].add(rate)
            timing.grid[day][hour].add(rate)
        }
        return timing
    }

    /// The day "H+n" after a publication, in the institution's time zone: H+1 and H+7 are when
    /// the figures are usually read.
    public static func day(after publishedAt: Date, days: Int, timeZone: TimeZone) -> Day {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: publishedAt)
        return Day(year: parts.year!, month: parts.month!, day: parts.day!).adding(days: days)
    }
}

/// The hour × weekday heat map of engagement, as SVG drawn on the server: one cell per weekday
/// and hour, darker for a higher mean engagement rate, empty where nothing was published. Each
/// cell carries its figures in a `<title>`; the page puts the same figures in a table.
public enum PerformanceHeatmap {
    public static func svg(_ timing: PostPerformance.Timing, title: String, weekdays: [String], idPrefix: String = "heatmap",
                           cellText: (_ weekday: Int, _ hour: Int, _ bucket: PostPerformance.Bucket) -> String) -> String {
        let cell = 22, left = 64, top = 22
        let width = left + 24 * cell + 4, height = top + 7 * cell + 4
        let highest = timing.grid.flatMap { $0 }.compactMap(\.meanRate).max() ?? 0
        let id = SOPFlowchartSVG.escape(idPrefix)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" role=\"img\" viewBox=\"0 0 \(width) \(height)\""
        out += " width=\"\(width)\" height=\"\(height)\" aria-labelledby=\"\(id)-title\">"
        out += "<title id=\"\(id)-title\">\(SOPFlowchartSVG.escape(title))</title>"
        for hour in stride(from: 0, to: 24, by: 3) {
            out += "<text x=\"\(left + hour * cell + cell / 2)\" y=\"\(top - 8)\" text-anchor=\"middle\" font-size=\"10\">\(hour)</text>"
        }
        for day in 0..<7 {
            let y = top + day * cell
            let label = day < weekdays.count ? weekdays[day] : ""
            out += "<text x=\"\(left - 6)\" y=\"\(y + cell / 2 + 4)\" text-anchor=\"end\" font-size=\"11\">\(SOPFlowchartSVG.escape(label))</text>"
            for hour in 0..<24 {
                let bucket = timing.grid[day][hour]
                let x = left + hour * cell
                let shade: String
                if bucket.posts == 0 {
                    shade = "fill=\"none\" stroke=\"#ccc\""
                } else {
                    let rate = bucket.meanRate ?? 0
                    let level = highest > 0 ? max(0.12, rate / highest) : 0.12
                    shade = "fill=\"#1b5e8c\" fill-opacity=\"\(String(format: "%.2f", level))\" stroke=\"#fff\""
                }
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(cell - 2)\" height=\"\(cell - 2)\" \(shade)"
                out += " data-weekday=\"\(day)\" data-hour=\"\(hour)\" data-posts=\"\(bucket.posts)\">"
                out += "<title>\(SOPFlowchartSVG.escape(cellText(day, hour, bucket)))</title></rect>"
            }
        }
        out += "</svg>"
        return out
    }
}
