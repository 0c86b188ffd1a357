import Domain
import Foundation
import GRDB

/// The figures of the evaluation for one period (`/evaluasi`), as numbers: the page, the JSON and
/// the exports are drawn from them. How they are computed: SQL reads the period's rows through
/// indexes (`contentEvent(at)`, `contentItem(publishedAt)` from "v13-evaluation") and groups what
/// SQL can count (rejection reasons, links by status); medians and 90th percentiles (nearest rank,
/// which SQLite has no aggregate for) are taken in Swift over the period's minute values.
struct EvaluationFigures: Sendable, Encodable {
    struct Minutes: Sendable, Encodable, Equatable {
        var count: Int
        var median: Int?
        var p90: Int?
        var withinStandard: Int
        var withStandard: Int
        var withinStandardPercent: Int? { withStandard == 0 ? nil : withinStandard * 100 / withStandard }

        init(_ statistics: StepStatistics) {
            count = statistics.count
            median = statistics.median
            p90 = statistics.p90
            withinStandard = statistics.withinStandard
            withStandard = statistics.withStandard
        }

        enum CodingKeys: String, CodingKey { case count, median, p90, withinStandard, withStandard, withinStandardPercent }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(count, forKey: .count)
            try c.encode(median, forKey: .median)
            try c.encode(p90, forKey: .p90)
            try c.encode(withinStandard, forKey: .withinStandard)
            try c.encode(withStandard, forKey: .withStandard)
            try c.encode(withinStandardPercent, forKey: .withinStandardPercent)
        }
    }
    struct Reason: Sendable, Encodable, Equatable {
        var reason: String
        var count: Int
    }
    struct Step: Sendable, Encodable {
        var name: String
        var position: Int
        /// The versions the row counts; one when the step changed within the period.
        var versions: [Int]
        var versionSpecific: Bool
        var standardMinutes: Int?
        var passes: Int
        var minutes: Minutes
        var rejections: Int
        var reasons: [Reason]
        /// Rework time of the rejections that came back, and those still open.
        var rework: Minutes
        var reworkOpen: Int
    }
    struct ChannelKind: Sendable, Encodable {
        var channel: Channel
        var kind: ContentKind
        var published: Int
        var withPlan: Int
        var onPlan: Int
        var startedInTime: Int
        var withLatestStart: Int
        var timingViolations: Int
        var greetingsLate: Int
        var links: Int
        var deadLinks: Int
    }
    struct PersonStep: Sendable, Encodable {
        var stepName: String
        var position: Int
        var items: Int
        var medianMinutes: Int?
    }
    struct Person: Sendable, Encodable {
        var userId: Int64
        var name: String
        var items: Int
        var steps: [PersonStep]
    }
    struct IncomingGroup: Sendable, Encodable {
        var label: String
        var answered: Int
        var withinStandard: Int
        var withStandard: Int
    }
    struct Incoming: Sendable, Encodable {
        var received: Int
        var followUp: Minutes
        var byCategory: [IncomingGroup]
        var byDivision: [IncomingGroup]
        var roundsEnabled: Bool
        var roundsDone: Int
        var roundsLate: Int
        var roundsMissed: Int
    }
    struct Month: Sendable, Encodable {
        var month: String
        var published: Int
        var passes: Int
    }
    struct Version: Sendable, Encodable {
        var number: Int
        var note: String?
        var createdAt: Date
    }

    var from: Day
    var to: Day
    var versions: [Version] = []
    var steps: [Step] = []
    var channels: [ChannelKind] = []
    var people: [Person] = []
    var incoming: Incoming?
    var months: [Month] = []
    var published: Int = 0

    enum CodingKeys: String, CodingKey { case from, to, versions, steps, channels, people, incoming, months, published }
    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(from.description, forKey: .from)
        try c.encode(to.description, forKey: .to)
        try c.encode(versions, forKey: .versions)
        try c.encode(steps, forKey: .steps)
        try c.encode(channels, forKey: .channels)
        try c.encode(people, forKey: .people)
        try c.encode(incoming, forKey: .incoming)
        try c.encode(months, forKey: .months)
        try c.encode(published, forKey: .published)
    }
}

/// What the evaluation is asked to compute: everything, or one person's own figures only.
enum EvaluationScope: Sendable, Equatable {
    case all
    case person(Int64)
}

extension AppDatabase {
    /// The step lines a report counts: each pass out of a step (hand on, approve, reject,
    /// publish) in `[from, to)`, with the item's workflow version.
    struct EvaluationLine: Sendable {
        var version: Int
        var position: Int
        var isRejection: Bool
        var waited: Int?
        var standard: Int?
        var actorId: Int64
        var itemId: Int64
    }

