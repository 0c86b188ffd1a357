import Domain
import Foundation
import GRDB

/// The benchmark workloads of `bench/*.sh` (issue 12), written through the application's own
/// writes: accounts with `createUser`, items with `createItem`, every move with `applyAction` (so
/// the history, the version, the office minutes against the standard time and the live links
/// come from the same code as in use), corrections with `editItem`, agenda items with
/// `importAgenda` and `saveAgendaItem`, link checks with `recordLinkCheck`. Each call is given the
/// instant it happens at (`now`, `today`), in the past, as the people would have pressed the buttons.
///
/// `seed(path:options:now:)` works on a copy of the database in memory, where each of those
/// calls is its own cheap transaction, and writes the result back to the file at the end with
/// SQLite's backup API, in one transaction. The server must not be running on the file meanwhile:
/// a write by another connection is noticed (`PRAGMA data_version`) and nothing is written back.
public enum BenchSeeder {
    public enum Workload: String, CaseIterable, Sendable {
        /// `bench/workflow.sh`: items in flight and accounts, on a fresh `warta init` database.
        case workflow
        /// `bench/calendar.sh`: a year of agenda items and content items, on a demo database.
        case calendar
        /// `bench/archive.sh`: a year of published posts and their links, on a demo database.
        case archive
        /// `bench/incoming.sh`: a year of incoming messages (`items`, default 20,000), on a Kendal demo database.
        case incoming
    }

    public struct Options: Sendable {
        public var workload: Workload
        /// The SOP preset the database was set up with: its workflow must be the current one.
        public var preset: SOPPreset
        /// workflow: items in flight (default 5,000); calendar: content items in all, the demo's
        /// included (default 3,000). Not used by `archive` (see `links`).
        public var items: Int?
        /// Seed of the random choices: the same seed, database and `now` give the same data.
        public var seed: UInt64 = 1

        // workflow
        /// Accounts in all afterwards (the existing ones included).
        public var users = 50
        /// Items waiting at the step of `biroUser`'s role.
        public var biroItems = 200
        /// Items waiting at step 2, for the approve benchmark.
        public var step2Items = 3000
        /// The oldest time at the current step, in days.
        public var maxAgeDays = 21.0
        /// The login account that is the only holder of its step's role (the kepala-biro).
        public var biroUser: String?
        /// The login account holding step 2's role: never in the seeded history.
        public var approverUser: String?
        /// bcrypt cost of the seeded accounts' (unknown) password.
        public var bcryptCost: UInt8 = 10

        // calendar
        /// The year the content is planned in; default: `now`'s year in the institution's zone.
        public var year: Int?
        public var agenda = 1000
        /// Share of the year's national days with a greeting item.
        public var greetingShare = 0.75

        // archive
        /// Links in all afterwards (the demo's included).
        public var links = 100_000
        /// Publications spread over the last `months` months.
        public var months = 12
        /// The account that publishes (records the links).
        public var publisher = "admin-medsos"
        /// Run SQLite's `ANALYZE` afterwards (the app itself never does).
        public var analyze = false

        public init(workload: Workload, preset: SOPPreset) {
            self.workload = workload
            self.preset = preset
        }
    }

    /// The database is not what the workload starts from, or the options do not fit it. Nothing
    /// was written.
    public struct SetupError: LocalizedError, Equatable, CustomStringConvertible {
        public let message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
        public var errorDescription: String? { message }
    }

    /// Seeds the database file at `path` and returns the summary line's fields (`users=… items=…`;
    /// the caller prints them after `SEED `), ending with the seconds it took.
    public static func seed(path: String, options: Options, now: Date) async throws -> String {
        let started = ContinuousClock.now
        guard FileManager.default.fileExists(atPath: path) else {
            throw SetupError("database \(path) does not exist: set it up first (see bench/README.md)")
        }
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(30)
        let file = try DatabaseQueue(path: path, configuration: configuration)
        let before = try await file.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") }
        let memory = try DatabaseQueue(configuration: AppDatabase.configuration())
        try file.backup(to: memory)
        let database = try AppDatabase(memory)
        var summary = try await seed(database, options: options, now: now)
        // Another connection wrote to the file meanwhile: copying back would lose its writes.
        guard try await file.read({ db in try Int.fetchOne(db, sql: "PRAGMA data_version") }) == before else {
            throw SetupError("\(path) changed while seeding (is a server running on it?); nothing was written")
        }
        try memory.backup(to: file)
        try file.close()
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        summary += " seconds=" + String(format: "%.1f", seconds)
        return summary
    }

