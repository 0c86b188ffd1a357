import Domain
import Hummingbird

/// `GET /admin/audit`: the security events, newest first, 50 to a page. The read is
/// `AdminAuditQuery.swift`, the model `AdminAuditPage.swift`.
struct AdminAuditController {
    let database: AppDatabase
    let renderer: Renderer
    static let pageSize = 50

    func addRoutes(to admin: RouterGroup<AppRequestContext>) {
        admin.get(SiteURL.adminAudit.route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let query = request.uri.formParameters
        let before = query.get("before", as: Int64.self)
        let action = query.get("action").flatMap { AuditAction(rawValue: $0) }
        let events = try database.auditEvents(beforeId: before, action: action, limit: Self.pageSize + 1)
        let page = Page(events: events, pageSize: Self.pageSize, before: before, action: action,
                        t: renderer.texts(context), dates: renderer.dateText(context))
        return renderer.render(title: renderer.texts(context).audit_title, request: request, context: context) {
            Templates.adminAudit(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}
