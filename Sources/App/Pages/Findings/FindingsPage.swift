import Domain
import Foundation

/// What the findings pages show: the list and the form of one finding (new or stored).
extension FindingsController {
    struct ListRow: Sendable {
        let number: String
        let href: String
        let subject: String
        let statusKey: String
        let status: String
        let owner: String
        let due: String
        let overdue: Bool
        let step: String?
        let answeredBy: String?
    }
    struct ListPage: Sendable {
        let rows: [ListRow]
        let filters: [ChoiceOption]
        let canRaise: Bool
        let seesAll: Bool
    }

    /// The form's fields as text: as stored, as pre-filled, or as sent back.
    struct Form: Sendable, Equatable {
        var subject = ""
        var figure = ""
        var periodFrom = ""
        var periodTo = ""
        var workflowVersion = ""
        var stepPosition = ""
        var cause = ""
        var correctiveAction = ""
        var ownerId = ""
        var dueOn = ""
        var status = FindingStatus.open.rawValue
        /// The new-finding form's key (the same form sent twice makes one finding).
        var formKey = ""
        /// The stored finding's version the form was shown at (409 when it moved on).
        var rowVersion = ""

        var dueOnWords: String { DateText.fieldWords(dueOn, zone: "") }
        var periodFromWords: String { DateText.fieldWords(periodFrom, zone: "") }
        var periodToWords: String { DateText.fieldWords(periodTo, zone: "") }
    }

    /// A workflow version that answered the finding: "dijawab oleh versi N".
    struct Answer: Sendable {
        let number: Int
        let href: String
    }

    struct FormPage: Sendable {
        let isNew: Bool
        let title: String
        let action: String
        let number: String?
        let form: Form
        let errors: [String]
        let conflict: String?
        let owners: [ChoiceOption]
        let statuses: [ChoiceOption]
        /// "5. Persetujuan akhir (versi 1)"; nil when the finding concerns no one step.
        let step: String?
        let period: String?
        let statusKey: String
        let statusLabel: String
        let overdue: Bool
        let createdBy: String?
        let createdAt: String?
        let closedAt: String?
        let answers: [Answer]
    }
}

extension FindingStatus {
    func label(_ t: Texts) -> String {
        switch self {
        case .open: t.finding_status_open
        case .inProgress: t.finding_status_in_progress
        case .done: t.finding_status_done
        }
    }
}

extension FindingsController.Form {
    init(_ record: FindingRecord) {
        self.init(subject: record.subject, figure: record.figure, periodFrom: record.periodFrom ?? "", periodTo: record.periodTo ?? "",
                  workflowVersion: record.workflowVersion.map(String.init) ?? "", stepPosition: record.stepPosition.map(String.init) ?? "",
                  cause: record.cause, correctiveAction: record.correctiveAction, ownerId: "\(record.ownerId)", dueOn: record.dueOn,
                  status: record.status.rawValue, formKey: "", rowVersion: "\(record.version)")
    }
}

extension FindingsController.ListRow {
    init(_ row: FindingRow, today: Day, dates: DateText, t: Texts, stepName: (Int?, Int?) -> String?) {
        let record = row.record
        let due = Day(record.dueOn)
        self.init(
            number: "#\(record.id!)", href: SiteURL.finding(record.id!).path, subject: record.subject, statusKey: record.status.rawValue,
            status: record.status.label(t), owner: row.ownerName, due: due.map(dates.date(day:)) ?? record.dueOn,
            overdue: due.map { FindingRules.isOverdue(status: record.status, dueOn: $0, today: today) } ?? false,
            step: stepName(record.workflowVersion, record.stepPosition).map { t.finding_step_of_version(step: $0, version: "\(record.workflowVersion ?? 0)") },
            answeredBy: row.answeredBy.isEmpty ? nil : t.finding_answered_by(versions: row.answeredBy.map(String.init).joined(separator: ", ")))
    }
}

extension FindingsController.FormPage {
    init(row: FindingRow?, form: FindingsController.Form, errors: [String], conflict: String?, owners: [ChoiceOption],
         statuses: [ChoiceOption], step: String?, today: Day, dates: DateText, t: Texts) {
        let record = row?.record
        let period: String? = switch (Day(form.periodFrom), Day(form.periodTo)) {
        case (let from?, let to?): "\(dates.date(day: from)) – \(dates.date(day: to))"
        case (let from?, nil): dates.date(day: from)
        case (nil, let to?): dates.date(day: to)
        default: nil
        }
        self.init(
            isNew: record == nil,
            title: record.map { t.finding_title(n: "\($0.id!)") } ?? t.finding_new_title,
            action: record.map { SiteURL.finding($0.id!).path } ?? SiteURL.findings.path,
            number: record.map { "#\($0.id!)" }, form: form, errors: errors, conflict: conflict, owners: owners, statuses: statuses,
            step: step.map { t.finding_step_of_version(step: $0, version: form.workflowVersion) }, period: period,
            statusKey: record?.status.rawValue ?? "", statusLabel: record?.status.label(t) ?? "",
            overdue: record.flatMap { r in Day(r.dueOn).map { FindingRules.isOverdue(status: r.status, dueOn: $0, today: today) } } ?? false,
            createdBy: row?.createdByName, createdAt: record.map { dates.shortDateTime($0.createdAt) },
            closedAt: record?.closedAt.map(dates.shortDateTime),
            answers: (row?.answeredBy ?? []).map { .init(number: $0, href: SiteURL.workflow.with([("version", "\($0)")])) })
    }
}
