import Foundation
import Testing
@testable import Domain

/// The engagement rate, the top and bottom posts per channel and kind, and the publishing hour and
/// weekday buckets in the institution's time zone.
@Suite struct PostPerformanceTests {
    static let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    /// A time in Jakarta (UTC+7).
    static func at(_ day: Int, _ hour: Int, month: Int = 11) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = jakarta
        return calendar.date(from: DateComponents(year: 2026, month: month, day: day, hour: hour, minute: 5))!
    }

    static func post(_ id: Int64, _ channel: Channel = .instagram, kind: String = "kegiatan", at date: Date = at(16, 9),
                     reach: Int? = 100, likes: Int? = nil) -> PostPerformance.Post {
        .init(linkId: id, itemId: id, title: "Post \(id)", channel: channel, kind: kind, url: "u\(id)", publishedAt: date,
              asOf: Day(year: 2026, month: 11, day: 30), metrics: PostMetrics(reach: reach, likes: likes))
    }

    @Test func theEngagementRateIsInteractionsPerPersonReached() {
        #expect(PostPerformance.engagementRate(PostMetrics(reach: 1000, likes: 30, comments: 5, shares: 3, saves: 2)) == 0.04)
        // No reach: impressions, then views.
        #expect(PostPerformance.engagementRate(PostMetrics(reach: 0, impressions: 200, likes: 10)) == 0.05)
        #expect(PostPerformance.engagementRate(PostMetrics(likes: 10, views: 400)) == 0.025)
        // Unknown interactions are left out, not counted as zero; none at all gives no rate.
        #expect(PostPerformance.engagementRate(PostMetrics(reach: 100, comments: 1)) == 0.01)
        #expect(PostPerformance.engagementRate(PostMetrics(reach: 100)) == nil)
        #expect(PostPerformance.engagementRate(PostMetrics(likes: 5)) == nil)
    }

    @Test func topAndBottomArePerChannelAndKindAndDoNotOverlap() {
        // setup
        let posts = [
            Self.post(1, likes: 1), Self.post(2, likes: 9), Self.post(3, likes: 5), Self.post(4, likes: 7), Self.post(5, likes: 3),
            Self.post(6, likes: nil),
            Self.post(7, .facebook, likes: 2),
            Self.post(8, kind: "ucapan", likes: 4),
        ]
        // action
        let rankings = PostPerformance.rankings(posts, limit: 2)
        // check
        #expect(rankings.map { "\($0.channel.rawValue)/\($0.kind)" } == ["instagram/kegiatan", "instagram/ucapan", "facebook/kegiatan"])
        #expect(rankings[0].top.map(\.linkId) == [2, 4])
        #expect(rankings[0].bottom.map(\.linkId) == [1, 5])
        #expect(rankings[0].withoutRate == 1)
        #expect(rankings[2].top.map(\.linkId) == [7])
        #expect(rankings[2].bottom.isEmpty, "a single post is top, never also bottom")
    }

    @Test func tiesGoToTheEarlierPost() {
        let rankings = PostPerformance.rankings([Self.post(2, at: Self.at(17, 9), likes: 5), Self.post(1, at: Self.at(16, 9), likes: 5)], limit: 1)
        #expect(rankings[0].top.map(\.linkId) == [1])
        #expect(rankings[0].bottom.map(\.linkId) == [2])
    }

    @Test func hoursAndWeekdaysAreTheInstitutionsMondayFirst() {
        // setup: 16 November 2026 is a Monday; 23.30 in Jakarta is 16.30 UTC the same day, and
        // 06.00 on Sunday 22 November in Jakarta is still Saturday 23.00 UTC.
        let posts = [Self.post(1, at: Self.at(16, 9), likes: 10), Self.post(2, at: Self.at(16, 9), likes: 20),
                     Self.post(3, at: Self.at(22, 6), likes: nil), Self.post(4, at: Self.at(16, 23), likes: 5)]
        // action
        let timing = PostPerformance.timing(posts, timeZone: Self.jakarta)
        // check
        #expect(timing.byWeekday[0].posts == 3)
        #expect(timing.byWeekday[6].posts == 1)
        #expect(timing.byWeekday[6].meanRate == nil)
        #expect(timing.byHour[9].posts == 2)
        #expect(abs((timing.byHour[9].meanRate ?? 0) - 0.15) < 1e-9)
        #expect(timing.byHour[6].posts == 1)
        #expect(timing.byHour[23].posts == 1)
        #expect(timing.grid[0][9].posts == 2 && timing.grid[6][6].posts == 1)
        #expect(timing.byHour.map(\.posts).reduce(0, +) == 4)
    }

    @Test func hPlusOneAndSevenAreDaysInTheInstitutionsZone() {
        // 23.30 WIB on 21 November is 16.30 UTC: H+1 is 22 November.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = Self.jakarta
        let late = calendar.date(from: DateComponents(year: 2026, month: 11, day: 21, hour: 23, minute: 30))!
        #expect(PostPerformance.day(after: late, days: 1, timeZone: Self.jakarta) == Day(year: 2026, month: 11, day: 22))
        #expect(PostPerformance.day(after: late, days: 7, timeZone: Self.jakarta) == Day(year: 2026, month: 11, day: 28))
    }

    @Test func theHeatMapIsWellFormedSVGWithOneCellPerWeekdayAndHour() throws {
        // setup
        let timing = PostPerformance.timing([Self.post(1, at: Self.at(16, 9), likes: 10)], timeZone: Self.jakarta)
        // action
        let svg = PerformanceHeatmap.svg(timing, title: "Keterlibatan <hari & jam>", weekdays: ["Sen", "Sel", "Rab", "Kam", "Jum", "Sab", "Min"]) { day, hour, bucket in
            "\(day)/\(hour): \(bucket.posts)"
        }
        // check
        let parsed = try #require(SOPSVGCollector.parse(svg), "well-formed XML")
        let cells = parsed.elements.filter { $0.name == "rect" }
        #expect(cells.count == 7 * 24)
        let filled = cells.filter { $0.attributes["data-posts"] == "1" }
        #expect(filled.count == 1)
        #expect(filled.first?.attributes["data-hour"] == "9")
        #expect(filled.first?.attributes["data-weekday"] == "0")
        #expect(parsed.texts.contains("0/9: 1"), "each cell carries its figures")
        #expect(svg.contains("Keterlibatan &lt;hari &amp; jam&gt;"))
    }
}
