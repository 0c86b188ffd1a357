import Domain
import Hummingbird

/// `GET /admin/audit`: the security events, newest first, 50 to a page.
struct AdminAuditController {
    let services: AppServices
    static let pageSize = 50

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

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminAudit.route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let query = request.uri.queryParameters
        let before = query.get("before", as: Int64.self)
        let action = query.get("action").flatMap { AuditAction(rawValue: $0) }
        let events = try services.database.auditEvents(beforeId: before, action: action, limit: Self.pageSize + 1)
        let dates = services.dateText(context)
        let shown = events.prefix(Self.pageSize)
        let rows = shown.map { event in
            Page.Row(
                at: dates.shortDateTime(event.at), actor: event.actorUsername ?? "–",
                action: event.action.label(services.texts(context)), actionKey: event.action.rawValue,
                target: event.target ?? "", address: event.clientAddress ?? "", detail: event.detail ?? "",
                isFailure: event.action == .loginFailure || event.action == .loginThrottled)
        }
        let older = events.count > Self.pageSize
            ? shown.last?.id.map { SiteURL.adminAudit.with([("before", "\($0)"), ("action", action?.rawValue)]) } : nil
        let page = Page(
            rows: Array(rows),
            filters: AuditAction.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == action) },
            olderHref: older,
            newestHref: before != nil ? SiteURL.adminAudit.path + (action.map { "?action=\($0.rawValue)" } ?? "") : nil)
        return services.render(title: services.texts(context).audit_title, request: request, context: context) {
            Templates.adminAudit(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

}
