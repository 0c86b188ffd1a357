import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /pesan`: the inbox of incoming messages, filtered and paged like the archive;
/// `GET /pesan.csv` and `/pesan.xlsx`: the same rows as a spreadsheet, streamed in chunks.
/// Any signed-in user of the institution may read them (see `IncomingMessageController`).
struct IncomingListController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incoming.route, use: list)
        loggedIn.get(SiteURL.incomingCSV.route, use: csv)
        loggedIn.get(SiteURL.incomingXLSX.route, use: xlsx)
    }

    static let pageSize = 50

    struct Row: Sendable {
        let href: String
        let received: String
        let receivedISO: String
        let channel: String
        let sender: String
        let kind: String
        let category: String
        let text: String
        let statusKey: String
        let status: String
        let division: String?
    }

    struct Page: Sendable {
        var links: SiteLinks { .shared }
        let rows: [Row]
        let total: Int
        let range: String?
        let previousHref: String?
        let nextHref: String?
        let statuses: [ChoiceOption]
        let channels: [ChoiceOption]
        let categories: [ChoiceOption]
        let divisions: [ChoiceOption]
        let from: String
        let to: String
        let q: String
        let csvHref: String
        let xlsxHref: String
        let filtered: Bool
        let canLog: Bool
        var lastPageHref: String? = nil
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let params = try IncomingParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let (rows, total, divisions, followUp) = try services.database.inboxPage(filter, limit: Self.pageSize, offset: (params.page - 1) * Self.pageSize)
        let t = services.texts(context)
        let dates = services.dateText(context)
        let lastPage = max(1, (total + Self.pageSize - 1) / Self.pageSize)
        let page = params.page
        var model = Page(
            rows: rows.map { Self.row($0, t: t, dates: dates) }, total: total,
            range: rows.isEmpty ? nil : t.archive_range(from: "\((page - 1) * Self.pageSize + 1)", to: "\((page - 1) * Self.pageSize + rows.count)",
                                                        total: "\(total)", page: "\(page)", pages: "\(lastPage)"),
            previousHref: page > 1 ? params.href(page: min(page - 1, lastPage)) : nil,
            nextHref: page < lastPage ? params.href(page: page + 1) : nil,
            statuses: FollowUpStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == params.status) },
            channels: Channel.allCases.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == params.channel) },
            categories: MessageCategory.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == params.category) },
            divisions: divisions.map { .init(value: String($0.id), label: $0.name, selected: $0.id == params.divisionId) },
            from: params.from?.description ?? "", to: params.to?.description ?? "", q: params.text,
            csvHref: params.csvHref, xlsxHref: params.xlsxHref, filtered: params.isFiltered,
            canLog: IncomingFormController.logActor(user, followUp) != nil)
        if rows.isEmpty, total > 0 { model.lastPageHref = params.href(page: lastPage) }
        return services.render(title: t.inbox_title, request: request, context: context) {
            Templates.incomingList(page: model, chrome: $0, t: $1, into: &$2)
        }
    }

    static func row(_ row: IncomingRow, t: Texts, dates: DateText) -> Row {
        let message = row.message
        // At most 140 characters are walked, however long the message.
        let cut = message.text.index(message.text.startIndex, offsetBy: 140, limitedBy: message.text.endIndex)
        let text = cut.map { $0 < message.text.endIndex ? String(message.text[..<$0]) + "…" : message.text } ?? message.text
        return Row(href: SiteURL.incomingMessage(message.id!).path, received: dates.shortDateTime(message.receivedAt),
                   receivedISO: LocalDateTime.format(message.receivedAt, timeZone: dates.timeZone), channel: message.channel.displayName,
                   sender: message.sender, kind: message.kind.label(t), category: message.category.label(t), text: text,
                   statusKey: message.status.rawValue, status: Self.statusText(message, t: t), division: row.divisionName)
    }

    /// The status, with how a closed message ended.
    static func statusText(_ message: IncomingMessageRecord, t: Texts) -> String {
        if message.status == .closed, let outcome = message.outcome { return message.status.label(t) + " · " + outcome.label(t) }
        return message.status.label(t)
    }

    // MARK: exports

    static func exportHeader(_ t: Texts) -> [String] {
        [t.inbox_export_number, t.inbox_received, t.inbox_channel, t.inbox_sender, t.inbox_kind, t.inbox_category, t.inbox_text, t.inbox_link,
         t.inbox_status, t.inbox_division, t.inbox_answer, t.inbox_reply_link, t.inbox_tracking_number, t.inbox_logged_by]
    }
    static let chunk = 1_000

    static func fileName(_ params: IncomingParams, ext: String) -> String {
        "pesan-masuk" + (params.from.map { "-\($0)" } ?? "") + (params.to.map { "-sd-\($0)" } ?? "") + "." + ext
    }

    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = try IncomingParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let database = services.database
        let timeZone = services.institution.settings.timeZone
        let t = Texts.of(context.language)
        let body = ResponseBody { writer in
            try await writer.write(ByteBuffer(string: CSV.byteOrderMark + CSV.row(Self.exportHeader(t))))
            var cursor: (date: Date, id: Int64)?
            while true {
                let rows = try database.incomingChunk(filter, after: cursor, limit: Self.chunk)
                guard let last = rows.last else { break }
                var text = ""
                for row in rows { text += Self.csvRow(row, timeZone: timeZone, t: t) }
                try await writer.write(ByteBuffer(string: text))
                if rows.count < Self.chunk { break }
                cursor = (last.message.receivedAt, last.message.id!)
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"\(Self.fileName(params, ext: "csv"))\"",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: body)
    }

    static func csvRow(_ row: IncomingRow, timeZone: TimeZone, t: Texts) -> String {
        let m = row.message
        return CSV.row([
            "\(m.id!)", CSV.dateTime(m.receivedAt, timeZone: timeZone), m.channel.displayName, m.sender, m.kind.label(t), m.category.label(t), m.text,
            m.link ?? "", statusText(m, t: t), row.divisionName ?? "", m.answer ?? "", m.replyLink ?? "", m.trackingNumber ?? "", row.creatorName,
        ])
    }

    func xlsx(_ request: Request, context: AppRequestContext) async throws -> Response {
        let params = try IncomingParams(request.uri.formParameters)
        let filter = params.filter(services.institution.officeCalendar)
        let t = Texts.of(context.language)
        var rows: [[XLSXWorkbook.Cell]] = [Self.exportHeader(t).map { .header($0) }]
        var cursor: (date: Date, id: Int64)?
        while true {
            let chunk = try services.database.incomingChunk(filter, after: cursor, limit: Self.chunk)
            rows += chunk.map { Self.xlsxRow($0, t: t) }
            guard let last = chunk.last, chunk.count == Self.chunk, rows.count < ArchiveController.xlsxMaximumRows else { break }
            cursor = (last.message.receivedAt, last.message.id!)
        }
        let sheet = XLSXWorkbook.Sheet(name: t.inbox_title, widths: [6, 16, 14, 24, 14, 16, 50, 40, 22, 22, 40, 40, 18, 20], rows: rows)
        return try ArchiveController(services: services).workbook([sheet], title: t.inbox_title, name: Self.fileName(params, ext: "xlsx"))
    }

    static func xlsxRow(_ row: IncomingRow, t: Texts) -> [XLSXWorkbook.Cell] {
        let m = row.message
        func link(_ text: String?) -> XLSXWorkbook.Cell { text.map { .link($0) } ?? .empty }
        func text(_ value: String?) -> XLSXWorkbook.Cell { value.map { .text($0) } ?? .empty }
        return [.number(Int(m.id!)), .date(m.receivedAt), .text(m.channel.displayName), .text(m.sender), .text(m.kind.label(t)), .text(m.category.label(t)),
                .text(m.text), link(m.link), .text(statusText(m, t: t)), text(row.divisionName), text(m.answer), link(m.replyLink), text(m.trackingNumber),
                .text(row.creatorName)]
    }
}
