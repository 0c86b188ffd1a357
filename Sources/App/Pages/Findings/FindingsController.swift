import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// Control (issue 15, item 3): findings ("temuan") raised from the evaluation.
/// - `GET /evaluasi/temuan[?status=…]`: the list; heads and administrators see every finding,
///   everyone else the ones they own.
/// - `GET /evaluasi/temuan/baru?from=&to=&subject=&figure=&step=&version=`: the form, pre-filled
///   from the report's figure; `POST /evaluasi/temuan`: stores it (heads and administrators).
/// - `GET|POST /evaluasi/temuan/{id}`: the finding, edited by its owner, heads and administrators.
/// The reads and writes are `FindingQuery.swift`, the models `FindingsPage.swift`.
struct FindingsController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.findings.route, use: list)
        loggedIn.post(SiteURL.findings.route, use: create)
        loggedIn.get(SiteURL.findingNew.route, use: new)
        loggedIn.get(SiteURL.finding(0).route, use: show)
        loggedIn.post(SiteURL.finding(0).route, use: update)
    }

    var workflow: Workflow? { services.institution.currentWorkflow?.workflow }

    func isHead(_ user: CurrentUser) -> Bool { FindingRules.isHead(roles: user.roles, workflow: workflow) }

    // MARK: list

    /// The list's filter: `open` (not done, the default), one status, or `all`.
    static func statuses(_ filter: String) -> [FindingStatus]? {
        switch filter {
        case "", "open": [.open, .inProgress]
        case "all": FindingStatus.allCases
        default: FindingStatus(rawValue: filter).map { [$0] }
        }
    }

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let t = services.texts(context)
        let filter = request.uri.queryParameters.get("status").map { String($0) } ?? ""
        guard let statuses = Self.statuses(filter) else { throw AppError(.badRequest, LocalizedMessage { $0.finding_error_filter }) }
        let head = isHead(user)
        let rows = try services.database.findings(statuses: statuses, ownerId: head ? nil : user.id)
        let today = services.institution.today(services.now)
        let dates = services.dateText(context)
        let page = ListPage(
            rows: rows.map { ListRow($0, today: today, dates: dates, t: t, stepName: stepName) },
            filters: [("open", t.finding_filter_open), ("in_progress", FindingStatus.inProgress.label(t)), ("done", FindingStatus.done.label(t)),
                      ("all", t.finding_filter_all)].map { ChoiceOption(value: $0.0, label: $0.1, selected: $0.0 == (filter.isEmpty ? "open" : filter)) },
            canRaise: head, seesAll: head)
        return services.render(title: t.finding_list_title, request: request, context: context) {
            Templates.findings(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// "5. Persetujuan akhir (versi 1)" for a step of a version; nil when there is none.
    func stepName(version: Int?, position: Int?) -> String? {
        guard let version, let position else { return nil }
        let name = services.institution.workflow(version: version)?.step(at: position)?.name ?? ""
        return "\(position). \(name)"
    }

    // MARK: new

    func new(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        guard isHead(user) else { throw AppError.forbidden }
        let query = request.uri.queryParameters
        func text(_ name: String, _ limit: Int) -> String {
            String((query.get(name).map { String($0) } ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(limit))
        }
        // A pre-fill is a suggestion: what does not fit is left out, never refused.
        var form = Form()
        form.subject = text("subject", FindingDraft.subjectLimit)
        form.figure = text("figure", FindingDraft.figureLimit)
        form.periodFrom = Day(text("from", 10))?.description ?? ""
        form.periodTo = Day(text("to", 10))?.description ?? ""
        if let version = Int(text("version", 9)), let step = Int(text("step", 9)),
           services.institution.workflow(version: version)?.step(at: step) != nil {
            form.workflowVersion = "\(version)"
            form.stepPosition = "\(step)"
        }
        form.ownerId = "\(user.id)"
        form.dueOn = services.institution.today(services.now).adding(days: 14).description
        form.formKey = Tokens.random(bytes: 16)
        return try render(nil, form: form, errors: [], conflict: nil, status: .ok, request: request, context: context)
    }

    // MARK: one finding

    func load(_ context: AppRequestContext) throws -> FindingRow {
        guard let id = context.parameters.get("id", as: Int64.self), let row = try services.database.finding(id: id) else { throw AppError.notFound }
        return row
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let row = try load(context)
        guard FindingRules.mayEdit(userId: user.id, roles: user.roles, workflow: workflow, ownerId: row.record.ownerId) else { throw AppError.forbidden }
        return try render(row, form: Form(row.record), errors: [], conflict: nil, status: .ok, request: request, context: context)
    }

    func render(_ row: FindingRow?, form: Form, errors: [String], conflict: String?, status: HTTPResponse.Status,
                request: Request, context: AppRequestContext) throws -> HTML {
        let t = services.texts(context)
        let users = try services.database.users().filter { $0.isActive || "\($0.id)" == form.ownerId }
        let dates = services.dateText(context)
        let page = FormPage(
            row: row, form: form, errors: errors, conflict: conflict,
            owners: users.map { ChoiceOption(value: "\($0.id)", label: $0.displayName, selected: "\($0.id)" == form.ownerId) },
            statuses: FindingStatus.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == form.status) },
            step: stepName(version: Int(form.workflowVersion), position: Int(form.stepPosition)),
            today: services.institution.today(services.now), dates: dates, t: t)
        return services.render(title: page.title, request: request, context: context, status: status) {
            Templates.finding(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// The fields of the form as sent.
    static func form(_ data: FormData) -> Form {
        // Bounded before anything else: a form of any size keeps a small copy to show again.
        func text(_ name: String, _ limit: Int) -> String { String(data.trimmed(name).prefix(limit + 1)) }
        var form = Form()
        form.subject = text("subject", FindingDraft.subjectLimit)
        form.figure = text("figure", FindingDraft.figureLimit)
        form.periodFrom = text("period_from", 10)
        form.periodTo = text("period_to", 10)
        form.workflowVersion = text("workflow_version", 9)
        form.stepPosition = text("step", 9)
        form.cause = text("cause", FindingDraft.textLimit)
        form.correctiveAction = text("corrective_action", FindingDraft.textLimit)
        form.ownerId = text("owner", 20)
        form.dueOn = text("due_on", 10)
        form.status = text("status", 20)
        form.formKey = text("form_key", 64)
        form.rowVersion = text("row_version", 9)
        return form
    }

    /// The draft from the form, or the form's problems in words.
    func draft(_ form: Form, isNew: Bool, t: Texts) -> (FindingDraft?, [String]) {
        var errors: [String] = []
        var draft = FindingDraft(subject: form.subject, figure: form.figure, cause: form.cause, correctiveAction: form.correctiveAction,
                                 ownerId: Int64(form.ownerId), dueOn: Day(form.dueOn))
        if isNew {
            for (value, name) in [(form.periodFrom, t.finding_period_from), (form.periodTo, t.finding_period_to)] where !value.isEmpty && Day(value) == nil {
                errors.append(t.finding_error_date(field: name))
            }
            draft.periodFrom = Day(form.periodFrom)
            draft.periodTo = Day(form.periodTo)
            draft.workflowVersion = Int(form.workflowVersion)
            draft.stepPosition = Int(form.stepPosition)
            if let version = draft.workflowVersion, let step = draft.stepPosition,
               services.institution.workflow(version: version)?.step(at: step) == nil {
                errors.append(t.finding_error_step)
            }
        }
        if !form.dueOn.isEmpty && Day(form.dueOn) == nil { errors.append(t.finding_error_date(field: t.finding_due_on)) }
        guard let status = FindingStatus(rawValue: form.status) else {
            errors.append(t.finding_error_status)
            return (nil, errors)
        }
        draft.status = status
        for problem in draft.problems() {
            switch problem {
            case .subjectEmpty: errors.append(t.finding_error_subject)
            case .tooLong(let field, let limit):
                let name = switch field {
                case .subject: t.finding_subject
                case .figure: t.finding_figure
                case .cause: t.finding_cause
                case .correctiveAction: t.finding_corrective_action
                }
                errors.append(t.finding_error_too_long(field: name, n: "\(limit)"))
            case .periodReversed: errors.append(t.finding_error_period)
            case .ownerMissing: errors.append(t.finding_error_owner)
            case .dueMissing: if form.dueOn.isEmpty { errors.append(t.finding_error_due) }
            case .stepWithoutVersion: errors.append(t.finding_error_step)
            case .doneWithoutAction: errors.append(t.finding_error_done)
            }
        }
        return (errors.isEmpty ? draft : nil, errors)
    }

    func create(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        guard isHead(user) else { throw AppError.forbidden }
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        var form = Self.form(data)
        if form.formKey.isEmpty { form.formKey = Tokens.random(bytes: 16) }
        let t = services.texts(context)
        var (draft, errors) = self.draft(form, isNew: true, t: t)
        if let draft {
            do {
                let (id, created) = try services.database.createFinding(draft, formKey: form.formKey, by: user.id, now: services.now)
                if created {
                    try services.database.audit(.findingCreate, actorId: user.id, actorUsername: user.username, target: "#\(id)",
                                                clientAddress: context.clientAddress, detail: draft.subject, at: services.now)
                }
                return .redirect(to: SiteURL.finding(id).with([("ok", "finding_created")]))
            } catch FindingStoreError.unknownOwner {
                errors.append(t.finding_error_owner)
            }
        }
        return try render(nil, form: form, errors: errors, conflict: nil, status: .unprocessableContent, request: request, context: context)
            .response(from: request, context: context)
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        let row = try load(context)
        guard FindingRules.mayEdit(userId: user.id, roles: user.roles, workflow: workflow, ownerId: row.record.ownerId) else { throw AppError.forbidden }
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        guard let expected = Int(data.trimmed("row_version")) else { throw AppError.malformedForm }
        let t = services.texts(context)
        var form = Self.form(data)
        // The fields fixed when it was raised come from the record, whatever was sent.
        let stored = Form(row.record)
        form.subject = stored.subject
        form.figure = stored.figure
        form.periodFrom = stored.periodFrom
        form.periodTo = stored.periodTo
        form.workflowVersion = stored.workflowVersion
        form.stepPosition = stored.stepPosition
        var (draft, errors) = self.draft(form, isNew: false, t: t)
        if let draft {
            do {
                let saved = try services.database.updateFinding(id: row.record.id!, draft, expectedVersion: expected, now: services.now)
                if saved.version != row.record.version {
                    try services.database.audit(.findingUpdate, actorId: user.id, actorUsername: user.username, target: "#\(saved.id!)",
                                                clientAddress: context.clientAddress, detail: saved.status.rawValue, at: services.now)
                }
                return .redirect(to: SiteURL.finding(saved.id!).with([("ok", "finding_saved")]))
            } catch FindingStoreError.stale(_, let at) {
                let fresh = try load(context)
                form.rowVersion = "\(fresh.record.version)"
                return try render(fresh, form: form, errors: [], conflict: t.finding_error_stale(at: services.dateText(context).dateTime(at)),
                                  status: .conflict, request: request, context: context).response(from: request, context: context)
            } catch FindingStoreError.unknownOwner {
                errors.append(t.finding_error_owner)
            } catch FindingStoreError.notFound {
                throw AppError.notFound
            }
        }
        return try render(row, form: form, errors: errors, conflict: nil, status: .unprocessableContent, request: request, context: context)
            .response(from: request, context: context)
    }
}
