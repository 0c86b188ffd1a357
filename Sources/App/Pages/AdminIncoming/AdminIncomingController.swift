import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/admin/pesan`: how the institution handles incoming messages. The monitoring rounds (on or
/// off, their windows and standard time), the follow-up workflow's step names, roles and minutes
/// with the per-category minutes, and the divisions messages are forwarded to.
struct AdminIncomingController {
    let services: AppServices

    struct RoundRow: Sendable {
        var index: Int
        var key: String
        var name: String
        var start: String
        var end: String
    }
    struct StepRow: Sendable {
        var kind: String
        var position: Int
        var label: String
        var name: String
        var roles: [ChoiceOption]
        var minutes: String
        var isFollowUp: Bool
    }
    struct CategoryRow: Sendable {
        var key: String
        var label: String
        var minutes: String
    }
    struct Form: Sendable {
        var enabled: Bool
        var standardMinutes: String
        var rounds: [RoundRow]
        var steps: [(kind: FollowUpStepKind, name: String, role: String, minutes: String)]
        var categories: [(category: MessageCategory, minutes: String)]
    }
    struct DivisionRow: Sendable {
        let id: Int64
        let name: String
        let whatsApp: String
        let activeMembers: Int
        let action: String
        let deleteAction: String
        let members: [ChoiceOption]
    }
    struct Page: Sendable {
        let enabled: Bool
        let standardMinutes: String
        let rounds: [RoundRow]
        let steps: [StepRow]
        let categories: [CategoryRow]
        let errors: [String]
        let divisionErrors: [String]
        let divisions: [DivisionRow]
        let newDivisionName: String
        let newDivisionWhatsApp: String
        let action: String
        let createDivisionAction: String
    }

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminIncoming.route, use: show)
        admin.post(SiteURL.adminIncoming.route, use: save)
        admin.post(SiteURL.adminDivisions.route, use: createDivision)
        admin.post(SiteURL.adminDivision(0).route, use: updateDivision)
        admin.post(SiteURL.adminDivisionDelete(0).route, use: deleteDivision)
    }

    static func form(_ settings: IncomingSettings) -> Form {
        Form(enabled: settings.monitoring.enabled, standardMinutes: settings.monitoring.standardMinutes.map(String.init) ?? "",
             rounds: settings.monitoring.rounds.enumerated().map {
                 RoundRow(index: $0.offset, key: $0.element.key, name: $0.element.name,
                          start: AdminSettingsController.clock($0.element.start), end: AdminSettingsController.clock($0.element.end))
             },
             steps: settings.followUp.steps.map { ($0.kind, $0.name, $0.roleKey?.rawValue ?? "", $0.standardMinutes.map(String.init) ?? "") },
             categories: MessageCategory.allCases.map { ($0, settings.followUp.categoryMinutes[$0].map(String.init) ?? "") })
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try render(Self.form(try services.database.incomingSettings()), errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form, errors: [String], divisionErrors: [String] = [], newDivision: (String, String) = ("", ""),
                status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let t = services.texts(context)
        let roles = services.institution.roles
        var rounds = form.rounds
        // One blank row to add a round.
        if rounds.count < MonitoringSettings.maximumRounds {
            rounds.append(RoundRow(index: rounds.count, key: "", name: "", start: "", end: ""))
        }
        for index in rounds.indices { rounds[index].index = index }
        let steps = form.steps.enumerated().map { position, step in
            StepRow(kind: step.kind.rawValue, position: position + 1, label: step.kind.label(t), name: step.name,
                    roles: roles.map { ChoiceOption(value: $0.key.rawValue, label: $0.name, selected: $0.key.rawValue == step.role) },
                    minutes: step.minutes, isFollowUp: step.kind == .followUp)
        }
        let users = try services.database.users().filter(\.isActive)
        let divisions = try services.database.divisions().map { summary -> DivisionRow in
            let id = summary.division.id!
            let members = Set(try services.database.divisionMembers(divisionId: id).map(\.id))
            return DivisionRow(id: id, name: summary.division.name, whatsApp: summary.division.whatsApp, activeMembers: summary.activeMembers,
                               action: SiteURL.adminDivision(id).path, deleteAction: SiteURL.adminDivisionDelete(id).path,
                               members: users.map { ChoiceOption(value: "\($0.id)", label: $0.displayName, selected: members.contains($0.id)) })
        }
        let page = Page(enabled: form.enabled, standardMinutes: form.standardMinutes, rounds: rounds, steps: steps,
                        categories: form.categories.map { CategoryRow(key: $0.category.rawValue, label: $0.category.label(t), minutes: $0.minutes) },
                        errors: errors, divisionErrors: divisionErrors, divisions: divisions,
                        newDivisionName: newDivision.0, newDivisionWhatsApp: newDivision.1,
                        action: SiteURL.adminIncoming.path, createDivisionAction: SiteURL.adminDivisions.path)
        return services.render(title: t.admin_incoming_title, request: request, context: context, status: status) {
            Templates.adminIncoming(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// A round key from its name: lower-case letters, digits and hyphens, unique among `taken`.
    static func key(for name: String, taken: Set<String>) -> String {
        let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        var key = ""
        for character in folded {
            if ("a"..."z").contains(character) || ("0"..."9").contains(character) { key.append(character) }
            else if !key.isEmpty, key.last != "-" { key.append("-") }
        }
        while key.last == "-" { key.removeLast() }
        if key.isEmpty || !("a"..."z").contains(key.first!) { key = "ronde" + (key.isEmpty ? "" : "-" + key) }
        key = String(key.prefix(16))
        var candidate = key
        var number = 2
        while taken.contains(candidate) { candidate = "\(key)-\(number)"; number += 1 }
        return candidate
    }

    func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        let keys = data.all("round_key"), names = data.all("round_name"), starts = data.all("round_start"), ends = data.all("round_end")
        let removed = Set(data.all("round_remove"))
        var rows: [RoundRow] = []
        for index in 0..<min(names.count, starts.count, ends.count, 40) {
            let key = index < keys.count ? String(keys[index].prefix(40)) : ""
            let row = RoundRow(index: index, key: key, name: String(names[index].trimmingCharacters(in: .whitespaces).prefix(100)),
                               start: String(starts[index].trimmingCharacters(in: .whitespaces).prefix(10)),
                               end: String(ends[index].trimmingCharacters(in: .whitespaces).prefix(10)))
            if removed.contains("\(index)") { continue }
            // A blank row adds nothing.
            if row.key.isEmpty, row.name.isEmpty, row.start.isEmpty, row.end.isEmpty { continue }
            rows.append(row)
        }
        var form = Form(
            enabled: data["monitoring_enabled"] == "on", standardMinutes: String(data.trimmed("standard_minutes").prefix(10)), rounds: rows,
            steps: FollowUpStepKind.allCases.map { kind in
                (kind, String(data.trimmed("step_name_\(kind.rawValue)").prefix(200)), String(data.trimmed("step_role_\(kind.rawValue)").prefix(60)),
                 String(data.trimmed("step_minutes_\(kind.rawValue)").prefix(10)))
            },
            categories: MessageCategory.allCases.map { ($0, String(data.trimmed("category_minutes_\($0.rawValue)").prefix(10))) })
        var errors: [String] = []
        func minutes(_ text: String, _ label: String) -> Int?? {
            if text.isEmpty { return .some(nil) }
            guard let value = Int(text), (0...Workflow.maximumStandardMinutes).contains(value) else {
                errors.append(t.admin_incoming_error_minutes(field: label, max: "\(Workflow.maximumStandardMinutes)"))
                return nil
            }
            return .some(value)
        }
        var taken = Set(rows.map(\.key).filter { !$0.isEmpty })
        var specs: [MonitoringRoundSpec] = []
        for index in form.rounds.indices {
            var row = form.rounds[index]
            if row.key.isEmpty {
                row.key = Self.key(for: row.name, taken: taken)
                taken.insert(row.key)
                form.rounds[index].key = row.key
            }
            let position = index + 1
            if row.name.isEmpty { errors.append(t.admin_incoming_error_round_name(n: "\(position)")) }
            let start = AdminSettingsController.minutes(row.start)
            let end = row.end == "24:00" ? 1440 : AdminSettingsController.minutes(row.end)
            guard let start, let end else { errors.append(t.admin_incoming_error_round_time(n: "\(position)")); continue }
            if end <= start { errors.append(t.admin_incoming_error_round_order(n: "\(position)")) }
            specs.append(MonitoringRoundSpec(key: row.key, name: row.name, start: start, end: end))
        }
        if specs.count > MonitoringSettings.maximumRounds { errors.append(t.admin_incoming_error_too_many(n: "\(MonitoringSettings.maximumRounds)")) }
        let standard = minutes(form.standardMinutes, t.admin_incoming_standard)
        var steps: [FollowUpStep] = []
        for step in form.steps {
            let label = "\(FollowUpWorkflow.position(of: step.kind)). \(step.kind.label(t))"
            if step.name.isEmpty { errors.append(t.admin_incoming_error_step_name(step: label)) }
            var role: RoleKey? = nil
            if step.kind != .followUp {
                if let known = services.institution.roles.first(where: { $0.key.rawValue == step.role }) { role = known.key }
                else { errors.append(t.admin_incoming_error_step_role(step: label)) }
            }
            let value = minutes(step.minutes, label)
            steps.append(FollowUpStep(kind: step.kind, name: step.name, roleKey: role, standardMinutes: value ?? nil))
        }
        var categoryMinutes: [MessageCategory: Int] = [:]
        for entry in form.categories {
            if let value = minutes(entry.minutes, entry.category.label(t)), let value { categoryMinutes[entry.category] = value }
        }
        if errors.isEmpty {
            let settings = IncomingSettings(
                monitoring: MonitoringSettings(enabled: form.enabled, rounds: specs, standardMinutes: standard ?? nil),
                followUp: FollowUpWorkflow(steps: steps, categoryMinutes: categoryMinutes))
            do {
                try services.database.updateIncomingSettings(settings)
            } catch let error as IncomingError {
                errors.append(error.message(t, dateTime: services.dateText(context).shortDateTime, link: { _ in "" }))
            }
        }
        guard errors.isEmpty else {
            return try render(form, errors: errors, status: .unprocessableContent, request: request, context: context)
                .response(from: request, context: context)
        }
        try services.database.audit(.settingsUpdate, actorId: admin.id, actorUsername: admin.username, clientAddress: context.clientAddress, at: services.now)
        return .redirect(to: SiteURL.adminIncoming.path + "?ok=settings_saved")
    }

    // MARK: divisions

    func divisionError(_ error: IncomingError, _ context: AppRequestContext) -> String {
        error.message(services.texts(context), dateTime: services.dateText(context).shortDateTime, link: { _ in "" })
    }

    func refuseDivision(_ messages: [String], status: HTTPResponse.Status, newDivision: (String, String) = ("", ""),
                        request: Request, context: AppRequestContext) throws -> Response {
        try render(Self.form(try services.database.incomingSettings()), errors: [], divisionErrors: messages, newDivision: newDivision,
                   status: status, request: request, context: context).response(from: request, context: context)
    }

    func createDivision(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let name = String(data.trimmed("name").prefix(300)), whatsApp = String(data.trimmed("whatsapp").prefix(40))
        do {
            try services.database.createDivision(name: name, whatsApp: whatsApp, now: services.now)
        } catch let error as IncomingError {
            return try refuseDivision([divisionError(error, context)], status: HTTPResponse.Status(code: error.httpStatus),
                                      newDivision: (name, whatsApp), request: request, context: context)
        }
        return .redirect(to: SiteURL.adminIncoming.path + "?ok=settings_saved#divisions")
    }

    func updateDivision(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), try services.database.division(id: id) != nil else {
            throw AppError(.notFound, LocalizedMessage { $0.incoming_error_unknown_division })
        }
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let members = data.all("members").prefix(1_000).compactMap { Int64($0) }
        do {
            try services.database.updateDivision(id: id, name: String(data.trimmed("name").prefix(300)), whatsApp: String(data.trimmed("whatsapp").prefix(40)))
            try services.database.setDivisionMembers(divisionId: id, userIds: members)
        } catch let error as IncomingError {
            return try refuseDivision([divisionError(error, context)], status: HTTPResponse.Status(code: error.httpStatus), request: request, context: context)
        }
        return .redirect(to: SiteURL.adminIncoming.path + "?ok=settings_saved#divisions")
    }

    func deleteDivision(_ request: Request, context: AppRequestContext) async throws -> Response {
        _ = try context.requireIdentity()
        guard let id = context.parameters.get("id", as: Int64.self), try services.database.division(id: id) != nil else {
            throw AppError(.notFound, LocalizedMessage { $0.incoming_error_unknown_division })
        }
        do {
            try services.database.deleteDivision(id: id)
        } catch let error as IncomingError {
            // In use: refused in words, 409.
            let status: HTTPResponse.Status = error == .divisionInUse ? .conflict : HTTPResponse.Status(code: error.httpStatus)
            return try refuseDivision([divisionError(error, context)], status: status, request: request, context: context)
        }
        return .redirect(to: SiteURL.adminIncoming.path + "?ok=settings_saved#divisions")
    }
}
