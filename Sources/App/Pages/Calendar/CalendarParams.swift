import Domain
import Foundation
import Hummingbird

/// The query of `/calendar`, read once and typed, and written back into the page's links: which
/// days (a month, an ISO week or a list range) and the channel, status and kind filters.
struct CalendarParams: Sendable, Equatable {
    enum Range: Sendable, Equatable {
        case month(YearMonth)
        case week(ISOWeek)
        /// From and to, both included, at most `maximumListDays` apart.
        case list(from: Day, to: Day)
    }
    var range: Range
    var filters: CalendarQuery.Filters

    static let maximumListDays = 366
    /// The list view without dates: today and the 30 days after.
    static let defaultListDays = 30

    init(range: Range, filters: CalendarQuery.Filters = .init()) {
        self.range = range
        self.filters = filters
    }

    /// `?week=` wins, then the list (`view=list`, `from`, `to`), then `?month=` (this month when
    /// absent). A date, week or filter it does not know is a clear 400, not an empty calendar.
    init(_ query: Hummingbird.Parameters, today: Day) throws {
        filters = try Self.filters(query)
        func given(_ name: String) -> String? { query.get(name).flatMap { $0.isEmpty ? nil : $0 } }
        if let text = given("week") {
            guard let week = ISOWeek(text) else { throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_week(value: String(text.prefix(20))) }) }
            range = .week(week)
        } else if query.get("view") == "list" || given("from") != nil || given("to") != nil {
            let from = given("from").map { Day($0) } ?? today
            let to = given("to").map { Day($0) } ?? from.map { $0.adding(days: Self.defaultListDays) }
            guard let from, let to, from <= to, to.dayNumber - from.dayNumber < Self.maximumListDays else {
                throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_range(n: "\(Self.maximumListDays)") })
            }
            range = .list(from: from, to: to)
        } else {
            range = .month(try SiteURL.month(given("month"), today: today))
        }
    }

    /// The channel, status and kind filters; an unknown value is a clear error, not an empty calendar.
    static func filters(_ query: Hummingbird.Parameters) throws -> CalendarQuery.Filters {
        var filters = CalendarQuery.Filters()
        filters.channel = try query.choice("channel", Channel.self)
        filters.status = try query.choice("status", ItemStatus.self)
        filters.kind = try query.choice("kind", ContentKind.self)
        return filters
    }

    var view: CalendarController.View {
        switch range {
        case .month: .month
        case .week: .week
        case .list: .list
        }
    }

    /// The month shown, in the month view.
    var month: YearMonth? {
        if case .month(let month) = range { month } else { nil }
    }

    /// The days shown: a month's whole weeks, a week, or the list's range.
    var days: (first: Day, last: Day) {
        switch range {
        case .month(let month):
            let grid = month.gridDays
            return (grid.first!, grid.last!)
        case .week(let week): return (week.monday, week.monday.adding(days: 6))
        case .list(let from, let to): return (from, to)
        }
    }

    /// The same view one step earlier (-1) or later (1): a month, a week, or a list as long.
    func moved(by step: Int) -> CalendarParams {
        var moved = self
        switch range {
        case .month(let month): moved.range = .month(month.adding(months: step))
        case .week(let week): moved.range = .week(week.adding(weeks: step))
        case .list(let from, let to):
            let length = to.dayNumber - from.dayNumber + 1
            moved.range = .list(from: from.adding(days: step * length), to: to.adding(days: step * length))
        }
        return moved
    }

    /// The same view around `today`, with the same filters.
    func around(_ today: Day) -> CalendarParams {
        switch range {
        case .month: CalendarParams(range: .month(YearMonth(today)), filters: filters)
        case .week: CalendarParams(range: .week(today.isoWeek), filters: filters)
        case .list: CalendarParams(range: .list(from: today, to: today.adding(days: Self.defaultListDays)), filters: filters)
        }
    }

    /// The month, week and list views of what is shown now, with the same filters.
    var asMonth: CalendarParams { CalendarParams(range: .month(YearMonth(month?.first ?? days.first)), filters: filters) }
    var asWeek: CalendarParams { CalendarParams(range: .week((month?.first ?? days.first).isoWeek), filters: filters) }
    var asList: CalendarParams {
        CalendarParams(range: .list(from: month?.first ?? days.first, to: month?.last ?? days.last), filters: filters)
    }

    // MARK: writing

    /// The range's parameters: what the filter form keeps as hidden fields.
    var rangeItems: [(String, String)] {
        switch range {
        case .month(let month): [("month", month.description)]
        case .week(let week): [("week", week.description)]
        case .list(let from, let to): [("view", "list"), ("from", from.description), ("to", to.description)]
        }
    }

    var filterItems: [(String, String?)] {
        [("channel", filters.channel?.rawValue), ("status", filters.status?.rawValue), ("kind", filters.kind?.rawValue)]
    }

    var isFiltered: Bool { filterItems.contains { $0.1 != nil } }

    /// This view with its filters.
    var href: String { SiteURL.calendar.with(rangeItems.map { ($0.0, Optional($0.1)) } + filterItems) }

    /// This view without the filters.
    var clearHref: String { SiteURL.calendar.with(rangeItems.map { ($0.0, Optional($0.1)) }) }

    var hiddenFields: [CalendarController.HiddenField] { rangeItems.map { .init(name: $0.0, value: $0.1) } }
}
