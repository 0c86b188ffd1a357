import Domain
import Foundation
import ViewRuntime

/// The model of `Views/evaluation.html`: every figure as words, beside the previous period's.
struct EvaluationPage: Sendable {
    /// A figure now and in the previous period, with the change in words ("naik 20%").
    struct Figure: Sendable {
        let now: String
        let before: String
        /// "up", "down", "same" or "unknown", for the arrow's style.
        let direction: String
        let trend: String
    }
    struct Finding: Sendable {
        let href: String
        let label: String
    }
    struct StepRow: Sendable {
        let number: Int
        let name: String
        /// "Versi 2" for a step that changed within the period; nil when merged.
        let version: String?
        let passes: Figure
        let median: Figure
        let p90: Figure
        let standard: String
        let within: Figure
        let rejections: Figure
        let reasons: [String]
        let rework: Figure
        let reworkOpen: String?
        let finding: Finding
    }
    struct ChartRow: Sendable {
        let name: String
        let median: String
        let p90: String
        let standard: String
    }
    struct ChannelRow: Sendable {
        let channel: String
        let kind: String
        let published: Figure
        let onPlan: Figure
        let started: Figure
        let violations: Figure
        let greetingsLate: Figure
        let deadLinks: Figure
        let finding: Finding
    }
    struct MonthRow: Sendable {
        let month: String
        let published: Int
        let passes: Int
    }
    struct PersonRow: Sendable {
        let name: String
        let items: Figure
        let steps: [String]
        let finding: Finding
    }
    struct IncomingRow: Sendable {
        let label: String
        let answered: Int
        let within: String
        let finding: Finding
    }
    struct Incoming: Sendable {
        let received: Figure
        let answeredWithin: Figure
        let roundsEnabled: Bool
        let roundsMissed: Figure
        let roundsFinding: Finding
        let byCategory: [IncomingRow]
        let byDivision: [IncomingRow]
    }

    let letterhead: Letterhead
    let period: String
    let compared: String
    let all: Bool
    let from: String
    let to: String
    let versions: [String]
    let versionsChanged: Bool
    let steps: [StepRow]
    let stepChart: SafeHTML
    let chartRows: [ChartRow]
    let channels: [ChannelRow]
    let monthChart: SafeHTML
    let months: [MonthRow]
    let people: [PersonRow]
    let incoming: Incoming?
    let monthHref: String
    let quarterHref: String
    let yearHref: String
    let previousHref: String
    let nextHref: String
    let xlsxHref: String
    let csvHref: String
    let sign: ReportSignatures
    /// Post performance (top and bottom posts, engagement by hour and weekday), for heads and admins.
    var performance: PerformanceSection? = nil
}

