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
        loggedIn.get(SiteURL.archiveReport.route, use: report)
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

    static let csvHeader = ["tanggal_tayang", "judul", "jenis", "kanal", "tautan", "dipublikasikan_oleh", "status_tautan", "dicek_terakhir", "diganti_pada"]
    static let csvChunk = 1_000

    /// The current filter as CSV: UTF-8 with a byte order mark (so Excel reads Indonesian text
    /// right), one header row, cells guarded against formula injection, streamed chunk by chunk.
    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = try ArchiveParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let database = services.database
        let timeZone = services.institution.settings.timeZone
        let t = Texts.of(context.language)
        let name = "arsip-tautan" + (params.month.map { "-\($0)" } ?? "") + ".csv"
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.byteOrderMark + CSV.row(Self.csvHeader)))
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
        func local(_ date: Date) -> String { LocalDateTime.format(date, timeZone: timeZone).replacingOccurrences(of: "T", with: " ") }
        return CSV.row([
            local(row.publishedAt), row.title, row.kind.label(t), row.channel.displayName, row.url, row.publisher, row.status.label(t),
            row.checkedAt.map(local) ?? "", row.replacedAt.map(local) ?? "",
        ])
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
        let page = ReportPage(month: month, report: data, settings: store.settings, signRole: store.roleName(signRole), signName: signName,
                              now: services.now, t: services.texts(context), dates: services.dateText(context))
        return services.render(title: "\(page.title) · \(page.period)", request: request, context: context) {
            Templates.archiveReport(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}
