import Domain
import Foundation

/// "Tugas saya": the evaluation findings the person owns that are not done, oldest due first,
/// the overdue ones flagged (issue 15).
extension HomeController {
    struct FindingTaskRow: Sendable {
        let href: String
        let number: String
        let subject: String
        let statusKey: String
        let status: String
        let due: String
        let overdue: Bool
    }

    func findingTasks(user: CurrentUser, context: AppRequestContext) throws -> [FindingTaskRow] {
        let t = services.texts(context)
        let dates = services.dateText(context)
        let today = services.institution.today(services.now)
        return try services.database.findings(statuses: [.open, .inProgress], ownerId: user.id, limit: 100).map { row in
            let record = row.record
            let due = Day(record.dueOn)
            return FindingTaskRow(
                href: SiteURL.finding(record.id!).path, number: "#\(record.id!)", subject: record.subject, statusKey: record.status.rawValue,
                status: record.status.label(t), due: due.map(dates.date(day:)) ?? record.dueOn,
                overdue: due.map { FindingRules.isOverdue(status: record.status, dueOn: $0, today: today) } ?? false)
        }
    }
}
