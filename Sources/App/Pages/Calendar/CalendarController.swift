import Domain
import Foundation
import Hummingbird

/// `GET /calendar`: the month (`?month=2026-11`), week (`?week=2026-W47`) and list
/// (`?view=list&from=…&to=…`) views of the agenda, the national days and the content plan.
///
/// The parameters are `CalendarParams`, the reads `CalendarQuery`, the model `CalendarPage.swift`.
struct CalendarController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.calendar.route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let today = services.institution.today(services.now)
        let params = try CalendarParams(request.uri.formParameters, today: today)
        let (first, last) = params.days
        let (entries, agendaTruncated) = try CalendarQuery(database: services.database, institution: services.institution, now: services.now).gather(from: first, through: last, filters: params.filters)
        let t = services.texts(context)
        let page = Page(params: params, entries: entries, agendaTruncated: agendaTruncated, today: today, canCreate: services.canCreate(user),
                        channels: services.institution.settings.channels, calendar: services.institution.officeCalendar,
                        t: t, dates: services.dateText(context))
        return services.render(title: t.calendar_title + " · " + page.heading, request: request, context: context) {
            Templates.calendar(page: page, chrome: $0, t: $1, into: &$2)
        }
    }
}

extension CalendarController.Page {
    /// A weekday column's heading: its name, and the three letters a phone's narrow column shows.
    struct WeekdayHead: Sendable {
        let name: String
        let short: String
    }
    var weekdayHeads: [WeekdayHead] { weekdayNames.map { WeekdayHead(name: $0, short: String($0.prefix(3))) } }
}
