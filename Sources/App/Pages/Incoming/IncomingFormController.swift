import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird

/// `GET /pesan/baru` and `POST /pesan`: logging an incoming message in one short phone form. A
/// pasted comment link fills the channel and the link; the screenshot is an image upload, stored
/// like content media.
struct IncomingFormController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingNew.route, use: new)
        loggedIn.post(SiteURL.incoming.route, use: create)
    }

    /// How `user` logs a message: the log step's role (themselves or "a.n." its holder), or as an
    /// administrator; nil when they may not.
    static func logActor(_ user: CurrentUser, _ workflow: FollowUpWorkflow) -> ContentActor? {
        guard let role = workflow.step(.log)?.roleKey else { return ContentActor(userId: user.id) }
        if let actor = user.actor(for: role) { return actor }
        return user.roles.isAdmin ? ContentActor(userId: user.id) : nil
    }

    struct Input: Sendable, Equatable {
        var paste = ""
        var channel = ""
        var sender = ""
        var receivedAt = ""
        var kind = MessageKind.comment.rawValue
        var category = MessageCategory.pertanyaan.rawValue
        var text = ""
        var link = ""
        var contentItemId = ""
        /// A screenshot uploaded with an earlier, refused submission.
        var screenshot = ""

        init() {}

        init(_ fields: FormData) {
            paste = fields.trimmed("paste")
            channel = fields.trimmed("channel")
            sender = fields.trimmed("sender")
            receivedAt = fields.trimmed("received_at")
            kind = fields.trimmed("kind")
            category = fields.trimmed("category")
            text = String((fields["text"] ?? "").prefix(IncomingDraft.maximumTextLength + 1_000))
            link = fields.trimmed("link")
            contentItemId = fields.trimmed("content_item")
            screenshot = fields.trimmed("uploaded")
        }
    }

    struct Page: Sendable {
        let action: String
        let cancelHref: String
        let input: Input
        let errors: [String]
        let channels: [ChoiceOption]
        let kinds: [ChoiceOption]
        let categories: [ChoiceOption]
        let contentItems: [ChoiceOption]
        let receivedWords: String
        let zone: String
        let screenshotHref: String?
        let screenshotName: String?
        let script: String
    }

    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let settings = try services.database.incomingSettings()
        guard Self.logActor(user, settings.followUp) != nil else { throw forbidden(settings.followUp, context) }
        var input = Input()
        input.receivedAt = LocalDateTime.format(services.now, timeZone: services.institution.settings.timeZone)
        input.channel = services.institution.settings.channels.first?.rawValue ?? Channel.instagram.rawValue
        if let item = request.uri.queryParameters.get("content", as: Int64.self) { input.contentItemId = String(item) }
        return try render(input, errors: [], status: .ok, request: request, context: context)
    }

    func forbidden(_ workflow: FollowUpWorkflow, _ context: AppRequestContext) -> AppError {
        let role = workflow.step(.log)?.roleKey.map(services.institution.roleName) ?? ""
        return AppError(.forbidden, LocalizedMessage { $0.inbox_error_cannot_log(role: role) })
    }

    func render(_ input: Input, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let t = services.texts(context)
        let dates = services.dateText(context)
        let settings = services.institution.settings
        var channels = settings.channels
        for channel in Channel.allCases where !channels.contains(channel) { channels.append(channel) }
        var items = try services.database.recentPublishedItems(limit: 30)
        if let id = Int64(input.contentItemId), !items.contains(where: { $0.id == id }),
           let title = try services.database.contentTitle(id: id) { items.insert((id, title), at: 0) }
        let screenshot = MediaStore.isAddress(input.screenshot) ? try services.database.mediaFile(sha256: input.screenshot) : nil
        let page = Page(
            action: SiteURL.incoming.path, cancelHref: SiteURL.incoming.path, input: input, errors: errors,
            channels: channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0.rawValue == input.channel) },
            kinds: MessageKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == input.kind) },
            categories: MessageCategory.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == input.category) },
            contentItems: items.map { .init(value: String($0.id), label: $0.title, selected: String($0.id) == input.contentItemId) },
            receivedWords: LocalDateTime.parse(input.receivedAt, timeZone: settings.timeZone).map(dates.dateTime) ?? "",
            zone: dates.zoneAbbreviation(at: services.now),
            screenshotHref: screenshot.map { SiteURL.media($0.sha256).path }, screenshotName: screenshot?.originalName,
            script: SiteURL.asset("js/incoming.js").path)
        return services.render(title: t.inbox_new_title, request: request, context: context, status: status) {
            Templates.incomingForm(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let settings = try services.database.incomingSettings()
        guard let actor = Self.logActor(user, settings.followUp) else { throw forbidden(settings.followUp, context) }
        let t = services.texts(context)
        // A screenshot is a picture: a video is refused, and not kept.
        var request = request
        let (fields, stored, problem) = try await services.readUploadForm(&request, userId: user.id, context: context) {
            $0.type.mimeType.hasPrefix("image/")
        }
        var input = Input(fields)
        if let file = stored.first { input.screenshot = file.sha256 }
        if let problem {
            return try render(input, errors: [services.uploadProblemText(problem, context)], status: UploadProblem.status(problem),
                              request: request, context: context).response(from: request, context: context)
        }
        let store = services.institution.settings
        var errors: [String] = []
        // The pasted link decides the channel and the link.
        if !input.paste.isEmpty {
            switch IncomingLinks.paste(input.paste, ownDomains: store.websiteDomains) {
            case .success(let pasted):
                input.channel = pasted.channel.rawValue
                input.link = pasted.link
                input.paste = ""
            case .failure:
                errors.append(t.inbox_error_paste)
            }
        }
        let channel = Channel(rawValue: input.channel)
        let kind = MessageKind(rawValue: input.kind)
        let category = MessageCategory(rawValue: input.category)
        if channel == nil { errors.append(t.inbox_error_channel) }
        if kind == nil { errors.append(t.inbox_error_kind) }
        if category == nil { errors.append(t.inbox_error_category) }
        let receivedAt = LocalDateTime.parse(input.receivedAt, timeZone: store.timeZone)
        if receivedAt == nil { errors.append(t.inbox_error_received) }
        var contentItemId: Int64?
        if !input.contentItemId.isEmpty {
            if let id = Int64(input.contentItemId), id > 0 { contentItemId = id } else { errors.append(t.incoming_error_unknown_content) }
        }
        guard errors.isEmpty, let channel, let kind, let category, let receivedAt else {
            return try render(input, errors: errors, status: .unprocessableContent, request: request, context: context)
                .response(from: request, context: context)
        }
        let draft = IncomingDraft(channel: channel, sender: input.sender, receivedAt: receivedAt, kind: kind, category: category, text: input.text,
                                  link: input.link.isEmpty ? nil : input.link, screenshotSha256: input.screenshot.isEmpty ? nil : input.screenshot,
                                  contentItemId: contentItemId)
        do {
            let message = try services.database.logMessage(draft, by: actor, calendar: services.institution.officeCalendar, now: services.now)
            return .redirect(to: SiteURL.incomingMessage(message.id!).path + "?ok=incoming_logged")
        } catch IncomingError.duplicate(let existing) {
            // The same form sent twice: the message stands once; show it.
            return .redirect(to: SiteURL.incomingMessage(existing).path + "?ok=incoming_duplicate")
        } catch let error as IncomingError {
            if case .transition(.wrongRole) = error { throw forbidden(settings.followUp, context) }
            let text = error.message(t, dateTime: services.dateText(context).dateTime) {
                LinkText.message($0, channel: channel, incoming: true, services: services, context: context)
            }
            return try render(input, errors: [text], status: HTTPResponse.Status(code: error.httpStatus), request: request, context: context)
                .response(from: request, context: context)
        }
    }
}

extension AppDatabase {
    /// The latest published items, for the message's "related content" choice.
    func recentPublishedItems(limit: Int) throws -> [(id: Int64, title: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, title FROM contentItem WHERE status = ? ORDER BY publishedAt DESC, id DESC LIMIT ?
                """, arguments: [ItemStatus.published.rawValue, limit]).map { ($0[0], $0[1]) }
        }
    }

    func contentTitle(id: Int64) throws -> String? {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT title FROM contentItem WHERE id = ?", arguments: [id]) }
    }
}
