import Domain
import Foundation

/// What the security log shows: one page of events, the action filter and the paging links.
extension AdminAuditController {
    struct Page: Sendable {
        struct Row: Sendable {
            let at: String
            let actor: String
            let action: String
            let actionKey: String
            let target: String
            let address: String
            let detail: String
            let isFailure: Bool
        }
        let rows: [Row]
        let filters: [ChoiceOption]
        let olderHref: String?
        let newestHref: String?
    }
}

extension AdminAuditController.Page {
    /// `events` as read (one more than a page, to know whether there are older ones), shown
    /// `pageSize` at a time from `before`, only `action` when given.
    init(events: [AuditEventRecord], pageSize: Int, before: Int64?, action: AuditAction?, t: Texts, dates: DateText) {
        let shown = events.prefix(pageSize)
        self.init(
            rows: shown.map { event in
                Row(at: dates.shortDateTime(event.at), actor: event.actorUsername ?? "–",
                    action: event.action.label(t), actionKey: event.action.rawValue,
                    target: event.target ?? "", address: event.clientAddress ?? "", detail: event.detail ?? "",
                    isFailure: event.action == .loginFailure || event.action == .loginThrottled)
            },
            filters: AuditAction.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == action) },
            olderHref: events.count > pageSize
                ? shown.last?.id.map { SiteURL.adminAudit.with([("before", "\($0)"), ("action", action?.rawValue)]) } : nil,
            newestHref: before != nil ? SiteURL.adminAudit.with([("action", action?.rawValue)]) : nil)
    }
}
