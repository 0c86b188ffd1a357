import Domain
import Foundation
import ViewRuntime
import Hummingbird

/// `GET /content/{id}/sheet`: the control sheet ("lembar kendali") of one item, for print and
/// audit; `GET /content/{id}/record.zip`: the offline documentation bundle (media, caption as
/// text, the control sheet as HTML, the links).
struct ContentSheetController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.contentSheet(0).route, use: sheet)
        loggedIn.get(SiteURL.contentRecord(0).route, use: record)
    }

    struct Step: Sendable {
        let number: Int
        let at: String
        let step: String
        let action: String
        let actionKey: String
        let actor: String
        let revision: Int
        let standard: String
        let actual: String
        let overdue: Bool
        let reason: String?
    }
    struct PlannedStep: Sendable {
        let position: Int
        let name: String
        let role: String
        let standard: String
    }
    struct Link: Sendable {
        let channel: String
        let url: String
        let recorded: String
        let by: String
        let replaced: String?
        let status: String
        let statusKey: String
        let checked: String?
    }
    struct Page: Sendable {
        let letterhead: Letterhead
        let id: Int64
        let title: String
        let kind: String
        let status: String
        let statusKey: String
        let creator: String
        let created: String
        let source: String
        let eventAt: String?
        let publishAt: String?
        let channels: String
        let captionHTML: SafeHTML
        let captionPlain: String
        let revision: Int
        let plannedSteps: [PlannedStep]
        let steps: [Step]
        let links: [Link]
        let totalActual: String
        let totalStandard: String
        let printedAt: String
        let itemHref: String
        let recordHref: String
        /// The stylesheet inline, for the copy in the offline bundle (opened from disk).
        let inlineCSS: SafeHTML?
    }

    func model(_ bundle: AppDatabase.ItemBundle, context: AppRequestContext, inlineCSS: SafeHTML?) throws -> Page {
        let item = bundle.item
        let dates = services.dateText(context)
        let current = bundle.revisions.last { $0.number == item.revision } ?? bundle.revisions.last
        let draft = current.map(ContentDraft.init)
        let workflow = services.institution.workflow(version: item.workflowVersion)
        func minutes(_ value: Int?) -> String { value.map { services.minutesText($0, context) } ?? "–" }
        var totalActual = 0
        var totalStandard = 0
        var number = 0
        let steps = bundle.events.map { row -> Step in
            let event = row.event
            number += 1
            totalActual += event.waitedMinutes ?? 0
            totalStandard += event.standardMinutes ?? 0
            return Step(
                number: number, at: dates.numericDateTime(event.at), step: "\(event.fromPosition). \(event.stepName)",
                action: event.action.label(services.texts(context)), actionKey: event.action.rawValue,
                actor: services.actorText(row.actorName, row.onBehalfOfName), revision: event.revision,
                standard: minutes(event.standardMinutes), actual: minutes(event.waitedMinutes),
                overdue: event.waitedMinutes != nil && WaitingTime(officeMinutes: event.waitedMinutes ?? 0, standardMinutes: event.standardMinutes).isOverdue,
                reason: PublishNote.isTextOnly(action: event.action, comment: event.comment)
                    ? services.texts(context).content_history_text_only : event.comment)
        }
        let checks = Dictionary(grouping: try services.database.linkChecks(linkIds: bundle.links.compactMap(\.id)), by: \.linkId)
        let users = Dictionary(uniqueKeysWithValues: try services.database.users().map { ($0.id, $0.displayName) })
        return Page(
            letterhead: Letterhead(services.institution.settings, logo: inlineCSS == nil), id: item.id!, title: item.title,
            kind: item.kind.label(services.texts(context)), status: item.status.label(services.texts(context)), statusKey: item.status.rawValue,
            creator: bundle.creatorName, created: dates.dateTime(item.createdAt),
            source: draft.map { $0.source.label(services.texts(context)) } ?? "–",
            eventAt: draft?.eventAt.map(dates.dateTime), publishAt: draft?.publishAt.map(dates.dateTime),
            channels: draft?.channels.map(\.displayName).joined(separator: ", ") ?? "",
            captionHTML: Markdown.html(draft?.caption ?? ""), captionPlain: Markdown.plainText(draft?.caption ?? ""),
            revision: item.revision,
            plannedSteps: workflow?.steps.enumerated().map { index, step in
                PlannedStep(position: index + 1, name: step.name, role: services.institution.roleName(step.roleKey), standard: minutes(step.standardMinutes))
            } ?? [],
            steps: steps,
            links: bundle.links.map { link in
                let last = checks[link.id ?? 0]?.first
                return Link(
                    channel: link.channel.displayName, url: link.url, recorded: dates.numericDateTime(link.createdAt),
                    by: users[link.createdBy] ?? "?", replaced: link.replacedAt.map(dates.numericDateTime),
                    status: LinkText.status(link.status, services: services, context: context), statusKey: link.status.rawValue,
                    checked: last.map { dates.numericDateTime($0.checkedAt) + ($0.httpStatus.map { " · HTTP \($0)" } ?? "") })
            },
            totalActual: services.minutesText(totalActual, context), totalStandard: services.minutesText(totalStandard, context),
            printedAt: dates.dateTime(services.now), itemHref: SiteURL.content(item.id!).path, recordHref: SiteURL.contentRecord(item.id!).path,
            inlineCSS: inlineCSS)
    }

    func loadBundle(_ context: AppRequestContext) throws -> AppDatabase.ItemBundle {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.itemBundle(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.content_error_not_found })
        }
        return bundle
    }

    func sheet(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let bundle = try loadBundle(context)
        let page = try model(bundle, context: context, inlineCSS: nil)
        return services.render(title: services.texts(context).sheet_title + " · " + bundle.item.title, request: request, context: context) {
            Templates.contentSheet(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let bundle = try loadBundle(context)
        let id = bundle.item.id!
        // Our own stylesheet, read from the package's Public folder: trusted, and it holds no `</style>`.
        let css = (try? String(contentsOfFile: services.config.publicPath + "/css/app.css", encoding: .utf8))
            .flatMap { $0.contains("</") ? nil : SafeHTML(trusted: $0) }
        let page = try model(bundle, context: context, inlineCSS: css)
        var out = HTMLWriter()
        Templates.contentSheetStandalone(page: page, chrome: services.chrome(title: page.title, request: request, context: context),
                                         t: services.texts(context), into: &out)
        let html = out.bytes
        // Each file carries its own time: a medium its upload, a generated file this moment.
        let zone = services.institution.settings.timeZone
        let made = ZipStream.DOSStamp(services.now, in: zone)
        var (entries, total) = MediaController.mediaEntries(bundle.media, store: services.media, folder: "media/", timeZone: zone)
        entries.append(.init(name: "keterangan.txt", path: nil, data: Array((page.captionPlain + "\n").utf8), stamp: made))
        entries.append(.init(name: "lembar-kendali.html", path: nil, data: html, stamp: made))
        // The SOP document of the workflow version the item ran on (issue 16): the same drawing and
        // texts as `/workflow/sop?version=N`, standalone.
        if let document = try services.database.sopDocument(version: bundle.item.workflowVersion, roles: services.institution.roles,
                                                            dates: services.dateText(context), t: services.texts(context)) {
            entries.append(.init(name: "sop.html", path: nil, data: SOPExport.html(document, css: css, institutionName: services.institution.settings.name,
                                                                                     language: context.language), stamp: made))
        }
        // The same columns, words and date format as `/archive.csv`.
        let t = services.texts(context)
        var links = CSV.byteOrderMark + CSV.row([t.export_channel, t.export_link, t.export_recorded_at, t.export_recorded_by, t.export_replaced_at,
                                                 t.export_link_status])
        let users = Dictionary(uniqueKeysWithValues: try services.database.users().map { ($0.id, $0.displayName) })
        for link in bundle.links {
            links += CSV.row([link.channel.displayName, link.url, CSV.dateTime(link.createdAt, timeZone: zone), users[link.createdBy] ?? "?",
                              link.replacedAt.map { CSV.dateTime($0, timeZone: zone) } ?? "", link.status.label(t)])
        }
        entries.append(.init(name: "tautan.csv", path: nil, data: Array(links.utf8), stamp: made))
        if let revision = bundle.revisions.last, !revision.mediaLinks.isEmpty {
            entries.append(.init(name: "tautan-media.txt", path: nil, data: Array((revision.mediaLinks + "\n").utf8), stamp: made))
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"dokumentasi-konten-\(id).zip\"",
                .xContentTypeOptions: "nosniff",
            ],
            body: try MediaController.archive(entries, recordedSize: total).body())
    }
}
