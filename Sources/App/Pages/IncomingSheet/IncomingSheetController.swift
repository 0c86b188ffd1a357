import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ViewRuntime

/// `/pesan/{id}/lembar`: the control sheet of one incoming message, printable like
/// `/content/{id}/sheet`: the message, then each step with its actor, time, office minutes against
/// the standard, and a column for the paraf.
struct IncomingSheetController {
    let services: AppServices

    struct Step: Sendable {
        let number: Int
        let step: String
        let action: String
        let actor: String
        let at: String
        let standard: String
        let actual: String
        let overdue: Bool
        let note: String
    }
    struct Page: Sendable {
        let letterhead: Letterhead
        let id: Int64
        let messageHref: String
        let received: String
        let channel: String
        let kind: String
        let category: String
        let sender: String
        let text: String
        let link: String?
        let division: String
        let status: String
        let creator: String
        let steps: [Step]
        let totalActual: String
        let printed: String
        var recordHref: String { SiteURL.incomingRecord(id).path }
        /// Our stylesheet, inlined in the record ZIP's standalone copy; nil on the page.
        var inlineCSS: SafeHTML? = nil
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingSheet(0).route, use: show)
        loggedIn.get(SiteURL.incomingRecord(0).route, use: record)
    }

    func loadBundle(_ context: AppRequestContext) throws -> IncomingBundle {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.incomingBundle(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.incoming_error_not_found })
        }
        return bundle
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let page = model(try loadBundle(context), context: context)
        return services.render(title: "\(services.texts(context).incoming_sheet_title) \(page.id)", request: request, context: context) {
            Templates.incomingSheet(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// `GET /pesan/{id}/record.zip`: the message's record for the archive, as a content item's
    /// `record.zip` is: the control sheet standalone (our stylesheet inlined), the screenshot if
    /// one was uploaded, and the message's words as plain text.
    func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let bundle = try loadBundle(context)
        let css = (try? String(contentsOfFile: services.config.publicPath + "/css/app.css", encoding: .utf8))
            .flatMap { $0.contains("</") ? nil : SafeHTML(trusted: $0) }
        var page = model(bundle, context: context)
        page.inlineCSS = css
        let t = services.texts(context)
        var out = HTMLWriter()
        Templates.incomingSheetStandalone(page: page, chrome: services.chrome(title: "\(t.incoming_sheet_title) \(page.id)", request: request, context: context),
                                          t: t, into: &out)
        let zone = services.institution.settings.timeZone
        let made = ZipStream.DOSStamp(services.now, in: zone)
        var (entries, total) = MediaController.mediaEntries(bundle.screenshot.map { [$0] } ?? [], store: services.media, folder: "tangkapan-layar/",
                                                            timeZone: zone)
        entries.append(.init(name: "lembar-kendali.html", path: nil, data: out.bytes, stamp: made))
        let message = bundle.message
        var words = "\(t.incoming_report_sender): \(message.sender)\n\(t.incoming_sheet_text):\n\(message.text)\n"
        if let link = message.link { words += "\(t.archive_link): \(link)\n" }
        if let answer = message.answer { words += "\n\(t.inbox_answer):\n\(answer)\n" }
        if let reply = message.replyLink { words += "\(t.inbox_reply_link): \(reply)\n" }
        entries.append(.init(name: "pesan.txt", path: nil, data: Array(words.utf8), stamp: made))
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"arsip-pesan-\(page.id).zip\"",
                .xContentTypeOptions: "nosniff",
            ],
            body: try MediaController.archive(entries, recordedSize: total).body())
    }

    func model(_ bundle: IncomingBundle, context: AppRequestContext) -> Page {
        let t = services.texts(context)
        let id = bundle.message.id!
        let dates = services.dateText(context)
        let message = bundle.message
        var total = 0
        var steps: [Step] = []
        for (index, row) in bundle.events.enumerated() {
            let event = row.event
            let minutes = event.officeMinutes
            total += minutes ?? 0
            var note = [event.reason, event.text].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " · ")
            if let division = row.divisionName { note = note.isEmpty ? division : division + " · " + note }
            let overdue = minutes.flatMap { value in event.standardMinutes.map { value > $0 } } ?? false
            steps.append(Step(
                number: index + 1, step: event.stepName, action: event.action.label(t),
                actor: row.onBehalfOfName.map { "\(row.actorName) a.n. \($0)" } ?? row.actorName,
                at: dates.numericDateTime(event.at), standard: event.standardMinutes.map { t.minutesText($0) } ?? "–",
                actual: minutes.map { t.minutesText($0) } ?? "–", overdue: overdue, note: note))
        }
        let page = Page(
            letterhead: Letterhead(services.institution.settings), id: id, messageHref: SiteURL.incomingMessage(id).path,
            received: dates.numericDateTime(message.receivedAt), channel: message.channel.displayName, kind: message.kind.label(t),
            category: message.category.label(t), sender: message.sender, text: message.text, link: message.link,
            division: bundle.division?.name ?? "–", status: message.status.label(t), creator: bundle.creatorName, steps: steps,
            totalActual: t.minutesText(total), printed: dates.dateTime(services.now))
        return page
    }
}
