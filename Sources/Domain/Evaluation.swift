import Foundation

// The evaluation of the SOP against its own standard (issue 15): the period a report covers and
// the one before it, the statistics of office minutes per step (median and 90th percentile by
// nearest rank: `Percentile.nearestRank`, `StepStatistics`), rework time after a rejection, the
// grouping of steps across workflow versions, period-over-period change, and the engagement rate
// of a post.

// MARK: - Period

/// The days an evaluation covers, both ends included, and how it was asked for.
public struct EvaluationPeriod: Sendable, Hashable, CustomStringConvertible {
    public enum Shape: Sendable, Hashable {
        case month(YearMonth)
        /// `quarter` is 1…4.
        case quarter(year: Int, quarter: Int)
        case year(Int)
        case custom
    }

    public var first: Day
    public var last: Day
    public var shape: Shape

    /// The longest custom period: a little over a year, so that a typo cannot ask for centuries.
    public static let maximumDays = 400

    public static func month(_ month: YearMonth) -> EvaluationPeriod {
        EvaluationPeriod(first: month.first, last: month.last, shape: .month(month))
    }

    /// Nil unless `quarter` is 1…4 and `year` 1900…9999.
    public static func quarter(year: Int, quarter: Int) -> EvaluationPeriod? {
        guard (1...4).contains(quarter), (1900...9999).contains(year) else { return nil }
        let start = YearMonth(year: year, month: (quarter - 1) * 3 + 1)
        return EvaluationPeriod(first: start.first, last: start.adding(months: 2).last, shape: .quarter(year: year, quarter: quarter))
    }

    public static func year(_ year: Int) -> EvaluationPeriod? {
        guard (1900...9999).contains(year) else { return nil }
        return EvaluationPeriod(first: Day(year: year, month: 1, day: 1), last: Day(year: year, month: 12, day: 31), shape: .year(year))
    }

    /// Nil when `to` is before `from` or the period is longer than `maximumDays`.
    public static func custom(from: Day, to: Day) -> EvaluationPeriod? {
        guard from <= to, to.dayNumber - from.dayNumber + 1 <= maximumDays else { return nil }
        return EvaluationPeriod(first: from, last: to, shape: .custom)
    }

    /// The quarter `today` falls in: the report's default.
    public static func currentQuarter(_ today: Day) -> EvaluationPeriod {
        quarter(year: today.year, quarter: (today.month - 1) / 3 + 1)!
    }

    /// `2026-Q4` (also `2026-q4`); nil for anything else.
    public static func quarter(_ text: String) -> EvaluationPeriod? {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[0].allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(parts[0]),
              parts[1].count == 2, parts[1].first == "Q" || parts[1].first == "q", let quarter = Int(parts[1].dropFirst()) else { return nil }
        return self.quarter(year: year, quarter: quarter)
    }

    /// `2026`; nil for anything else.
    public static func year(_ text: String) -> EvaluationPeriod? {
        guard text.count == 4, text.allSatisfy({ $0.isASCII && $0.isNumber }), let year = Int(text) else { return nil }
        return self.year(year)
    }

    /// The number of days, both ends included.
    public var dayCount: Int { last.dayNumber - first.dayNumber + 1 }

    /// The period before, of the same length: the previous month, quarter or year for those
    /// shapes (a calendar unit, whatever its days), and for a custom period the same number of
    /// days ending the day before it starts.
    public var previous: EvaluationPeriod {
        switch shape {
        case .month(let month): .month(month.adding(months: -1))
        case .quarter(let year, let quarter):
            quarter == 1 ? Self.quarter(year: year - 1, quarter: 4) ?? self : Self.quarter(year: year, quarter: quarter - 1)!
        case .year(let year): Self.year(year - 1) ?? self
        case .custom: EvaluationPeriod(first: first.adding(days: -dayCount), last: first.adding(days: -1), shape: .custom)
        }
    }

    /// The next period of the same shape (for "›" links).
    public var next: EvaluationPeriod {
        switch shape {
        case .month(let month): .month(month.adding(months: 1))
        case .quarter(let year, let quarter):
            quarter == 4 ? Self.quarter(year: year + 1, quarter: 1) ?? self : Self.quarter(year: year, quarter: quarter + 1)!
        case .year(let year): Self.year(year + 1) ?? self
        case .custom: EvaluationPeriod(first: last.adding(days: 1), last: last.adding(days: dayCount), shape: .custom)
        }
    }

    /// The calendar months the period touches, in order: the monthly volume chart's bars.
    public var months: [YearMonth] {
        var result: [YearMonth] = []
        var month = YearMonth(first)
        let end = YearMonth(last)
        while month <= end {
            result.append(month)
            month = month.adding(months: 1)
        }
        return result
    }

