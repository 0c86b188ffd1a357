import Domain
import Foundation
import Hummingbird

/// `GET /calendar`: the month (`?month=2026-11`), week (`?week=2026-W47`) and list
/// (`?view=list&from=…&to=…`) views of the agenda, the national days and the content plan.
struct CalendarController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.calendar.route, use: show)
    }

    enum View: String, Sendable { case month, week, list }

    /// What one entry shows; `kind` and `date` become `data-kind` and `data-date`.
    struct EntryRow: Sendable {
        let kind: String
        let date: String
        let kindLabel: String
        let time: String?
        let title: String
        let href: String?
        let detail: String?
        let statusKey: String?
        let status: String?
        let channels: String?
        let latestStart: String?
        let late: Bool
        let warnings: [String]
        let actions: [Action]
        let needsCoverage: Bool
        let hasGreeting: Bool
    }
    struct Action: Sendable {
        let label: String
        let href: String
    }
    struct DayCell: Sendable {
        let date: String
        let number: Int
        let label: String
        let weekday: String
        let isToday: Bool
        let outside: Bool
        let isWeekend: Bool
        let isDayOff: Bool
        let entries: [EntryRow]
        let createHref: String?
    }
    struct Week: Sendable {
        let label: String
        let days: [DayCell]
    }
    struct Page: Sendable {
        /// The fixed links, for the body that is also served without the layout.
        var links: SiteLinks { .shared }
        let view: String
        let isMonth: Bool
        let isWeek: Bool
        let isList: Bool
        let heading: String
        let previousHref: String
        let nextHref: String
        let todayHref: String
        let monthHref: String
        let weekHref: String
        let listHref: String
        let weekdayNames: [String]
        let weeks: [Week]
        let days: [DayCell]
        let channelOptions: [ChoiceOption]
        let statusOptions: [ChoiceOption]
        let kindOptions: [ChoiceOption]
        /// The view's own query (month, week or list range), kept when the filters are applied.
        let hiddenView: [HiddenField]
        let filtered: Bool
        let clearHref: String
        /// nil rather than 0, so that the notice is left out.
        let lateCount: Int?
        let warningCount: Int?
        let legend: [ChoiceOption]
        /// Set when the range holds more agenda entries than a page shows.
        var agendaTruncated: String? = nil
    }

    static let maximumListDays = 366

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let query = request.uri.queryParameters
        let today = services.institution.today(services.now)
        let filters = try Self.filters(query)
        let dates = services.dateText(context)

        // Which days: a month, a week, or a list range.
        let view: View
        var first: Day
        var last: Day
        var heading: String
        var previous: String
        var next: String
        if let weekText = query.get("week"), !weekText.isEmpty {
            guard let week = ISOWeek(weekText) else { throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_week(value: String(weekText.prefix(20))) }) }
            view = .week
            first = week.monday
            last = first.adding(days: 6)
            heading = services.texts(context).calendar_week_heading(week: "\(week.week)", from: dates.date(day: first), to: dates.date(day: last))
            previous = "week=\(week.adding(weeks: -1))"
            next = "week=\(week.adding(weeks: 1))"
        } else if query.get("view") == "list" || !(query.get("from") ?? "").isEmpty || !(query.get("to") ?? "").isEmpty {
            view = .list
            let fromText = query.get("from").flatMap { $0.isEmpty ? nil : $0 }, toText = query.get("to").flatMap { $0.isEmpty ? nil : $0 }
            let from = fromText.map { Day($0) } ?? today
            let to = toText.map { Day($0) } ?? from.map { $0.adding(days: 30) }
            guard let from, let to, from <= to, to.dayNumber - from.dayNumber < Self.maximumListDays else {
                throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_range(n: "\(Self.maximumListDays)") })
            }
            first = from
            last = to
            heading = services.texts(context).calendar_list_heading(from: dates.date(day: first), to: dates.date(day: last))
            let length = last.dayNumber - first.dayNumber + 1
            previous = "view=list&from=\(first.adding(days: -length))&to=\(first.adding(days: -1))"
            next = "view=list&from=\(last.adding(days: 1))&to=\(last.adding(days: length))"
        } else {
            view = .month
            let monthText = query.get("month").flatMap { $0.isEmpty ? nil : $0 }
            guard let month = monthText.map({ YearMonth($0) }) ?? YearMonth(today) else {
                throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_month(value: String((monthText ?? "").prefix(20))) })
            }
            let grid = month.gridDays
            first = grid.first!
            last = grid.last!
            heading = "\(dates.monthName(month.month)) \(month.year)"
            previous = "month=\(month.adding(months: -1))"
            next = "month=\(month.adding(months: 1))"
        }

        let canCreate = services.canCreateContent(user)
        let month = view == .month ? YearMonth(query.get("month").flatMap(YearMonth.init)?.first ?? today) : nil
        let title = services.texts(context).calendar_title + " · " + heading

        let (entries, agendaTruncated) = try CalendarQuery(services: services).gather(from: first, through: last, filters: filters)
        var byDay: [Day: [CalendarQuery.Entry]] = [:]
        for entry in entries { byDay[entry.day, default: []].append(entry) }
        let calendar = services.institution.officeCalendar

        func cell(_ day: Day) -> DayCell {
            let rows = (byDay[day] ?? []).map { row($0, canCreate: canCreate, context: context) }
            return DayCell(
                date: day.description, number: day.day, label: dates.longDate(day: day), weekday: dates.dayName(weekday: day.weekday),
                isToday: day == today, outside: month.map { YearMonth(day) != $0 } ?? false, isWeekend: day.isoWeekday >= 6,
                isDayOff: !calendar.isWorkingDay(day), entries: rows,
                createHref: canCreate ? SiteURL.contentNew.path + "?date=\(day)" : nil)
        }
        let allDays = (first.dayNumber...last.dayNumber).map(Day.init(dayNumber:))
        let cells = allDays.map(cell)
        let filterQuery = filters.query
        func href(_ base: String) -> String {
            SiteURL.calendar.path + "?" + base + (filterQuery.isEmpty ? "" : "&" + filterQuery)
        }
        let page = Page(
            view: view.rawValue, isMonth: view == .month, isWeek: view == .week, isList: view == .list,
            heading: heading, previousHref: href(previous), nextHref: href(next),
            todayHref: href(view == .week ? "week=\(today.isoWeek)" : view == .list ? "view=list&from=\(today)&to=\(today.adding(days: 30))" : "month=\(YearMonth(today))"),
            monthHref: href("month=\(YearMonth(view == .month ? (month?.first ?? today) : first))"),
            weekHref: href("week=\((view == .month ? (month?.first ?? today) : first).isoWeek)"),
            listHref: href("view=list&from=\(view == .month ? (month?.first ?? first) : first)&to=\(view == .month ? (month?.last ?? last) : last)"),
            weekdayNames: (1...7).map { dates.dayName(weekday: $0 % 7 + 1) },
            weeks: view == .month ? stride(from: 0, to: cells.count, by: 7).map { start in
                let days = Array(cells[start..<min(start + 7, cells.count)])
                return Week(label: services.texts(context).calendar_week_short(n: "\(allDays[start].isoWeek.week)"), days: days)
            } : [],
            days: view == .list ? cells.filter { !$0.entries.isEmpty } : cells,
            channelOptions: services.institution.settings.channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == filters.channel) },
            statusOptions: ItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == filters.status) },
            kindOptions: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == filters.kind) },
            hiddenView: Self.hiddenFields(view: view, first: first, last: last, month: month),
            filtered: !filterQuery.isEmpty,
            clearHref: SiteURL.calendar.path + "?" + Self.hiddenFields(view: view, first: first, last: last, month: month)
                .map { "\($0.name)=\($0.value)" }.joined(separator: "&"),
            lateCount: Optional(entries.filter(\.late).count).flatMap { $0 > 0 ? $0 : nil },
            warningCount: Optional(entries.filter { !$0.violations.isEmpty }.count).flatMap { $0 > 0 ? $0 : nil },
            legend: [CalendarQuery.Entry.Kind.agenda, .libur, .cutiBersama, .peringatan, .content].map {
                .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: false)
            },
            agendaTruncated: agendaTruncated ? services.texts(context).calendar_agenda_truncated(n: "\(AgendaOccurrences.pageCeiling)") : nil)
        return services.render(title: title, request: request, context: context) {
            Templates.calendar(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    struct HiddenField: Sendable {
        let name: String
        let value: String
    }

    static func hiddenFields(view: View, first: Day, last: Day, month: YearMonth?) -> [HiddenField] {
        switch view {
        case .month: [.init(name: "month", value: month?.description ?? "")]
        case .week: [.init(name: "week", value: first.isoWeek.description)]
        case .list: [.init(name: "view", value: "list"), .init(name: "from", value: first.description), .init(name: "to", value: last.description)]
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

    func row(_ entry: CalendarQuery.Entry, canCreate: Bool, context: AppRequestContext) -> EntryRow {
        let dates = services.dateText(context)
        var actions: [Action] = []
        var href: String?
        var time: String?
        if !entry.isAllDay, let start = entry.start {
            time = dates.time(start) + (entry.end.map { $0 > start ? "–" + dates.time($0) : "" } ?? "")
        }
        switch entry.kind {
        case .agenda:
            href = entry.agendaId.map { SiteURL.agendaItem($0).path }
            if canCreate, let id = entry.agendaId {
                actions.append(.init(label: services.texts(context).plan_coverage, href: NewContentQuery(plan: .coverage, agendaId: id).href))
                actions.append(.init(label: services.texts(context).plan_infographic, href: NewContentQuery(plan: .infographic, agendaId: id).href))
            }
        case .libur, .cutiBersama, .peringatan:
            if canCreate, !entry.hasGreeting {
                actions.append(.init(label: services.texts(context).plan_greeting,
                                     href: NewContentQuery(plan: .greeting, date: entry.day, name: entry.title).href))
            }
        case .content:
            href = entry.itemId.map { SiteURL.content($0).path }
        }
        let warnings = entry.violations.map { TimingText.message($0, services: services, context: context) }
        return EntryRow(
            kind: entry.kind.rawValue, date: entry.day.description, kindLabel: entry.kind.label(services.texts(context)),
            time: time, title: entry.title, href: href,
            detail: entry.detail.isEmpty ? (entry.location.isEmpty ? nil : entry.location) : entry.detail + (entry.location.isEmpty ? "" : " · " + entry.location),
            statusKey: entry.status?.rawValue, status: entry.status.map { $0.label(services.texts(context)) },
            channels: entry.channels.isEmpty ? nil : entry.channels.map(\.displayName).joined(separator: ", "),
            latestStart: entry.latestStart.map { services.texts(context).calendar_latest_start(at: dates.shortDateTime($0)) },
            late: entry.late, warnings: warnings, actions: actions, needsCoverage: entry.needsCoverage, hasGreeting: entry.hasGreeting)
    }
}

/// Timing-rule violations in words: the rule and the dates.
enum TimingText {
    static func message(_ violation: TimingViolation, services: AppServices, context: AppRequestContext) -> String {
        let dates = services.dateText(context)
        let t = services.texts(context)
        let publish = dates.dateTime(violation.publishAt)
        let reference = violation.rule == .greetingOnOrBeforeDay ? dates.longDate(day: violation.referenceDay) : dates.dateTime(violation.reference)
        let last = dates.longDate(day: violation.lastAllowedDay)
        let rule = violation.rule.label(t)
        switch violation.problem {
        case .beforeEventEnds: return t.timing_kegiatan_hari_sama_sebelum_kegiatan_selesai(rule: rule, publish: publish, reference: reference)
        case .afterEventDay: return t.timing_kegiatan_hari_sama_setelah_hari_kegiatan(rule: rule, publish: publish, last: last)
        case .lessThanThreeDaysBefore: return t.timing_infografis_3_hari_kurang_dari_h_3(rule: rule, reference: reference, last: last, publish: publish)
        case .afterDay: return t.timing_ucapan_sebelum_hari_setelah_harinya(rule: rule, reference: reference, publish: publish)
        }
    }
}

extension AppServices {
    /// Whether the user may start a content item (they hold, or stand in for, the first step's role).
    func canCreateContent(_ user: CurrentUser) -> Bool {
        guard let first = institution.currentWorkflow?.workflow.step(at: 1) else { return false }
        return user.actor(for: first.roleKey) != nil
    }
}

// A month shows hundreds of entries: they build their template objects without reflection.

extension CalendarController.Page {
    /// A weekday column's heading: its name, and the three letters a phone's narrow column shows.
    struct WeekdayHead: Sendable {
        let name: String
        let short: String
    }
    var weekdayHeads: [WeekdayHead] { weekdayNames.map { WeekdayHead(name: $0, short: String($0.prefix(3))) } }
}