    /// Seeds `database` (in memory, for tests) and returns the summary line's fields.
    static func seed(_ database: AppDatabase, options: Options, now: Date) async throws -> String {
        let run = try Run(database: database, options: options, now: now)
        let summary: String
        switch options.workload {
        case .workflow: summary = try await seedWorkflow(run)
        case .calendar: summary = try seedCalendar(run)
        case .archive: summary = try seedArchive(run)
        case .incoming: summary = try seedIncoming(run)
        }
        let problems = try Self.problems(database, now: now)
        if !problems.isEmpty {
            throw SeedingError(problems: problems)
        }
        if options.analyze {
            try await database.writer.writeWithoutTransaction { db in try db.execute(sql: "ANALYZE") }
        }
        return summary + (options.workload == .archive ? " analyze=\(options.analyze ? 1 : 0)" : "")
    }

    /// The seeded data break a rule that the app's writes should have kept: a bug, not a setup
    /// problem. Nothing is written back.
    struct SeedingError: LocalizedError, CustomStringConvertible {
        let problems: [String]
        var description: String { "seeded data inconsistent: " + problems.joined(separator: "; ") + "; nothing was written" }
        var errorDescription: String? { description }
    }
}

// MARK: - What every workload shares

extension BenchSeeder {
    /// Where an item is, as the page a person acts on shows it (the version goes with the form).
    struct Tracked {
        var id: Int64
        var position: Int
        var version: Int

        init(id: Int64, position: Int, version: Int) {
            self.id = id
            self.position = position
            self.version = version
        }

        init(_ record: ContentItemRecord) {
            self.init(id: record.id!, position: record.position, version: record.version)
        }
    }

    /// The database and what the app reads from it before any write: the institution, its current
    /// workflow and its office clock (`InstitutionStore`, as the server builds it).
    struct Run {
        let database: AppDatabase
        let options: Options
        let now: Date
        let settings: InstitutionSettings
        let version: Int
        let workflow: Workflow
        let calendar: OfficeCalendar
        let random: BenchRandom

        init(database: AppDatabase, options: Options, now: Date) throws {
            let store = try InstitutionStore(database: database)
            guard try database.institution() != nil, let (version, workflow) = store.currentWorkflow else {
                throw SetupError("the database is not set up: run `warta init --preset \(options.preset.key)` (or start `warta serve --demo`) first")
            }
            let settings = store.settings
            guard settings.presetKey == options.preset.key else {
                throw SetupError("the database is set up on preset \(settings.presetKey ?? "(none)"), not \(options.preset.key)")
            }
            guard workflow == Workflow(preset: options.preset) else {
                throw SetupError("workflow version \(version) is not the \(options.preset.key) chain: "
                    + workflow.steps.map(\.roleKey.rawValue).joined(separator: ", "))
            }
            guard let first = workflow.step(at: 1), first.kind == .work, workflow.publishPosition == workflow.steps.count else {
                throw SetupError("workflow version \(version) does not start with a work step and end with the publish step")
            }
            self.database = database
            self.options = options
            self.now = now
            self.settings = settings
            self.version = version
            self.workflow = workflow
            self.calendar = store.officeCalendar
            self.random = BenchRandom(seed: options.seed)
        }

        var firstStep: WorkflowStep { workflow.steps[0] }

        /// Creates an item as the content form does, at `at`, by `creator` (who must hold the first step's role).
        func create(_ draft: ContentDraft, by creator: Int64, at: Date) throws -> Tracked {
            let id = try database.createItem(draft, workflowVersion: version, firstStep: firstStep, by: ContentActor(userId: creator),
                                             today: calendar.day(of: at), now: at)
            return Tracked(id: id, position: 1, version: 1)
        }

        /// The action that hands an item on from its step: submit at a work step, approve at a
        /// decide step, publish at the publish step.
        func action(at position: Int) -> WorkflowAction {
            switch workflow.step(at: position)?.kind {
            case .work?: .submit
            case .publish?: .publish
            default: .approve
            }
        }