    public func contains(_ day: Day) -> Bool { first <= day && day <= last }

    /// `2026-10-01..2026-12-31`, or the shortcut: `2026-11`, `2026-Q4`, `2026`.
    public var description: String {
        switch shape {
        case .month(let month): month.description
        case .quarter(let year, let quarter): "\(Digits.padded(year, 4))-Q\(quarter)"
        case .year(let year): Digits.padded(year, 4)
        case .custom: "\(first)..\(last)"
        }
    }
}

// MARK: - Change against the previous period

/// A figure beside the same figure for the previous period.
public struct PeriodDelta: Sendable, Equatable {
    public var current: Double?
    public var previous: Double?

    public init(current: Double?, previous: Double?) {
        self.current = current
        self.previous = previous
    }

    public init(current: Int?, previous: Int?) {
        self.init(current: current.map(Double.init), previous: previous.map(Double.init))
    }

    /// current − previous; nil when either is missing.
    public var difference: Double? {
        guard let current, let previous else { return nil }
        return current - previous
    }

    /// The change relative to the previous figure, in percent, rounded to a whole number; nil when
    /// either is missing or the previous figure is 0 (no ratio to a zero).
    public var percentChange: Int? {
        guard let difference, let previous, previous != 0 else { return nil }
        return Int((difference / abs(previous) * 100).rounded())
    }

    public enum Direction: String, Sendable { case up, down, same, unknown }

    public var direction: Direction {
        guard let difference else { return .unknown }
        return difference > 0 ? .up : difference < 0 ? .down : .same
    }
}

// The engagement rate is `PostPerformance.engagementRate` (post performance, Domain/PostPerformance.swift).

// MARK: - Rework

/// One line of an item's history as the rework count needs it.
public struct ReworkEvent: Sendable, Equatable {
    public var itemId: Int64
    public var isRejection: Bool
    public var fromPosition: Int
    public var toPosition: Int
    public var at: Date

    public init(itemId: Int64, isRejection: Bool, fromPosition: Int, toPosition: Int, at: Date) {
        self.itemId = itemId
        self.isRejection = isRejection
        self.fromPosition = fromPosition
        self.toPosition = toPosition
        self.at = at
    }
}

/// The rework one rejection caused.
public struct ReworkEpisode: Sendable, Equatable {
    public var itemId: Int64
    /// The position of the step that rejected.
    public var position: Int
    public var rejectedAt: Date
    /// When the item came back to that position; nil while it has not (yet).
    public var backAt: Date?
    /// Office minutes from the rejection until the item was back; nil while it is not.
    public var officeMinutes: Int?

    public init(itemId: Int64, position: Int, rejectedAt: Date, backAt: Date?, officeMinutes: Int?) {
        self.itemId = itemId
        self.position = position
        self.rejectedAt = rejectedAt
        self.backAt = backAt
        self.officeMinutes = officeMinutes
    }
}

public enum Rework {
    /// The rework time of every rejection in `events`.
    ///
    /// Definition: for a rejection at step X (the event's `fromPosition`), the office minutes from
    /// the rejection to the first later event of the same item whose `toPosition` is X again,
    /// i.e. until the item stands again at the step that rejected it. The time the earlier steps
    /// spent on it, including further rejections in between, is all rework this rejection caused.
    /// A rejection the item has not come back from is returned with nil minutes ("still open").
    ///
    /// `events` may hold several items in any order; each item's lines are taken in time order
    /// (equal times in the order given).
    public static func episodes(_ events: [ReworkEvent], calendar: OfficeCalendar) -> [ReworkEpisode] {
        var byItem: [Int64: [ReworkEvent]] = [:]
        for event in events { byItem[event.itemId, default: []].append(event) }
        var result: [ReworkEpisode] = []
        for itemId in byItem.keys.sorted() {
            let lines = byItem[itemId]!.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
            for (index, line) in lines.enumerated() where line.isRejection {
                let back = lines[(index + 1)...].first { $0.toPosition == line.fromPosition }
                result.append(ReworkEpisode(
                    itemId: itemId, position: line.fromPosition, rejectedAt: line.at, backAt: back?.at,
                    officeMinutes: back.map { calendar.officeMinutes(from: line.at, to: $0.at) }))
            }
        }
        return result
    }
}

// MARK: - Steps across workflow versions

/// A row of the per-step table: one step of one or more workflow versions.
///
/// When the period spans a change of the workflow, a step that is the same in every version that
/// ran (same name, role, kind and standard time) is one row, whatever its position; a step that
/// changed (or exists in only some versions) gets a row per version, so that the next evaluation
/// compares the versions before and after the change.
public struct EvaluationStepGroup: Sendable, Equatable {
    public struct Member: Sendable, Equatable, Hashable {
        public var version: Int
        public var position: Int
        public init(version: Int, position: Int) {
            self.version = version
            self.position = position
        }
    }

