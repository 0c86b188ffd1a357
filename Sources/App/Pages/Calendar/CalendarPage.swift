import Domain
import Foundation

/// What `/calendar` shows: a pure model, built from the entries `CalendarQuery` gathered, the
/// parameters (`CalendarParams`) and the texts.
extension CalendarController {
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

    struct HiddenField: Sendable {
        let name: String
        let value: String
    }
}

extension CalendarController.EntryRow {
    init(_ entry: CalendarQuery.Entry, canCreate: Bool, t: Texts, dates: DateText) {
        var actions: [CalendarController.Action] = []
        var href: String?
        var time: String?
        if !entry.isAllDay, let start = entry.start {
            time = dates.time(start) + (entry.end.map { $0 > start ? "–" + dates.time($0) : "" } ?? "")
        }
        switch entry.kind {
        case .agenda:
            href = entry.agendaId.map { SiteURL.agendaItem($0).path }
            if canCreate, let id = entry.agendaId {
                actions.append(.init(label: t.plan_coverage, href: NewContentQuery(plan: .coverage, agendaId: id).href))
                actions.append(.init(label: t.plan_infographic, href: NewContentQuery(plan: .infographic, agendaId: id).href))
            }
        case .cutiBersama:
            break  // joint leave is a day off, not a day anyone sends greetings for
        case .libur, .peringatan:
            if canCreate, !entry.hasGreeting {
                actions.append(.init(label: t.plan_greeting, href: NewContentQuery(plan: .greeting, date: entry.day, name: entry.title).href))
            }
        case .content:
            href = entry.itemId.map { SiteURL.content($0).path }
        case .ronde:
            break
        }
        self.init(
            kind: entry.kind.rawValue, date: entry.day.description, kindLabel: entry.kind.label(t),
            time: time, title: entry.title, href: href,
            detail: entry.detail.isEmpty ? (entry.location.isEmpty ? nil : entry.location) : entry.detail + (entry.location.isEmpty ? "" : " · " + entry.location),
            statusKey: entry.status?.rawValue ?? entry.roundStatus.map { "round-" + $0.rawValue },
            status: entry.status.map { $0.label(t) } ?? entry.roundStatus.map { $0.label(t) },
            channels: entry.channels.isEmpty ? nil : entry.channels.map(\.displayName).joined(separator: ", "),
            latestStart: entry.latestStart.map { t.calendar_latest_start(at: dates.shortDateTime($0)) },
            late: entry.late, warnings: entry.violations.map { TimingText.message($0, t: t, dates: dates) }, actions: actions,
            needsCoverage: entry.needsCoverage, hasGreeting: entry.hasGreeting)
    }
}

extension CalendarController.Page {
    /// The days `params` asks for, with their entries, the links to the other views and the filters.
    init(params: CalendarParams, entries: [CalendarQuery.Entry], agendaTruncated: Bool, today: Day, canCreate: Bool, channels: [Channel],
         calendar: OfficeCalendar, t: Texts, dates: DateText) {
        let view = params.view
        let (first, last) = params.days
        let month = params.month
        var byDay: [Day: [CalendarQuery.Entry]] = [:]
        for entry in entries { byDay[entry.day, default: []].append(entry) }
        let allDays = (first.dayNumber...last.dayNumber).map(Day.init(dayNumber:))
        let cells = allDays.map { day in
            CalendarController.DayCell(
                date: day.description, number: day.day, label: dates.longDate(day: day), weekday: dates.dayName(weekday: day.weekday),
                isToday: day == today, outside: month.map { YearMonth(day) != $0 } ?? false, isWeekend: day.isoWeekday >= 6,
                isDayOff: !calendar.isWorkingDay(day),
                entries: (byDay[day] ?? []).map { .init($0, canCreate: canCreate, t: t, dates: dates) },
                createHref: canCreate ? SiteURL.contentNew.with([("date", day.description)]) : nil)
        }
        let filters = params.filters
        self.init(
            view: view.rawValue, isMonth: view == .month, isWeek: view == .week, isList: view == .list,
            heading: Self.heading(params, t: t, dates: dates),
            previousHref: params.moved(by: -1).href, nextHref: params.moved(by: 1).href, todayHref: params.around(today).href,
            monthHref: params.asMonth.href, weekHref: params.asWeek.href, listHref: params.asList.href,
            weekdayNames: (1...7).map { dates.dayName(weekday: $0 % 7 + 1) },
            weeks: view == .month ? stride(from: 0, to: cells.count, by: 7).map { start in
                CalendarController.Week(label: t.calendar_week_short(n: "\(allDays[start].isoWeek.week)"),
                                        days: Array(cells[start..<min(start + 7, cells.count)]))
            } : [],
            days: view == .list ? cells.filter { !$0.entries.isEmpty } : cells,
            channelOptions: channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == filters.channel) },
            statusOptions: ItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == filters.status) },
            kindOptions: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == filters.kind) },
            hiddenView: params.hiddenFields,
            filtered: params.isFiltered,
            clearHref: params.clearHref,
            lateCount: Optional(entries.filter(\.late).count).flatMap { $0 > 0 ? $0 : nil },
            warningCount: Optional(entries.filter { !$0.violations.isEmpty }.count).flatMap { $0 > 0 ? $0 : nil },
            legend: [CalendarQuery.Entry.Kind.agenda, .libur, .cutiBersama, .peringatan, .content].map {
                .init(value: $0.rawValue, label: $0.label(t), selected: false)
            },
            agendaTruncated: agendaTruncated ? t.calendar_agenda_truncated(n: "\(AgendaOccurrences.pageCeiling)") : nil)
    }

    /// "November 2026", "Minggu 47 · …", or the list's dates.
    static func heading(_ params: CalendarParams, t: Texts, dates: DateText) -> String {
        switch params.range {
        case .month(let month): "\(dates.monthName(month.month)) \(month.year)"
        case .week(let week): t.calendar_week_heading(week: "\(week.week)", from: dates.date(day: week.monday), to: dates.date(day: week.monday.adding(days: 6)))
        case .list(let from, let to): t.calendar_list_heading(from: dates.date(day: from), to: dates.date(day: to))
        }
    }
}
