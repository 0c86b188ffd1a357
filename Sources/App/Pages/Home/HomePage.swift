import Domain
import Foundation
import Hummingbird

/// `GET /`: "Tugas saya", the items waiting for the signed-in person, oldest first, with the time
/// waited against the step's standard time; and their own items still in flight.
struct HomeController {
    let services: AppServices
    /// Tasks per page, oldest first: enough for a working day, short enough for a phone.
    static let pageSize = 50

    struct Page: Sendable {
        struct Task: Sendable {
            let href: String
            let title: String
            let kind: String
            let step: String
            let role: String
            let delegated: String?
            let creator: String
            let entered: String
            let waited: String
            let standard: String
            let overdue: Bool
            let overdueBy: String?
            /// Sent back to this step: "Dikembalikan oleh Budi, Kepala Subbagian TU: …".
            var returned: String? = nil
        }
        struct Mine: Sendable {
            let href: String
            let title: String
            let statusKey: String
            let status: String
            let step: String
            let updated: String
            /// Sent back to be fixed: "Dikembalikan oleh Budi, Kepala Subbagian TU: …", until it moves on.
            var returned: String? = nil
        }
        let greeting: String
        let tasks: [Task]
        /// All items waiting, on every page.
        let taskTotal: Int
        let range: String?
        let nextHref: String?
        let previousHref: String?
        /// nil when nothing is overdue.
        let overdueCount: Int?
        let mine: [Mine]
        /// How many of `mine` stand sent back, in words ("2 dikembalikan"); nil when none.
        var mineReturned: String? = nil
        let canCreate: Bool
        let roles: [String]
        let delegations: [String]
        /// Commemoration days and holidays in the next 30 days that have no greeting item yet.
        let greetingsDue: [GreetingDue]
        /// For the publishing role: live links whose last check found them dead.
        var deadLinks: [DeadLink] = []
        /// Incoming messages waiting for this person's step or division, oldest first (issue 14).
        var incoming: [IncomingTaskRow] = []
        /// Shown when the institution logs incoming messages, or when one waits.
        var showIncoming = false
        var incomingOverdue: Int? = nil
        /// For the monitor: the monitoring round open now and not recorded yet ("Tugas saya").
        var roundDue: RoundDue? = nil
        /// Evaluation findings this person owns, not done, oldest due first (issue 15).
        var findings: [FindingTaskRow] = []
        var findingsOverdue: Int? = nil
    }
    struct RoundDue: Sendable {
        let key: String
        let text: String
        let href: String
    }
    struct DeadLink: Sendable {
        let itemHref: String
        let title: String
        let channel: String
        let url: String
        let checked: String
    }
    struct GreetingDue: Sendable {
        let date: String
        let day: String
        let name: String
        let kind: String
        let inDays: String
        let createHref: String
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.home.route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let user = try context.requireIdentity()
        let store = services.institution
        let calendar = store.officeCalendar
        let dates = services.dateText(context)
        let now = services.now
        let pageNumber = SiteURL.pageNumber(request.uri.queryParameters)
        let offset = (pageNumber - 1) * Self.pageSize
        let (taskRows, mineRows) = try services.database.home(roleKeys: user.actingRoleKeys, userId: user.id, taskLimit: Self.pageSize, taskOffset: offset)
        // The count came with the session; a page past the end still says how many there are.
        let total = max(user.taskCount, offset + taskRows.count)
        let tasks = taskRows.map { row -> Page.Task in
            let item = row.item
            let step = store.workflow(version: item.workflowVersion)?.step(at: item.position)
            let time = WaitingTime(officeMinutes: calendar.officeMinutes(from: item.stepEnteredAt, to: now), standardMinutes: step?.standardMinutes)
            let roleKey = item.stepRoleKey ?? ""
            return Page.Task(
                href: SiteURL.content(item.id!).path, title: item.title, kind: item.kind.label(services.texts(context)),
                step: "\(item.position). \(step?.name ?? "")", role: store.roleName(roleKey),
                delegated: user.roles.contains(roleKey) ? nil : services.texts(context).home_task_delegated,
                creator: row.creatorName, entered: dates.shortDateTime(item.stepEnteredAt),
                waited: services.minutesText(time.officeMinutes, context),
                standard: time.standardMinutes.map { services.minutesText($0, context) } ?? "–",
                overdue: time.isOverdue,
                overdueBy: time.isOverdue ? services.texts(context).home_overdue_by(time: services.minutesText(time.overdueBy, context)) : nil,
                returned: row.returned.map { services.returnedNotice($0, item: item, context) })
        }
        let mine = mineRows.map { row -> Page.Mine in
            let item = row.item
            let step = store.workflow(version: item.workflowVersion)?.step(at: item.position)
            return .init(href: SiteURL.content(item.id!).path, title: item.title, statusKey: item.status.rawValue,
                         status: item.status.label(services.texts(context)),
                         step: "\(item.position). \(step?.name ?? "") — \(store.roleName(item.stepRoleKey ?? ""))",
                         updated: dates.shortDateTime(item.updatedAt),
                         returned: row.returned.map { services.returnedNotice($0, item: item, context) })
        }
        let first = store.currentWorkflow?.workflow.step(at: 1)
        let canCreate = first.map { user.actor(for: $0.roleKey) != nil } ?? false
        var page = Page(
            greeting: services.texts(context).home_greeting(name: user.displayName),
            tasks: tasks, taskTotal: total,
            range: total > Self.pageSize && !tasks.isEmpty
                ? services.texts(context).home_tasks_range(from: "\(offset + 1)", to: "\(offset + tasks.count)", total: "\(total)") : nil,
            nextHref: offset + tasks.count < total ? SiteURL.home.with([("page", "\(pageNumber + 1)")]) : nil,
            previousHref: pageNumber > 1 ? SiteURL.home.with([("page", "\(pageNumber - 1)")]) : nil,
            overdueCount: tasks.contains(where: \.overdue) ? tasks.filter(\.overdue).count : nil, mine: mine,
            canCreate: canCreate,
            roles: user.roles.sorted().map(store.roleName),
            delegations: user.delegatedRoles.keys.sorted().map { services.texts(context).home_delegated_role(role: store.roleName($0)) },
            greetingsDue: canCreate ? try greetingsDue(context) : [])
        let returnedCount = mine.filter { $0.returned != nil }.count
        page.mineReturned = returnedCount > 0 ? services.texts(context).home_returned_count(n: "\(returnedCount)") : nil
        let publishRole = store.currentWorkflow.flatMap { current in current.workflow.publishPosition.flatMap(current.workflow.step(at:)) }?.roleKey
        if let publishRole, user.actor(for: publishRole) != nil {
            page.deadLinks = try services.database.deadLinks(limit: 20).map {
                DeadLink(itemHref: SiteURL.content($0.itemId).path, title: $0.title, channel: $0.channel.displayName,
                         url: $0.url, checked: $0.checkedAt.map(dates.shortDateTime) ?? "")
            }
        }
        page.incoming = try incomingTasks(user: user, context: context)
        page.showIncoming = user.incomingEnabled || !page.incoming.isEmpty
        let incomingOverdue = page.incoming.filter(\.overdue).count
        page.incomingOverdue = incomingOverdue > 0 ? incomingOverdue : nil
        page.findings = try findingTasks(user: user, context: context)
        let findingsOverdue = page.findings.filter(\.overdue).count
        page.findingsOverdue = findingsOverdue > 0 ? findingsOverdue : nil
        if let round = try services.database.currentRound(for: user.id, calendar: calendar, now: now) {
            let window = "\(AdminSettingsController.clock(round.spec.start))–\(AdminSettingsController.clock(round.spec.end))"
            page.roundDue = RoundDue(key: round.spec.key, text: services.texts(context).home_round_due(name: round.spec.name, window: window),
                                     href: SiteURL.incomingRounds.path)
        }
        return services.render(title: services.texts(context).home_title, request: request, context: context) {
            Templates.home(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    static let greetingHorizonDays = 30

    /// The days worth a greeting (commemorations and public holidays) in the next 30 days that no
    /// `ucapan` item is planned for yet: the reminder for whoever drafts.
    func greetingsDue(_ context: AppRequestContext) throws -> [GreetingDue] {
        let today = services.institution.today(services.now)
        let last = today.adding(days: Self.greetingHorizonDays - 1)
        let planned = try services.database.greetingDays(from: today, through: last)
        let commemorations = services.institution.commemorations.compactMap(\.commemoration)
        var days = Commemoration.upcoming(commemorations, from: today, days: Self.greetingHorizonDays)
            .map { (day: $0.day, name: $0.commemoration.name, kind: CalendarQuery.Entry.Kind.peringatan) }
        for holiday in services.institution.holidays where holiday.kind == .libur {
            if let day = Day(holiday.day), today <= day, day <= last { days.append((day, holiday.name, .libur)) }
        }
        let dates = services.dateText(context)
        return days.filter { !planned.contains($0.day.description) }.sorted { ($0.day, $0.name) < ($1.day, $1.name) }.map { entry in
            let distance = entry.day.dayNumber - today.dayNumber
            return GreetingDue(
                date: entry.day.description, day: dates.longDate(day: entry.day), name: entry.name,
                kind: entry.kind.label(services.texts(context)),
                inDays: distance == 0 ? services.texts(context).home_greeting_today : services.texts(context).home_greeting_in_days(n: "\(distance)"),
                createHref: NewContentQuery(plan: .greeting, date: entry.day, name: entry.name).href)
        }
    }
}
