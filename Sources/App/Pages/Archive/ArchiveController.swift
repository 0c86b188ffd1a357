import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /archive`: every live link of every published post, one row per post and channel, with
/// earlier links kept; `GET /archive.csv`: the same rows as a spreadsheet, streamed;
/// `GET /archive/report?month=`: the monthly publication report for print.
///
/// The parameters are `ArchiveParams`, the reads `ArchiveQuery.swift`, the models `ArchivePage.swift`.
struct ArchiveController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.archive.route, use: list)
        loggedIn.get(SiteURL.archiveCSV.route, use: csv)
        loggedIn.get(SiteURL.archiveXLSX.route, use: xlsx)
        loggedIn.get(SiteURL.archiveReport.route, use: report)
        loggedIn.get(SiteURL.archiveReportXLSX.route, use: reportXLSX)
    }

    static let pageSize = 50

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let params = try ArchiveParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let (rows, total) = try services.database.archive(filter, limit: Self.pageSize, offset: (params.page - 1) * Self.pageSize)
        let deadLinks = params.page == 1 ? try services.database.deadLinks(limit: 20) : []
        let t = services.texts(context)
        let model = Page(params: params, rows: rows, total: total, pageSize: Self.pageSize, deadLinks: deadLinks,
                         channels: services.institution.settings.channels, today: services.institution.today(services.now),
                         t: t, dates: services.dateText(context))
        return services.render(title: t.archive_title, request: request, context: context) {
            Templates.archive(page: model, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: CSV

    /// The column headings in people's words, in the reader's language ("Tanggal tayang",
    /// "Dipublikasikan oleh", …): the same for the CSV and the workbook.
    static func exportHeader(_ t: Texts) -> [String] {
        [t.export_published_at, t.export_title, t.export_kind, t.export_channel, t.export_link, t.export_publisher,
         t.export_link_status, t.export_checked_at, t.export_replaced_at]
    }
    static let csvChunk = 1_000

    /// The current filter as CSV: UTF-8 with a byte order mark (so Excel reads Indonesian text
    /// right), `;`-separated (what an Excel set to Indonesian splits on: `CSV.separator`), one
    /// header row in the reader's language, cells guarded against formula injection, streamed
    /// chunk by chunk.
    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = try ArchiveParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let database = services.database
        let timeZone = services.institution.settings.timeZone
        let t = Texts.of(context.language)
        let name = "arsip-tautan" + (params.month.map { "-\($0)" } ?? "") + ".csv"
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.byteOrderMark + CSV.row(Self.exportHeader(t))))
            var cursor: (date: Date, id: Int64)?
            while true {
                let rows = try database.archiveChunk(filter, after: cursor, limit: Self.csvChunk)
                guard let last = rows.last else { break }
                var text = ""
                text.reserveCapacity(rows.count * 200)
                for row in rows { text += Self.csvRow(row, timeZone: timeZone, t: t) }
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

    static func csvRow(_ row: ArchiveRow, timeZone: TimeZone, t: Texts) -> String {
        func local(_ date: Date) -> String { CSV.dateTime(date, timeZone: timeZone) }
        return CSV.row([
            local(row.publishedAt), row.title, row.kind.label(t), row.channel.displayName, row.url, row.publisher, row.status.label(t),
            row.checkedAt.map(local) ?? "", row.replacedAt.map(local) ?? "",
        ])
    }

    // MARK: workbook

    /// The current filter as an Excel workbook (`.xlsx`): the CSV's columns, dates typed, links clickable.
    func xlsx(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = try ArchiveParams(request.uri.queryParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let t = Texts.of(context.language)
        var rows: [[XLSXWorkbook.Cell]] = [Self.exportHeader(t).map { .header($0) }]
        var cursor: (date: Date, id: Int64)?
        while true {
            let chunk = try services.database.archiveChunk(filter, after: cursor, limit: Self.csvChunk)
            rows += chunk.map { Self.xlsxRow($0, t: t) }
            guard let last = chunk.last, chunk.count == Self.csvChunk, rows.count < Self.xlsxMaximumRows else { break }
            cursor = (last.publishedAt, last.linkId)
        }
        let sheet = XLSXWorkbook.Sheet(name: t.archive_title, widths: [16, 40, 20, 16, 50, 24, 16, 16, 16], rows: rows)
        let name = "arsip-tautan" + (params.month.map { "-\($0)" } ?? "") + ".xlsx"
        return try workbook([sheet], title: t.archive_title, name: name)
    }

    /// Excel's limit is 1,048,576 rows; an archive that large is far beyond any institution's.
    static let xlsxMaximumRows = 1_000_000

    static func xlsxRow(_ row: ArchiveRow, t: Texts) -> [XLSXWorkbook.Cell] {
        [.date(row.publishedAt), .text(row.title), .text(row.kind.label(t)), .text(row.channel.displayName), .link(row.url),
         .text(row.publisher), .text(row.status.label(t)), row.checkedAt.map { .date($0) } ?? .empty, row.replacedAt.map { .date($0) } ?? .empty]
    }

    func workbook(_ sheets: [XLSXWorkbook.Sheet], title: String, name: String) throws -> Response {
        let book = XLSXWorkbook(sheets: sheets, timeZone: services.institution.settings.timeZone, title: title, created: services.now)
        let bytes: [UInt8]
        do { bytes = try book.bytes() } catch { throw AppError(.contentTooLarge) }
        return Response(
            status: .ok,
            headers: [
                .contentType: XLSXWorkbook.mimeType,
                .contentDisposition: "attachment; filename=\"\(name)\"",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// The monthly report as a workbook: the posts of the month, then the counts per channel and per kind.
    func reportXLSX(_ request: Request, context: AppRequestContext) async throws -> Response {
        let store = services.institution
        let month = try ArchiveParams.reportMonth(request.uri.queryParameters, today: store.today(services.now))
        guard let from = store.officeCalendar.startOfDayDate(month.first), let to = store.officeCalendar.startOfDayDate(month.last.adding(days: 1)) else {
            throw AppError.notFound
        }
        let data = try services.database.monthReport(from: from, to: to)
        let t = Texts.of(context.language)
        let dates = services.dateText(context)
        var posts: [[XLSXWorkbook.Cell]] = [[t.report_no, t.export_published_at, t.export_title, t.export_kind, t.export_channel, t.export_link,
                                              t.export_publisher].map { .header($0) }]
        for (index, row) in data.rows.enumerated() {
            posts.append([XLSXWorkbook.Cell.number(index + 1), .date(row.publishedAt), .text(row.title), .text(row.kind.label(t)), .text(row.channel.displayName),
                          .link(row.url), .text(row.publisher)])
        }
        var totals: [[XLSXWorkbook.Cell]] = [[.header(t.report_by_channel), .header(t.report_count)]]
        totals += data.byChannel.map { row -> [XLSXWorkbook.Cell] in [.text(row.0.displayName), .number(row.1)] }
        totals.append([])
        totals.append([.header(t.report_by_kind), .header(t.report_count)])
        totals += data.byKind.map { row -> [XLSXWorkbook.Cell] in [.text(row.0.label(t)), .number(row.1)] }
        totals.append([])
        totals.append([.header(t.report_total_posts), .number(Set(data.rows.map(\.itemId)).count)])
        totals.append([.header(t.report_total_links), .number(data.rows.count)])
        let period = "\(dates.monthName(month.month)) \(month.year)"
        let sheets = [
            XLSXWorkbook.Sheet(name: t.report_posts, widths: [6, 16, 40, 20, 16, 50, 24], rows: posts),
            XLSXWorkbook.Sheet(name: t.report_totals, widths: [32, 10], rows: totals, headerRow: false),
        ]
        return try workbook(sheets, title: "\(store.settings.name) · \(t.report_heading) · \(period)", name: "laporan-publikasi-\(month).xlsx")
    }

    // MARK: report

    func report(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let store = services.institution
        let month = try ArchiveParams.reportMonth(request.uri.formParameters, today: store.today(services.now))
        guard let from = store.officeCalendar.startOfDayDate(month.first), let to = store.officeCalendar.startOfDayDate(month.last.adding(days: 1)) else {
            throw AppError.notFound
        }
        let data = try services.database.monthReport(from: from, to: to)
        // The official who approves: the role of the workflow's last decision step.
        let signRole = store.currentWorkflow?.workflow.steps.last(where: { $0.kind == .decide })?.roleKey ?? RoleKey.admin
        let signName = try services.database.users().first { $0.isActive && $0.roleKeys.contains(signRole) }?.displayName
        let me = try context.requireIdentity()
        let nip = try services.database.nip(userId: me.id)
        let preparer = Signer(name: me.displayName, role: me.roles.sorted().map(store.roleName).joined(separator: ", "), nip: nip.isEmpty ? nil : nip)
        let page = ReportPage(month: month, report: data, settings: store.settings, signRole: store.roleName(signRole), signName: signName,
                              preparer: preparer, now: services.now, t: services.texts(context), dates: services.dateText(context))
        return services.render(title: "\(page.title) · \(page.period)", request: request, context: context) {
            Templates.archiveReport(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}
