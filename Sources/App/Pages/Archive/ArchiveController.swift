import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /archive`: every live link of every published post, one row per post and channel, with
/// earlier links kept; `GET /archive.csv`: the same rows as a spreadsheet, streamed;
/// `GET /archive/report?month=`: the monthly publication report for print.
struct ArchiveController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.archive.route, use: list)
        loggedIn.get(SiteURL.archiveCSV.route, use: csv)
        loggedIn.get(SiteURL.archiveReport.route, use: report)
    }

    static let pageSize = 50

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

    /// The filter from the query; a value it does not know is a clear error, not an empty list.
    func filter(_ query: Hummingbird.Parameters, context: AppRequestContext) throws -> (ArchiveFilter, month: YearMonth?) {
        var filter = ArchiveFilter()
        var month: YearMonth?
        if let text = query.get("month"), !text.isEmpty {
            guard let value = YearMonth(text) else {
                throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_month(value: String(text.prefix(20))) })
            }
            let calendar = services.institution.officeCalendar
            filter.from = calendar.startOfDayDate(value.first)
            filter.to = calendar.startOfDayDate(value.last.adding(days: 1))
            month = value
        }
        filter.channel = try query.choice("channel", Channel.self)
        filter.kind = try query.choice("kind", ContentKind.self)
        filter.status = try query.choice("status", LinkStatus.self)
        filter.sort = try query.choice("sort", ArchiveFilter.Sort.self) ?? .date
        filter.ascending = query.get("dir") == "asc"
        filter.text = String((query.get("q") ?? "").trimmingCharacters(in: .whitespaces).prefix(100))
        return (filter, month)
    }

    static func query(_ filter: ArchiveFilter, month: YearMonth?, sort: Bool = true) -> String {
        var parts: [String] = []
        if let month { parts.append("month=\(month)") }
        if let channel = filter.channel { parts.append("channel=\(channel.rawValue)") }
        if let kind = filter.kind { parts.append("kind=\(kind.rawValue)") }
        if let status = filter.status { parts.append("status=\(status.rawValue)") }
        if !filter.text.isEmpty { parts.append("q=" + (filter.text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
        if sort, filter.sort != .date || filter.ascending {
            parts.append("sort=\(filter.sort.rawValue)")
            parts.append("dir=\(filter.ascending ? "asc" : "desc")")
        }
        return parts.joined(separator: "&")
    }

    func row(_ row: ArchiveRow, context: AppRequestContext) -> Row {
        let dates = services.dateText(context)
        return Row(
            itemHref: SiteURL.content(row.itemId).path, sheetHref: SiteURL.contentSheet(row.itemId).path,
            publishedAt: dates.shortDateTime(row.publishedAt), publishedISO: LocalDateTime.format(row.publishedAt, timeZone: dates.timeZone),
            title: row.title, kind: row.kind.label(services.texts(context)),
            channel: row.channel.displayName, url: row.url, publisher: row.publisher,
            linkStatus: row.status.rawValue, linkStatusLabel: LinkText.status(row.status, services: services, context: context),
            checked: row.checkedAt.map { dates.shortDateTime($0) + (row.httpStatus.map { " · HTTP \($0)" } ?? "") },
            replaced: row.replacedAt.map { services.texts(context).archive_replaced_at(at: dates.shortDateTime($0)) })
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let query = request.uri.queryParameters
        let (filter, month) = try filter(query, context: context)
        let page = SiteURL.pageNumber(query, maximum: 100_000)
        let title = services.texts(context).archive_title
        let (rows, total) = try services.database.archive(filter, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        let base = Self.query(filter, month: month)
        func pageHref(_ number: Int) -> String { SiteURL.archive.path + "?" + (base.isEmpty ? "" : base + "&") + "page=\(number)" }
        let lastPage = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let unsorted = Self.query(filter, month: month, sort: false)
        let sortLinks = ArchiveFilter.Sort.allCases.map { sort -> SortLink in
            let isCurrent = filter.sort == sort
            // Clicking the current column flips its direction; another column starts newest/Z first.
            let ascending = isCurrent ? !filter.ascending : (sort == .title || sort == .channel)
            let href = SiteURL.archive.path + "?" + (unsorted.isEmpty ? "" : unsorted + "&") + "sort=\(sort.rawValue)&dir=\(ascending ? "asc" : "desc")"
            return SortLink(label: sort.label(services.texts(context)), href: href,
                            current: isCurrent ? (filter.ascending ? "ascending" : "descending") : nil,
                            direction: isCurrent ? (filter.ascending ? services.texts(context).archive_sort_ascending : services.texts(context).archive_sort_descending) : nil)
        }
        var model = Page(
            rows: rows.map { row($0, context: context) }, total: total,
            range: rows.isEmpty ? nil : services.texts(context).archive_range(from: "\((page - 1) * Self.pageSize + 1)", to: "\((page - 1) * Self.pageSize + rows.count)", total: "\(total)", page: "\(page)", pages: "\(lastPage)"),
            previousHref: page > 1 ? pageHref(min(page - 1, lastPage)) : nil,
            nextHref: page < lastPage ? pageHref(page + 1) : nil,
            month: month?.description ?? "", q: filter.text,
            channels: services.institution.settings.channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == filter.channel) },
            kinds: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == filter.kind) },
            statuses: LinkStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == filter.status) },
            sortLinks: sortLinks,
            csvHref: SiteURL.archiveCSV.path + (base.isEmpty ? "" : "?" + base),
            reportHref: SiteURL.archiveReport.path + "?month=\(month ?? YearMonth(services.institution.today(services.now)))",
            deadLinks: page == 1 ? try services.database.deadLinks(limit: 20).map { row($0, context: context) } : [],
            filtered: !Self.query(filter, month: month, sort: false).isEmpty)
        if rows.isEmpty, total > 0 { model.lastPageHref = pageHref(lastPage) }
        let dates = services.dateText(context)
        model.monthOptions = Self.monthOptions(selected: month, today: YearMonth(services.institution.today(services.now)), name: { dates.monthName($0) })
        return services.render(title: title, request: request, context: context) {
            Templates.archive(page: model, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: CSV

    static let csvHeader = ["tanggal_tayang", "judul", "jenis", "kanal", "tautan", "dipublikasikan_oleh", "status_tautan", "dicek_terakhir", "diganti_pada"]
    static let csvChunk = 1_000

    /// The current filter as CSV: UTF-8 with a byte order mark (so Excel reads Indonesian text
    /// right), one header row, cells guarded against formula injection, streamed chunk by chunk.
    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let (filter, month) = try filter(request.uri.queryParameters, context: context)
        let services = self.services
        let timeZone = services.institution.settings.timeZone
        let language = context.language
        let t = Texts.of(language)
        let name = "arsip-tautan" + (month.map { "-\($0)" } ?? "") + ".csv"
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.byteOrderMark + CSV.row(Self.csvHeader)))
            var cursor: (date: Date, id: Int64)?
            while true {
                let rows = try services.database.archiveChunk(filter, after: cursor, limit: Self.csvChunk)
                guard let last = rows.last else { break }
                var text = ""
                text.reserveCapacity(rows.count * 200)
                for row in rows {
                    text += CSV.row([
                        LocalDateTime.format(row.publishedAt, timeZone: timeZone).replacingOccurrences(of: "T", with: " "),
                        row.title,
                        row.kind.label(t),
                        row.channel.displayName,
                        row.url,
                        row.publisher,
                        row.status.label(t),
                        row.checkedAt.map { LocalDateTime.format($0, timeZone: timeZone).replacingOccurrences(of: "T", with: " ") } ?? "",
                        row.replacedAt.map { LocalDateTime.format($0, timeZone: timeZone).replacingOccurrences(of: "T", with: " ") } ?? "",
                    ])
                }
                try await writer.write(ByteBuffer(string: text))
                if rows.count < Self.csvChunk { break }
                cursor = (last.publishedAt, last.linkId)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(name)\"",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: body)
    }

    // MARK: report

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
        let institution: String
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
        let previousHref: String
        let nextHref: String
        let archiveHref: String
    }

    func report(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let text = request.uri.queryParameters.get("month")
        guard let month = text.map({ YearMonth($0) }) ?? YearMonth(services.institution.today(services.now)) else {
            throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_month(value: String((text ?? "").prefix(20))) })
        }
        let calendar = services.institution.officeCalendar
        guard let from = calendar.startOfDayDate(month.first), let to = calendar.startOfDayDate(month.last.adding(days: 1)) else {
            throw AppError.notFound
        }
        let data = try services.database.monthReport(from: from, to: to)
        let dates = services.dateText(context)
        let settings = services.institution.settings
        // The official who approves: the role of the workflow's last decision step.
        let workflow = services.institution.currentWorkflow?.workflow
        let signRole = workflow?.steps.last(where: { $0.kind == .decide })?.roleKey ?? RoleKey.admin
        let signName = try services.database.users().first { $0.isActive && $0.roleKeys.contains(signRole) }?.displayName
        let page = ReportPage(
            institution: settings.name,
            title: services.texts(context).report_heading,
            period: "\(dates.monthName(month.month)) \(month.year)",
            byChannel: data.byChannel.map { .init(label: $0.0.displayName, count: $0.1) },
            byKind: data.byKind.map { .init(label: $0.0.label(services.texts(context)), count: $0.1) },
            totalLinks: data.rows.count, totalPosts: Set(data.rows.map(\.itemId)).count,
            posts: data.rows.enumerated().map { index, row in
                .init(number: index + 1, date: dates.shortDateTime(row.publishedAt), title: row.title, kind: row.kind.label(services.texts(context)),
                      channel: row.channel.displayName, url: row.url, replaced: row.replacedAt != nil)
            },
            place: settings.city.isEmpty ? "........................" : settings.city,
            signDate: dates.date(services.now),
            signRole: services.institution.roleName(signRole), signName: signName,
            previousHref: SiteURL.archiveReport.path + "?month=\(month.adding(months: -1))",
            nextHref: SiteURL.archiveReport.path + "?month=\(month.adding(months: 1))",
            archiveHref: SiteURL.archive.path + "?month=\(month)")
        return try services.render(title: "\(page.title) · \(page.period)", request: request, context: context) {
            Templates.archiveReport(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}

