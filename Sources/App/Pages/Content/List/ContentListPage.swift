import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/content`: every item, newest change first, filtered by status, fifty to a page.
struct ContentListController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.contentList.route, use: list)
    }


    struct ListPage: Sendable {
        struct Row: Sendable {
            let href: String
            let title: String
            let kind: String
            let statusKey: String
            let status: String
            let step: String
            let creator: String
            let updated: String
        }
        let rows: [Row]
        let filters: [ChoiceOption]
        let canCreate: Bool
        let nextHref: String?
        let previousHref: String?
    }


    static let pageSize = 50

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let query = request.uri.queryParameters
        let status = query.get("status").flatMap(ItemStatus.init(rawValue:))
        let page = SiteURL.pageNumber(query)
        let rows = try services.database.items(status: status, limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let dates = services.dateText(context)
        let model = ListPage(
            rows: rows.prefix(Self.pageSize).map { row in
                let item = row.item
                let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position)
                return .init(
                    href: SiteURL.content(item.id!).path, title: item.title, kind: item.kind.label(services.texts(context)),
                    statusKey: item.status.rawValue, status: item.status.label(services.texts(context)),
                    step: item.status == .published ? "–" : "\(item.position). \(step?.name ?? "")",
                    creator: row.creatorName, updated: dates.shortDateTime(item.updatedAt))
            },
            filters: ItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(services.texts(context)), selected: $0 == status) },
            canCreate: services.canCreate(user),
            nextHref: rows.count > Self.pageSize ? SiteURL.contentList.with([("status", status?.rawValue), ("page", "\(page + 1)")]) : nil,
            previousHref: page > 1 ? SiteURL.contentList.with([("status", status?.rawValue), ("page", "\(page - 1)")]) : nil)
        return services.render(title: services.texts(context).content_list_title, request: request, context: context) {
            Templates.contentList(page: model, chrome: $0, t: $1, into: &$2)
        }
    }
}
