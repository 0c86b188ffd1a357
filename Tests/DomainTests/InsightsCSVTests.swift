import Foundation
import Testing
@testable import Domain

/// The insights CSV reader: the three platforms' shapes (hand-written in `Tests/shared/insights`,
/// see its README for the column names and their sources), aliases, BOM, delimiters, and each
/// refusal with its reason; the matching to archived links.
@Suite struct InsightsCSVTests {
    static func fixture(_ name: String) throws -> [UInt8] {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent()
        return Array(try Data(contentsOf: root.appendingPathComponent("shared/insights/\(name)")))
    }

    static let links = [
        InsightsCSV.ArchiveLink(id: 1, channel: .instagram, url: "https://www.instagram.com/p/Cabc123/"),
        InsightsCSV.ArchiveLink(id: 2, channel: .facebook, url: "https://www.facebook.com/biroksd/posts/42"),
        InsightsCSV.ArchiveLink(id: 3, channel: .youtube, url: "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
        InsightsCSV.ArchiveLink(id: 4, channel: .tiktok, url: "https://www.tiktok.com/@biroksd/video/7234567890123456789"),
    ]

    static func parse(_ text: String) throws(InsightsCSV.Problem) -> InsightsCSV.Parsed {
        try InsightsCSV.parse(Array(text.utf8))
    }

    @Test func aMetaExportIsReadWithItsBOMQuotedLineBreakAndGroupedThousands() throws {
        // action
        let parsed = try InsightsCSV.parse(try Self.fixture("insights-meta.csv"))
        let plan = try InsightsCSV.match(parsed, links: Self.links, ownDomains: [])
        // check
        #expect(parsed.platform == .meta)
        #expect(parsed.delimiter == ",")
        #expect(parsed.rows.count == 2, "the description's line break stays inside its field")
        #expect(parsed.columns[.reach] == "Reach" && parsed.columns[.saves] == "Saves" && parsed.columns[.views] == "Views")
        #expect(parsed.rows[0].metrics == PostMetrics(reach: 1912, impressions: nil, likes: 231, comments: 12, shares: 17, saves: 40, views: 2480))
        #expect(plan.matched.map(\.linkId) == [1], "matched by the normalised permalink (igsh dropped)")
        #expect(plan.matched.first?.row.number == 2)
        #expect(plan.unmatched.count == 1)
        #expect(plan.unmatched.first?.row.number == 3, "rows as a spreadsheet numbers them: the quoted line break does not count")
        #expect(plan.unmatched.first?.reason == .notInArchive("https://www.instagram.com/p/Czzz999/"))
    }

    @Test func aYouTubeExportMatchesByVideoIDAndListsTheTotalLine() throws {
        // action
        let parsed = try InsightsCSV.parse(try Self.fixture("insights-youtube.csv"))
        let plan = try InsightsCSV.match(parsed, links: Self.links, ownDomains: [])
        // check
        #expect(parsed.platform == .youtube)
        #expect(plan.matched.map(\.linkId) == [3])
        #expect(plan.matched[0].row.metrics == PostMetrics(impressions: 38000, likes: 300, comments: 21, shares: 33, views: 4980))
        #expect(plan.unmatched.map(\.reason) == [.totalRow, .notInArchive("aaaaaaaaaaa")])
    }

    @Test func aTikTokExportSavedBySemicolonsWithDottedThousandsIsRead() throws {
        // action
        let parsed = try InsightsCSV.parse(try Self.fixture("insights-tiktok.csv"))
        let plan = try InsightsCSV.match(parsed, links: Self.links, ownDomains: [])
        // check
        #expect(parsed.platform == .tiktok)
        #expect(parsed.delimiter == ";")
        #expect(plan.matched.map(\.linkId) == [4])
        #expect(plan.matched[0].row.metrics == PostMetrics(reach: 9870, likes: 845, comments: 31, shares: 60, saves: 92, views: 12400))
        #expect(plan.unmatched.isEmpty)
    }

    @Test func tabsAndAliasesInOtherCaseAndSpacingAreRecognised() throws {
        // action
        let parsed = try Self.parse("POST_ID\tpost link\tJangkauan\tREACTIONS\tComments Added\tVideo Views\n42\t\t1 200\t7\t1\t\n")
        // check
        #expect(parsed.delimiter == "\t")
        #expect(parsed.rows[0].metrics == PostMetrics(reach: 1200, likes: 7, comments: 1))
        #expect(parsed.rows[0].postID == "42")
        #expect(parsed.rows[0].permalink == nil)
    }

    @Test func aFacebookPostIDInMetasPageUnderscorePostFormMatches() throws {
        // action
        let plan = try InsightsCSV.match(try Self.parse("Post ID,Reach,Reactions\n1234567890_42,100,5\n"), links: Self.links, ownDomains: [])
        // check
        #expect(plan.matched.map(\.linkId) == [2])
    }

    @Test func aPermalinkOfAnotherSiteOrNoLinkAtAllIsUnmatchedWithItsReason() throws {
        // action
        let plan = try InsightsCSV.match(try Self.parse("Permalink,Reach\nhttps://example.com/x,10\n,20\nhttps://www.instagram.com/p/Cabc123/,\n"),
                                         links: Self.links, ownDomains: [])
        // check
        #expect(plan.matched.isEmpty)
        #expect(plan.unmatched.map(\.reason) == [.notAPostLink("https://example.com/x"), .noLinkOrID, .noFigures])
    }

    @Test func theSamePostTwiceRefusesTheFile() {
        // action and check
        #expect(throws: InsightsCSV.Problem.duplicate(rows: [2, 3], link: "https://www.instagram.com/p/Cabc123/")) {
            try InsightsCSV.match(try Self.parse("Permalink,Reach\nhttps://www.instagram.com/p/Cabc123/,10\nhttps://instagram.com/p/Cabc123,12\n"),
                                  links: Self.links, ownDomains: [])
        }
    }