    public var step: WorkflowStep
    /// The (version, position) pairs whose lines the row counts, oldest version first.
    public var members: [Member]
    /// Whether the row stands for one version of a step that changed (or exists only in some of
    /// the versions that ran): the report names the version.
    public var versionSpecific: Bool

    public init(step: WorkflowStep, members: [Member], versionSpecific: Bool) {
        self.step = step
        self.members = members
        self.versionSpecific = versionSpecific
    }

    /// The position of the row's step in its newest version.
    public var position: Int { members.last?.position ?? 0 }
    /// The newest version in the row.
    public var version: Int { members.last?.version ?? 0 }

    /// The rows for the versions that ran (`versions`, any order): unchanged steps merged, in the
    /// order of the newest version's steps; then the steps of older versions that changed, by
    /// version and position, each right before or after its newest counterpart by name.
    public static func groups(_ versions: [Int: Workflow]) -> [EvaluationStepGroup] {
        let numbers = versions.keys.sorted()
        guard let newest = numbers.last, let latest = versions[newest] else { return [] }
        struct Key: Hashable { let name: String, role: RoleKey, kind: StepKind, standard: Int? }
        func key(_ step: WorkflowStep) -> Key { Key(name: step.name, role: step.roleKey, kind: step.kind, standard: step.standardMinutes) }
        // For each step of each version, whether every version that ran has an identical step.
        func inAll(_ step: WorkflowStep) -> Bool {
            numbers.allSatisfy { number in versions[number]!.steps.contains { key($0) == key(step) } }
        }
        var result: [EvaluationStepGroup] = []
        var placed = Set<Member>()
        for (index, step) in latest.steps.enumerated() {
            if inAll(step) {
                let members = numbers.compactMap { number -> Member? in
                    versions[number]!.steps.firstIndex { key($0) == key(step) }.map { Member(version: number, position: $0 + 1) }
                }
                members.forEach { placed.insert($0) }
                result.append(EvaluationStepGroup(step: step, members: members, versionSpecific: false))
            } else {
                // Older versions' steps of the same name come first, so before and after sit together.
                for number in numbers.dropLast() {
                    let steps = versions[number]!.steps
                    for (position, old) in steps.enumerated() where old.name == step.name && !inAll(old) {
                        let member = Member(version: number, position: position + 1)
                        guard placed.insert(member).inserted else { continue }
                        result.append(EvaluationStepGroup(step: old, members: [member], versionSpecific: true))
                    }
                }
                let member = Member(version: newest, position: index + 1)
                placed.insert(member)
                result.append(EvaluationStepGroup(step: step, members: [member], versionSpecific: numbers.count > 1))
            }
        }
        // Steps of older versions with no counterpart by name in the newest (removed or renamed).
        for number in numbers.dropLast() {
            for (position, old) in versions[number]!.steps.enumerated() {
                let member = Member(version: number, position: position + 1)
                guard !placed.contains(member) else { continue }
                placed.insert(member)
                result.append(EvaluationStepGroup(step: old, members: [member], versionSpecific: true))
            }
        }
        return result
    }
}

// MARK: - Planned time

/// Whether a published post went out on time.
public struct OnTimeCheck: Sendable, Equatable {
    /// Published at or before the planned time (`publishAt`); nil without a plan.
    public var onPlan: Bool?
    /// Work started (the item was created) at or before the latest start that the standard times
    /// leave before the planned time; nil without a plan or when no latest start can be found.
    public var startedInTime: Bool?

    public init(onPlan: Bool?, startedInTime: Bool?) {
        self.onPlan = onPlan
        self.startedInTime = startedInTime
    }

    /// - Parameters:
    ///   - standardMinutes: the standard minutes from the first step through publishing
    ///     (`Workflow.standardMinutesToPublish` of the item's version).
    public static func check(publishAt: Date?, publishedAt: Date, startedAt: Date, standardMinutes: Int,
                             calendar: OfficeCalendar) -> OnTimeCheck {
        guard let publishAt else { return OnTimeCheck(onPlan: nil, startedInTime: nil) }
        let latest = calendar.latestStart(due: publishAt, officeMinutes: standardMinutes)
        return OnTimeCheck(onPlan: publishedAt <= publishAt, startedInTime: latest.map { startedAt <= $0 })
    }
}

/// A share "n of m", with its whole percent rounded down; nil percent when m is 0.
public struct Share: Sendable, Equatable {
    public var count: Int
    public var of: Int

    public init(_ count: Int, of: Int) {
        self.count = count
        self.of = of
    }

    public var percent: Int? { of == 0 ? nil : count * 100 / of }
    public var fraction: Double? { of == 0 ? nil : Double(count) / Double(of) }
}