extension EvaluationPage {
    init(_ report: EvaluationController.Report, services: AppServices, context: AppRequestContext) throws {
        let t = services.texts(context)
        let dates = services.dateText(context)
        let store = services.institution
        let period = report.period
        let current = report.current, previous = report.previous
        func periodText(_ period: EvaluationPeriod) -> String {
            switch period.shape {
            case .month(let month): "\(dates.monthName(month.month)) \(month.year)"
            case .quarter(let year, let quarter): "Q\(quarter) \(year) (\(dates.date(day: period.first)) – \(dates.date(day: period.last)))"
            case .year(let year): "\(year)"
            case .custom: "\(dates.date(day: period.first)) – \(dates.date(day: period.last))"
            }
        }
        func minutes(_ value: Int?) -> String { value.map(t.minutesText) ?? "–" }
        func percent(_ value: Int?) -> String { value.map { "\($0)%" } ?? "–" }
        func figure(_ now: Int?, _ before: Int?, text: (Int?) -> String) -> Figure {
            let delta = PeriodDelta(current: now, previous: before)
            let trend: String
            switch delta.direction {
            case .up: trend = t.evaluation_trend_up + (delta.percentChange.map { " \($0)%" } ?? "")
            case .down: trend = t.evaluation_trend_down + (delta.percentChange.map { " \(abs($0))%" } ?? "")
            case .same: trend = t.evaluation_trend_same
            case .unknown: trend = ""
            }
            return Figure(now: text(now), before: t.evaluation_previous_value(value: text(before)), direction: delta.direction.rawValue, trend: trend)
        }
        func count(_ now: Int, _ before: Int?) -> Figure { figure(now, before) { $0.map(String.init) ?? "–" } }
        let query = EvaluationParams.query(period)
        func finding(_ subject: String, step: Int? = nil, version: Int? = nil) -> Finding {
            let href = SiteURL.findingNew.with([("from", period.first.description), ("to", period.last.description), ("subject", subject),
                                                          ("step", step.map(String.init)), ("version", version.map(String.init))])
            return Finding(href: href, label: t.evaluation_finding_label(subject: subject))
        }

        letterhead = Letterhead(store.settings)
        self.period = periodText(period)
        compared = t.evaluation_compared(period: periodText(period.previous))
        all = report.all
        from = period.first.description
        to = period.last.description
        versions = current.versions.map { version in
            t.evaluation_version(n: "\(version.number)") + " · " + dates.date(version.createdAt) + (version.note.map { " · " + $0 } ?? "")
        }
        versionsChanged = current.versions.count > 1

        var steps: [StepRow] = []
        for (index, step) in current.steps.enumerated() {
            let old = previous.steps.first { $0.name == step.name && $0.standardMinutes == step.standardMinutes }
            let version = step.versions.last
            var subject = t.evaluation_subject_step(step: step.name)
            if let p90 = step.minutes.p90, let standard = step.standardMinutes, standard > 0, p90 > standard {
                let ratio = Double(p90) / Double(standard)
                let ratioText = ratio >= 10 || ratio == ratio.rounded() ? String(Int(ratio.rounded())) : String(format: "%.1f", ratio)
                subject = t.evaluation_subject_p90(step: step.name, ratio: ratioText)
            }
            steps.append(StepRow(
                number: index + 1, name: step.name, version: step.versionSpecific ? t.evaluation_version(n: "\(version ?? 0)") : nil,
                passes: count(step.passes, old?.passes),
                median: figure(step.minutes.median, old?.minutes.median, text: minutes),
                p90: figure(step.minutes.p90, old?.minutes.p90, text: minutes),
                standard: minutes(step.standardMinutes),
                within: figure(step.minutes.withinStandardPercent, old?.minutes.withinStandardPercent, text: percent),
                rejections: count(step.rejections, old?.rejections),
                reasons: step.reasons.map { "\($0.reason) (\($0.count))" },
                rework: figure(step.rework.median, old?.rework.median, text: minutes),
                reworkOpen: step.reworkOpen > 0 ? t.evaluation_rework_open(n: "\(step.reworkOpen)") : nil,
                finding: finding(subject, step: step.position, version: version)))
        }
        self.steps = steps
        let labels = current.steps.enumerated().map { index, step in
            "\(index + 1). \(step.name)" + (step.versionSpecific ? " (v\(step.versions.last ?? 0))" : "")
        }
        stepChart = SafeHTML(trusted: EvaluationChart.stepTimes(
            zip(labels, current.steps).map { .init(label: $0, median: $1.minutes.median, p90: $1.minutes.p90, standard: $1.standardMinutes) },
            id: "chart-steps", title: t.evaluation_chart_steps, legend: (t.evaluation_median, t.evaluation_p90, t.evaluation_standard)))
        chartRows = zip(labels, current.steps).map {
            ChartRow(name: $0, median: minutes($1.minutes.median), p90: minutes($1.minutes.p90), standard: minutes($1.standardMinutes))
        }

        channels = current.channels.map { row in
            let old = previous.channels.first { $0.channel == row.channel && $0.kind == row.kind }
            return ChannelRow(
                channel: row.channel.displayName, kind: row.kind.label(t),
                published: count(row.published, old?.published),
                onPlan: figure(Share(row.onPlan, of: row.withPlan).percent, old.flatMap { Share($0.onPlan, of: $0.withPlan).percent }, text: percent),
                started: figure(Share(row.startedInTime, of: row.withLatestStart).percent,
                                old.flatMap { Share($0.startedInTime, of: $0.withLatestStart).percent }, text: percent),
                violations: count(row.timingViolations, old?.timingViolations),
                greetingsLate: count(row.greetingsLate, old?.greetingsLate),
                deadLinks: figure(Share(row.deadLinks, of: row.links).percent, old.flatMap { Share($0.deadLinks, of: $0.links).percent }, text: percent),
                finding: finding(t.evaluation_subject_channel(channel: row.channel.displayName, kind: row.kind.label(t))))
        }
        let monthLabels = current.months.map { month -> String in
            guard let value = YearMonth(month.month) else { return month.month }
            return "\(dates.monthName(value.month).prefix(3)) \(value.year)"
        }
        monthChart = SafeHTML(trusted: EvaluationChart.columns(
            zip(monthLabels, current.months).map { .init(label: $0, value: $1.published) }, id: "chart-months", title: t.evaluation_chart_months))
        months = zip(monthLabels, current.months).map { MonthRow(month: $0, published: $1.published, passes: $1.passes) }

        people = current.people.map { person in
            let old = previous.people.first { $0.userId == person.userId }
            return PersonRow(
                name: person.name, items: count(person.items, old?.items ?? 0),
                steps: person.steps.map { t.evaluation_person_step(step: $0.stepName, items: "\($0.items)", median: minutes($0.medianMinutes)) },
                finding: finding(t.evaluation_subject_person(name: person.name)))
        }

        if let incoming = current.incoming {
            func rows(_ groups: [EvaluationFigures.IncomingGroup]) -> [IncomingRow] {
                groups.map {
                    IncomingRow(label: $0.label, answered: $0.answered, within: percent(Share($0.withinStandard, of: $0.withStandard).percent),
                                finding: finding(t.evaluation_subject_incoming(label: $0.label)))
                }
            }
            let old = previous.incoming
            self.incoming = Incoming(
                received: count(incoming.received, old?.received ?? 0),
                answeredWithin: figure(incoming.followUp.withinStandardPercent, old?.followUp.withinStandardPercent, text: percent),
                roundsEnabled: incoming.roundsEnabled, roundsMissed: count(incoming.roundsMissed, old?.roundsMissed ?? 0),
                roundsFinding: finding(t.evaluation_subject_rounds),
                byCategory: rows(incoming.byCategory), byDivision: rows(incoming.byDivision))
        } else {
            self.incoming = nil
        }

        let today = store.today(services.now)
        monthHref = SiteURL.evaluation.with([("month", YearMonth(today).description)])
        quarterHref = SiteURL.evaluation.with(EvaluationParams.query(.currentQuarter(today)))
        yearHref = SiteURL.evaluation.with([("year", String(today.year))])
        previousHref = SiteURL.evaluation.with(EvaluationParams.query(period.previous))
        nextHref = SiteURL.evaluation.with(EvaluationParams.query(period.next))
        xlsxHref = SiteURL.evaluationXLSX.with(query)
        csvHref = SiteURL.evaluationCSV.with(query)

        let institution = store.settings
        let me = try context.requireIdentity()
        let nip = try services.database.nip(userId: me.id)
        let decider = store.currentWorkflow?.workflow.steps.last(where: { $0.kind == .decide })?.roleKey ?? RoleKey.admin
        let signName = try services.database.users().first { $0.isActive && $0.roleKeys.contains(decider) }?.displayName
        sign = ReportSignatures(
            place: institution.city.isEmpty ? "........................" : institution.city, date: dates.date(services.now),
            preparer: .init(name: me.displayName, role: me.roles.sorted().map(store.roleName).joined(separator: ", "), nip: nip.isEmpty ? nil : nip),
            role: institution.headTitle.isEmpty ? store.roleName(decider) : institution.headTitle,
            name: institution.headName.isEmpty ? signName : institution.headName,
            nip: institution.headNip.isEmpty ? nil : institution.headNip)
    }
}