    @Test func aBadNumberNamesItsRowAndColumn() {
        #expect(throws: InsightsCSV.Problem.badNumber(row: 3, column: "Likes", value: "banyak")) {
            try Self.parse("Permalink,Likes\nhttps://www.instagram.com/p/Cabc123/,3\nhttps://www.facebook.com/biroksd/posts/42,banyak\n")
        }
        #expect(throws: InsightsCSV.Problem.badNumber(row: 2, column: "Reach", value: "-5")) {
            try Self.parse("Post ID;Reach\n42;-5\n")
        }
        #expect(throws: InsightsCSV.Problem.badNumber(row: 2, column: "Reach", value: "12,5")) {
            try Self.parse("Post ID;Reach\n42;12,5\n")
        }
    }

    @Test func aFileOfAnotherShapeIsRefusedWithItsColumns() {
        #expect(throws: InsightsCSV.Problem.noLinkColumn(columns: "Tanggal, Pengikut baru")) {
            try Self.parse("Tanggal,Pengikut baru\n2026-11-21,4\n")
        }
        #expect(throws: InsightsCSV.Problem.noMetricColumn(columns: "Permalink, Title")) {
            try Self.parse("Permalink,Title\nhttps://www.instagram.com/p/Cabc123/,x\n")
        }
        #expect(throws: InsightsCSV.Problem.empty) { try Self.parse("\u{FEFF}\n\n") }
        #expect(throws: InsightsCSV.Problem.notText) { try InsightsCSV.parse([0x50, 0xC3, 0x28, 0x0A]) }
    }

    @Test func tooManyRowsAreRefused() {
        let text = "Post ID,Reach\n" + String(repeating: "1,1\n", count: InsightsCSV.maximumRows + 1)
        #expect(throws: InsightsCSV.Problem.tooManyRows(limit: InsightsCSV.maximumRows)) { try Self.parse(text) }
    }

    @Test func platformIDsAreFoundInNormalisedLinks() {
        #expect(InsightsCSV.platformID("https://www.instagram.com/reel/Cxyz/", channel: .instagram) == "Cxyz")
        #expect(InsightsCSV.platformID("https://www.facebook.com/permalink.php?story_fbid=99&id=1", channel: .facebook) == "99")
        #expect(InsightsCSV.platformID("https://www.youtube.com/shorts/dQw4w9WgXcQ", channel: .youtube) == "dQw4w9WgXcQ")
        #expect(InsightsCSV.platformID("https://www.tiktok.com/@a/video/123", channel: .tiktok) == "123")
        #expect(InsightsCSV.platformID("https://biroksd.jakarta.go.id/berita/1", channel: .website) == nil)
    }

    @Test func numbersAcceptThousandsGroupingOnly() {
        #expect(MetricNumber.parse("1.250") == .success(1250))
        #expect(MetricNumber.parse("1,250,000") == .success(1_250_000))
        #expect(MetricNumber.parse(" 0 ") == .success(0))
        #expect(MetricNumber.parse("") == .success(nil))
        #expect(MetricNumber.parse("-") == .success(nil))
        #expect(MetricNumber.parse("1.5") == .failure(.notANumber))
        #expect(MetricNumber.parse("12.50") == .failure(.notANumber))
        #expect(MetricNumber.parse("+3") == .failure(.notANumber))
        #expect(MetricNumber.parse("3e4") == .failure(.notANumber))
        #expect(MetricNumber.parse("99999999999999999999") == .failure(.tooLarge))
        #expect(MetricNumber.parse("2.000.000.001") == .failure(.tooLarge))
    }
}
