import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/content`: every item, newest change first, filtered by words, status, kind, channel and
/// planned-date range, fifty to a page.
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
            /// The planned publication, when there is one.
            let planned: String?
        }
        let rows: [Row]
        let filters: [ChoiceOption]
        let kinds: [ChoiceOption]
        let channels: [ChoiceOption]
        /// The search text and the planned-date range as typed (kept in the form).
        let q: String
        let from: String
        let to: String
        /// The range's days in Indonesian words beside their fields (`DateText.fieldWords`).
        var fromWords: String { DateText.fieldWords(from, zone: "") }
        var toWords: String { DateText.fieldWords(to, zone: "") }
        /// Some filter is in force: the empty text says so, and offers to clear it.
        let filtered: Bool
        let canCreate: Bool
        let nextHref: String?
        let previousHref: String?
    }


    static let pageSize = 50

    func list(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let query = request.uri.formParameters
        let filter = try ContentListFilter(query)
        let page = SiteURL.pageNumber(query)
        let timeZone = services.institution.settings.timeZone
        let rows = try services.database.items(filter, dayStart: { WallClock.instant(day: $0.dayNumber, second: 0, in: timeZone) },
                                               limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let dates = services.dateText(context)
        let t = services.texts(context)
        func pageHref(_ number: Int) -> String { SiteURL.contentList.with(filter.parameters + [("page", "\(number)")]) }
        let model = ListPage(
            rows: rows.prefix(Self.pageSize).map { row in
                let item = row.item
                let step = services.institution.workflow(version: item.workflowVersion)?.step(at: item.position)
                return .init(
                    href: SiteURL.content(item.id!).path, title: item.title, kind: item.kind.label(t),
                    statusKey: item.status.rawValue, status: item.status.label(t),
                    step: item.status == .published ? "–" : "\(item.position). \(step?.name ?? "")",
                    creator: row.creatorName, updated: dates.shortDateTime(item.updatedAt),
                    planned: item.publishAt.map(dates.shortDateTime))
            },
            filters: ItemStatus.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == filter.status) },
            kinds: ContentKind.allCases.map { .init(value: $0.rawValue, label: $0.label(t), selected: $0 == filter.kind) },
            channels: services.institution.settings.channels.map { .init(value: $0.rawValue, label: $0.displayName, selected: $0 == filter.channel) },
            q: filter.text, from: filter.from?.description ?? "", to: filter.to?.description ?? "",
            filtered: !filter.isEmpty,
            canCreate: services.canCreate(user),
            nextHref: rows.count > Self.pageSize ? pageHref(page + 1) : nil,
            previousHref: page > 1 ? pageHref(page - 1) : nil)
        return services.render(title: t.content_list_title, request: request, context: context) {
            Templates.contentList(page: model, chrome: $0, t: $1, into: &$2)
        }
    }
}
