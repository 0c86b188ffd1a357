import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/content/new` and `/content/:id/edit`: the form that drafts an item or corrects it at its step.
struct ContentFormController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.contentNew.route, use: new)
        loggedIn.post(SiteURL.contentList.route, use: create)
        loggedIn.get(SiteURL.contentEdit(0).route, use: edit)
        loggedIn.post(SiteURL.contentEdit(0).route, use: update)
    }


    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        guard services.canCreate(user) else { throw services.firstStepForbidden(context) }
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
        page.zone = services.fieldZone
        page.eventAtWords = DateText.fieldWords(form.eventAt, zone: page.zone)
        page.eventEndAtWords = DateText.fieldWords(form.eventEndAt, zone: page.zone)
        page.publishAtWords = DateText.fieldWords(form.publishAt, zone: page.zone)
        page.dueOnWords = DateText.fieldWords(form.dueOn, zone: page.zone)
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
        else { throw services.firstStepForbidden(context) }
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
        case .success(let draft) where !((try? services.agendaExists(draft)) ?? false):
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
                throw services.firstStepForbidden(context)
            }
            try services.database.attachMedia(itemId: id, sha256s: received.uploads)
            return .redirect(to: SiteURL.content(id).path + "?ok=content_created")
        }
    }


    /// The content form, as a plain form or with files. Files are stored as they arrive; the ones
    /// kept from an earlier refused submission come back as `uploaded` fields.
    func readForm(_ request: inout Request, user: CurrentUser, context: AppRequestContext) async throws
        -> (fields: FormData, uploads: [String], problem: UploadProblem?) {
        let (fields, stored, problem) = try await services.readUploadForm(&request, userId: user.id, context: context)
        var uploads: [String] = []
        for sha in fields.all("uploaded") + stored.map(\.sha256) where MediaStore.isAddress(sha) && !uploads.contains(sha) {
            if try services.database.mediaFile(sha256: sha) != nil { uploads.append(sha) }
        }
        return (fields, uploads, problem)
    }


    func edit(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        let (_, step) = try services.editor(bundle, user, context)
        guard let current = bundle.revisions.last else { throw AppError.notFound }
        let form = ContentFormInput(ContentDraft(current), timeZone: services.institution.settings.timeZone)
        return try renderForm(form, isNew: false, itemId: bundle.item.id, version: bundle.item.version,
                              stepNote: services.texts(context).content_edit_note(step: step.name), errors: [],
                              status: .ok, request: request, context: context)
    }


    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let bundle = try services.loadBundle(context)
        // Someone who could edit the item earlier may be sending a form the item has moved on from
        // (it was approved meanwhile): that is answered as stale (409, who acted), not as a refusal.
        let allowed = Result { try services.editor(bundle, user, context) }
        if case .failure(let error) = allowed, !services.couldHaveEdited(bundle, user) { throw error }
        var request = request
        let received = try await readForm(&request, user: user, context: context)
        let data = received.fields
        let input = ContentFormInput(data)
        // A form without its version cannot be matched to what it was made from: it is treated as
        // stale, and comes back filled in with who changed the item last.
        let version = data["version"].flatMap({ Int($0) }) ?? -1
        if version != bundle.item.version, case .failure = allowed {
            return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: nil,
                                  errors: [try services.staleMessage(bundle, context)], status: .conflict, request: request, context: context,
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
            if try !services.agendaExists(draft) { draft.agendaId = nil }
            do {
                guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion) else { throw AppError.notFound }
                _ = try services.database.editItem(id: bundle.item.id!, expectedVersion: version, draft: draft, workflow: workflow, by: actor,
                                                   today: services.institution.today(services.now), now: services.now)
            } catch ContentError.fourEyes(let refusal) {
                guard let workflow = services.institution.workflow(version: bundle.item.workflowVersion) else { throw AppError.notFound }
                throw services.fourEyesForbidden(refusal, workflow: workflow, step: step)
            } catch ContentError.notAuthorized {
                throw services.stepForbidden(step)
            } catch ContentError.notEditable {
                throw AppError(.conflict, LocalizedMessage { $0.content_error_not_editable })
            } catch ContentError.stale(let name, let at) {
                // Keep what they typed, and say who changed the item in the meantime.
                return try renderForm(input, isNew: false, itemId: bundle.item.id, version: version, stepNote: stepNote,
                                      errors: [services.staleText(name, at, context)], status: .conflict, request: request, context: context,
                                      pendingUploads: received.uploads)
                    .response(from: request, context: context)
            }
            try services.database.attachMedia(itemId: bundle.item.id!, sha256s: received.uploads)
            return .redirect(to: SiteURL.content(bundle.item.id!).path + "?ok=content_saved")
        }
    }
}