        /// Moves the item one step on (or publishes it), as its page's button does.
        func move(_ item: Tracked, by actor: Int64, at: Date, links: [(channel: Channel, url: String)] = []) throws -> Tracked {
            Tracked(try database.applyAction(action(at: item.position), itemId: item.id, expectedVersion: item.version, workflow: workflow,
                                             by: ContentActor(userId: actor), comment: nil, links: links, calendar: calendar, now: at))
        }

        /// A correction saved at the item's step by the person deciding there (a new revision).
        func correct(_ item: Tracked, to draft: ContentDraft, by actor: Int64, at: Date) throws -> Tracked {
            Tracked(try database.editItem(id: item.id, expectedVersion: item.version, draft: draft, workflow: workflow,
                                          by: ContentActor(userId: actor), today: calendar.day(of: at), now: at))
        }

        /// The timing rules the submit button enforces, where the institution has them on.
        func violations(_ draft: ContentDraft) -> [TimingViolation] {
            TimingRules.check(kind: draft.kind, publishAt: draft.publishAt, eventStart: draft.eventAt, eventEnd: draft.eventEndAt,
                              dueDay: draft.dueOn, timeZone: settings.timeZone, enabled: settings.timingRules)
        }

        /// `draft` moved to the latest publish time its timing rules allow: what was planned when
        /// it was submitted, before a decider corrected it to the time it really has.
        func compliant(_ draft: ContentDraft) -> ContentDraft {
            var draft = draft
            for violation in violations(draft) {
                switch violation.problem {
                case .beforeEventEnds, .afterEventDay:
                    draft.publishAt = violation.reference
                case .lessThanThreeDaysBefore, .afterDay:
                    let days = violation.publishDay.dayNumber - violation.lastAllowedDay.dayNumber
                    draft.publishAt = violation.publishAt.addingTimeInterval(-Double(days) * 86_400)
                }
            }
            return draft
        }

        /// Refuses a draft the content form would refuse: a caption over the limit.
        func checkCaption(_ draft: ContentDraft) throws {
            if CaptionRule(limit: settings.captionLimit).excess(draft.caption) != nil {
                throw SetupError("caption over the institution's limit of \(settings.captionLimit): \(draft.caption)")
            }
        }

        /// Midnight at the start of `day` in the institution's zone, plus `minutes`.
        func local(_ day: Day, minutes: Double) -> Date {
            calendar.startOfDayDate(day)!.addingTimeInterval(minutes * 60)
        }

        func day(_ date: Date) -> Day { calendar.day(of: date) }

        /// Demo accounts (`serve --demo`: one per role), the first of each role.
        func demoAccounts() throws -> [RoleKey: Int64] {
            var byRole: [RoleKey: Int64] = [:]
            for user in try database.demoUsers().sorted(by: { $0.id < $1.id }) {
                for role in user.roleKeys where byRole[role] == nil { byRole[role] = user.id }
            }
            return byRole
        }

        /// The number of content items.
        func itemCount() throws -> Int {
            try database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM contentItem") ?? 0 }
        }

        /// Counts of one column's values in a table, by value.
        func tally(_ sql: String, arguments: StatementArguments = []) throws -> [(String, Int)] {
            try database.writer.read { db in
                try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
                    let value: DatabaseValue = row[0]
                    switch value.storage {
                    case .string(let text): return (text, row[1])
                    case .int64(let number): return (String(number), row[1])
                    default: return ("\(value)", row[1])
                    }
                }
            }
        }

        func count(_ sql: String, arguments: StatementArguments = []) throws -> Int {
            try database.writer.read { db in try Int.fetchOne(db, sql: sql, arguments: arguments) ?? 0 }
        }
    }

    /// Accounts that nobody can sign in with, made as `warta user add` makes them (`createUser`
    /// with a normalised username and a bcrypt hash from the app's hasher): they all get the hash
    /// of one random password that is never kept.
    static func addAccounts(_ plan: [(username: String, displayName: String, roleKey: RoleKey)], run: Run, at: Date) async throws -> [RoleKey: [Int64]] {
        guard !plan.isEmpty else { return [:] }
        let hash = try await PasswordHasher(cost: run.options.bcryptCost).hash(Tokens.random())
        var byRole: [RoleKey: [Int64]] = [:]
        for account in plan {
            let username = UsernameRule.normalise(account.username)
            guard UsernameRule.isValid(username) else { throw SetupError("'\(account.username)' is not a valid username") }
            do {
                let id = try run.database.createUser(username: username, displayName: account.displayName, passwordHash: hash,
                                                     roleKeys: [account.roleKey], now: at)
                byRole[account.roleKey, default: []].append(id)
            } catch UserError.usernameTaken {
                throw SetupError("account '\(username)' already exists: seed a fresh database")
            }
        }
        return byRole
    }
}

