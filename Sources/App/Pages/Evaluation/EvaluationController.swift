import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// The signatures under a printed report: the preparer (the person printing) and the official who
/// acknowledges it. `Views/partials/signatures.html` draws them.
struct ReportSignatures: Sendable {
    let place: String
    let date: String
    let preparer: ArchiveController.Signer
    let role: String
    let name: String?
    let nip: String?
}

/// The period of `/evaluasi` and its exports, read once and typed: `from`+`to` (days), `month`
/// (`YYYY-MM`), `quarter` (`YYYY-Qn`) or `year` (`YYYY`); none gives the current quarter in the
/// institution's zone. A value it cannot read, a half range or two ways at once is a 400 in words.
struct EvaluationParams: Sendable, Equatable {
    var period: EvaluationPeriod

    init(period: EvaluationPeriod) { self.period = period }

    init(_ query: Hummingbird.Parameters, today: Day) throws {
        func value(_ name: String) -> String? {
            guard let text = query.get(name)?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
            return text
        }
        func bad(_ text: String) -> AppError {
            AppError(.badRequest, LocalizedMessage { $0.evaluation_error_period(value: String(text.prefix(20))) })
        }
        let from = value("from"), to = value("to"), month = value("month"), quarter = value("quarter"), year = value("year")
        let ways = [from != nil || to != nil, month != nil, quarter != nil, year != nil].filter { $0 }.count
        guard ways <= 1 else { throw AppError(.badRequest, LocalizedMessage { $0.evaluation_error_one }) }
        if from != nil || to != nil {
            guard let from, let to else { throw AppError(.badRequest, LocalizedMessage { $0.evaluation_error_both }) }
            guard let first = Day(from) else { throw bad(from) }
            guard let last = Day(to) else { throw bad(to) }
            guard let period = EvaluationPeriod.custom(from: first, to: last) else {
                throw AppError(.badRequest, LocalizedMessage { $0.evaluation_error_range })
            }
            self.period = period
        } else if let month {
            guard let value = YearMonth(month) else { throw bad(month) }
            period = .month(value)
        } else if let quarter {
            guard let value = EvaluationPeriod.quarter(quarter) else { throw bad(quarter) }
            period = value
        } else if let year {
            guard let value = EvaluationPeriod.year(year) else { throw bad(year) }
            period = value
        } else {
            period = .currentQuarter(today)
        }
    }

    /// The query that asks for `period` again, in its own shape.
    static func query(_ period: EvaluationPeriod) -> [(String, String?)] {
        switch period.shape {
        case .month(let month): [("month", month.description)]
        case .quarter: [("quarter", period.description)]
        case .year: [("year", period.description)]
        case .custom: [("from", period.first.description), ("to", period.last.description)]
        }
    }
}

