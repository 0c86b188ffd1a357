import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /workflow`: the institution's SOP as it runs, with every earlier version.
/// `GET|POST /admin/workflow`: administrators edit it; each save is a new version. The read is
/// `WorkflowQuery.swift`, the model `WorkflowPage.swift`.
struct WorkflowController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>, admin: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.workflow.route, use: view)
        admin.get(SiteURL.adminWorkflow.route, use: editor)
        admin.post(SiteURL.adminWorkflow.route, use: save)
    }

    func view(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let current = services.institution.currentWorkflow else { throw AppError.notFound }
        let shown = request.uri.queryParameters.get("version", as: Int.self) ?? current.version
        guard let workflow = services.institution.workflow(version: shown) else { throw AppError.notFound }
        let page = Page(shownVersion: shown, isCurrent: shown == current.version, steps: StepRow.rows(workflow, extraRows: 0, roles: services.institution.roles, t: services.texts(context)),
                        versions: VersionRow.rows(try services.database.workflowVersionRecords(), shown: shown, dates: services.dateText(context),
                                                  cited: try services.database.citedFindings()), errors: [], note: "", rowCount: workflow.steps.count)
        return services.render(title: services.texts(context).workflow_title, request: request, context: context) {
            Templates.workflow(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func editor(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let current = services.institution.currentWorkflow else { throw AppError.notFound }
        let steps = StepRow.rows(current.workflow, extraRows: 2, roles: services.institution.roles, t: services.texts(context))
        return try render(steps: steps, version: current.version, errors: [], note: "", cited: [], status: .ok, request: request, context: context)
    }

    func render(steps: [StepRow], version: Int, errors: [String], note: String, cited: Set<String>, status: HTTPResponse.Status,
                request: Request, context: AppRequestContext) throws -> HTML {
        var page = Page(shownVersion: version, isCurrent: true, steps: steps,
                        versions: VersionRow.rows(try services.database.workflowVersionRecords(), shown: version, dates: services.dateText(context),
                                                  cited: try services.database.citedFindings()),
                        errors: errors, note: note, rowCount: steps.count)
        // The findings not done yet, which this edit may answer (issue 15).
        page.openFindings = try services.database.findings(statuses: [.open, .inProgress], ownerId: nil).map {
            FindingChoice(id: "\($0.record.id!)", text: "#\($0.record.id!): \($0.record.subject)", checked: cited.contains("\($0.record.id!)"))
        }
        return services.render(title: services.texts(context).workflow_edit_title, request: request, context: context, status: status) {
            Templates.adminWorkflow(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// One row of the edit form as typed.
    struct TypedRow {
        var index: Int
        var order: Int
        var name: String
        var role: String
        var kind: String
        var minutes: String
        var reject: String
        var remove: Bool
    }

    func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        guard let current = services.institution.currentWorkflow else { throw AppError.forbidden }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let count = min(max(Int(form.trimmed("row_count")) ?? 0, 0), Workflow.maximumSteps + 5)  // never a negative range
        var typed: [TypedRow] = []
        for index in 0..<count {
            let prefix = "step_\(index)_"
            typed.append(TypedRow(
                index: index, order: Int(form.trimmed(prefix + "order")) ?? (index + 1), name: String(form.trimmed(prefix + "name").prefix(200)),
                role: form.trimmed(prefix + "role"), kind: form.trimmed(prefix + "kind"), minutes: form.trimmed(prefix + "minutes"),
                reject: form.trimmed(prefix + "reject"), remove: form[prefix + "remove"] != nil))
        }
        let note = String(form.trimmed("note").prefix(500))
        // The findings this change answers (issue 15); a citing change must say why.
        // Only findings not done yet count; an unknown number is left out.
        let open = Set(try services.database.findings(statuses: [.open, .inProgress], ownerId: nil).compactMap(\.record.id))
        var cited: [Int64] = []
        for value in form.all("finding") {
            if let id = Int64(value.trimmingCharacters(in: .whitespaces)), open.contains(id), !cited.contains(id) { cited.append(id) }
        }
        // Removed rows and untouched blank rows drop out; the rest take their places by "order".
        let kept = typed.filter { !$0.remove && !($0.name.isEmpty && $0.index >= current.workflow.steps.count) }
            // A row moved to a position goes before the row that already stood there.
            .sorted { ($0.order, $0.order == $0.index + 1 ? 1 : 0, $0.index) < ($1.order, $1.order == $1.index + 1 ? 1 : 0, $1.index) }
        var errors: [String] = []
        if !cited.isEmpty && note.isEmpty { errors.append(services.texts(context).workflow_error_reason_for_findings) }
        var steps: [WorkflowStep] = []
        for (offset, row) in kept.enumerated() {
            let position = offset + 1
            let kind = StepKind(rawValue: row.kind)
            if kind == nil { errors.append(services.texts(context).workflow_error_kind(n: "\(position)")) }
            var minutes: Int?
            if !row.minutes.isEmpty {
                minutes = Int(row.minutes)
                if minutes == nil { errors.append(services.texts(context).workflow_error_minutes(n: "\(position)")) }
            }
            var reject: Int?
            if !row.reject.isEmpty {
                reject = Int(row.reject)
                if reject == nil { errors.append(services.texts(context).workflow_error_reject_number(n: "\(position)")) }
            }
            steps.append(WorkflowStep(name: row.name, roleKey: RoleKey(row.role), kind: kind ?? .work, standardMinutes: minutes, rejectTo: reject))
        }
        let workflow = Workflow(steps: steps)
        if errors.isEmpty {
            do {
                let number = try services.database.reviseWorkflow(workflow, note: note.isEmpty ? nil : note, by: admin.id, now: services.now,
                                                                  citing: cited)
                try services.institution.reload()
                try services.database.audit(.workflowUpdate, actorId: admin.id, actorUsername: admin.username, target: "v\(number)",
                                            clientAddress: context.clientAddress,
                                            detail: Self.auditDetail(note: note, cited: cited),
                                            at: services.now)
                return .redirect(to: SiteURL.adminWorkflow.path + "?ok=workflow_saved")
            } catch WorkflowHistory.RevisionError.invalid(let problems) {
                errors += problems.map { problemText($0, context) }
            } catch WorkflowHistory.RevisionError.unchanged {
                errors.append(services.texts(context).workflow_error_unchanged)
            }
        }
        // Show the rows as typed, in their new order, with two blank rows to add more.
        var shownRows = kept.enumerated().map { offset, row in
            StepRow(index: offset, order: offset + 1, name: row.name, roleKey: row.role, kind: row.kind, minutes: row.minutes, reject: row.reject,
                    isNew: false, roles: services.institution.roles, t: services.texts(context))
        }
        for _ in 0..<2 { shownRows.append(.blank(index: shownRows.count, roles: services.institution.roles, t: services.texts(context))) }
        return try render(steps: shownRows, version: current.version, errors: errors, note: note, cited: Set(cited.map { "\($0)" }),
                          status: .unprocessableContent,
                          request: request, context: context).response(from: request, context: context)
    }

    /// The audit line of an edit: the reason, after the findings it cites ("#3 #5 …").
    static func auditDetail(note: String, cited: [Int64]) -> String? {
        let text = (cited.map { "#\($0)" } + [note]).filter { !$0.isEmpty }.joined(separator: " ")
        return text.isEmpty ? nil : text
    }

    func problemText(_ problem: Workflow.Problem, _ context: AppRequestContext) -> String {
        switch problem {
        case .noSteps: services.texts(context).workflow_problem_no_steps
        case .tooManySteps(let maximum): services.texts(context).workflow_problem_too_many(n: "\(maximum)")
        case .firstStepMustBeWork: services.texts(context).workflow_problem_first_work
        case .noPublishStep: services.texts(context).workflow_problem_no_publish
        case .moreThanOnePublishStep: services.texts(context).workflow_problem_two_publish
        case .publishStepNotLast: services.texts(context).workflow_problem_publish_last
        case .emptyName(let position): services.texts(context).workflow_problem_name(n: "\(position)")
        case .unknownRole(let position, _): services.texts(context).workflow_problem_role(n: "\(position)")
        case .invalidMinutes(let position): services.texts(context).workflow_error_minutes(n: "\(position)")
        case .missingRejectTarget(let position): services.texts(context).workflow_problem_reject_missing(n: "\(position)")
        case .rejectTargetNotBackwards(let position, let target):
            services.texts(context).workflow_problem_reject_backwards(n: "\(position)", target: "\(target)")
        case .rejectTargetOnNonDecideStep(let position): services.texts(context).workflow_problem_reject_not_decide(n: "\(position)")
        }
    }
}
