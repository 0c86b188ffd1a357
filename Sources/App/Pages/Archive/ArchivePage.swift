import Domain
import Foundation

/// What `/archive` and `/archive/report` show: pure models, built from what `ArchiveQuery` read,
/// the parameters and the texts.
extension ArchiveController {
    struct Row: Sendable {
        let itemHref: String
        let sheetHref: String
        let publishedAt: String
        let publishedISO: String
        let title: String
        let kind: String
        let channel: String
        let url: String
        let publisher: String
        let linkStatus: String
        let linkStatusLabel: String
        let checked: String?
        let replaced: String?
    }
    struct SortLink: Sendable {
        let label: String
        let href: String
        /// `ascending` or `descending` for the column the rows are sorted by (for `aria-sort`-like
        /// markup), with its arrow and words in the page's language.
        let current: String?
        let direction: String?
    }
    struct Page: Sendable {
        /// The fixed links, for the body that is also served without the layout.
        var links: SiteLinks { .shared }
        let rows: [Row]
        let total: Int
        let range: String?
        let previousHref: String?
        let nextHref: String?
        let month: String
        let q: String
        let channels: [ChoiceOption]
        let kinds: [ChoiceOption]
        let statuses: [ChoiceOption]
        let sortLinks: [SortLink]
        let csvHref: String
        let xlsxHref: String
        let reportHref: String?
        let deadLinks: [Row]
        let filtered: Bool
        /// A page past the last one: where the last one is.
        var lastPageHref: String? = nil
        /// The month filter as a choice of month and year (works in every browser, unlike `type=month`).
        var monthOptions: [ChoiceOption] = []
    }

    /// Three years back to a year ahead, newest first, and the chosen month wherever it lies.
    static func monthOptions(selected: YearMonth?, today: YearMonth, name: (Int) -> String) -> [ChoiceOption] {
        var months = (-12...36).map { today.adding(months: -$0) }
        if let selected, !months.contains(selected) { months.append(selected); months.sort(by: >) }
        return months.map { .init(value: $0.description, label: name($0.month) + " " + String($0.year), selected: $0 == selected) }
    }

    struct ReportPage: Sendable {
        struct Count: Sendable {
            let label: String
            let count: Int
        }
        struct Post: Sendable {
            let number: Int
            let date: String
            let title: String
            let kind: String
            let channel: String
            let url: String
            let replaced: Bool
        }
        let letterhead: Letterhead
        let title: String
        let period: String
        let byChannel: [Count]
        let byKind: [Count]
        let totalLinks: Int
        let totalPosts: Int
        let posts: [Post]
        let place: String
        let signDate: String
        let signRole: String
        let signName: String?
        let signNip: String?
        /// Who prepared (printed) the report: the signed-in person.
        let preparer: Signer
        /// The signatures, as `Views/partials/signatures.html` draws them.
        var sign: ReportSignatures { ReportSignatures(place: place, date: signDate, preparer: preparer, role: signRole, name: signName, nip: signNip) }
        let previousHref: String
        let nextHref: String
        let archiveHref: String
        let xlsxHref: String
    }

    /// One signature block: role or position, name and NIP.
    struct Signer: Sendable {
        let name: String
        let role: String
        let nip: String?
    }
}

extension ArchiveController.Row {
    init(_ row: ArchiveRow, t: Texts, dates: DateText) {
        self.init(
            itemHref: SiteURL.content(row.itemId).path, sheetHref: SiteURL.contentSheet(row.itemId).path,
            publishedAt: dates.shortDateTime(row.publishedAt), publishedISO: LocalDateTime.format(row.publishedAt, timeZone: dates.timeZone),
            title: row.title, kind: row.kind.label(t),
            channel: row.channel.displayName, url: row.url, publisher: row.publisher,
            linkStatus: row.status.rawValue, linkStatusLabel: row.status.label(t),
            checked: row.checkedAt.map { dates.shortDateTime($0) + (row.httpStatus.map { " · HTTP \($0)" } ?? "") },
            replaced: row.replacedAt.map { t.archive_replaced_at(at: dates.shortDateTime($0)) })
    }
}

