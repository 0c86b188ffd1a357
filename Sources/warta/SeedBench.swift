import App
import ArgumentParser
import Domain
import Foundation

extension BenchSeeder.Workload: ExpressibleByArgument {}

/// `warta seed-bench`: the data of the benchmark scripts in bench/, written through the app's own
/// writes (see `BenchSeeder`). Prints one line `SEED key=value …`; exit status 2 on a setup
/// problem (the database is not what the workload starts from, or already seeded).
struct SeedBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed-bench",
        abstract: "Fill a database with a benchmark workload of bench/ (workflow, calendar or archive), through the app's own writes.",
        discussion: """
            workflow: a `warta init` database with the two login accounts (--biro-user, --approver-user). \
            calendar, archive: a database that `warta serve --demo` has set up (started once and stopped). \
            The server must not be running on the database meanwhile.
            """)

    @OptionGroup var database: DatabaseOption
    @Option(help: "The SOP preset the database was set up with.")
    var preset: String
    @Option(help: "workflow, calendar or archive.")
    var workload: BenchSeeder.Workload
    @Option(help: "workflow: items in flight (default 5000); calendar: content items in all, the demo's included (default 3000).")
    var items: Int?
    @Option(help: "Random seed: the same seed, database and --now give the same data (default 1).")
    var seed: UInt64 = 1
    @Option(help: "The instant the data lead up to, ISO 8601 (default: the current time).")
    var now: String?

    @Option(help: "workflow: accounts in all afterwards (default 50).")
    var users = 50
    @Option(help: "workflow: items waiting for --biro-user (default 200).")
    var biroItems = 200
    @Option(name: .customLong("step2-items"), help: "workflow: items waiting at step 2 (default 3000).")
    var step2Items = 3000
    @Option(help: "workflow: the oldest time at the current step, in days (default 21).")
    var maxAgeDays = 21.0
    @Option(help: "workflow: the login account that is the only holder of its step's role (the kepala-biro).")
    var biroUser: String?
    @Option(help: "workflow: the login account of step 2's role, whose approvals are the benchmark's.")
    var approverUser: String?

    @Option(help: "calendar: the year the content is planned in (default: this year).")
    var year: Int?
    @Option(help: "calendar: agenda items (default 1000).")
    var agenda = 1000
    @Option(help: "calendar: share of the year's national days with a greeting item (default 0.75).")
    var greetingShare = 0.75

    @Option(help: "archive: links in the archive afterwards, the demo's included (default 100000).")
    var links = 100_000
    @Option(help: "archive: publications spread over the last N months (default 12).")
    var months = 12
    @Option(help: "archive: the account that publishes (default admin-medsos).")
    var publisher = "admin-medsos"
    @Flag(help: "Run SQLite's ANALYZE afterwards (the app itself never does).")
    var analyze = false

    func validate() throws {
        guard SOPPreset.named(preset) != nil else {
            throw ValidationError("unknown preset '\(preset)'; choose one of \(SOPPreset.all.map(\.key).joined(separator: ", "))")
        }
        if let now, Self.instant(now) == nil { throw ValidationError("--now must be an ISO 8601 instant such as 2026-11-21T03:00:00Z") }
        if let items, items < 0 { throw ValidationError("--items must not be negative") }
        guard users >= 0, biroItems >= 0, step2Items >= 0, agenda >= 0, links >= 0, months >= 0 else {
            throw ValidationError("counts must not be negative")
        }
    }

    static func instant(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }

    func run() async throws {
        var options = BenchSeeder.Options(workload: workload, preset: SOPPreset.named(preset)!)
        options.items = items
        options.seed = seed
        options.users = users
        options.biroItems = biroItems
        options.step2Items = step2Items
        options.maxAgeDays = maxAgeDays
        options.biroUser = biroUser
        options.approverUser = approverUser
        options.year = year
        options.agenda = agenda
        options.greetingShare = greetingShare
        options.links = links
        options.months = months
        options.publisher = publisher
        options.analyze = analyze
        do {
            let summary = try await BenchSeeder.seed(path: database.path, options: options, now: now.flatMap(Self.instant) ?? Date())
            print("SEED " + summary)
        } catch let error as BenchSeeder.SetupError {
            FileHandle.standardError.write(Data("warta seed-bench: \(error.message)\n".utf8))
            throw ExitCode(2)
        }
    }
}
