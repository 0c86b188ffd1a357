import Foundation

/// One monitoring round of the day ("pemantauan pagi, siang dan sore", Kendal SOP warning 2): a
/// stable key, the name people read, and its window in local minutes after midnight.
public struct MonitoringRoundSpec: Sendable, Equatable, Hashable, Codable {
    /// `pagi`, `siang`, `sore`, or an institution's own key (lower-case letters, digits, hyphens).
    public var key: String
    public var name: String
    /// Minutes after midnight, in the institution's zone: the window is `[start, end)`.
    public var start: Int
    public var end: Int

    public init(key: String, name: String, start: Int, end: Int) {
        self.key = key
        self.name = name
        self.start = start
        self.end = end
    }

    public static let pagi = MonitoringRoundSpec(key: "pagi", name: "Pagi", start: 8 * 60, end: 10 * 60)
    public static let siang = MonitoringRoundSpec(key: "siang", name: "Siang", start: 11 * 60 + 30, end: 13 * 60 + 30)
    public static let sore = MonitoringRoundSpec(key: "sore", name: "Sore", start: 14 * 60 + 30, end: 16 * 60)

    /// Whether `key` has the form of a round key: 1–20 lower-case letters, digits or hyphens,
    /// starting with a letter.
    public static func isValidKey(_ key: String) -> Bool {
        guard (1...20).contains(key.count), let first = key.first, ("a"..."z").contains(first) else { return false }
        return key.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
    }
}

/// An institution's monitoring rounds: whether they run, their windows and the standard time of a
/// round ("Mutu Baku": 60 minutes in the Kendal SOP, activity 6).
public struct MonitoringSettings: Sendable, Equatable, Hashable, Codable {
    public var enabled: Bool
    public var rounds: [MonitoringRoundSpec]
    public var standardMinutes: Int?

    public init(enabled: Bool = false, rounds: [MonitoringRoundSpec] = MonitoringSettings.defaultRounds, standardMinutes: Int? = 60) {
        self.enabled = enabled
        self.rounds = rounds
        self.standardMinutes = standardMinutes
    }

    public static let defaultRounds: [MonitoringRoundSpec] = [.pagi, .siang, .sore]
    public static let maximumRounds = 12

    /// The defaults of a preset: rounds switched on where the SOP asks for them (Kendal).
    public static func preset(_ preset: SOPPreset) -> MonitoringSettings {
        MonitoringSettings(enabled: preset.key == "kendal")
    }

    public func round(key: String) -> MonitoringRoundSpec? { rounds.first { $0.key == key } }

    /// Why the settings cannot be saved. Positions are 1-based.
    public enum Problem: Equatable, Sendable, Hashable {
        case tooManyRounds(maximum: Int)
        case invalidKey(position: Int)
        case duplicateKey(String)
        case emptyName(position: Int)
        /// Start and end must lie in the day, and the end after the start.
        case invalidWindow(position: Int)
        case invalidMinutes
    }

    public func problems() -> [Problem] {
        var problems: [Problem] = []
        if rounds.count > Self.maximumRounds { problems.append(.tooManyRounds(maximum: Self.maximumRounds)) }
        var seen: Set<String> = []
        for (index, round) in rounds.enumerated() {
            let position = index + 1
            if !MonitoringRoundSpec.isValidKey(round.key) { problems.append(.invalidKey(position: position)) }
            if !seen.insert(round.key).inserted { problems.append(.duplicateKey(round.key)) }
            if round.name.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { problems.append(.emptyName(position: position)) }
            if !(0..<1440).contains(round.start) || !(1...1440).contains(round.end) || round.end <= round.start {
                problems.append(.invalidWindow(position: position))
            }
        }
        if let minutes = standardMinutes, !(0...Workflow.maximumStandardMinutes).contains(minutes) { problems.append(.invalidMinutes) }
        return problems
    }
}

/// Where an expected round stands.
public enum RoundStatus: String, Sendable, Codable, CaseIterable {
    /// Recorded by the end of its window.
    case done
    /// Recorded, but after the end of its window.
    case late
    /// Not recorded, and its window is over ("terlewat").
    case missed
    /// Its window is open now and it is not recorded yet.
    case current
    /// Its window has not opened yet.
    case upcoming
}

