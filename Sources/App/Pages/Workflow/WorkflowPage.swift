import Domain
import Foundation

/// What `/workflow` and `/admin/workflow` show: a version's steps (as a form for the editor) and
/// every version.
extension WorkflowController {
    struct StepRow: Sendable {
        let index: Int
        let order: Int
        let name: String
        let roles: [ChoiceOption]
        let kinds: [ChoiceOption]
        let minutes: String
        /// "60 menit", or "–" without a standard time.
        let minutesText: String
        let reject: String
        let roleName: String
        let kindName: String
        let isNew: Bool
    }
    struct VersionRow: Sendable {
        let number: Int
        let href: String
        let createdAt: String
        let note: String?
        let stepCount: Int
        let current: Bool
        let shown: Bool
        /// The findings the version answers: "diubah karena temuan #N: subject" (issue 15).
        var findings: [FindingLink] = []
    }
    struct FindingLink: Sendable {
        let href: String
        let text: String
    }
    /// An open finding the edit may cite, checked or not.
    struct FindingChoice: Sendable {
        let id: String
        let text: String
        let checked: Bool
    }
    struct Page: Sendable {
        let shownVersion: Int
        let isCurrent: Bool
        let steps: [StepRow]
        let versions: [VersionRow]
        let errors: [String]
        let note: String
        let rowCount: Int
        /// The open findings the editor may cite (issue 15).
        var openFindings: [FindingChoice] = []
    }
}

extension WorkflowController.StepRow {
    init(index: Int, order: Int, name: String, roleKey: String, kind: String, minutes: String, reject: String, isNew: Bool, roles: [Role], t: Texts) {
        self.init(
            index: index, order: order, name: name,
            roles: roles.map { .init(value: $0.key.rawValue, label: $0.name, selected: $0.key.rawValue == roleKey) },
            kinds: StepKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0.rawValue == kind) },
            minutes: minutes, minutesText: Int(minutes).map(t.minutesText) ?? "–",
            reject: reject, roleName: roles.first { $0.key.rawValue == roleKey }?.name ?? roleKey,
            kindName: StepKind(rawValue: kind)?.label(t) ?? kind, isNew: isNew)
    }

    /// An empty row at `index`, to add a step.
    static func blank(index: Int, roles: [Role], t: Texts) -> Self {
        .init(index: index, order: index + 1, name: "", roleKey: "", kind: StepKind.decide.rawValue, minutes: "", reject: "", isNew: true, roles: roles, t: t)
    }

    /// The steps of `workflow`, then `extraRows` empty ones.
    static func rows(_ workflow: Workflow, extraRows: Int, roles: [Role], t: Texts) -> [Self] {
        let filled = workflow.steps.enumerated().map { index, step in
            Self(index: index, order: index + 1, name: step.name, roleKey: step.roleKey.rawValue, kind: step.kind.rawValue,
                 minutes: step.standardMinutes.map(String.init) ?? "", reject: step.rejectTo.map(String.init) ?? "", isNew: false, roles: roles, t: t)
        }
        return filled + (0..<extraRows).map { blank(index: workflow.steps.count + $0, roles: roles, t: t) }
    }
}

extension WorkflowController.VersionRow {
    /// Every version, newest first as read, `shown` marked.
    static func rows(_ records: [WorkflowVersionRecord], shown: Int, dates: DateText, cited: [Int: [CitedFinding]] = [:]) -> [Self] {
        let current = records.first?.number ?? 0
        return records.map {
            Self(number: $0.number, href: SiteURL.workflow.with([("version", "\($0.number)")]), createdAt: dates.shortDateTime($0.createdAt),
                 note: $0.note.flatMap { $0.isEmpty ? nil : $0 }, stepCount: $0.steps.count, current: $0.number == current, shown: $0.number == shown,
                 findings: WorkflowController.FindingLink.links(cited[$0.number] ?? []))
        }
    }
}

extension WorkflowController.FindingLink {
    /// "#3: Persetujuan akhir: p90 3× Mutu Baku", linking to the finding.
    static func links(_ cited: [CitedFinding]) -> [Self] {
        cited.map { Self(href: SiteURL.finding($0.id).path, text: "#\($0.id): \($0.subject)") }
    }
}
