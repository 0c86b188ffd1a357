import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Content items: the list, the form, the item page (HTML or JSON) and the workflow actions.
struct ContentController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.contentList.route, use: list)
        loggedIn.get(SiteURL.contentNew.route, use: new)
        loggedIn.post(SiteURL.contentList.route, use: create)
        loggedIn.get(SiteURL.content(0).route, use: show)
        loggedIn.get(SiteURL.contentEdit(0).route, use: edit)
        loggedIn.post(SiteURL.contentEdit(0).route, use: update)
        loggedIn.post(SiteURL.contentReopen(0).route) { request, context in
            try await updateAfterPublishing(.workflow, request: request, context: context)
        }
        loggedIn.post(SiteURL.contentUpdate(0).route) { request, context in
            try await updateAfterPublishing(.direct, request: request, context: context)
        }
        for action in WorkflowAction.allCases {
            loggedIn.post(SiteURL.contentAction(0, action).route) { request, context in
                try await act(action, request: request, context: context)
            }
        }
    }

    // MARK: list

    struct ListPage: Sendable {
        struct Row: Sendable {
            let href: String
            let title: String
            let kind: String
            let statusKey: String
            let status: String
            let step: String
            let creator: String
            let updated: String
        }
        let rows: [Row]
        let filters: [ChoiceOption]
        let canCreate: Bool
        let nextHref: String?
        let previousHref: String?
    }

    static let pageSize = 50

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let query = request.uri.queryParameters
        let status = query.get("status").flatMap(ItemStatus.init(rawValue:))
        let page = SiteURL.pageNumber(query)
        let rows = try services.database.items(status: status, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let dates = services.dateText(context)
        let model = ListPage(
            rows: rows.prefix(Self.pageSize).map { row in
                let item = row.item
                let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position)
                return .init(
                    href: SiteURL.content(item.id!).path, title: item.title, kind: item.kind.label(services.texts(context)),
                    statusKey: item.status.rawValue, status: item.status.label(services.texts(context)),
                    step: item.status == .published ? "–" : "\(item.position). \(step?.name ?? "")",
                    creator: row.creatorName, updated: dates.shortDateTime(item.updatedAt))
            },
            filters: ItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == status) },
            canCreate: canCreate(user),
            nextHref: rows.count > Self.pageSize ? SiteURL.contentList.with([("status", status?.rawValue), ("page", "\(page + 1)")]) : nil,
            previousHref: page > 1 ? SiteURL.contentList.with([("status", status?.rawValue), ("page", "\(page - 1)")]) : nil)
        return services.render(title: services.texts(context).content_list_title, request: request, context: context) {
            Templates.contentList(page: model, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: create

    func canCreate(_ user: CurrentUser) -> Bool {
        guard let first = services.institution.currentWorkflow?.workflow.step(at: 1) else { return false }
        return user.actor(for: first.roleKey) != nil
    }

    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        guard canCreate(user) else { throw firstStepForbidden(context) }
        var form = ContentFormInput()
        form.channels = services.institution.settings.channels.map(\.rawValue)
        let query = NewContentQuery(request.uri.queryParameters)
        let timeZone = services.institution.settings.timeZone
        let dates = services.dateText(context)
        var note: String?
        func local(_ date: Date) -> String { LocalDateTime.format(date, timeZone: timeZone) }
        if let agendaId = query.agendaId {
            // From an agenda item: coverage the same day after it ends, or the H-3 infographic.
            guard let agenda = try services.database.agendaItem(id: agendaId) else { throw AppError(.notFound, LocalizedMessage { $0.agenda_error_not_found }) }
            form.agendaId = String(agendaId)
            form.eventAt = local(agenda.startsAt)
            form.eventEndAt = local(agenda.endsAt)
            form.source = ContentSource.dailyAgenda.rawValue
            if query.plan == .infographic {
                form.kind = ContentKind.infografisRencana.rawValue
                form.title = services.texts(context).plan_infographic_title(title: agenda.title)
                form.publishAt = local(PlanFromAgenda.infographicPublishAt(eventStart: agenda.startsAt, timeZone: timeZone))
            } else {
                form.kind = ContentKind.kegiatan.rawValue
                form.title = services.texts(context).plan_coverage_title(title: agenda.title)
                form.publishAt = local(PlanFromAgenda.coveragePublishAt(eventEnd: agenda.endsAt, timeZone: timeZone))
            }
            form.title = String(form.title.prefix(ContentFormInput.maximumTitle))
            note = services.texts(context).plan_from_agenda(title: agenda.title, at: dates.dateTime(agenda.startsAt))
        } else if query.plan == .greeting, let day = query.date {
            // From a holiday or commemoration day: a greeting due on or before it.
            let name = String((query.name ?? "").prefix(150))
            form.kind = ContentKind.ucapan.rawValue
            form.dueOn = day.description
            form.title = name.isEmpty ? services.texts(context).plan_greeting_title_plain : services.texts(context).plan_greeting_title(name: name)
            form.publishAt = local(PlanFromAgenda.greetingPublishAt(day: day, timeZone: timeZone))
            note = services.texts(context).plan_for_day(name: name, day: dates.longDate(day: day))
        } else if let day = query.date {
            // From the calendar: "buat konten" for a day.
            form.publishAt = "\(day)T09:00"
        }
        return try renderForm(form, isNew: true, itemId: nil, version: nil, stepNote: nil, errors: [], status: .ok, request: request, context: context,
                              agendaNote: note)
    }

    /// A planned item names an agenda item that still exists (or none).
    func agendaExists(_ draft: ContentDraft) throws -> Bool {
        guard let id = draft.agendaId else { return true }
        return try services.database.agendaItem(id: id) != nil
    }

    func firstStepForbidden(_ context: AppRequestContext) -> AppError {
        let role = services.institution.currentWorkflow?.workflow.step(at: 1).map { services.institution.roleName($0.roleKey) } ?? "–"
        return AppError(.forbidden, LocalizedMessage { $0.content_error_cannot_create(role: role) })
    }

    func renderForm(_ form: ContentFormInput, isNew: Bool, itemId: Int64?, version: Int?, stepNote: String?, errors: [String],
                    status: HTTPResponse.Status, request: Request, context: AppRequestContext, pendingUploads: [String] = [],
                    agendaNote: String? = nil) throws -> HTML {
        var uploads: [ContentFormPage.UploadRow] = []
        for record in try (itemId.map { try services.database.media(itemId: $0) } ?? []) {
            uploads.append(.init(sha256: record.sha256, name: record.originalName, href: SiteURL.media(record.sha256).path,
                                 isImage: record.contentType.hasPrefix("image/"), pending: false))
        }
        for sha in pendingUploads where !uploads.contains(where: { $0.sha256 == sha }) {
            if let record = try services.database.mediaFile(sha256: sha) {
                uploads.append(.init(sha256: sha, name: record.originalName, href: SiteURL.media(sha).path,
                                     isImage: record.contentType.hasPrefix("image/"), pending: true))
            }
        }
        let settings = services.institution.settings
        let plain = Markdown.plainText(form.caption)
        let rule = CaptionRule(limit: settings.captionLimit)
        var page = ContentFormPage(
            isNew: isNew,
            action: itemId.map { SiteURL.contentEdit($0).path } ?? SiteURL.contentList.path,
            cancelHref: itemId.map { SiteURL.content($0).path } ?? SiteURL.home.path,
            version: version, form: form,
            kinds: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0.rawValue == form.kind) },
            sources: ContentSource.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0.rawValue == form.source) },
            channels: settings.channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: form.channels.contains($0.rawValue)) },
            errors: errors, captionCount: rule.count(plain), captionLimit: rule.limit, captionOver: rule.excess(plain) != nil,
            stepNote: stepNote, uploads: uploads,
            platformCounts: settings.channels.compactMap { channel in
                settings.platformLimits.captionLimit(for: channel).map { limit in
                    .init(channel: channel.rawValue, label: channel.displayName, limit: limit, count: rule.count(plain), over: rule.count(plain) > limit,
                          selected: form.channels.contains(channel.rawValue))
                }
            })
        page.agendaId = form.agendaId.isEmpty ? nil : form.agendaId
        if let agendaNote {
            page.agendaNote = agendaNote
        } else if let id = Int64(form.agendaId), let agenda = try services.database.agendaItem(id: id) {
            page.agendaNote = services.texts(context).plan_from_agenda(title: agenda.title, at: services.dateText(context).dateTime(agenda.startsAt))
        }
        let title = isNew ? services.texts(context).content_new_title : services.texts(context).content_edit_title
        return services.render(title: title, request: request, context: context, status: status) {
            Templates.contentForm(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard let (version, workflow) = services.institution.currentWorkflow, let first = workflow.step(at: 1),
              let actor = user.actor(for: first.roleKey)
        else { throw firstStepForbidden(context) }
        var request = request
        let received = try await readForm(&request, user: user, context: context)
        let input = ContentFormInput(received.fields)
        if let problem = received.problem {
            return try renderForm(input, isNew: true, itemId: nil, version: nil, stepNote: nil, errors: [services.uploadProblemText(problem, context)],
                                  status: UploadProblem.status(problem), request: request, context: context, pendingUploads: received.uploads)
                .response(from: request, context: context)
        }
        let settings = services.institution.settings
        switch input.validate(allowedChannels: settings.channels, captionRule: CaptionRule(limit: settings.captionLimit), timeZone: settings.timeZone) {
        case .failure(let problems):
            return try renderForm(input, isNew: true, itemId: nil, version: nil, stepNote: nil,
                                  errors: problems.problems.map { services.text($0.message, context) },
                                  status: .unprocessableContent, request: request, context: context, pendingUploads: received.uploads)
                .response(from: request, context: context)
        case .success(let draft) where !((try? agendaExists(draft)) ?? false):
            return try renderForm(input, isNew: true, itemId: nil, version: nil, stepNote: nil,
                                  errors: [services.texts(context).content_error_agenda],
                                  status: .unprocessableContent, request: request, context: context, pendingUploads: received.uploads)
                .response(from: request, context: context)
        case .success(let draft):
            let id: Int64
            do {
                id = try services.database.createItem(draft, workflowVersion: version, firstStep: first, by: actor,
                                                      today: services.institution.today(services.now), now: services.now)
            } catch ContentError.notAuthorized {
                throw firstStepForbidden(context)
            }
            try services.database.attachMedia(itemId: id, sha256s: received.uploads)
            return .redirect(to: SiteURL.content(id).path + "?ok=content_created")
        }
    }

    /// The content form, as a plain form or with files. Files are stored as they arrive; the ones
    /// kept from an earlier refused submission come back as `uploaded` fields.
    func readForm(_ request: inout Request, user: CurrentUser, context: AppRequestContext) async throws
        -> (fields: FormData, uploads: [String], problem: UploadProblem?) {
        var fields: FormData
        var stored: [StoredUpload] = []
        var problem: UploadProblem?
        if request.isMultipart {
            let form = try await request.multipartForm(store: services.media, limits: services.config.uploadLimits,
                                                       fieldLimit: services.config.maxBodyBytes, csrfToken: context.csrfToken)
            if form.problem == .csrf { throw AppError.csrf }
            fields = form.fields
            stored = form.files
            problem = form.problem
            try services.database.recordUploads(stored, by: user.id, now: services.now)
        } else {
            fields = try await request.form(limit: services.config.maxBodyBytes)
        }
        var uploads: [String] = []
        for sha in fields.all("uploaded") + stored.map(\.sha256) where MediaStore.isAddress(sha) && !uploads.contains(sha) {
            if try services.database.mediaFile(sha256: sha) != nil { uploads.append(sha) }
        }
        return (fields, uploads, problem)
    }

    // MARK: show

    func loadBundle(_ context: AppRequestContext) throws -> AppDatabase.ItemBundle {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.itemBundle(id: id) else {
            throw AppError.notFound
        }
        return bundle
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try loadBundle(context)
        if request.headers[.accept]?.contains("application/json") == true {
            return try json(bundle)
        }
        let query = request.uri.queryParameters
        return try renderItem(bundle, user: user, input: ActionInput(), compare: (query.get("from", as: Int.self), query.get("to", as: Int.self)),
                              status: .ok, request: request, context: context)
    }

    func renderItem(_ bundle: AppDatabase.ItemBundle, user: CurrentUser, input: ActionInput, compare: (from: Int?, to: Int?) = (nil, nil),
                    status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> Response {
        let page = try services.itemPage(bundle, user: user, input: input, compare: compare, request: request, context: context)
        return try services.render(title: bundle.item.title, request: request, context: context, status: status) {
            Templates.contentItem(page: page, chrome: $0, t: $1, into: &$2)
        }
            .response(from: request, context: context)
    }

    struct ItemJSON: Encodable {
        struct Link: Encodable {
            let channel: String
            let url: String
            let recordedAt: String
            /// When a newer link replaced it; absent while it is current.
            let replacedAt: String?
            let status: String

            enum CodingKeys: String, CodingKey {
                case channel, url, status
                case recordedAt = "recorded_at"
                case replacedAt = "replaced_at"
            }
        }
        struct Event: Encodable {
            let action: String
            let step_position: Int
            let to_position: Int
            let actor: String
            let on_behalf_of: String?
            let at: String
            let comment: String?
            let revision: Int
        }
        let id: Int64
        let title: String
        let kind: String
        let status: String
        let step_position: Int
        let step_name: String
        let step_role: String
        let version: Int
        let revision: Int
        let channels: [String]
        let links: [Link]
        let history: [Event]
    }

    func json(_ bundle: AppDatabase.ItemBundle) throws -> Response {
        let item = bundle.item
        let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position)
        let channels = bundle.revisions.last { $0.number == item.revision }.map { ContentDraft($0).channels.map(\.rawValue) } ?? []
        let iso = ISO8601DateFormatter()
        let body = ItemJSON(
            id: item.id!, title: item.title, kind: item.kind.rawValue, status: item.status.rawValue, step_position: item.position,
            step_name: step?.name ?? "", step_role: step?.roleKey.rawValue ?? "", version: item.version, revision: item.revision, channels: channels,
            links: bundle.links.map {
                .init(channel: $0.channel.rawValue, url: $0.url, recordedAt: ISO8601DateFormatter().string(from: $0.createdAt),
                      replacedAt: $0.replacedAt.map { ISO8601DateFormatter().string(from: $0) }, status: $0.status.rawValue)
            },
            history: bundle.events.map {
                .init(action: $0.event.action.rawValue, step_position: $0.event.fromPosition, to_position: $0.event.toPosition, actor: $0.actorName,
                      on_behalf_of: $0.onBehalfOfName, at: iso.string(from: $0.event.at), comment: $0.event.comment, revision: $0.event.revision)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
    }

    // MARK: edit

    /// Who may edit now: a holder of the current step's role (or their delegate), at a work or a
    /// decide step. At a decide step this is the decider correcting the caption or the channels.
    func editor(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser, _ context: AppRequestContext) throws -> (ContentActor, WorkflowStep) {
        let item = bundle.item
        guard item.status != .published,
              let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position), step.kind != .publish
        else { throw AppError(.conflict, LocalizedMessage { $0.content_error_not_editable }) }
        guard let actor = user.actor(for: step.roleKey) else { throw stepForbidden(step) }
        // At a decide step, editing is the decider's correction: only for someone who may decide.
        if let workflow = services.institution.workflow(version: item.workflowVersion),
           let refusal = FourEyes.refusal(
               userId: actor.userId, onBehalfOf: actor.onBehalfOf, at: item.position, workflow: workflow, creatorId: item.createdBy,
               events: bundle.events.compactMap(\.fourEyesEvent), separateDeciders: services.institution.settings.separateDeciders) {
            throw fourEyesForbidden(refusal, workflow: workflow, step: step)
        }
        return (actor, step)
    }

    /// Whether `user` could have opened this item's edit form at some point of its history: a
    /// refused edit from them is then most likely one that lost a race, answered as stale.
    func couldHaveEdited(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser) -> Bool {
        guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion) else { return false }
        return bundle.events.contains { row in
            guard let step = workflow.step(at: row.event.fromPosition), step.kind != .publish else { return false }
            return user.actor(for: step.roleKey) != nil
        }
    }

    /// The four-eyes refusal as a page in the person's language (403).
    func fourEyesForbidden(_ refusal: FourEyes.Refusal, workflow: Workflow, step: WorkflowStep) -> AppError {
        switch refusal {
        case .authored:
            return AppError(.forbidden, LocalizedMessage { $0.content_error_four_eyes_authored })
        case .decidedAtAnotherLevel(let position):
            return AppError(.forbidden, LocalizedMessage { $0.content_error_four_eyes_level(position: "\(position)", step: workflow.step(at: position)?.name ?? "–", role: services.institution.roleName(step.roleKey)) })
        }
    }

    func stepForbidden(_ step: WorkflowStep) -> AppError {
        AppError(.forbidden, LocalizedMessage { $0.content_error_wrong_role(step: step.name, role: services.institution.roleName(step.roleKey)) })
    }

    func edit(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let bundle = try loadBundle(context)
        let (_, step) = try editor(bundle, user, context)
        guard let current = bundle.revisions.last else { throw AppError.notFound }
        let form = ContentFormInput(ContentDraft(current), timeZone: services.institution.settings.timeZone)
        return try renderForm(form, isNew: false, itemId: bundle.item.id, version: bundle.item.version,
                              stepNote: services.texts(context).content_edit_note(step: step.name), errors: [],
                              status: .ok, request: request, context: context)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try loadBundle(context)
        // Someone who could edit the item earlier may be sending a form the item has moved on from
        // (it was approved meanwhile): that is answered as stale (409, who acted), not as a refusal.
        let allowed = Result { try editor(bundle, user, context) }
        if case .failure(let error) = allowed, !couldHaveEdited(bundle, user) { throw error }
        var request = request
        let received = try await readForm(&request, user: user, context: context)
        let data = received.fields
        let input = ContentFormInput(data)
        // A form without its version cannot be matched to what it was made from: it is treated as
        // stale, and comes back filled in with who changed the item last.
        let version = data["version"].flatMap({ Int($0) }) ?? -1
        if version != bundle.item.version, case .failure = allowed {
            return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: nil,
                                  errors: [try staleMessage(bundle, context)], status: .conflict, request: request, context: context,
                                  pendingUploads: received.uploads)
                .response(from: request, context: context)
        }
        let (actor, step) = try allowed.get()
        let settings = services.institution.settings
        let stepNote = services.texts(context).content_edit_note(step: step.name)
        if let problem = received.problem {
            return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: stepNote,
                                  errors: [services.uploadProblemText(problem, context)], status: UploadProblem.status(problem), request: request, context: context,
                                  pendingUploads: received.uploads).response(from: request, context: context)
        }
        switch input.validate(allowedChannels: settings.channels, captionRule: CaptionRule(limit: settings.captionLimit), timeZone: settings.timeZone) {
        case .failure(let problems):
            return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: stepNote,
                                  errors: problems.problems.map { services.text($0.message, context) },
                                  status: .unprocessableContent, request: request, context: context, pendingUploads: received.uploads)
                .response(from: request, context: context)
        case .success(var draft):
            // The agenda item it was planned from may have been deleted since: the link goes too.
            if try !agendaExists(draft) { draft.agendaId = nil }
            do {
                guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion) else { throw AppError.notFound }
                _ = try services.database.editItem(id: bundle.item.id!, expectedVersion: version, draft: draft, workflow: workflow, by: actor,
                                                   today: services.institution.today(services.now), now: services.now)
            } catch ContentError.fourEyes(let refusal) {
                guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion) else { throw AppError.notFound }
                throw fourEyesForbidden(refusal, workflow: workflow, step: step)
            } catch ContentError.notAuthorized {
                throw stepForbidden(step)
            } catch ContentError.notEditable {
                throw AppError(.conflict, LocalizedMessage { $0.content_error_not_editable })
            } catch ContentError.stale(let name, let at) {
                // Keep what they typed, and say who changed the item in the meantime.
                return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: stepNote,
                                      errors: [staleText(name, at, context)], status: .conflict, request: request, context: context,
                                      pendingUploads: received.uploads)
                    .response(from: request, context: context)
            }
            try services.database.attachMedia(itemId: bundle.item.id!, sha256s: received.uploads)
            return .redirect(to: SiteURL.content(bundle.item.id!).path + "?ok=content_saved")
        }
    }

    /// Every channel's live link, checked against that platform's URL forms and normalised; or
    /// what is wrong with each, naming the form expected.
    func checkedLinks(channels: [Channel], input: ActionInput, context: AppRequestContext) -> ([(channel: Channel, url: String)], [String]) {
        var links: [(channel: Channel, url: String)] = []
        var errors: [String] = []
        let domains = services.institution.settings.websiteDomains
        for channel in channels {
            let typed = input.links[channel.rawValue] ?? ""
            if typed.isEmpty {
                errors.append(services.texts(context).content_error_link_required(channel: channel.displayName))
                continue
            }
            switch PlatformLinks.validate(typed, channel: channel, ownDomains: domains) {
            case .success(let url): links.append((channel, url))
            case .failure(let problem): errors.append(LinkText.message(problem, channel: channel, services: services, context: context))
            }
        }
        return (links, errors)
    }

    func staleText(_ name: String, _ at: Date, _ context: AppRequestContext) -> String {
        services.texts(context).content_error_stale(actor: name, at: services.dateText(context).dateTime(at))
    }

    // MARK: actions

    func act(_ action: WorkflowAction, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try loadBundle(context)
        let item = bundle.item
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        guard let version = data["version"].flatMap({ Int($0) }) else { throw AppError.malformedForm }
        guard let workflow = services.institution.workflow(version: item.workflowVersion) else { throw AppError.notFound }

        var input = ActionInput(comment: data.trimmed("comment"), reason: data.trimmed("reason"))
        for channel in Channel.allCases { input.links[channel.rawValue] = data.trimmed("link_\(channel.rawValue)") }

        // Someone else moved the item first: say who and when, and show where it is now.
        if version != item.version {
            input.conflict = try staleMessage(bundle, context)
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        if item.status == .published {
            input.conflict = services.texts(context).content_error_already_published
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        guard let step = workflow.step(at: item.position) else { throw AppError.notFound }
        guard let actor = user.actor(for: step.roleKey) else { throw stepForbidden(step) }
        guard step.kind == action.stepKind else {
            input.conflict = services.texts(context).content_error_action_not_here(step: step.name)
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }

        var comment: String? = input.comment
        var links: [(channel: Channel, url: String)] = []
        switch action {
        case .reject:
            if input.reason.isEmpty { input.errors.append(services.texts(context).content_error_reason_required) }
            comment = input.reason
        case .publish:
            comment = nil
            let channels = bundle.revisions.last { $0.number == item.revision }.map { ContentDraft($0).channels } ?? []
            (links, input.errors) = checkedLinks(channels: channels, input: input, context: context)
        case .submit:
            // The SOP's timing rules, where the institution enforces them: named, with the dates.
            if let revision = bundle.revisions.last(where: { $0.number == item.revision }) {
                let draft = ContentDraft(revision)
                let settings = services.institution.settings
                let violations = TimingRules.check(
                    kind: draft.kind, publishAt: draft.publishAt, eventStart: draft.eventAt, eventEnd: draft.eventEndAt, dueDay: draft.dueOn,
                    timeZone: settings.timeZone, enabled: settings.timingRules)
                input.errors += violations.map { TimingText.message($0, services: services, context: context) }
            }
        case .approve:
            break
        }
        if (comment?.count ?? 0) > 4000 { input.errors.append(services.texts(context).content_error_comment_long) }
        guard input.errors.isEmpty else {
            return try renderItem(bundle, user: user, input: input, status: .unprocessableContent, request: request, context: context)
        }

        do {
            _ = try services.database.applyAction(
                action, itemId: item.id!, expectedVersion: version, workflow: workflow, by: actor, comment: comment, links: links,
                calendar: services.institution.officeCalendar, now: services.now)
        } catch ContentError.stale {
            let fresh = try loadBundle(context)
            input.conflict = try staleMessage(fresh, context)
            return try renderItem(fresh, user: user, input: input, status: .conflict, request: request, context: context)
        } catch ContentError.fourEyes(let refusal) {
            throw fourEyesForbidden(refusal, workflow: workflow, step: step)
        } catch ContentError.notAuthorized {
            throw stepForbidden(step)
        } catch ContentError.transition {
            input.conflict = services.texts(context).content_error_action_not_here(step: step.name)
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        return .redirect(to: SiteURL.content(item.id!).path + "?ok=content_\(action.rawValue)")
    }

    /// "Sudah diproses oleh Budi pada Sabtu, 21 November 2026, 10.05 WIB."
    func staleMessage(_ bundle: AppDatabase.ItemBundle, _ context: AppRequestContext) throws -> String {
        guard let last = bundle.events.last else { return services.texts(context).content_error_stale_unknown }
        return staleText(services.actorText(last.actorName, last.onBehalfOfName), last.event.at, context)
    }

    // MARK: updates after publishing ("pemutakhiran")

    /// The publishing role starts an update of a published item: checks shared by both ways.
    func updater(_ bundle: AppDatabase.ItemBundle, _ user: CurrentUser, _ data: FormData, _ context: AppRequestContext)
        throws -> (actor: ContentActor, step: WorkflowStep, workflow: Workflow, version: Int, input: ActionInput) {
        guard let version = data["version"].flatMap({ Int($0) }) else { throw AppError.malformedForm }
        guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion),
              let step = workflow.publishPosition.flatMap(workflow.step(at:)) else { throw AppError.notFound }
        guard let actor = user.actor(for: step.roleKey) else { throw stepForbidden(step) }
        var input = ActionInput(comment: "", reason: data.trimmed("reason"))
        for channel in Channel.allCases { input.links[channel.rawValue] = data.trimmed("link_\(channel.rawValue)") }
        return (actor, step, workflow, version, input)
    }

    /// An update of a published item, one of the two ways: through the workflow again (`reopen`:
    /// back to the first step with the reason) or straight by the publishing role (`update`: the
    /// reason and the links of replaced posts). The institution's setting says which one it uses.
    func updateAfterPublishing(_ way: UpdatePolicy, request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try loadBundle(context)
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        var (actor, step, workflow, version, input) = try updater(bundle, user, data, context)
        if version != bundle.item.version {
            input.conflict = try staleMessage(bundle, context)
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        guard bundle.item.status == .published else {
            input.conflict = services.texts(context).update_error_not_published
            return try renderItem(bundle, user: user, input: input, status: .conflict, request: request, context: context)
        }
        if services.institution.settings.updatePolicy != way {
            input.errors.append((way == .workflow ? services.texts(context).update_error_policy_direct : services.texts(context).update_error_policy_workflow))
        }
        if input.reason.isEmpty { input.errors.append(services.texts(context).update_error_reason) }
        if input.reason.count > 4000 { input.errors.append(services.texts(context).content_error_comment_long) }
        var links: [(channel: Channel, url: String)] = []
        if way == .direct {
            let channels = bundle.revisions.last { $0.number == bundle.item.revision }.map { ContentDraft($0).channels } ?? []
            let problems: [String]
            (links, problems) = checkedLinks(channels: channels, input: input, context: context)
            input.errors += problems
        }
        guard input.errors.isEmpty else {
            return try renderItem(bundle, user: user, input: input, status: .unprocessableContent, request: request, context: context)
        }
        do {
            switch way {
            case .workflow:
                _ = try services.database.reopenItem(id: bundle.item.id!, expectedVersion: version, workflow: workflow, reason: input.reason,
                                                     by: actor, today: services.institution.today(services.now), now: services.now)
            case .direct:
                _ = try services.database.updatePublished(id: bundle.item.id!, expectedVersion: version, step: step, reason: input.reason,
                                                          links: links, by: actor, today: services.institution.today(services.now), now: services.now)
            }
        } catch ContentError.notAuthorized {
            throw stepForbidden(step)
        } catch ContentError.stale, ContentError.notPublished {
            let fresh = try loadBundle(context)
            input.conflict = try staleMessage(fresh, context)
            return try renderItem(fresh, user: user, input: input, status: .conflict, request: request, context: context)
        }
        return .redirect(to: SiteURL.content(bundle.item.id!).path + (way == .workflow ? "?ok=content_reopened" : "?ok=content_updated"))
    }
}