/// A round as it was recorded: which round of which office day, and when.
public struct RecordedRound: Sendable, Equatable {
    public var roundKey: String
    public var day: Day
    public var recordedAt: Date

    public init(roundKey: String, day: Day, recordedAt: Date) {
        self.roundKey = roundKey
        self.day = day
        self.recordedAt = recordedAt
    }
}

/// One expected round on one office day, with its status.
public struct RoundOccurrence: Sendable, Equatable {
    public var spec: MonitoringRoundSpec
    public var day: Day
    public var startsAt: Date
    public var endsAt: Date
    public var status: RoundStatus
    /// The first recording of this round on this day, if any.
    public var recordedAt: Date?
}

/// The rounds an institution expects, day by day.
public enum MonitoringSchedule {
    /// The longest range computed at once.
    public static let maximumDays = 400

    /// Each round expected on the working days from `from` through `through` (both included, at
    /// most `maximumDays`), in day and start order, with its status at `now`. Days off (weekends,
    /// holidays, cuti bersama) have no rounds. A round recorded at or before the end of its window
    /// is done (early counts: the accounts were checked), after it late; one not recorded is
    /// missed once its window is over, current while it is open, upcoming before.
    public static func occurrences(_ specs: [MonitoringRoundSpec], calendar: OfficeCalendar, from: Day, through: Day,
                                   recorded: [RecordedRound], now: Date) -> [RoundOccurrence] {
        guard from <= through else { return [] }
        var firstRecording: [String: Date] = [:]
        for round in recorded {
            let key = round.day.description + " " + round.roundKey
            if let existing = firstRecording[key], existing <= round.recordedAt { continue }
            firstRecording[key] = round.recordedAt
        }
        let ordered = specs.sorted { ($0.start, $0.end, $0.key) < ($1.start, $1.end, $1.key) }
        var result: [RoundOccurrence] = []
        let last = min(through.dayNumber, from.dayNumber + maximumDays - 1)
        for number in from.dayNumber...last {
            let day = Day(dayNumber: number)
            guard calendar.isWorkingDay(day) else { continue }
            for spec in ordered {
                let startsAt = WallClock.instant(day: number, second: spec.start * 60, in: calendar.timeZone)
                let endsAt = WallClock.instant(day: number, second: spec.end * 60, in: calendar.timeZone)
                let recordedAt = firstRecording[day.description + " " + spec.key]
                let status: RoundStatus
                if let recordedAt {
                    status = recordedAt <= endsAt ? .done : .late
                } else if now >= endsAt {
                    status = .missed
                } else if now >= startsAt {
                    status = .current
                } else {
                    status = .upcoming
                }
                result.append(RoundOccurrence(spec: spec, day: day, startsAt: startsAt, endsAt: endsAt, status: status, recordedAt: recordedAt))
            }
        }
        return result
    }

    /// The round open at `now` and not yet recorded, for "Tugas saya": nil on a day off, between
    /// windows, or once it is recorded.
    public static func current(_ specs: [MonitoringRoundSpec], calendar: OfficeCalendar, recorded: [RecordedRound], now: Date) -> RoundOccurrence? {
        let today = calendar.day(of: now)
        return occurrences(specs, calendar: calendar, from: today, through: today, recorded: recorded, now: now)
            .first { $0.status == .current }
    }

    /// Rounds done, late and missed per day, for the monthly report and the calendar.
    public struct DayTally: Sendable, Equatable {
        public var day: Day
        public var done: Int
        public var late: Int
        public var missed: Int
    }

    public static func tally(_ occurrences: [RoundOccurrence]) -> [DayTally] {
        var tallies: [DayTally] = []
        for occurrence in occurrences {
            if tallies.last?.day != occurrence.day { tallies.append(DayTally(day: occurrence.day, done: 0, late: 0, missed: 0)) }
            switch occurrence.status {
            case .done: tallies[tallies.count - 1].done += 1
            case .late: tallies[tallies.count - 1].late += 1
            case .missed: tallies[tallies.count - 1].missed += 1
            case .current, .upcoming: break
            }
        }
        return tallies
    }
}
