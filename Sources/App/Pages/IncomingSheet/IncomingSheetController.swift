import Domain
import Foundation
import HTTPTypes
import Hummingbird

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
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingSheet(0).route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let t = services.texts(context)
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.incomingBundle(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.incoming_error_not_found })
        }
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
        return services.render(title: "\(t.incoming_sheet_title) \(id)", request: request, context: context) {
            Templates.incomingSheet(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}
