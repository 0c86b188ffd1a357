import Domain
import Foundation

/// "Tugas saya": the incoming messages waiting for the person's step or division (issue 14).
extension HomeController {
    struct IncomingTaskRow: Sendable {
        let href: String
        let sender: String
        let channel: String
        let category: String
        let text: String
        let step: String
        let holder: String
        let delegated: String?
        let waited: String
        let standard: String
        let overdue: Bool
        let overdueBy: String?
        let entered: String
    }

    func incomingTasks(user: CurrentUser, context: AppRequestContext) throws -> [IncomingTaskRow] {
        let store = services.institution
        let t = services.texts(context)
        let dates = services.dateText(context)
        let workflow = try services.database.incomingSettings().followUp
        return try services.database.incomingTasks(for: user.id, calendar: store.officeCalendar, now: services.now, limit: 100).map { task in
            let message = task.row.message
            let text = message.text.count > 100 ? String(message.text.prefix(100)) + "…" : message.text
            let holder = task.step == .followUp ? (task.row.divisionName ?? "") : (workflow.step(task.step)?.roleKey.map(store.roleName) ?? "")
            return IncomingTaskRow(
                href: SiteURL.incomingMessage(message.id!).path, sender: message.sender, channel: message.channel.displayName,
                category: message.category.label(t), text: text,
                step: "\(FollowUpWorkflow.position(of: task.step)). \(workflow.step(task.step)?.name ?? task.step.label(t))", holder: holder,
                delegated: task.onBehalfOf == nil ? nil : t.home_task_delegated,
                waited: t.minutesText(task.waiting.officeMinutes), standard: task.waiting.standardMinutes.map(t.minutesText) ?? "–",
                overdue: task.waiting.isOverdue,
                overdueBy: task.waiting.isOverdue ? t.home_overdue_by(time: t.minutesText(task.waiting.overdueBy)) : nil,
                entered: dates.shortDateTime(message.stepEnteredAt))
        }
    }
}
