import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// `GET /pesan/:id`: one message, where it stands in its follow-up, its history, and the actions
/// the signed-in person may take; JSON for `Accept: application/json`. `POST /pesan/:id/<action>`
/// takes one action, with the `version` the page was drawn at: a change made since is a 409 in
/// words, and the same form sent twice lands on the message as the first one left it.
///
/// Reading: any signed-in user of the institution. The messages are the public's words to the
/// institution, already public on its accounts, and the monitor, the divisions and the heads all
/// follow them; acting is limited by the follow-up workflow (step role, division membership).
struct IncomingMessageController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingMessage(0).route, use: show)
        for action in IncomingAction.allCases where action != .log {
            loggedIn.post(SiteURL.incomingAction(0, action).route) { request, context in
                try await act(action, request: request, context: context)
            }
        }
    }

    /// What the person typed into an action's form, kept when it is refused.
    struct Input: Sendable {
        var division = ""
        var reason = ""
        var text = ""
        var link = ""
        var trackingNumber = ""
        var errors: [String] = []
        var conflict: String?
        /// The action whose form the errors belong to.
        var action: IncomingAction?
    }

    struct Event: Sendable {
        let at: String
        let step: String
        let action: String
        let actionKey: String
        let actor: String
        let minutes: String?
        let overdue: Bool
        let detail: String?
        let link: String?
    }

    struct Page: Sendable {
        var links: SiteLinks { .shared }
        let id: Int64
        let title: String
        let statusKey: String
        let status: String
        let sender: String
        let channel: String
        let kind: String
        let category: String
        let received: String
        let receivedISO: String
        let text: String
        let link: String?
        let screenshotHref: String?
        let screenshotName: String?
        let contentHref: String?
        let contentTitle: String?
        let creator: String
        let division: String?
        let answer: String?
        let replyLink: String?
        let trackingNumber: String?
        /// The step it waits at, who holds it, and the waiting time against its standard.
        let step: String?
        let holder: String?
        let waiting: String?
        let overdue: Bool
        let events: [Event]
        let version: Int
        let input: Input
        let actingFor: String?
        // The actions this person may take now.
        let forwardAction: String?
        let divisions: [ChoiceOption]
        let dismissAction: String?
        let answerAction: String?
        let decideAction: String?
        let referAction: String?
        let referralOutcomeAction: String?
        let postAction: String?
        /// After forwarding: a WhatsApp message to the division, ready to send.
        let whatsAppHref: String?
        let whatsAppDivision: String?
        let jsonHref: String
        var sheetHref: String { SiteURL.incomingSheet(id).path }
        var recordHref: String { SiteURL.incomingRecord(id).path }
    }

    // MARK: reading

    func load(_ context: AppRequestContext) throws -> IncomingBundle {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.incomingBundle(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.incoming_error_not_found })
        }
        return bundle
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try load(context)
        if wantsJSON(request) { return try json(bundle, status: .ok) }
        return try render(bundle, user: user, input: Input(), status: .ok, request: request, context: context)
    }

    func wantsJSON(_ request: Request) -> Bool { request.headers[.accept]?.contains("application/json") == true }

    /// The ways `user` may act: as themselves, then "a.n." each person who delegated a role to them today.
    func candidates(_ user: CurrentUser) -> [ContentActor] {
        var result = [ContentActor(userId: user.id)]
        for from in Set(user.delegatedRoles.values).sorted() { result.append(ContentActor(userId: user.id, onBehalfOf: from)) }
        return result
    }

    /// The first way `user` may take `action` on a message in `state`, by the workflow's rules
    /// (the step's role, the division); nil when none.
    func actor(for action: FollowUpAction, state: FollowUpState, user: CurrentUser, workflow: FollowUpWorkflow) throws -> ContentActor? {
        let today = services.institution.today(services.now)
        for candidate in candidates(user) {
            let rights = try services.database.followUpActor(candidate, today: today)
            do {
                _ = try workflow.apply(action, to: state, by: rights) { _ in 1 }
                return candidate
            } catch .wrongRole, .notInDivision {
                continue
            } catch {
                return candidate
            }
        }
        return nil
    }

    /// A stand-in for each action, to ask the workflow who may take it.
    static func probe(_ action: IncomingAction) -> FollowUpAction? {
        switch action {
        case .log: nil
        case .forward: .forward(divisionId: 0)
        case .dismiss: .dismiss(reason: "-")
        case .answer: .answer(text: "-", reason: nil)
        case .decide: .decide(reason: "-")
        case .post: .post(link: "-")
        case .refer: .refer(trackingNumber: "-")
        case .referralOutcome: .referralOutcome(text: "-", close: true)
        }
    }

    func render(_ bundle: IncomingBundle, user: CurrentUser, input: Input, status: HTTPResponse.Status, request: Request,
                context: AppRequestContext) throws -> Response {
        let t = services.texts(context)
        let dates = services.dateText(context)
        let store = services.institution
        let message = bundle.message
        let id = message.id!
        let workflow = try services.database.incomingSettings().followUp
        var allowed: [IncomingAction: ContentActor] = [:]
        for action in workflow.actions(for: message.state) {
            if let probe = Self.probe(action), let actor = try actor(for: probe, state: message.state, user: user, workflow: workflow) {
                allowed[action] = actor
            }
        }
        func href(_ action: IncomingAction) -> String? { allowed[action] == nil ? nil : SiteURL.incomingAction(id, action).path }
        let onBehalf = allowed.values.compactMap(\.onBehalfOf).first
        let actingFor = try onBehalf.flatMap { try services.database.userRecord(id: $0)?.displayName }
        var step: String?
        var holder: String?
        var waiting: String?
        var overdue = false
        if let kind = message.step {
            step = "\(FollowUpWorkflow.position(of: kind)). \(workflow.step(kind)?.name ?? kind.label(t))"
            if kind == .followUp {
                holder = bundle.division?.name
            } else {
                holder = workflow.step(kind)?.roleKey.map(store.roleName)
            }
            let time = WaitingTime(officeMinutes: store.officeCalendar.officeMinutes(from: message.stepEnteredAt, to: services.now),
                                   standardMinutes: workflow.standardMinutes(kind, category: message.category))
            waiting = t.inbox_waiting(waited: t.minutesText(time.officeMinutes),
                                      standard: time.standardMinutes.map(t.minutesText) ?? "–", since: dates.shortDateTime(message.stepEnteredAt))
            overdue = time.isOverdue
        }
        let divisions = try services.database.divisions()
        var whatsApp: String?
        if message.status == .forwarded, let division = bundle.division, allowed[.answer] == nil {
            let url = services.config.publicBaseURL + SiteURL.incomingMessage(id).path
            whatsApp = WhatsAppNumber.link(division.whatsApp, text: t.inbox_whatsapp_text(
                division: division.name, category: message.category.label(t), sender: message.sender, text: String(message.text.prefix(300)), url: url))
        }
        let events = bundle.events.map { row -> Event in
            let e = row.event
            var minutes: String?
            if let office = e.officeMinutes {
                minutes = t.minutesText(office) + (e.standardMinutes.map { " / " + t.minutesText($0) } ?? "")
            }
            var details: [String] = []
            if let division = row.divisionName, e.action == .forward { details.append(t.inbox_to_division(division: division)) }
            if let reason = e.reason { details.append(t.inbox_detail_reason(reason: reason)) }
            if let text = e.text { details.append(text) }
            if let number = e.trackingNumber { details.append(t.inbox_detail_tracking(number: number)) }
            let stepLabel = e.step.map { "\(FollowUpWorkflow.position(of: $0)). \(e.stepName.isEmpty ? $0.label(t) : e.stepName)" } ?? "–"
            return Event(at: dates.shortDateTime(e.at), step: stepLabel, action: e.action.label(t), actionKey: e.action.rawValue,
                         actor: row.onBehalfOfName.map { "\(row.actorName) a.n. \($0)" } ?? row.actorName, minutes: minutes,
                         overdue: e.officeMinutes.flatMap { office in e.standardMinutes.map { office > $0 } } ?? false,
                         detail: details.isEmpty ? nil : details.joined(separator: " · "), link: e.link)
        }
        let page = Page(
            id: id, title: t.inbox_message_title(id: "\(id)"), statusKey: message.status.rawValue,
            status: IncomingListController.statusText(message, t: t), sender: message.sender, channel: message.channel.displayName,
            kind: message.kind.label(t), category: message.category.label(t), received: dates.dateTime(message.receivedAt),
            receivedISO: LocalDateTime.format(message.receivedAt, timeZone: dates.timeZone), text: message.text, link: message.link,
            screenshotHref: bundle.screenshot.map { SiteURL.media($0.sha256).path }, screenshotName: bundle.screenshot?.originalName,
            contentHref: message.contentItemId.map { SiteURL.content($0).path }, contentTitle: bundle.contentTitle,
            creator: bundle.creatorName, division: bundle.division?.name, answer: message.answer, replyLink: message.replyLink,
            trackingNumber: message.trackingNumber, step: step, holder: holder, waiting: waiting, overdue: overdue, events: events,
            version: message.version, input: input, actingFor: actingFor,
            forwardAction: href(.forward),
            divisions: divisions.map {
                .init(value: String($0.division.id!), label: $0.activeMembers == 0 ? t.inbox_division_empty(name: $0.division.name) : $0.division.name,
                      selected: String($0.division.id!) == input.division)
            },
            dismissAction: href(.dismiss), answerAction: href(.answer), decideAction: href(.decide), referAction: href(.refer),
            referralOutcomeAction: href(.referralOutcome), postAction: href(.post),
            whatsAppHref: whatsApp, whatsAppDivision: bundle.division?.name, jsonHref: SiteURL.incomingMessage(id).path)
        return try services.render(title: page.title, request: request, context: context, status: status) {
            Templates.incomingMessage(page: page, chrome: $0, t: $1, into: &$2)
        }.response(from: request, context: context)
    }

    // MARK: acting

    func act(_ action: IncomingAction, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try load(context)
        let t = services.texts(context)
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        guard let version = data["version"].flatMap({ Int($0) }) else { throw AppError.malformedForm }
        var input = Input(division: data.trimmed("division"), reason: data.trimmed("reason"), text: data.trimmed("text"), link: data.trimmed("link"),
                          trackingNumber: data.trimmed("tracking_number"), action: action)
        let message = bundle.message
        let followUp: FollowUpAction
        switch action {
        case .log: throw AppError.notFound
        case .forward:
            guard let division = Int64(input.division) else {
                input.errors.append(t.inbox_error_choose_division)
                return try refuse(bundle, user: user, input: input, status: .unprocessableContent, request: request, context: context)
            }
            followUp = .forward(divisionId: division)
        case .dismiss: followUp = .dismiss(reason: input.reason)
        case .answer: followUp = .answer(text: input.text, reason: input.reason.isEmpty ? nil : input.reason)
        case .decide: followUp = .decide(reason: input.reason)
        case .post: followUp = .post(link: input.link)
        case .refer: followUp = .refer(trackingNumber: input.trackingNumber)
        case .referralOutcome: followUp = .referralOutcome(text: input.text, close: data["close"] == "1")
        }
        let workflow = try services.database.incomingSettings().followUp
        let actor = try actor(for: followUp, state: message.state, user: user, workflow: workflow) ?? ContentActor(userId: user.id)
        do {
            let updated = try services.database.applyFollowUp(followUp, messageId: message.id!, expectedVersion: version, by: actor,
                                                              calendar: services.institution.officeCalendar, now: services.now)
            if wantsJSON(request), let fresh = try services.database.incomingBundle(id: updated.id!) { return try json(fresh, status: .ok) }
            return .redirect(to: SiteURL.incomingMessage(updated.id!).path + "?ok=incoming_\(action.rawValue.replacingOccurrences(of: "-", with: "_"))")
        } catch IncomingError.stale(let who, let at) {
            let fresh = try load(context)
            // The same form sent twice: the first one went through; nothing more to do.
            if fresh.message.version == version + 1, let last = fresh.events.last?.event, last.action == action, last.actorId == user.id {
                if wantsJSON(request) { return try json(fresh, status: .ok) }
                return .redirect(to: SiteURL.incomingMessage(message.id!).path)
            }
            input.conflict = t.incoming_error_stale(actor: who, at: services.dateText(context).dateTime(at))
            return try refuse(fresh, user: user, input: input, status: .conflict, request: request, context: context)
        } catch let error as IncomingError {
            let text = error.message(t, dateTime: services.dateText(context).dateTime) {
                LinkText.message($0, channel: message.channel, incoming: true, services: services, context: context)
            }
            let status = HTTPResponse.Status(code: error.httpStatus)
            if status == .conflict { input.conflict = text } else { input.errors.append(text) }
            return try refuse(bundle, user: user, input: input, status: status, request: request, context: context)
        }
    }

    func refuse(_ bundle: IncomingBundle, user: CurrentUser, input: Input, status: HTTPResponse.Status, request: Request,
                context: AppRequestContext) throws -> Response {
        if wantsJSON(request) {
            let body = ErrorJSON(status: Int(status.code), error: ([input.conflict].compactMap { $0 } + input.errors).joined(separator: " "))
            return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                            body: .init(byteBuffer: ByteBuffer(data: try Self.encoder.encode(body))))
        }
        return try render(bundle, user: user, input: input, status: status, request: request, context: context)
    }

    // MARK: JSON

    struct ErrorJSON: Encodable {
        let status: Int
        let error: String
    }

    struct MessageJSON: Encodable {
        struct Event: Encodable {
            let action: String
            let step: String?
            let actor: String
            let on_behalf_of: String?
            let at: String
            let office_minutes: Int?
            let standard_minutes: Int?
            let division: String?
            let reason: String?
            let text: String?
            let link: String?
            let tracking_number: String?
        }
        let id: Int64
        let channel: String
        let sender: String
        let kind: String
        let category: String
        let received_at: String
        let text: String
        let link: String?
        let status: String
        let outcome: String?
        let step: String?
        let division: String?
        let answer: String?
        let reply_link: String?
        let tracking_number: String?
        let content_item_id: Int64?
        let version: Int
        let history: [Event]
    }

    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    func json(_ bundle: IncomingBundle, status: HTTPResponse.Status) throws -> Response {
        let m = bundle.message
        let iso = ISO8601DateFormatter()
        let body = MessageJSON(
            id: m.id!, channel: m.channel.rawValue, sender: m.sender, kind: m.kind.rawValue, category: m.category.rawValue,
            received_at: iso.string(from: m.receivedAt), text: m.text, link: m.link, status: m.status.rawValue, outcome: m.outcome?.rawValue,
            step: m.step?.rawValue, division: bundle.division?.name, answer: m.answer, reply_link: m.replyLink, tracking_number: m.trackingNumber,
            content_item_id: m.contentItemId, version: m.version,
            history: bundle.events.map {
                .init(action: $0.event.action.rawValue, step: $0.event.step?.rawValue, actor: $0.actorName, on_behalf_of: $0.onBehalfOfName,
                      at: iso.string(from: $0.event.at), office_minutes: $0.event.officeMinutes, standard_minutes: $0.event.standardMinutes,
                      division: $0.divisionName, reason: $0.event.reason, text: $0.event.text, link: $0.event.link,
                      tracking_number: $0.event.trackingNumber)
            })
        return Response(status: status, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(data: try Self.encoder.encode(body))))
    }
}

extension AppDatabase {
    /// The roles and divisions `actor` may act in today (see `followUpActor(_:_:today:)`).
    func followUpActor(_ actor: ContentActor, today: Day) throws -> FollowUpActor {
        try writer.read { db in try Self.followUpActor(db, actor, today: today) }
    }
}
