import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/agenda`: the leadership's agenda. Everyone signed in lists, adds, edits and deletes items;
/// the roles that keep the agenda (see `AppServices.agendaImportRoles`) import iCalendar files
/// from e-office systems, Google Calendar or Outlook.
struct AgendaController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.agenda.route, use: list)
        loggedIn.post(SiteURL.agenda.route, use: create)
        loggedIn.get(SiteURL.agendaNew.route, use: new)
        loggedIn.post(SiteURL.agendaImport.route, use: importFile)
        loggedIn.get(SiteURL.agendaItem(0).route, use: edit)
        loggedIn.post(SiteURL.agendaItem(0).route, use: update)
        loggedIn.post(SiteURL.agendaDelete(0).route, use: delete)
    }

    // MARK: list

    struct Row: Sendable {
        let href: String
        let date: String
        let time: String
        let title: String
        let owner: String
        let location: String
        let needsCoverage: Bool
        let recurring: Bool
        let imported: Bool
    }
    struct ListPage: Sendable {
        let heading: String
        let month: String
        let rows: [Row]
        let previousHref: String
        let nextHref: String
        let calendarHref: String
        var importErrors: [String]
        let importLimitKB: Int
        /// After an import: how many items were added, updated and left as they were.
        var importSummary: String? = nil
        /// The owner typed with a refused import, shown again.
        var importOwner: String = ""
        /// Whether the viewer may import (the form is shown only then).
        var canImport = false
        /// Set when the month holds more entries than a page shows.
        var truncatedNotice: String? = nil
    }

    static let importLimit = 2 * 1024 * 1024

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try renderList(request: request, context: context, importErrors: [], status: .ok)
    }

    func renderList(request: Request, context: AppRequestContext, importErrors: [String], status: HTTPResponse.Status,
                    importOwner: String = "") throws -> HTML {
        let today = services.institution.today(services.now)
        let monthText = request.uri.queryParameters.get("month")
        guard let month = monthText.map({ YearMonth($0) }) ?? YearMonth(today) else {
            throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_month(value: String((monthText ?? "").prefix(20))) })
        }
        let calendar = services.institution.officeCalendar
        let timeZone = services.institution.settings.timeZone
        let dates = services.dateText(context)
        guard let start = calendar.startOfDayDate(month.first), let end = calendar.startOfDayDate(month.last.adding(days: 1)) else { throw AppError.notFound }
        var rows: [(Date, Row)] = []
        var truncated = false
        try services.database.forEachAgendaItem(overlapping: start, end) { record in
            // Bounded work per page, whatever was imported: the first ones and a notice.
            let room = AgendaOccurrences.pageCeiling - rows.count
            guard room > 0 else { truncated = true; return false }
            for occurrence in AgendaOccurrences.expand(record, from: start, to: end, timeZone: timeZone, limit: room) {
                rows.append((occurrence.start, Row(
                    href: SiteURL.agendaItem(record.id!).path, date: dates.longDate(occurrence.start),
                    time: record.isAllDay ? services.texts(context).agenda_all_day
                        : occurrence.end > occurrence.start ? "\(dates.time(occurrence.start))–\(dates.time(occurrence.end))" : dates.time(occurrence.start),
                    title: record.title, owner: record.owner, location: record.location, needsCoverage: record.needsCoverage,
                    recurring: record.rrule != nil, imported: record.source == .ics)))
            }
            return true
        }
        var page = ListPage(
            heading: "\(dates.monthName(month.month)) \(month.year)", month: month.description,
            rows: rows.sorted { $0.0 < $1.0 }.map(\.1),
            previousHref: SiteURL.agenda.path + "?month=\(month.adding(months: -1))",
            nextHref: SiteURL.agenda.path + "?month=\(month.adding(months: 1))",
            calendarHref: SiteURL.calendar.path + "?month=\(month)",
            importErrors: importErrors, importLimitKB: Self.importLimit / 1024)
        page.importOwner = importOwner
        page.canImport = context.identity.map(services.canImportAgenda) ?? false
        if truncated { page.truncatedNotice = services.texts(context).calendar_agenda_truncated(n: "\(AgendaOccurrences.pageCeiling)") }
        let query = request.uri.queryParameters
        if query.get("ok") == "agenda_imported" {
            page.importSummary = services.texts(context).agenda_import_summary(added: "\(query.get("added", as: Int.self) ?? 0)", updated: "\(query.get("updated", as: Int.self) ?? 0)", unchanged: "\(query.get("unchanged", as: Int.self) ?? 0)")
        }
        return services.render(title: services.texts(context).agenda_title, request: request, context: context, status: status) {
            Templates.agenda(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    // MARK: form

    /// The form as typed, so a refused one comes back as it was.
    struct Form: Sendable, Equatable {
        var title = ""
        var startsAt = ""
        var endsAt = ""
        var location = ""
        var owner = ""
        var notes = ""
        var needsCoverage = false

        init() {}

        init(_ data: FormData) {
            title = String(data.trimmed("title").prefix(300))
            startsAt = data.trimmed("starts_at")
            endsAt = data.trimmed("ends_at")
            location = data.trimmed("location")
            owner = data.trimmed("owner")
            notes = (data["notes"] ?? "").replacingOccurrences(of: "\r\n", with: "\n")
            needsCoverage = ["1", "on", "true", "ya"].contains(data.trimmed("needs_coverage").lowercased())
        }

        init(_ record: AgendaItemRecord, timeZone: TimeZone) {
            title = record.title
            startsAt = LocalDateTime.format(record.startsAt, timeZone: timeZone)
            endsAt = LocalDateTime.format(record.endsAt, timeZone: timeZone)
            location = record.location
            owner = record.owner
            notes = record.notes
            needsCoverage = record.needsCoverage
        }

        /// The checked values, or the catalogue keys of every problem.
        struct Problems: Error {
            var messages: [LocalizedMessage]
        }

        func validate(timeZone: TimeZone) -> Result<(title: String, start: Date, end: Date), Problems> {
            var problems: [LocalizedMessage] = []
            if title.isEmpty { problems.append(.init { $0.agenda_error_title }) }
            if title.count > 200 { problems.append(.init { $0.agenda_error_title_long(n: "200") }) }
            let start = LocalDateTime.parse(startsAt, timeZone: timeZone)
            let end = LocalDateTime.parse(endsAt, timeZone: timeZone)
            if start == nil { problems.append(.init { $0.agenda_error_start }) }
            if end == nil { problems.append(.init { $0.agenda_error_end }) }
            if let start, let end, end < start { problems.append(.init { $0.agenda_error_order }) }
            if location.count > 200 || owner.count > 200 { problems.append(.init { $0.agenda_error_field_long(n: "200") }) }
            if notes.count > 4000 { problems.append(.init { $0.agenda_error_notes_long(n: "4000") }) }
            guard problems.isEmpty, let start, let end else { return .failure(Problems(messages: problems)) }
            return .success((title, start, end))
        }
    }

    struct FormPage: Sendable {
        let isNew: Bool
        let action: String
        let form: Form
        let errors: [String]
        let deleteAction: String?
        let recurring: Bool
        let imported: Bool
        let occurrence: String?
        let plans: [Plan]
        let linked: [Linked]
        let calendarHref: String
    }
    struct Plan: Sendable {
        let label: String
        let href: String
        let hint: String
    }
    struct Linked: Sendable {
        let href: String
        let title: String
        let kind: String
        let status: String
        let statusKey: String
    }

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
        let dates = services.dateText(context)
        var plans: [Plan] = []
        var linked: [Linked] = []
        if let record, let id = record.id {
            if let user = context.identity, services.canCreate(user) {
                plans = [
                    Plan(label: services.texts(context).plan_coverage, href: SiteURL.contentNew.path + "?agenda=\(id)&plan=liputan",
                         hint: services.texts(context).plan_coverage_hint),
                    Plan(label: services.texts(context).plan_infographic, href: SiteURL.contentNew.path + "?agenda=\(id)&plan=infografis",
                         hint: services.texts(context).plan_infographic_hint),
                ]
            }
            linked = try services.database.items(agendaId: id).map {
                Linked(href: SiteURL.content($0.id!).path, title: $0.title, kind: $0.kind.label(services.texts(context)),
                       status: $0.status.label(services.texts(context)), statusKey: $0.status.rawValue)
            }
        }
        let day = record.map { services.institution.officeCalendar.day(of: $0.startsAt) }
        let page = FormPage(
            isNew: record == nil,
            action: record.map { SiteURL.agendaItem($0.id!).path } ?? SiteURL.agenda.path,
            form: form, errors: errors, deleteAction: record.map { SiteURL.agendaDelete($0.id!).path },
            recurring: record?.rrule != nil, imported: record?.source == .ics,
            occurrence: record.map { dates.dateTime($0.startsAt) }, plans: plans, linked: linked,
            calendarHref: SiteURL.calendar.path + "?month=\(YearMonth(day ?? services.institution.today(services.now)))")
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
        let records: [AgendaItemRecord]
        do {
            records = try AgendaImport.records(from: upload.bytes, timeZone: services.institution.settings.timeZone,
                                               owner: upload.fields.trimmed("owner"), by: user.id, now: now)
        } catch {
            let name = upload.fileName ?? "?"
            return try refuse(services.texts(context).agenda_import_invalid(name: name, reason: AgendaImport.reason(error, services: services, context: context)),
                              .unprocessableContent)
        }
        let result = try services.database.importAgenda(records)
        try services.database.audit(.agendaImport, actorId: user.id, actorUsername: user.username, target: upload.fileName,
                                    clientAddress: context.clientAddress,
                                    detail: "added \(result.added), updated \(result.updated), unchanged \(result.unchanged)", at: now)
        let first = records.map(\.startsAt).min().map { YearMonth(services.institution.officeCalendar.day(of: $0)) }
        let month = first.map { "month=\($0)&" } ?? ""
        return .redirect(to: SiteURL.agenda.path + "?\(month)ok=agenda_imported&added=\(result.added)&updated=\(result.updated)&unchanged=\(result.unchanged)")
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