extension ArchiveController.Page {
    /// One page of rows under `params`, out of `total`, with the filters, the sort links and the
    /// links to the other pages, the spreadsheet and this month's report.
    init(params: ArchiveParams, rows: [ArchiveRow], total: Int, pageSize: Int, deadLinks: [ArchiveRow], channels: [Channel], today: Day,
         t: Texts, dates: DateText) {
        let page = params.page
        let lastPage = max(1, (total + pageSize - 1) / pageSize)
        let sortLinks = ArchiveFilter.Sort.allCases.map { sort -> ArchiveController.SortLink in
            let isCurrent = params.sort == sort
            // Clicking the current column flips its direction; another column starts newest/Z first.
            let ascending = isCurrent ? !params.ascending : (sort == .title || sort == .channel)
            return .init(label: sort.label(t), href: params.sortHref(sort, ascending: ascending),
                         current: isCurrent ? (params.ascending ? "ascending" : "descending") : nil,
                         direction: isCurrent ? (params.ascending ? t.archive_sort_ascending : t.archive_sort_descending) : nil)
        }
        self.init(
            rows: rows.map { .init($0, t: t, dates: dates) }, total: total,
            range: rows.isEmpty ? nil : t.archive_range(from: "\((page - 1) * pageSize + 1)", to: "\((page - 1) * pageSize + rows.count)",
                                                        total: "\(total)", page: "\(page)", pages: "\(lastPage)"),
            previousHref: page > 1 ? params.href(page: min(page - 1, lastPage)) : nil,
            nextHref: page < lastPage ? params.href(page: page + 1) : nil,
            month: params.month?.description ?? "", q: params.text,
            channels: channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == params.channel) },
            kinds: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == params.kind) },
            statuses: LinkStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == params.status) },
            sortLinks: sortLinks,
            csvHref: params.csvHref,
            xlsxHref: params.xlsxHref,
            reportHref: ArchiveParams.reportHref(params.month ?? YearMonth(today)),
            deadLinks: deadLinks.map { .init($0, t: t, dates: dates) },
            filtered: params.isFiltered)
        if rows.isEmpty, total > 0 { lastPageHref = params.href(page: lastPage) }
        monthOptions = ArchiveController.monthOptions(selected: params.month, today: YearMonth(today), name: { dates.monthName($0) })
    }
}

extension ArchiveController.ReportPage {
    /// The report of `month`, prepared by `preparer` and acknowledged by the head named in the
    /// settings, or else by `signRole` (and its first active holder, `signName`).
    init(month: YearMonth, report: ArchiveMonthReport, settings: InstitutionSettings, signRole: String, signName: String?,
         preparer: ArchiveController.Signer, now: Date, t: Texts, dates: DateText) {
        self.init(
            letterhead: Letterhead(settings),
            title: t.report_heading,
            period: "\(dates.monthName(month.month)) \(month.year)",
            byChannel: report.byChannel.map { .init(label: $0.0.displayName, count: $0.1) },
            byKind: report.byKind.map { .init(label: $0.0.label(t), count: $0.1) },
            totalLinks: report.rows.count, totalPosts: Set(report.rows.map(\.itemId)).count,
            posts: report.rows.enumerated().map { index, row in
                .init(number: index + 1, date: dates.numericDateTime(row.publishedAt), title: row.title, kind: row.kind.label(t),
                      channel: row.channel.displayName, url: row.url, replaced: row.replacedAt != nil)
            },
            place: settings.city.isEmpty ? "........................" : settings.city,
            signDate: dates.date(now),
            signRole: settings.headTitle.isEmpty ? signRole : settings.headTitle,
            signName: settings.headName.isEmpty ? signName : settings.headName,
            signNip: settings.headNip.isEmpty ? nil : settings.headNip,
            preparer: preparer,
            previousHref: ArchiveParams.reportHref(month.adding(months: -1)),
            nextHref: ArchiveParams.reportHref(month.adding(months: 1)),
            archiveHref: ArchiveParams.monthHref(month),
            xlsxHref: ArchiveParams.reportXLSXHref(month))
    }
}