    static let evaluationPassActions = "('submit', 'approve', 'reject', 'publish')"

    func evaluationLines(from: Date, to: Date, actor: Int64? = nil) throws -> [EvaluationLine] {
        try writer.read { db in
            var sql = """
                SELECT i.workflowVersion, e.fromPosition, e.action = 'reject', e.waitedMinutes, e.standardMinutes, e.actorId, e.itemId
                FROM contentEvent e JOIN contentItem i ON i.id = e.itemId
                WHERE e.at >= ? AND e.at < ? AND e.action IN \(Self.evaluationPassActions)
                """
            var arguments: StatementArguments = [from, to]
            if let actor {
                sql += " AND e.actorId = ?"
                arguments += [actor]
            }
            // Columns by index: this runs over every pass of the period (tens of thousands of rows).
            var lines: [EvaluationLine] = []
            let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
            while let row = try rows.next() {
                lines.append(EvaluationLine(version: row[0], position: row[1], isRejection: row[2], waited: row[3], standard: row[4],
                                            actorId: row[5], itemId: row[6]))
            }
            return lines
        }
    }

    /// Posts first published and step passes in each `[from, to)` range: the monthly volume,
    /// counted through the indexes on `contentItem(publishedAt)` and `contentEvent(at, action)`.
    func evaluationVolume(_ ranges: [(Date, Date)]) throws -> [(published: Int, passes: Int)] {
        try writer.read { db in
            try ranges.map { from, to in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contentItem WHERE publishedAt >= ? AND publishedAt < ?", arguments: [from, to]) ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM contentEvent WHERE at >= ? AND at < ? AND action IN \(Self.evaluationPassActions)",
                                  arguments: [from, to]) ?? 0)
            }
        }
    }

    /// The reasons given with the rejections in `[from, to)`, grouped by version, position and
    /// the reason's text (trimmed; an empty one counted as "no reason").
    func evaluationRejectionReasons(from: Date, to: Date) throws -> [(version: Int, position: Int, reason: String, count: Int)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT i.workflowVersion AS v, e.fromPosition AS p, trim(coalesce(e.comment, '')) AS reason, COUNT(*) AS n
                FROM contentEvent e JOIN contentItem i ON i.id = e.itemId
                WHERE e.at >= ? AND e.at < ? AND e.action = 'reject'
                GROUP BY v, p, reason ORDER BY n DESC, reason
                """, arguments: [from, to]).map { ($0["v"], $0["p"], $0["reason"], $0["n"]) }
        }
    }

    /// The history from each rejection in `[from, to)` onwards of the items rejected, for the
    /// rework time; with each item's workflow version.
    func evaluationReworkEvents(from: Date, to: Date) throws -> (events: [ReworkEvent], versions: [Int64: Int]) {
        try writer.read { db in
            var versions: [Int64: Int] = [:]
            var events: [ReworkEvent] = []
            let rows = try Row.fetchCursor(db, sql: """
                WITH r AS (SELECT itemId, MIN(at) AS since FROM contentEvent WHERE at >= ? AND at < ? AND action = 'reject' GROUP BY itemId)
                SELECT e.itemId AS item, e.action = 'reject' AS rejected, e.fromPosition AS f, e.toPosition AS t, e.at AS at, i.workflowVersion AS v
                FROM r JOIN contentEvent e ON e.itemId = r.itemId AND e.at >= r.since JOIN contentItem i ON i.id = e.itemId
                WHERE e.action IN \(Self.evaluationPassActions)
                ORDER BY e.itemId, e.id
                """, arguments: [from, to])
            while let row = try rows.next() {
                let item: Int64 = row["item"]
                let at: Date = row["at"]
                let rejected: Bool = row["rejected"]
                // A rejection after the period belongs to the next report; what follows one inside it counts.
                if rejected && at >= to { continue }
                versions[item] = row["v"]
                events.append(ReworkEvent(itemId: item, isRejection: rejected, fromPosition: row["f"], toPosition: row["t"], at: at))
            }
            return (events, versions)
        }
    }

    struct EvaluationPublished: Sendable {
        var id: Int64
        var version: Int
        var kind: ContentKind
        var channels: [Channel]
        var publishAt: Date?
        var publishedAt: Date
        var createdAt: Date
        var eventAt: Date?
        var eventEndAt: Date?
        var dueOn: Day?
    }

    /// The items first published in `[from, to)`.
    func evaluationPublished(from: Date, to: Date) throws -> [EvaluationPublished] {
        try writer.read { db in
            try Row.fetchCursor(db, sql: """
                SELECT id, workflowVersion, kind, channels, publishAt, publishedAt, createdAt, eventAt, eventEndAt, dueOn
                FROM contentItem WHERE publishedAt >= ? AND publishedAt < ?
                """, arguments: [from, to]).map { row in
                EvaluationPublished(
                    id: row[0], version: row[1], kind: row[2], channels: Self.evaluationChannels(row[3]),
                    publishAt: row[4], publishedAt: row[5], createdAt: row[6], eventAt: row[7], eventEndAt: row[8],
                    dueOn: (row[9] as String?).flatMap(Day.init))
            }.reduce(into: []) { $0.append($1) }
        }
    }

    /// The channels of a stored list (`["instagram","facebook"]`): the quoted names, read without
    /// a JSON decoder (this runs for every post of the period); unknown names are left out.
    static func evaluationChannels(_ text: String?) -> [Channel] {
        guard let text else { return [] }
        var result: [Channel] = []
        for (index, part) in text.split(separator: "\"", omittingEmptySubsequences: false).enumerated() where index % 2 == 1 {
            if let channel = Channel(rawValue: String(part)) { result.append(channel) }
        }
        return result
    }

    /// The current links of the items published in `[from, to)` by channel and kind: how many, and
    /// how many were dead at their last check.
    func evaluationLinks(from: Date, to: Date) throws -> [String: (links: Int, dead: Int)] {
        try writer.read { db in
            var result: [String: (Int, Int)] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT l.channel AS c, i.kind AS k, COUNT(*) AS n, SUM(l.status = 'mati') AS dead
                FROM contentItem i JOIN contentLink l ON l.itemId = i.id AND l.replacedAt IS NULL
                WHERE i.publishedAt >= ? AND i.publishedAt < ? GROUP BY c, k
                """, arguments: [from, to]) {
                result["\(row["c"] as String)|\(row["k"] as String)"] = (row["n"], row["dead"])
            }
            return result
        }
    }

    /// The follow-up step's lines of the messages received in `[from, to)`, with the message's
    /// category and division: "answered within standard" by category and by division.
    func evaluationIncomingFollowUp(from: Date, to: Date) throws -> [(category: MessageCategory, division: String?, minutes: StepMinutes)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT m.category AS c, d.name AS division, e.officeMinutes AS w, e.standardMinutes AS s
                FROM incomingEvent e JOIN incomingMessage m ON m.id = e.messageId LEFT JOIN division d ON d.id = m.divisionId
                WHERE m.receivedAt >= ? AND m.receivedAt < ? AND e.step = ? AND e.officeMinutes IS NOT NULL ORDER BY e.id
                """, arguments: [from, to, FollowUpStepKind.followUp]).compactMap { row in
                guard let category: MessageCategory = row["c"] else { return nil }
                return (category, row["division"], StepMinutes(officeMinutes: row["w"], standardMinutes: row["s"]))
            }
        }
    }
}

/// Computes `EvaluationFigures` for a period from the reads above and the institution's settings.
struct EvaluationQuery {
    let database: AppDatabase
    let institution: InstitutionStore
    let now: Date

    func figures(_ period: EvaluationPeriod, scope: EvaluationScope, t: Texts) throws -> EvaluationFigures {
        let calendar = institution.officeCalendar
        guard let from = calendar.startOfDayDate(period.first), let to = calendar.startOfDayDate(period.last.adding(days: 1)) else {
            return EvaluationFigures(from: period.first, to: period.last)
        }
        var figures = EvaluationFigures(from: period.first, to: period.last)
        let ownId: Int64? = if case .person(let id) = scope { id } else { nil }
        let lines = try database.evaluationLines(from: from, to: to, actor: ownId)
        let ranVersions = Set(lines.map(\.version))
        var workflows: [Int: Workflow] = [:]
        for number in ranVersions { workflows[number] = institution.workflow(version: number) ?? Workflow(steps: []) }
        if workflows.isEmpty, let current = institution.currentWorkflow { workflows[current.version] = current.workflow }
        let groups = EvaluationStepGroup.groups(workflows)
        var groupOf: [EvaluationStepGroup.Member: Int] = [:]
        for (index, group) in groups.enumerated() { for member in group.members { groupOf[member] = index } }

        // People: items handled and the median per step, for everyone or the person alone.
        var names: [Int64: String] = [:]
        for user in try database.users() { names[user.id] = user.displayName }
        var byPerson: [Int64: [Int: [Int]]] = [:]
        var itemsByPerson: [Int64: Set<Int64>] = [:]
        var itemsByPersonStep: [Int64: [Int: Set<Int64>]] = [:]
        for line in lines {
            guard let index = groupOf[.init(version: line.version, position: line.position)] else { continue }
            itemsByPerson[line.actorId, default: []].insert(line.itemId)
            itemsByPersonStep[line.actorId, default: [:]][index, default: []].insert(line.itemId)
            if let waited = line.waited { byPerson[line.actorId, default: [:]][index, default: []].append(waited) }
        }
        figures.people = itemsByPerson.keys.map { id in
            let steps = (itemsByPersonStep[id] ?? [:]).keys.sorted().map { index in
                EvaluationFigures.PersonStep(stepName: groups[index].step.name, position: groups[index].position,
                                             items: itemsByPersonStep[id]?[index]?.count ?? 0,
                                             medianMinutes: Percentile.nearestRank(byPerson[id]?[index] ?? [], 50))
            }
            return EvaluationFigures.Person(userId: id, name: names[id] ?? "#\(id)", items: itemsByPerson[id]?.count ?? 0, steps: steps)
        }.sorted { ($0.items, $1.name) > ($1.items, $0.name) }
        if ownId != nil { return figures }

        // Steps.
        var minutes = Array(repeating: [StepMinutes](), count: groups.count)
        var passes = Array(repeating: 0, count: groups.count)
        var rejections = Array(repeating: 0, count: groups.count)
        for line in lines {
            guard let index = groupOf[.init(version: line.version, position: line.position)] else { continue }
            passes[index] += 1
            if line.isRejection { rejections[index] += 1 }
            if let waited = line.waited { minutes[index].append(StepMinutes(officeMinutes: waited, standardMinutes: line.standard)) }
        }
        var reasons = Array(repeating: [EvaluationFigures.Reason](), count: groups.count)
        for row in try database.evaluationRejectionReasons(from: from, to: to) {
            guard let index = groupOf[.init(version: row.version, position: row.position)] else { continue }
            let text = row.reason.isEmpty ? t.evaluation_no_reason : String(row.reason.prefix(200))
            if let existing = reasons[index].firstIndex(where: { $0.reason == text }) { reasons[index][existing].count += row.count }
            else { reasons[index].append(.init(reason: text, count: row.count)) }
        }
        let (reworkEvents, itemVersions) = try database.evaluationReworkEvents(from: from, to: to)
        var rework = Array(repeating: [StepMinutes](), count: groups.count)
        var reworkOpen = Array(repeating: 0, count: groups.count)
        for episode in Rework.episodes(reworkEvents, calendar: calendar) where episode.rejectedAt >= from && episode.rejectedAt < to {
            guard let version = itemVersions[episode.itemId], let index = groupOf[.init(version: version, position: episode.position)] else { continue }
            if let value = episode.officeMinutes { rework[index].append(StepMinutes(officeMinutes: value, standardMinutes: nil)) }
            else { reworkOpen[index] += 1 }
        }
        figures.steps = groups.enumerated().map { index, group in
            EvaluationFigures.Step(
                name: group.step.name, position: group.position, versions: group.members.map(\.version).uniqued(),
                versionSpecific: group.versionSpecific, standardMinutes: group.step.standardMinutes, passes: passes[index],
                minutes: .init(StepStatistics(minutes[index])), rejections: rejections[index],
                reasons: reasons[index].sorted { ($0.count, $1.reason) > ($1.count, $0.reason) },
                rework: .init(StepStatistics(rework[index])), reworkOpen: reworkOpen[index])
        }
        figures.versions = try database.evaluationVersions(ranVersions.isEmpty ? Set(workflows.keys) : ranVersions)

        // Channels and kinds.
        let published = try database.evaluationPublished(from: from, to: to)
        figures.published = published.count
        let links = try database.evaluationLinks(from: from, to: to)
        let settings = institution.settings
        var rows: [String: EvaluationFigures.ChannelKind] = [:]
        var standardToPublish: [Int: Int] = [:]
        for item in published {
            let standard = standardToPublish[item.version] ?? {
                let value = institution.workflow(version: item.version)?.standardMinutesToPublish ?? 0
                standardToPublish[item.version] = value
                return value
            }()
            let check = OnTimeCheck.check(publishAt: item.publishAt, publishedAt: item.publishedAt, startedAt: item.createdAt,
                                          standardMinutes: standard, calendar: calendar)
            let violations = TimingRules.check(kind: item.kind, publishAt: item.publishedAt, eventStart: item.eventAt, eventEnd: item.eventEndAt,
                                               dueDay: item.dueOn, timeZone: settings.timeZone, enabled: settings.timingRules)
            let greetingLate = item.kind == .ucapan && item.dueOn.map { calendar.day(of: item.publishedAt) > $0 } == true
            for channel in item.channels {
                let key = "\(channel.rawValue)|\(item.kind.rawValue)"
                var row = rows[key] ?? EvaluationFigures.ChannelKind(
                    channel: channel, kind: item.kind, published: 0, withPlan: 0, onPlan: 0, startedInTime: 0, withLatestStart: 0,
                    timingViolations: 0, greetingsLate: 0, links: 0, deadLinks: 0)
                row.published += 1
                if let onPlan = check.onPlan { row.withPlan += 1; if onPlan { row.onPlan += 1 } }
                if let started = check.startedInTime { row.withLatestStart += 1; if started { row.startedInTime += 1 } }
                if !violations.isEmpty { row.timingViolations += 1 }
                if greetingLate { row.greetingsLate += 1 }
                rows[key] = row
            }
        }
        for (key, value) in links {
            let parts = key.split(separator: "|").map(String.init)
            guard parts.count == 2, let channel = Channel(rawValue: parts[0]), let kind = ContentKind(rawValue: parts[1]) else { continue }
            var row = rows[key] ?? EvaluationFigures.ChannelKind(
                channel: channel, kind: kind, published: 0, withPlan: 0, onPlan: 0, startedInTime: 0, withLatestStart: 0,
                timingViolations: 0, greetingsLate: 0, links: 0, deadLinks: 0)
            row.links = value.links
            row.deadLinks = value.dead
            rows[key] = row
        }
        let channelOrder = Channel.allCases, kindOrder = ContentKind.allCases
        figures.channels = rows.values.sorted {
            (channelOrder.firstIndex(of: $0.channel) ?? 0, kindOrder.firstIndex(of: $0.kind) ?? 0)
                < (channelOrder.firstIndex(of: $1.channel) ?? 0, kindOrder.firstIndex(of: $1.kind) ?? 0)
        }

        // Months: posts published and step passes in each month of the period.
        let ranges = period.months.map { month -> (Date, Date) in
            let start = max(month.first, period.first), end = min(month.last, period.last)
            return (calendar.startOfDayDate(start) ?? from, calendar.startOfDayDate(end.adding(days: 1)) ?? to)
        }
        figures.months = zip(period.months, try database.evaluationVolume(ranges)).map {
            EvaluationFigures.Month(month: $0.description, published: $1.published, passes: $1.passes)
        }

        // Incoming messages, when the institution logs them.
        let incomingSettings = try database.incomingSettings()
        let counts = try database.incomingCounts(from: from, to: to)
        if counts.total > 0 || incomingSettings.monitoring.enabled {
            let followUp = try database.evaluationIncomingFollowUp(from: from, to: to)
            func grouped(_ key: (MessageCategory, String?) -> String) -> [EvaluationFigures.IncomingGroup] {
                var order: [String] = []
                var lines: [String: [StepMinutes]] = [:]
                for row in followUp {
                    let label = key(row.category, row.division)
                    if lines[label] == nil { order.append(label) }
                    lines[label, default: []].append(row.minutes)
                }
                return order.sorted().map { label in
                    let statistics = StepStatistics(lines[label] ?? [])
                    return .init(label: label, answered: statistics.count, withinStandard: statistics.withinStandard, withStandard: statistics.withStandard)
                }
            }
            let lastDay = min(period.last, institution.today(now))
            let occurrences = period.first <= lastDay
                ? try database.roundOccurrences(from: period.first, through: lastDay, calendar: calendar, now: now) : []
            var done = 0, late = 0, missed = 0
            for tally in MonitoringSchedule.tally(occurrences) { done += tally.done; late += tally.late; missed += tally.missed }
            figures.incoming = .init(
                received: counts.total, followUp: .init(StepStatistics(followUp.map(\.minutes))),
                byCategory: grouped { category, _ in category.label(t) },
                byDivision: grouped { _, division in division ?? t.incoming_report_no_division },
                roundsEnabled: incomingSettings.monitoring.enabled, roundsDone: done, roundsLate: late, roundsMissed: missed)
        }
        return figures
    }
}

extension AppDatabase {
    func evaluationVersions(_ numbers: Set<Int>) throws -> [EvaluationFigures.Version] {
        guard !numbers.isEmpty else { return [] }
        return try writer.read { db in
            try Row.fetchAll(db, sql: "SELECT number, note, createdAt FROM workflowVersion WHERE number IN (\(databaseQuestionMarks(count: numbers.count))) ORDER BY number",
                             arguments: StatementArguments(numbers.sorted())).map {
                EvaluationFigures.Version(number: $0["number"], note: $0["note"], createdAt: $0["createdAt"])
            }
        }
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}
