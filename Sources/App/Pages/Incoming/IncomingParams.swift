import Domain
import Foundation
import Hummingbird

/// The query of `/pesan`, `/pesan.csv` and `/pesan.xlsx`, read once and typed, and written back
/// into the page's links: status, channel, category, division, the received dates and words.
struct IncomingParams: Sendable, Equatable {
    var status: FollowUpStatus?
    var channel: Channel?
    var category: MessageCategory?
    var divisionId: Int64?
    /// Received on or after this day (in the institution's zone).
    var from: Day?
    /// Received on or before this day.
    var to: Day?
    var text = ""
    var page = 1

    static let maximumPage = 100_000
    static let maximumText = 100

    init(status: FollowUpStatus? = nil, channel: Channel? = nil, category: MessageCategory? = nil, divisionId: Int64? = nil,
         from: Day? = nil, to: Day? = nil, text: String = "", page: Int = 1) {
        self.status = status
        self.channel = channel
        self.category = category
        self.divisionId = divisionId
        self.from = from
        self.to = to
        self.text = text
        self.page = page
    }

    /// A value it does not know is a clear 400 that names it, not an empty list.
    init(_ query: Hummingbird.Parameters) throws {
        status = try query.choice("status", FollowUpStatus.self)
        channel = try query.choice("channel", Channel.self)
        category = try query.choice("category", MessageCategory.self)
        if let text = query.get("division"), !text.isEmpty {
            guard let id = Int64(text), id > 0 else { throw Self.bad("division", text) }
            divisionId = id
        }
        from = try Self.day(query, "from")
        to = try Self.day(query, "to")
        text = String((query.get("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(Self.maximumText))
        page = SiteURL.pageNumber(query, maximum: Self.maximumPage)
    }

    static func bad(_ name: String, _ value: String) -> AppError {
        AppError(.badRequest, LocalizedMessage { $0.calendar_error_filter(name: name, value: String(value.prefix(40))) })
    }

    static func day(_ query: Hummingbird.Parameters, _ name: String) throws -> Day? {
        guard let text = query.get(name), !text.isEmpty else { return nil }
        guard let day = Day(text) else { throw bad(name, text) }
        return day
    }

    /// The rows these parameters ask for: the days are a range in the institution's zone.
    func filter(_ calendar: OfficeCalendar) -> IncomingFilter {
        var filter = IncomingFilter()
        filter.from = from.flatMap { calendar.startOfDayDate($0) }
        filter.to = to.flatMap { calendar.startOfDayDate($0.adding(days: 1)) }
        filter.status = status
        filter.channel = channel
        filter.category = category
        filter.divisionId = divisionId
        filter.text = text
        return filter
    }

    func items() -> [(String, String?)] {
        [("status", status?.rawValue), ("channel", channel?.rawValue), ("category", category?.rawValue), ("division", divisionId.map(String.init)),
         ("from", from?.description), ("to", to?.description), ("q", text)]
    }

    var isFiltered: Bool { items().contains { !($0.1 ?? "").isEmpty } }

    func href(page number: Int) -> String { SiteURL.incoming.with(items() + [("page", "\(number)")]) }
    var csvHref: String { SiteURL.incomingCSV.with(items()) }
    var xlsxHref: String { SiteURL.incomingXLSX.with(items()) }
}