// MARK: - Links of published posts

/// Post links in the form each platform uses, unique by a counter, normalised by `PlatformLinks`
/// as the publish form does (a link it refuses is a bug here).
struct BenchPostLinks {
    /// The accounts the dki-ksd posts are on.
    static let account = "biroksddki"
    static let facebookPage = "BiroKSDDKI"
    static let codeCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")

    let ownDomains: [String]
    private(set) var count = 0

    init(ownDomains: [String]) {
        self.ownDomains = ownDomains
    }

    /// Channels this generator can give a link for (a website link needs one of the institution's domains).
    func canLink(_ channel: Channel) -> Bool {
        channel != .website || !PlatformLinks.normalisedDomains(ownDomains).isEmpty
    }

    mutating func link(_ channel: Channel, random: BenchRandom) throws -> String {
        count += 1
        let n = count
        func digits(_ k: Int) -> String { String((0..<k).map { _ in Character(String(random.int(0...9))) }) }
        let code = String((0..<6).map { _ in random.pick(Self.codeCharacters) }) + Digits.padded(n % 100_000, 5)
        let text: String
        switch channel {
        case .instagram: text = "https://www.instagram.com/\(random.chance(0.3) ? "reel" : "p")/C\(code)/"
        case .instagramStory: text = "https://www.instagram.com/stories/\(Self.account)/3\(digits(12))\(Digits.padded(n % 1_000_000, 6))/"
        case .facebook: text = "https://www.facebook.com/\(Self.facebookPage)/\(random.chance(0.2) ? "videos" : "posts")/1\(digits(9))\(Digits.padded(n % 1_000_000, 6))"
        case .youtube: text = random.chance(0.5) ? "https://www.youtube.com/shorts/\(code)" : "https://www.youtube.com/watch?v=\(code)"
        case .tiktok: text = "https://www.tiktok.com/@\(Self.account)/video/7\(digits(12))\(Digits.padded(n % 1_000_000, 6))"
        case .x: text = "https://x.com/\(Self.account)/status/18\(digits(11))\(Digits.padded(n % 1_000_000, 6))"
        case .website: text = "https://\(PlatformLinks.normalisedDomains(ownDomains).first ?? "example.org")/berita/bench-\(n)"
        }
        switch PlatformLinks.validate(text, channel: channel, ownDomains: ownDomains) {
        case .success(let normalised): return normalised
        case .failure(let problem): throw BenchSeeder.SetupError("the \(channel.rawValue) link \(text) is refused: \(problem)")
        }
    }
}

// MARK: - Random choices

/// A seeded generator (SplitMix64): the same seed gives the same workload. A class so that the
/// workloads' helpers can share it without threading `inout` through every call.
final class BenchRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range`.
    func int(_ range: ClosedRange<Int>) -> Int {
        var generator = self
        return Int.random(in: range, using: &generator)
    }

    /// A number in [0, 1).
    func unit() -> Double {
        var generator = self
        return Double.random(in: 0..<1, using: &generator)
    }

    func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * unit() }

    func chance(_ probability: Double) -> Bool { unit() < probability }

    func pick<Element>(_ elements: [Element]) -> Element { elements[int(0...(elements.count - 1))] }

    /// One of `choices`, each as likely as its weight.
    func weighted<Element>(_ choices: [(Element, Double)]) -> Element {
        let total = choices.reduce(0) { $0 + $1.1 }
        var roll = unit() * total
        for (element, weight) in choices {
            if roll < weight { return element }
            roll -= weight
        }
        return choices[choices.count - 1].0
    }

    func shuffle<Element>(_ elements: inout [Element]) {
        var generator = self
        elements.shuffle(using: &generator)
    }
}