/// `GET /evaluasi`: the evaluation of the SOP for a period against the previous one (issue 15);
/// `/evaluasi.xlsx` and `/evaluasi.csv` export the same figures; `Accept: application/json` gives
/// them as JSON.
///
/// Access: administrators and heads (whoever holds, or acts today in, the role of the running
/// workflow's last decide step) see the whole report; everyone else sees only their own figures,
/// on the page, in the JSON and in the exports alike.
struct EvaluationController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.evaluation.route, use: show)
        loggedIn.get(SiteURL.evaluationXLSX.route, use: xlsx)
        loggedIn.get(SiteURL.evaluationCSV.route, use: csv)
    }

    /// Whether `user` sees the whole report.
    func seesAll(_ user: CurrentUser) -> Bool {
        if user.roles.isAdmin { return true }
        guard let head = services.institution.currentWorkflow?.workflow.steps.last(where: { $0.kind == .decide })?.roleKey else { return false }
        return user.roles.contains(head) || user.delegatedRoles[head] != nil
    }

    struct Report: Sendable {
        let period: EvaluationPeriod
        let current: EvaluationFigures
        let previous: EvaluationFigures
        let all: Bool
    }

    func report(_ request: Request, context: AppRequestContext) throws -> Report {
        let user = try context.requireIdentity()
        let store = services.institution
        let params = try EvaluationParams(request.uri.queryParameters, today: store.today(services.now))
        let all = seesAll(user)
        let query = EvaluationQuery(database: services.database, institution: store, now: services.now)
        let t = services.texts(context)
        let scope: EvaluationScope = all ? .all : .person(user.id)
        var current = try query.figures(params.period, scope: scope, t: t)
        var previous = try query.figures(params.period.previous, scope: scope, t: t)
        if !all {
            current.people = current.people.filter { $0.userId == user.id }
            previous.people = previous.people.filter { $0.userId == user.id }
        }
        return Report(period: params.period, current: current, previous: previous, all: all)
    }

    func wantsJSON(_ request: Request) -> Bool { request.headers[.accept]?.contains("application/json") == true }

    struct JSONBody: Encodable {
        let period: String
        let previousPeriod: String
        let scope: String
        let current: EvaluationFigures
        let previous: EvaluationFigures
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try report(request, context: context)
        if wantsJSON(request) {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            let body = JSONBody(period: report.period.description, previousPeriod: report.period.previous.description,
                                scope: report.all ? "all" : "own", current: report.current, previous: report.previous)
            return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
                            body: .init(byteBuffer: ByteBuffer(data: try encoder.encode(body))))
        }
        var page = try EvaluationPage(report, services: services, context: context)
        if report.all {
            page.performance = try services.performanceSection(from: report.period.first, to: report.period.last, context: context)
        }
        let t = services.texts(context)
        return try services.render(title: "\(t.evaluation_title) · \(page.period)", request: request, context: context) {
            Templates.evaluation(page: page, chrome: $0, t: $1, into: &$2)
        }.response(from: request, context: context)
    }

    // MARK: Exports

    /// The figures as tables: one per section, each row a subject, with the previous period's
    /// value beside each figure. The workbook has a sheet per table, the CSV the tables one after another.
    func tables(_ report: Report, t: Texts) -> [(name: String, header: [String], rows: [[String]])] {
        func minutes(_ value: Int?) -> String { value.map(String.init) ?? "" }
        func percent(_ value: Int?) -> String { value.map(String.init) ?? "" }
        var result: [(String, [String], [[String]])] = []
        let before = t.evaluation_previous_column
        if report.all {
            let previousSteps = report.previous.steps
            var rows: [[String]] = []
            for step in report.current.steps {
                let old = previousSteps.first { $0.name == step.name && $0.versions == step.versions }
                rows.append([
                    String(step.position), step.name, step.versions.map(String.init).joined(separator: ", "),
                    String(step.passes), old.map { String($0.passes) } ?? "",
                    minutes(step.minutes.median), minutes(old?.minutes.median), minutes(step.minutes.p90), minutes(old?.minutes.p90),
                    minutes(step.standardMinutes), percent(step.minutes.withinStandardPercent), percent(old?.minutes.withinStandardPercent),
                    String(step.rejections), old.map { String($0.rejections) } ?? "",
                    step.reasons.map { "\($0.reason) (\($0.count))" }.joined(separator: "; "),
                    minutes(step.rework.median), minutes(old?.rework.median), String(step.reworkOpen),
                ])
            }
            result.append((t.evaluation_steps, [
                t.report_no, t.evaluation_step, t.workflow_version, t.evaluation_passes, before, t.evaluation_median, before, t.evaluation_p90,
                before, t.evaluation_standard, t.evaluation_within + " %", before, t.evaluation_rejections, before, t.evaluation_reasons,
                t.evaluation_rework, before, t.evaluation_rework_open(n: "n"),
            ], rows))
            var channelRows: [[String]] = []
            for row in report.current.channels {
                let old = report.previous.channels.first { $0.channel == row.channel && $0.kind == row.kind }
                channelRows.append([
                    row.channel.displayName, row.kind.label(t), String(row.published), old.map { String($0.published) } ?? "",
                    percent(Share(row.onPlan, of: row.withPlan).percent), percent(old.flatMap { Share($0.onPlan, of: $0.withPlan).percent }),
                    percent(Share(row.startedInTime, of: row.withLatestStart).percent),
                    String(row.timingViolations), String(row.greetingsLate), percent(Share(row.deadLinks, of: row.links).percent),
                ])
            }
            result.append((t.evaluation_channels, [
                t.evaluation_channel, t.evaluation_kind, t.evaluation_published, before, t.evaluation_on_plan + " %", before,
                t.evaluation_started + " %", t.evaluation_violations, t.evaluation_greetings_late, t.evaluation_dead_links + " %",
            ], channelRows))
            result.append((t.evaluation_chart_months, [t.evaluation_month, t.evaluation_published, t.evaluation_step_passes],
                           report.current.months.map { [$0.month, String($0.published), String($0.passes)] }))
        }
        var people: [[String]] = []
        for person in report.current.people {
            for step in person.steps {
                people.append([person.name, String(person.items), step.stepName, String(step.items), minutes(step.medianMinutes)])
            }
        }
        result.append((report.all ? t.evaluation_people : t.evaluation_own,
                       [t.evaluation_person, t.evaluation_items, t.evaluation_step, t.evaluation_items, t.evaluation_median], people))
        if report.all, let incoming = report.current.incoming {
            var rows: [[String]] = [[t.evaluation_incoming_received, String(incoming.received), report.previous.incoming.map { String($0.received) } ?? ""],
                                    [t.evaluation_incoming_answered + " %", percent(incoming.followUp.withinStandardPercent),
                                     percent(report.previous.incoming?.followUp.withinStandardPercent)],
                                    [t.evaluation_rounds_missed, String(incoming.roundsMissed), report.previous.incoming.map { String($0.roundsMissed) } ?? ""]]
            for group in incoming.byCategory + incoming.byDivision {
                rows.append([group.label, percent(Share(group.withinStandard, of: group.withStandard).percent), ""])
            }
            result.append((t.evaluation_incoming, [t.evaluation_figure, t.evaluation_value, before], rows))
        }
        return result
    }

    func xlsx(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try report(request, context: context)
        let t = services.texts(context)
        let sheets = tables(report, t: t).map { table in
            XLSXWorkbook.Sheet(name: String(table.name.prefix(31)), widths: table.header.map { _ in 16 },
                               rows: [table.header.map { .header($0) }] + table.rows.map { $0.map { XLSXWorkbook.Cell.text($0) } })
        }
        return try ArchiveController(services: services).workbook(
            sheets, title: "\(services.institution.settings.name) · \(t.evaluation_title) · \(report.period)", name: "evaluasi-\(report.period).xlsx")
    }

    func csv(_ request: Request, context: AppRequestContext) async throws -> Response {
        let report = try report(request, context: context)
        let t = services.texts(context)
        var text = CSV.byteOrderMark
        for (index, table) in tables(report, t: t).enumerated() {
            if index > 0 { text += CSV.row([]) }
            text += CSV.row([table.name])
            text += CSV.row(table.header)
            for row in table.rows { text += CSV.row(row) }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8",
                .contentDisposition: "attachment; filename=\"evaluasi-\(report.period).csv\"",
                .xContentTypeOptions: "nosniff",
                .cacheControl: "no-store",
            ],
            body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
