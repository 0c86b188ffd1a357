import Domain
import Foundation
import Hummingbird

/// The query of `/archive` and `/archive.csv`, read once and typed, and written back into the
/// page's links: the filter, the sort and the page number.
struct ArchiveParams: Sendable, Equatable {
    var month: YearMonth?
    var channel: Channel?
    var kind: ContentKind?
    var status: LinkStatus?
    /// Words in the title or the link, trimmed and at most 100 characters.
    var text = ""
    var sort: ArchiveFilter.Sort = .date
    var ascending = false
    var page = 1

    static let maximumPage = 100_000
    static let maximumText = 100

    init(month: YearMonth? = nil, channel: Channel? = nil, kind: ContentKind? = nil, status: LinkStatus? = nil, text: String = "",
         sort: ArchiveFilter.Sort = .date, ascending: Bool = false, page: Int = 1) {
        self.month = month
        self.channel = channel
        self.kind = kind
        self.status = status
        self.text = text
        self.sort = sort
        self.ascending = ascending
        self.page = page
    }

    /// A value it does not know is a clear 400 that names it, not an empty list.
    init(_ query: Hummingbird.Parameters) throws {
        if let text = query.get("month"), !text.isEmpty {
            month = try SiteURL.month(text)
        }
        channel = try query.choice("channel", Channel.self)
        kind = try query.choice("kind", ContentKind.self)
        status = try query.choice("status", LinkStatus.self)
        sort = try query.choice("sort", ArchiveFilter.Sort.self) ?? .date
        ascending = query.get("dir") == "asc"
        text = String((query.get("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(Self.maximumText))
        page = SiteURL.pageNumber(query, maximum: Self.maximumPage)
    }

    /// The month of the report (`/archive/report?month=`): this month when absent, a 400 when not a month.
    static func reportMonth(_ query: Hummingbird.Parameters, today: Day) throws -> YearMonth {
        try SiteURL.month(query.get("month"), today: today)
    }

    /// The rows these parameters ask for: the month is a range in the institution's zone.
    func filter(_ calendar: OfficeCalendar) -> ArchiveFilter {
        var filter = ArchiveFilter()
        if let month {
            filter.from = calendar.startOfDayDate(month.first)
            filter.to = calendar.startOfDayDate(month.last.adding(days: 1))
        }
        filter.channel = channel
        filter.kind = kind
        filter.status = status
        filter.text = text
        filter.sort = sort
        filter.ascending = ascending
        return filter
    }

    // MARK: writing

    /// The filter's parameters in a fixed order, then the sort when it is not the default.
    func items(sorted: Bool = true) -> [(String, String?)] {
        var items: [(String, String?)] = [
            ("month", month?.description), ("channel", channel?.rawValue), ("kind", kind?.rawValue), ("status", status?.rawValue), ("q", text),
        ]
        if sorted, sort != .date || ascending {
            items += [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")]
        }
        return items
    }

    /// Whether anything narrows the rows (the sort does not).
    var isFiltered: Bool { items(sorted: false).contains { !($0.1 ?? "").isEmpty } }

    /// This filter and sort on page `number`.
    func href(page number: Int) -> String { SiteURL.archive.with(items() + [("page", "\(number)")]) }

    /// This filter sorted by `sort`, in the given direction, from the first page.
    func sortHref(_ sort: ArchiveFilter.Sort, ascending: Bool) -> String {
        SiteURL.archive.with(items(sorted: false) + [("sort", sort.rawValue), ("dir", ascending ? "asc" : "desc")])
    }

    /// The same rows as a spreadsheet.
    var csvHref: String { SiteURL.archiveCSV.with(items()) }
    var xlsxHref: String { SiteURL.archiveXLSX.with(items()) }

    /// The monthly report of `month`.
    static func reportHref(_ month: YearMonth) -> String { SiteURL.archiveReport.with([("month", month.description)]) }
    static func reportXLSXHref(_ month: YearMonth) -> String { SiteURL.archiveReportXLSX.with([("month", month.description)]) }

    /// The archive of one month.
    static func monthHref(_ month: YearMonth) -> String { SiteURL.archive.with([("month", month.description)]) }
}
