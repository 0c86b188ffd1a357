import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET|POST /admin/sop`: administrators edit the SOP document's texts: the header fields, the six
/// boxes (one line per entry) and, per step of the running version, "Kelengkapan/Persyaratan"
/// (one line per item) and "Output", and the extra activities before and after the steps (name, role,
/// standard minutes, Kelengkapan, Output, Keterangan; blank rows add one, a cleared name removes one).
struct AdminSOPController {
    let services: AppServices

    /// The most each field keeps, in characters.
    static let lineMax = 300
    static let boxMax = 4000
    static let boxLinesMax = 40
    static let requirementsMax = 1000
    static let outputMax = 300
    static let noteMax = 1000
    /// Extra activities on either side of the steps, at most.
    static let extrasMax = 12
    /// Blank rows offered for new extra activities on either side.
    static let blankExtras = 2

    struct Field: Sendable {
        let name: String
        let label: String
        let value: String
    }
    struct StepField: Sendable {
        let index: Int
        let number: Int
        let name: String
        let requirementsName: String
        let outputName: String
        let requirements: String
        let output: String
    }
    /// One extra activity's fields, as typed; `prefix` names them (`lead_0_name`, `trail_2_role` …).
    struct ExtraField: Sendable {
        let prefix: String
        let number: Int
        let name: String
        let roles: [ChoiceOption]
        let minutes: String
        let requirements: String
        let output: String
        let note: String
        /// Kept through the form: the follow-up row it stands for, and its symbol.
        let incomingRow: String
        let symbol: String
        /// Name, role and minutes come from the follow-up workflow while incoming messages are on.
        let fromIncoming: Bool
    }
    struct ExtraGroup: Sendable {
        let key: String
        let legend: String
        let rows: [ExtraField]
    }
    struct Page: Sendable {
        let version: Int
        let fields: [Field]
        let institutionLines: String
        let boxes: [Field]
        let steps: [StepField]
        let extras: [ExtraGroup]
        let errors: [String]
        let documentHref: String
    }

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminSOP.route, use: editor)
        admin.post(SiteURL.adminSOP.route, use: save)
    }

    static let boxNames = ["box_legal", "box_qualifications", "box_related", "box_equipment", "box_warnings", "box_records"]

    func page(texts: SOPDocumentTexts, steps: [SOPStepTexts], version: Int, workflow: Workflow, errors: [String],
              context: AppRequestContext) -> Page {
        let t = services.texts(context)
        let fields = [
            Field(name: "sop_number", label: t.sop_number, value: texts.sopNumber),
            Field(name: "sop_name", label: t.sop_name, value: texts.sopName),
            Field(name: "created_on", label: t.sop_created_on, value: texts.createdOn),
            Field(name: "approver_position", label: t.sop_approver_position, value: texts.approverPosition),
            Field(name: "approver_name", label: t.sop_approver_name, value: texts.approverName),
            Field(name: "approver_nip", label: t.sop_approver_nip, value: texts.approverNIP),
            Field(name: "approval_note", label: t.sop_approval_note, value: texts.approvalNote),
        ]
        let boxes = zip(Self.boxNames, texts.boxes).map { Field(name: $0, label: $1.title, value: $1.lines.joined(separator: "\n")) }
        let stepFields = workflow.steps.enumerated().map { index, step in
            let text = steps.indices.contains(index) ? steps[index] : SOPStepTexts()
            return StepField(index: index, number: index + 1, name: step.name, requirementsName: "step_\(index)_requirements",
                             outputName: "step_\(index)_output", requirements: text.requirements.joined(separator: "\n"), output: text.output)
        }
        let extras = [
            ExtraGroup(key: "lead", legend: t.sop_extras_leading,
                       rows: Self.extraFields(texts.leadingExtras.map(ExtraInput.init), prefix: "lead", roles: services.institution.roles)),
            ExtraGroup(key: "trail", legend: t.sop_extras_trailing,
                       rows: Self.extraFields(texts.trailingExtras.map(ExtraInput.init), prefix: "trail", roles: services.institution.roles)),
        ]
        return Page(version: version, fields: fields, institutionLines: texts.institutionLines.joined(separator: "\n"), boxes: boxes,
                    steps: stepFields, extras: extras, errors: errors, documentHref: SiteURL.sop.path)
    }

    /// An extra activity's fields as strings: stored, or as typed.
    struct ExtraInput: Sendable {
        var name = ""
        var role = ""
        var minutes = ""
        var requirements = ""
        var output = ""
        var note = ""
        var incomingRow = ""
        var symbol = ""

        init() {}
        init(_ extra: SOPExtraActivity) {
            name = extra.name
            role = extra.roleKey.rawValue
            minutes = extra.standardMinutes.map(String.init) ?? ""
            requirements = extra.requirements
            output = extra.output
            note = extra.note
            incomingRow = extra.incomingRow?.rawValue ?? ""
            symbol = extra.symbol == .document ? SOPFlowchart.ShapeKind.document.rawValue : ""
        }
    }

    /// The rows of one side, with blank rows to add more (up to `extrasMax`).
    static func extraFields(_ inputs: [ExtraInput], prefix: String, roles: [Role]) -> [ExtraField] {
        let blanks = max(0, min(blankExtras, extrasMax - inputs.count))
        return (inputs + Array(repeating: ExtraInput(), count: blanks)).enumerated().map { index, input in
            var options = [ChoiceOption(value: "", label: "–", selected: input.role.isEmpty)]
            options += roles.map { ChoiceOption(value: $0.key.rawValue, label: $0.name, selected: $0.key.rawValue == input.role) }
            if !input.role.isEmpty, !roles.contains(where: { $0.key.rawValue == input.role }) {
                options.append(ChoiceOption(value: input.role, label: input.role, selected: true))
            }
            return ExtraField(prefix: "\(prefix)_\(index)", number: index + 1, name: input.name, roles: options, minutes: input.minutes,
                              requirements: input.requirements, output: input.output, note: input.note, incomingRow: input.incomingRow,
                              symbol: input.symbol, fromIncoming: !input.incomingRow.isEmpty)
        }
    }

    func editor(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let current = services.institution.currentWorkflow else { throw AppError.notFound }
        let page = page(texts: try services.database.sopDocument(), steps: try services.database.sopRevision(current.version).steps,
                        version: current.version, workflow: current.workflow, errors: [], context: context)
        return render(page, status: .ok, request: request, context: context)
    }

    func render(_ page: Page, status: HTTPResponse.Status, request: Request, context: AppRequestContext) -> HTML {
        services.render(title: services.texts(context).sop_admin_title, request: request, context: context, status: status) {
            Templates.adminSop(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    /// Lines of a textarea: trimmed, blank lines dropped.
    static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func save(_ request: Request, context: AppRequestContext) async throws -> Response {
        let admin = try context.requireIdentity()
        guard let current = services.institution.currentWorkflow else { throw AppError.notFound }
        var request = request
        let form = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        var errors: [String] = []
        var texts = try services.database.sopDocument()

        func single(_ name: String, _ label: String, required: Bool = false) -> String {
            let value = form.trimmed(name)
            if value.count > Self.lineMax { errors.append(t.sop_error_too_long(field: label, max: "\(Self.lineMax)")) }
            if value.contains(where: \.isNewline) { errors.append(t.sop_error_one_line(field: label)) }
            if required && value.isEmpty { errors.append(t.sop_error_required(field: label)) }
            return value
        }
        func block(_ name: String, _ label: String, max: Int) -> String {
            let value = form.trimmed(name)
            if value.count > max { errors.append(t.sop_error_too_long(field: label, max: "\(max)")) }
            if Self.lines(value).count > Self.boxLinesMax { errors.append(t.sop_error_too_many_lines(field: label, max: "\(Self.boxLinesMax)")) }
            return value
        }
        texts.sopNumber = single("sop_number", t.sop_number)
        texts.sopName = single("sop_name", t.sop_name, required: true)
        texts.createdOn = single("created_on", t.sop_created_on)
        texts.approverPosition = single("approver_position", t.sop_approver_position)
        texts.approverName = single("approver_name", t.sop_approver_name)
        texts.approverNIP = single("approver_nip", t.sop_approver_nip)
        texts.approvalNote = single("approval_note", t.sop_approval_note)
        let institution = block("institution_lines", t.sop_institution_lines, max: Self.boxMax)
        texts.institutionLines = Self.lines(institution)
        var boxValues: [String] = []
        for (name, box) in zip(Self.boxNames, texts.boxes) {
            boxValues.append(block(name, box.title, max: Self.boxMax))
        }
        texts.legalBasis = Self.lines(boxValues[0])
        texts.qualifications = Self.lines(boxValues[1])
        texts.relatedSOPs = Self.lines(boxValues[2])
        texts.equipment = Self.lines(boxValues[3])
        texts.warnings = Self.lines(boxValues[4])
        texts.records = Self.lines(boxValues[5])

        var steps = try services.database.sopRevision(current.version).steps
        while steps.count < current.workflow.steps.count { steps.append(SOPStepTexts()) }
        steps = Array(steps.prefix(current.workflow.steps.count))
        var typed: [(String, String)] = []
        for (index, step) in current.workflow.steps.enumerated() {
            let label = "\(t.home_step) \(index + 1) (\(step.name))"
            let requirements = block("step_\(index)_requirements", label + " · " + t.sop_col_requirements, max: Self.requirementsMax)
            let output = form.trimmed("step_\(index)_output")
            if output.count > Self.outputMax { errors.append(t.sop_error_too_long(field: label + " · " + t.sop_col_output, max: "\(Self.outputMax)")) }
            steps[index].requirements = Self.lines(requirements)
            steps[index].output = output
            typed.append((requirements, output))
        }

        // The extra activities. A row's roles: the institution's, or the one it had (a lane of the
        // seed such as Kendal's "bidang" that is no user role).
        let knownRoles = Set(services.institution.roles.map(\.key.rawValue))
        var typedExtras: [String: [ExtraInput]] = [:]
        func extras(_ key: String, stored: [SOPExtraActivity], legend: String) -> [SOPExtraActivity] {
            var result: [SOPExtraActivity] = []
            var inputs: [ExtraInput] = []
            let storedRoles = Set(stored.map(\.roleKey.rawValue))
            for index in 0..<(Self.extrasMax + Self.blankExtras) {
                let prefix = "\(key)_\(index)"
                guard form[prefix + "_name"] != nil else { continue }
                var input = ExtraInput()
                input.name = form.trimmed(prefix + "_name")
                input.role = form.trimmed(prefix + "_role")
                input.minutes = form.trimmed(prefix + "_minutes")
                input.requirements = form.trimmed(prefix + "_requirements")
                input.output = form.trimmed(prefix + "_output")
                input.note = form.trimmed(prefix + "_note")
                input.incomingRow = SOPIncomingRow(rawValue: form.trimmed(prefix + "_incoming"))?.rawValue ?? ""
                input.symbol = form.trimmed(prefix + "_symbol") == SOPFlowchart.ShapeKind.document.rawValue ? "document" : ""
                // A cleared name removes the row.
                guard !input.name.isEmpty else { continue }
                inputs.append(input)
                let label = "\(legend) \(inputs.count) (\(String(input.name.prefix(40))))"
                if input.name.count > Self.lineMax { errors.append(t.sop_error_too_long(field: label, max: "\(Self.lineMax)")) }
                if input.name.contains(where: \.isNewline) { errors.append(t.sop_error_one_line(field: label)) }
                if input.role.isEmpty || !(knownRoles.contains(input.role) || storedRoles.contains(input.role)) {
                    errors.append(t.sop_error_extra_role(field: label))
                }
                var minutes: Int?
                if !input.minutes.isEmpty {
                    if let value = Int(input.minutes), (0...Workflow.maximumStandardMinutes).contains(value) {
                        minutes = value
                    } else {
                        errors.append(t.sop_error_extra_minutes(field: label, max: "\(Workflow.maximumStandardMinutes)"))
                    }
                }
                if input.requirements.count > Self.requirementsMax {
                    errors.append(t.sop_error_too_long(field: label + " · " + t.sop_col_requirements, max: "\(Self.requirementsMax)"))
                }
                if input.output.count > Self.outputMax { errors.append(t.sop_error_too_long(field: label + " · " + t.sop_col_output, max: "\(Self.outputMax)")) }
                if input.note.count > Self.noteMax { errors.append(t.sop_error_too_long(field: label + " · " + t.sop_col_note, max: "\(Self.noteMax)")) }
                result.append(SOPExtraActivity(
                    name: input.name, roleKey: RoleKey(rawValue: input.role), standardMinutes: minutes,
                    requirements: Self.lines(input.requirements).joined(separator: "\n"), output: input.output,
                    note: Self.lines(input.note).joined(separator: "\n"), symbol: input.symbol == "document" ? .document : .process,
                    incomingRow: SOPIncomingRow(rawValue: input.incomingRow)))
            }
            if result.count > Self.extrasMax { errors.append(t.sop_error_extras_count(field: legend, max: "\(Self.extrasMax)")) }
            typedExtras[key] = inputs
            return result
        }
        // A form without the extras' fieldset (an older page) leaves them as they are.
        if form["extras_shown"] != nil {
            texts.leadingExtras = extras("lead", stored: texts.leadingExtras, legend: t.sop_extras_leading)
            texts.trailingExtras = extras("trail", stored: texts.trailingExtras, legend: t.sop_extras_trailing)
        } else {
            typedExtras = ["lead": texts.leadingExtras.map(ExtraInput.init), "trail": texts.trailingExtras.map(ExtraInput.init)]
        }

        guard errors.isEmpty else {
            // The form as typed, with the messages.
            var shown = page(texts: texts, steps: steps, version: current.version, workflow: current.workflow, errors: errors, context: context)
            let roles = services.institution.roles
            shown = Page(
                version: shown.version, fields: shown.fields, institutionLines: institution,
                boxes: zip(shown.boxes, boxValues).map { Field(name: $0.name, label: $0.label, value: $1) },
                steps: zip(shown.steps, typed).map {
                    StepField(index: $0.index, number: $0.number, name: $0.name, requirementsName: $0.requirementsName,
                              outputName: $0.outputName, requirements: $1.0, output: $1.1)
                },
                extras: shown.extras.map { group in
                    ExtraGroup(key: group.key, legend: group.legend,
                               rows: Self.extraFields(typedExtras[group.key] ?? [], prefix: group.key, roles: roles))
                },
                errors: errors, documentHref: shown.documentHref)
            return try render(shown, status: .unprocessableContent, request: request, context: context).response(from: request, context: context)
        }
        try services.database.saveSOPTexts(texts, steps: steps, version: current.version)
        // There is no audit action of its own without a migration of the audit table's check: the
        // settings action names the SOP texts as its target.
        try services.database.audit(.settingsUpdate, actorId: admin.id, actorUsername: admin.username, target: "sop",
                                    clientAddress: context.clientAddress, detail: "v\(current.version)", at: services.now)
        return .redirect(to: SiteURL.adminSOP.path + "?ok=sop_saved")
    }
}
