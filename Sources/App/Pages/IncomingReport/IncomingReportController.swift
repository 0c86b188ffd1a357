import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/pesan/laporan?month=YYYY-MM`: the monthly report of incoming information and its follow-up,
/// printable on A4 with the letterhead and signatures like `/archive/report`: counts by channel,
/// category and division, office minutes per step against the standard, the share answered
/// within standard, the monitoring rounds per day and the list of messages.
struct IncomingReportController {
    let services: AppServices

    struct Count: Sendable {
        let label: String
        let count: Int
    }
    struct StepLine: Sendable {
        let position: Int
        let name: String
        let count: Int
        let median: String
        let p90: String
        let standard: String
        let within: String
    }
    struct RoundDay: Sendable {
        let date: String
        let day: String
        let done: Int
        let late: Int
        let missed: Int
    }
    struct Message: Sendable {
        let number: Int
        let href: String
        let received: String
        let channel: String
        let category: String
        let sender: String
        let division: String
        let status: String
        /// "Teruskan 8 menit*, Tindak lanjut 2 jam": the office minutes of each step it went
        /// through, a star where over the standard; "–" before any.
        let times: String
    }
    struct Page: Sendable {
        let letterhead: Letterhead
        let period: String
        let total: Int
        let byChannel: [Count]
        let byCategory: [Count]
        let byDivision: [Count]
        let steps: [StepLine]
        /// "7 dari 9 (77%)" for the follow-up step, or nil when no line had a standard.
        let answeredWithin: String?
        let roundsEnabled: Bool
        let roundDays: [RoundDay]
        let roundsDone: Int
        let roundsLate: Int
        let roundsMissed: Int
        let messages: [Message]
        let place: String
        let signDate: String
        let signRole: String
        let signName: String?
        let signNip: String?
        let preparer: ArchiveController.Signer
        /// The signatures, as `Views/partials/signatures.html` draws them.
        var sign: ReportSignatures { ReportSignatures(place: place, date: signDate, preparer: preparer, role: signRole, name: signName, nip: signNip) }
        let previousHref: String
        let nextHref: String
        var xlsxHref: String = ""
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingReport.route, use: report)
        loggedIn.get(SiteURL.incomingReportXLSX.route, use: reportXLSX)
    }

    /// The month as a workbook: the messages, then the counts per channel, category and division.
    func reportXLSX(_ request: Request, context: AppRequestContext) async throws -> Response {
        let store = services.institution
        let calendar = store.officeCalendar
        let month = try SiteURL.month(request.uri.formParameters.get("month"), today: store.today(services.now))
        guard let from = calendar.startOfDayDate(month.first), let to = calendar.startOfDayDate(month.last.adding(days: 1)) else {
            throw AppError.notFound
        }
        let t = services.texts(context)
        let dates = services.dateText(context)
        let counts = try services.database.incomingCounts(from: from, to: to)
        var messages: [[XLSXWorkbook.Cell]] = [[t.report_no, t.incoming_report_received, t.incoming_report_channel, t.incoming_report_category,
                                                 t.incoming_report_sender, t.incoming_sheet_text, t.incoming_report_division,
                                                 t.incoming_report_status, t.incoming_report_times].map { .header($0) }]
        let times = try services.database.incomingMonthTimes(from: from, to: to)
        for (index, row) in try services.database.incomingMonth(from: from, to: to).enumerated() {
            let message = row.message
            messages.append([.number(index + 1), .date(message.receivedAt), .text(message.channel.displayName), .text(message.category.label(t)),
                             .text(message.sender), .text(message.text), .text(row.divisionName ?? ""), .text(message.status.label(t)),
                             .text(Self.times(times[message.id ?? 0] ?? [], t: t))])
        }
        var totals: [[XLSXWorkbook.Cell]] = [[.header(t.incoming_report_total), .number(counts.total)], []]
        totals.append([.header(t.report_by_channel), .header(t.report_count)])
        totals += counts.byChannel.map { [.text($0.key.displayName), .number($0.count)] }
        totals.append([])
        totals.append([.header(t.incoming_report_by_category), .header(t.report_count)])
        totals += counts.byCategory.map { [.text($0.key.label(t)), .number($0.count)] }
        totals.append([])
        totals.append([.header(t.incoming_report_by_division), .header(t.report_count)])
        totals += counts.byDivision.map { [.text($0.name ?? t.incoming_report_no_division), .number($0.count)] }
        let period = "\(dates.monthName(month.month)) \(month.year)"
        let sheets = [
            XLSXWorkbook.Sheet(name: t.incoming_report_messages, widths: [6, 16, 14, 16, 24, 50, 24, 18], rows: messages),
            XLSXWorkbook.Sheet(name: t.report_totals, widths: [32, 10], rows: totals, headerRow: false),
        ]
        return try ArchiveController(services: services).workbook(
            sheets, title: "\(store.settings.name) · \(t.incoming_report_heading) · \(period)", name: "laporan-informasi-masuk-\(month).xlsx")
    }

    func report(_ request: Request, context: AppRequestContext) async throws -> HTML {
        let store = services.institution
        let calendar = store.officeCalendar
        let t = services.texts(context)
        let dates = services.dateText(context)
        let month = try SiteURL.month(request.uri.formParameters.get("month"), today: store.today(services.now))
        guard let from = calendar.startOfDayDate(month.first), let to = calendar.startOfDayDate(month.last.adding(days: 1)) else {
            throw AppError.notFound
        }
        let settings = try services.database.incomingSettings()
        let counts = try services.database.incomingCounts(from: from, to: to)
        let minutes = try services.database.incomingStepMinutes(from: from, to: to)
        // Rounds until today only: days to come have nothing to report.
        let today = store.today(services.now)
        let lastDay = min(month.last, today)
        let occurrences = month.first <= lastDay
            ? try services.database.roundOccurrences(from: month.first, through: lastDay, calendar: calendar, now: services.now) : []
        let tallies = MonitoringSchedule.tally(occurrences)
        let rows = try services.database.incomingMonth(from: from, to: to)
        var steps: [StepLine] = []
        for kind in FollowUpStepKind.allCases {
            let lines: [StepMinutes] = minutes[kind] ?? []
            let statistics = StepStatistics(lines)
            let step = settings.followUp.step(kind)
            var standard = "–"
            if kind == .followUp, !settings.followUp.categoryMinutes.isEmpty { standard = t.incoming_report_per_category }
            else if let value = step?.standardMinutes { standard = t.minutesText(value) }
            let median = statistics.median.map { t.minutesText($0) } ?? "–"
            let p90 = statistics.p90.map { t.minutesText($0) } ?? "–"
            let within = statistics.withinStandardPercent.map { "\($0)%" } ?? "–"
            steps.append(StepLine(position: FollowUpWorkflow.position(of: kind), name: step?.name ?? kind.label(t), count: statistics.count,
                                  median: median, p90: p90, standard: standard, within: within))
        }
        let followUpLines: [StepMinutes] = minutes[FollowUpStepKind.followUp] ?? []
        let followUp = StepStatistics(followUpLines)
        let signRole = settings.followUp.step(.log)?.roleKey ?? RoleKey.admin
        let me = try context.requireIdentity()
        let nip = try services.database.nip(userId: me.id)
        let preparer = ArchiveController.Signer(name: me.displayName, role: me.roles.sorted().map(store.roleName).joined(separator: ", "),
                                                nip: nip.isEmpty ? nil : nip)
        let decider = store.currentWorkflow?.workflow.steps.last(where: { $0.kind == .decide })?.roleKey ?? signRole
        let signName = try services.database.users().first { $0.isActive && $0.roleKeys.contains(decider) }?.displayName
        let institution = store.settings
        let byChannel: [Count] = counts.byChannel.map { Count(label: $0.key.displayName, count: $0.count) }
        let byCategory: [Count] = counts.byCategory.map { Count(label: $0.key.label(t), count: $0.count) }
        let byDivision: [Count] = counts.byDivision.map { Count(label: $0.name ?? t.incoming_report_no_division, count: $0.count) }
        var answeredWithin: String? = nil
        if let percent = followUp.withinStandardPercent {
            answeredWithin = t.incoming_report_within(n: "\(followUp.withinStandard)", of: "\(followUp.withStandard)", percent: "\(percent)")
        }
        let roundDays: [RoundDay] = tallies.map { RoundDay(date: $0.day.description, day: dates.date(day: $0.day), done: $0.done, late: $0.late, missed: $0.missed) }
        var done = 0, late = 0, missed = 0
        for tally in tallies { done += tally.done; late += tally.late; missed += tally.missed }
        var messages: [Message] = []
        let times = try services.database.incomingMonthTimes(from: from, to: to)
        for (index, row) in rows.enumerated() {
            let message = row.message
            messages.append(Message(number: index + 1, href: SiteURL.incomingMessage(message.id ?? 0).path,
                                    received: dates.numericDateTime(message.receivedAt), channel: message.channel.displayName,
                                    category: message.category.label(t), sender: message.sender, division: row.divisionName ?? "–",
                                    status: message.status.label(t), times: Self.times(times[message.id ?? 0] ?? [], t: t)))
        }
        let place = institution.city.isEmpty ? "........................" : institution.city
        let signRoleText = institution.headTitle.isEmpty ? store.roleName(decider) : institution.headTitle
        let signNameText = institution.headName.isEmpty ? signName : institution.headName
        let signNip: String? = institution.headNip.isEmpty ? nil : institution.headNip
        let page = Page(
            letterhead: Letterhead(institution), period: "\(dates.monthName(month.month)) \(month.year)", total: counts.total,
            byChannel: byChannel, byCategory: byCategory, byDivision: byDivision, steps: steps, answeredWithin: answeredWithin,
            roundsEnabled: settings.monitoring.enabled, roundDays: roundDays, roundsDone: done, roundsLate: late, roundsMissed: missed,
            messages: messages, place: place, signDate: dates.date(services.now), signRole: signRoleText, signName: signNameText,
            signNip: signNip, preparer: preparer,
            previousHref: SiteURL.incomingReport.with([("month", month.adding(months: -1).description)]),
            nextHref: SiteURL.incomingReport.with([("month", month.adding(months: 1).description)]))
        var shown = page
        shown.xlsxHref = SiteURL.incomingReportXLSX.with([("month", month.description)])
        return services.render(title: "\(t.incoming_report_title) · \(page.period)", request: request, context: context) {
            Templates.incomingReport(page: shown, chrome: $0, t: $1, into: &$2)
        }
    }

    /// One message's step times in words: "Teruskan 8 menit*, Tindak lanjut 2 jam"; a star marks
    /// a step over its standard (the report explains the star under the list).
    static func times(_ lines: [(step: FollowUpStepKind, minutes: Int, standard: Int?)], t: Texts) -> String {
        guard !lines.isEmpty else { return "–" }
        return lines.map { line in
            let over = line.standard.map { line.minutes > $0 } ?? false
            return "\(line.step.label(t)) \(t.minutesText(line.minutes))\(over ? "*" : "")"
        }.joined(separator: ", ")
    }

}
