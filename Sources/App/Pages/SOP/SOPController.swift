import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ViewRuntime

/// `GET /workflow/sop[?version=N]`: the SOP document of a workflow version, for every signed-in
/// user; `POST /workflow/sop`: its "Tgl. efektif" and its approval ("disahkan"), by the admin or a
/// holder of the last decide step's role; `GET /workflow/sop/compare?from=N&to=M`: what changed
/// between two versions. The model is `SOPDocumentPage.swift` and `SOPPage.swift`.
struct SOPController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.sop.route, use: view)
        loggedIn.post(SiteURL.sop.route, use: update)
        loggedIn.get(SiteURL.sopCompare.route, use: compare)
    }

    /// The version named by `name` in the query: the running one when absent, 400 when it is not a
    /// number, 404 when there is no such version.
    func version(_ request: Request, _ name: String, context: AppRequestContext) throws -> Int {
        guard let current = services.institution.currentWorkflow else { throw AppError.notFound }
        guard let raw = request.uri.queryParameters.get(name) else { return current.version }
        guard let number = Int(raw.trimmingCharacters(in: .whitespaces)), number > 0, number < 1_000_000 else {
            throw AppError(.badRequest, LocalizedMessage { $0.sop_error_version })
        }
        guard services.institution.workflow(version: number) != nil else {
            throw AppError(.notFound, LocalizedMessage { $0.sop_error_no_version })
        }
        return number
    }

    /// Whether `user` may approve ("mengesahkan") a version: the admin, or whoever holds the role
    /// of the version's last decide step.
    static func mayApprove(_ user: CurrentUser, workflow: Workflow) -> Bool {
        if user.roles.isAdmin { return true }
        guard let last = workflow.steps.last(where: { $0.kind == .decide }) else { return false }
        return user.roles.contains(last.roleKey)
    }

    func view(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let number = try version(request, "version", context: context)
        return try render(number, effectiveValue: nil, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ number: Int, effectiveValue: String?, errors: [String], status: HTTPResponse.Status, request: Request,
                context: AppRequestContext) throws -> HTML {
        let t = services.texts(context)
        guard let current = services.institution.currentWorkflow, let workflow = services.institution.workflow(version: number),
              let document = try services.database.sopDocument(version: number, roles: services.institution.roles,
                                                               dates: services.dateText(context), t: t)
        else { throw AppError.notFound }
        let user = try context.requireIdentity()
        let revision = try services.database.sopRevision(number)
        let records = try services.database.workflowVersionRecords()
        let cited = try services.database.citedFindings()
        let page = Page(
            document: document, isCurrent: number == current.version,
            canApprove: Self.mayApprove(user, workflow: workflow), approved: revision.approvedAt != nil,
            effectiveValue: effectiveValue ?? revision.effectiveOn, errors: errors,
            versions: records.map { record in
                VersionLink(number: record.number, href: SiteURL.sop.with([("version", "\(record.number)")]),
                            date: services.dateText(context).shortDateTime(record.createdAt), shown: record.number == number,
                            current: record.number == current.version, findings: WorkflowController.FindingLink.links(cited[record.number] ?? []))
            },
            compareFrom: records.map { ChoiceOption(value: "\($0.number)", label: "\(t.workflow_version) \($0.number)", selected: $0.number == max(1, number - 1)) },
            compareTo: records.map { ChoiceOption(value: "\($0.number)", label: "\(t.workflow_version) \($0.number)", selected: $0.number == number) },
            isAdmin: user.roles.isAdmin)
        return services.render(title: t.sop_title + " · " + document.sopName, request: request, context: context, status: status) {
            Templates.sop(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func update(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        guard let number = Int(form.trimmed("version")), let workflow = services.institution.workflow(version: number) else {
            throw AppError(.notFound, LocalizedMessage { $0.sop_error_no_version })
        }
        guard Self.mayApprove(user, workflow: workflow) else { throw AppError.forbidden }
        let effective = form.trimmed("effective_on")
        if !effective.isEmpty && Day(effective) == nil {
            return try render(number, effectiveValue: String(effective.prefix(40)), errors: [t.sop_error_effective_date], status: .unprocessableContent,
                              request: request, context: context).response(from: request, context: context)
        }
        let approve = form.trimmed("action") == "approve"
        var approver: (id: Int64, name: String, nip: String)?
        if approve {
            let summary = try services.database.user(id: user.id)
            approver = (user.id, summary?.displayName ?? user.displayName, summary?.nip ?? "")
        }
        try services.database.updateSOPRevision(number, effectiveOn: approve && effective.isEmpty ? nil : effective, approver: approver,
                                                at: services.now)
        return .redirect(to: SiteURL.sop.with([("version", "\(number)"), ("ok", approve ? "sop_approved" : "sop_effective_saved")]))
    }

    func compare(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let t = services.texts(context)
        guard request.uri.queryParameters.get("from") != nil, request.uri.queryParameters.get("to") != nil else {
            throw AppError(.badRequest, LocalizedMessage { $0.sop_error_version })
        }
        let from = try version(request, "from", context: context)
        let to = try version(request, "to", context: context)
        guard let old = services.institution.workflow(version: from), let new = services.institution.workflow(version: to) else {
            throw AppError.notFound
        }
        let changes = Self.changes(from: old, texts: try services.database.sopRevision(from).steps, to: new,
                                   texts: try services.database.sopRevision(to).steps, roleName: services.institution.roleName, t: t)
        let page = ComparePage(from: from, to: to, fromHref: SiteURL.sop.with([("version", "\(from)")]),
                               toHref: SiteURL.sop.with([("version", "\(to)")]), changes: changes)
        return services.render(title: t.sop_compare_title, request: request, context: context) {
            Templates.sopCompare(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// What changed from one version to the other, step by step (steps are matched by name).
    static func changes(from old: Workflow, texts oldTexts: [SOPStepTexts], to new: Workflow, texts newTexts: [SOPStepTexts],
                        roleName: (RoleKey) -> String, t: Texts) -> [String] {
        func text(_ texts: [SOPStepTexts], _ index: Int) -> SOPStepTexts { texts.indices.contains(index) ? texts[index] : SOPStepTexts() }
        func minutes(_ value: Int?) -> String { value.map(t.minutesText) ?? "–" }
        var changes: [String] = []
        let oldNames = Set(old.steps.map(\.name)), newNames = Set(new.steps.map(\.name))
        for step in new.steps where !oldNames.contains(step.name) { changes.append(t.sop_change_added(step: step.name)) }
        for step in old.steps where !newNames.contains(step.name) { changes.append(t.sop_change_removed(step: step.name)) }
        for (newIndex, step) in new.steps.enumerated() {
            guard let oldIndex = old.steps.firstIndex(where: { $0.name == step.name }) else { continue }
            let before = old.steps[oldIndex]
            if oldIndex != newIndex {
                changes.append(t.sop_change_position(step: step.name, from: "\(oldIndex + 1)", to: "\(newIndex + 1)"))
            }
            if before.roleKey != step.roleKey {
                changes.append(t.sop_change_role(step: step.name, from: roleName(before.roleKey), to: roleName(step.roleKey)))
            }
            if before.standardMinutes != step.standardMinutes {
                changes.append(t.sop_change_minutes(step: step.name, from: minutes(before.standardMinutes), to: minutes(step.standardMinutes)))
            }
            if before.kind != step.kind || before.rejectTo != step.rejectTo {
                changes.append(t.sop_change_kind(step: step.name))
            }
            let a = text(oldTexts, oldIndex), b = text(newTexts, newIndex)
            if a.requirements != b.requirements { changes.append(t.sop_change_requirements(step: step.name)) }
            if a.output != b.output { changes.append(t.sop_change_output(step: step.name)) }
            if a.activity != b.activity || a.note != b.note || a.timeRules != b.timeRules {
                changes.append(t.sop_change_texts(step: step.name))
            }
        }
        return changes
    }
}
