import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/agenda`: the leadership's agenda. Everyone signed in lists, adds, edits and deletes items;
/// the roles that keep the agenda (see `AppServices.agendaImportRoles`) import iCalendar files
/// from e-office systems, Google Calendar or Outlook.
///
/// The reads are `AgendaQuery.swift`, the models and the form `AgendaPage.swift`, the iCalendar
/// reading `AgendaImport.swift`.
struct AgendaController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.agenda.route, use: list)
        loggedIn.post(SiteURL.agenda.route, use: create)
        loggedIn.get(SiteURL.agendaNew.route, use: new)
        loggedIn.post(SiteURL.agendaImport.route, use: importFile)
        loggedIn.post(SiteURL.agendaImportConfirm.route, use: confirmImport)
        loggedIn.get(SiteURL.agendaItem(0).route, use: edit)
        loggedIn.post(SiteURL.agendaItem(0).route, use: update)
        loggedIn.post(SiteURL.agendaDelete(0).route, use: delete)
    }

    // MARK: list

    static let importLimit = 2 * 1024 * 1024

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try renderList(request: request, context: context, importErrors: [], status: .ok)
    }

    func renderList(request: Request, context: AppRequestContext, importErrors: [String], status: HTTPResponse.Status,
                    importOwner: String = "", preview: ImportPreview? = nil) throws -> HTML {
        let month = try SiteURL.month(request.uri.queryParameters.get("month"), today: services.institution.today(services.now))
        let (occurrences, truncated) = try AgendaQuery(database: services.database, calendar: services.institution.officeCalendar,
                                                       timeZone: services.institution.settings.timeZone).month(month)
        let page = ListPage(month: month, occurrences: occurrences, truncated: truncated, importErrors: importErrors, importOwner: importOwner,
                            canImport: context.identity.map(services.canImportAgenda) ?? false,
                            imported: AgendaImportSummary(request.uri.queryParameters), importLimitKB: Self.importLimit / 1024,
                            t: services.texts(context), dates: services.dateText(context), preview: preview)
        return services.render(title: services.texts(context).agenda_title, request: request, context: context, status: status) {
            Templates.agenda(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: form

    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        var form = Form()
        if let day = request.uri.queryParameters.get("date").flatMap(Day.init) {
            form.startsAt = "\(day)T09:00"
            form.endsAt = "\(day)T11:00"
        }
        return try renderForm(form, record: nil, errors: [], status: .ok, request: request, context: context)
    }

    func renderForm(_ form: Form, record: AgendaItemRecord?, errors: [String], status: HTTPResponse.Status,
                    request: Request, context: AppRequestContext) throws -> HTML {
        let canPlan = record != nil && context.identity.map(services.canCreate) == true
        let linked = try record?.id.map(services.database.items(agendaId:)) ?? []
        var page = FormPage(form: form, record: record, errors: errors, canPlan: canPlan, linked: linked,
                            today: services.institution.today(services.now), calendar: services.institution.officeCalendar,
                            t: services.texts(context), dates: services.dateText(context))
        page.zone = services.fieldZone
        let title = record == nil ? services.texts(context).agenda_new_title : services.texts(context).agenda_edit_title
        return services.render(title: title, request: request, context: context, status: status) {
            Templates.agendaForm(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let form = Form(try await request.form(limit: services.config.maxBodyBytes))
        let timeZone = services.institution.settings.timeZone
        switch form.validate(timeZone: timeZone) {
        case .failure(let problems):
            return try renderForm(form, record: nil, errors: problems.messages.map { services.text($0, context) }, status: .unprocessableContent,
                                  request: request, context: context).response(from: request, context: context)
        case .success(let valid):
            let now = services.now
            // The same form sent twice (a double click, a resent page) makes one item.
            if let twin = try services.database.recentAgendaTwin(title: valid.title, start: valid.start, end: valid.end, owner: form.owner,
                                                                 location: form.location, createdBy: user.id, since: now.addingTimeInterval(-120)) {
                return .redirect(to: SiteURL.agendaItem(twin).path + "?ok=agenda_saved")
            }
            let record = try services.database.saveAgendaItem(AgendaItemRecord(
                id: nil, uid: "agenda-\(Tokens.random(bytes: 12))@warta", title: valid.title, startsAt: valid.start, endsAt: valid.end,
                isAllDay: false, location: form.location, owner: form.owner, notes: form.notes, needsCoverage: form.needsCoverage,
                rrule: nil, exdates: "", source: .manual, createdBy: user.id, createdAt: now, updatedAt: now))
            try services.database.audit(.agendaChange, actorId: user.id, actorUsername: user.username, target: "agenda:\(record.id!)",
                                        clientAddress: context.clientAddress, detail: "+ \(valid.title)", at: now)
            return .redirect(to: SiteURL.agendaItem(record.id!).path + "?ok=agenda_saved")
        }
    }

    func loadRecord(_ context: AppRequestContext) throws -> AgendaItemRecord {
        guard let id = context.parameters.get("id", as: Int64.self), let record = try services.database.agendaItem(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.agenda_error_not_found })
        }
        return record
    }

    func edit(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let record = try loadRecord(context)
        return try renderForm(Form(record, timeZone: services.institution.settings.timeZone), record: record, errors: [], status: .ok,
                              request: request, context: context)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var record = try loadRecord(context)
        var request = request
        let form = Form(try await request.form(limit: services.config.maxBodyBytes))
        switch form.validate(timeZone: services.institution.settings.timeZone) {
        case .failure(let problems):
            return try renderForm(form, record: record, errors: problems.messages.map { services.text($0, context) }, status: .unprocessableContent,
                                  request: request, context: context).response(from: request, context: context)
        case .success(let valid):
            // A recurring series keeps its rule; its first occurrence moves with the new times.
            record.title = valid.title
            record.startsAt = valid.start
            record.endsAt = valid.end
            // An all-day item stays one while its days are not changed (the form shows 00:00).
            let timeZone = services.institution.settings.timeZone
            let unchanged = form.startsAt == LocalDateTime.format(record.startsAt, timeZone: timeZone)
                && form.endsAt == LocalDateTime.format(record.endsAt, timeZone: timeZone)
            record.isAllDay = record.isAllDay && unchanged
            record.location = form.location
            record.owner = form.owner
            record.notes = form.notes
            record.needsCoverage = form.needsCoverage
            record.updatedAt = services.now
            record.seriesEndsAt = record.seriesEnd(institutionZone: timeZone)
            try services.database.saveAgendaItem(record)
            try services.database.audit(.agendaChange, actorId: user.id, actorUsername: user.username, target: "agenda:\(record.id!)",
                                        clientAddress: context.clientAddress, detail: "~ \(valid.title)", at: services.now)
            return .redirect(to: SiteURL.agendaItem(record.id!).path + "?ok=agenda_saved")
        }
    }

    func delete(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), let removed = try services.database.deleteAgendaItem(id: id) else {
            throw AppError(.notFound, LocalizedMessage { $0.agenda_error_not_found })
        }
        try services.database.audit(.agendaChange, actorId: user.id, actorUsername: user.username, target: "agenda:\(id)",
                                    clientAddress: context.clientAddress, detail: "− \(removed.title)", at: services.now)
        let month = YearMonth(services.institution.officeCalendar.day(of: removed.startsAt))
        return .redirect(to: SiteURL.agenda.path + "?month=\(month)&ok=agenda_deleted")
    }

    // MARK: import

    func importFile(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        // Before the body is read: a refused user's file is never parsed, let alone stored.
        guard services.canImportAgenda(user) else {
            throw AppError(.forbidden, LocalizedMessage { $0.agenda_import_forbidden(roles: services.agendaImportRoleNames().joined(separator: ", ")) })
        }
        guard request.isMultipart else { throw AppError.malformedForm }
        let upload = try await request.textUpload(field: "file", limit: Self.importLimit, csrfToken: context.csrfToken, requireUTF8: false)
        func refuse(_ message: String, _ status: HTTPResponse.Status) throws -> Response {
            try renderList(request: request, context: context, importErrors: [message], status: status,
                           importOwner: String(upload.fields.trimmed("owner").prefix(200))).response(from: request, context: context)
        }
        if let problem = upload.problem {
            let (message, status) = services.uploadProblem(problem, context)
            return try refuse(message, status)
        }
        let now = services.now
        let t = services.texts(context)
        let owner = upload.fields.trimmed("owner")
        let parsed: AgendaImport.Parsed
        do {
            parsed = try AgendaImport.parse(upload.bytes, fileName: upload.fileName, timeZone: services.institution.settings.timeZone,
                                            owner: owner, by: user.id, now: now)
        } catch {
            let name = upload.fileName ?? "?"
            return try refuse(t.agenda_import_invalid(name: name, reason: AgendaImport.reason(error, services: services, context: context)),
                              .unprocessableContent)
        }
        guard !parsed.records.isEmpty else {
            // Nothing to import: say why, rather than "0 new".
            return try renderList(request: request, context: context,
                                  importErrors: AgendaImport.nothingToImport(parsed, t: t, services: services, context: context),
                                  status: .unprocessableContent, importOwner: String(owner.prefix(200))).response(from: request, context: context)
        }
        // Nothing is stored yet: the importer first sees what the file would add and change.
        let plan = try services.database.planAgendaImport(parsed.records)
        let token = services.pendingImports.put(.init(userId: user.id, bytes: upload.bytes, fileName: upload.fileName, owner: owner,
                                                      createdAt: now, done: nil), now: now)
        let preview = ImportPreview(plan: plan, skipped: AgendaImport.skipReasons(parsed.skipped, services: services, context: context),
                                    fileName: upload.fileName ?? "", token: token, t: t, dates: services.dateText(context))
        return try renderList(request: request, context: context, importErrors: [], status: .ok, importOwner: String(owner.prefix(200)),
                              preview: preview).response(from: request, context: context)
    }

    /// `POST /agenda/import/confirm`: stores a previewed file. The file is read again, so what is
    /// stored is what the preview showed unless the agenda changed in between (then the counts
    /// after the import say so). An unknown or expired token stores nothing and asks for the file.
    func confirmImport(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard services.canImportAgenda(user) else {
            throw AppError(.forbidden, LocalizedMessage { $0.agenda_import_forbidden(roles: services.agendaImportRoleNames().joined(separator: ", ")) })
        }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let now = services.now
        let token = String(form.trimmed("token").prefix(100))
        guard let pending = services.pendingImports.get(token, userId: user.id, now: now) else {
            return try renderList(request: request, context: context, importErrors: [services.texts(context).agenda_import_expired],
                                  status: .unprocessableContent).response(from: request, context: context)
        }
        if let done = pending.done { return .redirect(to: done) }
        let parsed: AgendaImport.Parsed
        do {
            parsed = try AgendaImport.parse(pending.bytes, fileName: pending.fileName, timeZone: services.institution.settings.timeZone,
                                            owner: pending.owner, by: user.id, now: now)
        } catch {
            return try renderList(request: request, context: context, importErrors: [services.texts(context).agenda_import_expired],
                                  status: .unprocessableContent).response(from: request, context: context)
        }
        let result = try services.database.importAgenda(parsed.records)
        try services.database.audit(.agendaImport, actorId: user.id, actorUsername: user.username, target: pending.fileName,
                                    clientAddress: context.clientAddress,
                                    detail: "added \(result.added), updated \(result.updated), unchanged \(result.unchanged), skipped \(parsed.skipped.count)",
                                    at: now)
        let first = parsed.records.map(\.startsAt).min().map { YearMonth(services.institution.officeCalendar.day(of: $0)) }
        let href = AgendaImportSummary.href(month: first, result: result)
        services.pendingImports.finish(token, href: href)
        return .redirect(to: href)
    }
}

extension AppServices {
    /// The roles that keep the leadership's agenda and so may import it: the administrators, and
    /// the roles of the current workflow's `work` steps (the drafters, who plan coverage from the
    /// agenda), held or delegated for today. The others may still read it, and type items in.
    func agendaImportRoles() -> [RoleKey] {
        let work = institution.currentWorkflow?.workflow.steps.filter { $0.kind == .work }.map(\.roleKey) ?? []
        var seen = Set<RoleKey>()
        return ([RoleKey.admin] + work).filter { seen.insert($0).inserted }
    }

    func canImportAgenda(_ user: CurrentUser) -> Bool {
        agendaImportRoles().contains { user.actor(for: $0) != nil }
    }

    /// The names people read for `agendaImportRoles()`.
    func agendaImportRoleNames() -> [String] {
        agendaImportRoles().map(institution.roleName)
    }
}
