import Domain
import Foundation
import GRDB

/// `bench/workflow.sh`: "Tugas saya" and approvals with 5,000 items in flight and 50 accounts.
///
/// Starts from a `warta init` database with two login accounts made by `warta user add`: the only
/// holder of a late decide step's role (`--biro-user`, the kepala-biro of dki-ksd) and a holder of
/// step 2's role (`--approver-user`, a tim-pengelola). Adds:
///
/// - accounts up to `users` in all, which nobody can sign in with: of every 48, 2 administrators,
///   16 of the first step's role, 14 of step 2's, 8 of each other decide role (the login
///   kepala-biro stays the only one of theirs), interleaved so that fewer still cover every role;
/// - `items` items in flight: exactly `biroItems` waiting at the kepala-biro's step, `step2Items`
///   at step 2 (for the approve benchmark), the rest evenly over the other steps. Each is created
///   and submitted by an account of the first step's role and approved at each later step passed
///   by an account of that step's role (at the kepala-biro's step by the login account); the
///   login approver never appears in the history. Items reached their step from a few minutes to
///   `maxAgeDays` ago, evenly per step, so every list has fresh and long-overdue items; earlier
///   moves lie 5 minutes to 2 days apart. Their plans keep the institution's timing rules (a
///   coverage post after its activity on the same day, an infographic three days ahead, a
///   greeting by its day), which the submit button checks.
extension BenchSeeder {
    static let workflowTopics = [
        "Rapat koordinasi kerja sama daerah", "Kunjungan kerja ke Kepulauan Seribu", "Ucapan Hari Pahlawan",
        "Infografis rencana forum kerja sama", "Penandatanganan nota kesepakatan", "Sosialisasi layanan publik",
        "Pelatihan pengembangan SDM", "Forum komunikasi antardaerah", "Rilis capaian program triwulan",
        "Peringatan Hari Kesehatan Nasional", "Audiensi dengan mitra swasta", "Rapat evaluasi kinerja",
    ]
    static let workflowKinds: [ContentKind] = [.kegiatan, .infografisRencana, .ucapan, .informasi, .repost]

    static func seedWorkflow(_ run: Run) async throws -> String {
        let options = run.options, workflow = run.workflow, random = run.random, now = run.now
        let itemTotal = options.items ?? 5000
        let rest = itemTotal - options.biroItems - options.step2Items
        guard min(itemTotal, options.biroItems, options.step2Items) >= 0, rest >= 0 else {
            throw SetupError("--items must be at least --biro-items + --step2-items")
        }
        guard options.maxAgeDays > 0.01 else { throw SetupError("--max-age-days must be more than a few minutes") }
        guard let biroName = options.biroUser, let approverName = options.approverUser else {
            throw SetupError("the workflow workload needs --biro-user and --approver-user (accounts made with `warta user add`)")
        }
        guard try run.itemCount() == 0 else { throw SetupError("the database already has content items: seed a fresh one") }

        // ------------------------------------------------------------ the two login accounts
        let existing = try run.database.users()
        func login(_ name: String) throws -> UserSummary {
            guard let user = existing.first(where: { $0.username == UsernameRule.normalise(name) }) else {
                throw SetupError("account '\(name)' not found: create it with `warta user add` first")
            }
            return user
        }
        let biro = try login(biroName), approver = try login(approverName)
        let step2 = workflow.steps[1]
        guard approver.roleKeys.contains(step2.roleKey) else {
            throw SetupError("account '\(approverName)' does not hold the role \(step2.roleKey) (step 2)")
        }
        let biroPositions = workflow.steps.indices.filter { biro.roleKeys.contains(workflow.steps[$0].roleKey) }.map { $0 + 1 }
        guard biroPositions.count == 1, let biroPosition = biroPositions.first, biroPosition > 2,
              workflow.step(at: biroPosition)?.kind == .decide else {
            throw SetupError("account '\(biroName)' must hold the role of exactly one decide step after step 2 (the kepala-biro's)")
        }
        let biroRole = workflow.steps[biroPosition - 1].roleKey
        if existing.contains(where: { $0.id != biro.id && $0.roleKeys.contains(biroRole) }) {
            throw SetupError("another account holds \(biroRole): the login account must be the only one")
        }

        // ------------------------------------------------------------ accounts
        var roleCounts: [(RoleKey, Int)] = [(.admin, 2), (run.firstStep.roleKey, 16), (step2.roleKey, 14)]
        for step in workflow.steps where step.kind == .decide && step.roleKey != biroRole && !roleCounts.contains(where: { $0.0 == step.roleKey }) {
            roleCounts.append((step.roleKey, 8))
        }
        // Interleaved in proportion, so that a few accounts already cover every role.
        let cycle = roleCounts.enumerated()
            .flatMap { index, entry in (0..<entry.1).map { (share: Double($0) / Double(entry.1), index: index, role: entry.0) } }
            .sorted { ($0.share, $0.index) < ($1.share, $1.index) }.map(\.role)
        let wanted = max(0, options.users - existing.count)
        let plan = (0..<wanted).map { n -> (username: String, displayName: String, roleKey: RoleKey) in
            let role = cycle[n % cycle.count]
            return ("bench-\(role)-\(Digits.padded(n + 1, 2))", "Bench \(role) \(n + 1)", role)
        }
        var byRole = try await addAccounts(plan, run: run, at: now.addingTimeInterval(-90 * 86_400))
        byRole[biroRole] = [biro.id]  // the only one: items past that step passed it through them
        for step in workflow.steps.dropLast() where byRole[step.roleKey, default: []].isEmpty {
            throw SetupError("no seeded account holds \(step.roleKey): raise --users")
        }

        // ------------------------------------------------------------ items
        let others = (1...workflow.steps.count).filter { $0 != 2 && $0 != biroPosition }
        var counts: [Int: Int] = [2: options.step2Items, biroPosition: options.biroItems]
        for (index, position) in others.enumerated() {
            counts[position] = rest / others.count + (index < rest % others.count ? 1 : 0)
        }
        var positions = (1...workflow.steps.count).flatMap { Array(repeating: $0, count: counts[$0] ?? 0) }
        random.shuffle(&positions)  // ids of different steps interleave, as in real use
        let channels = [Channel.instagram, .facebook].allSatisfy(run.settings.channels.contains)
            ? [.instagram, .facebook] : Array(run.settings.channels.prefix(2))
        let maxAge = options.maxAgeDays * 86_400, minAge = 3.0 * 60
        var seenAtStep: [Int: Int] = [:]
        for (n, position) in positions.enumerated() {
            // Time at the current step: spread from a few minutes to the maximum age, evenly per step.
            let k = seenAtStep[position, default: 0]
            seenAtStep[position] = k + 1
            let fraction = (Double(k) + random.unit()) / Double(counts[position]!)
            let entered = now.addingTimeInterval(-(minAge + (maxAge - minAge) * fraction))
            // Earlier moves, backwards: 5 minutes to two days apart. times[0] = created, times[s] = the move from step s.
            var times = [entered]
            for _ in 1..<position { times.append(times.last!.addingTimeInterval(-Double(random.int(5...(2 * 24 * 60))) * 60)) }
            times.reverse()
            let creator = random.pick(byRole[run.firstStep.roleKey]!)
            let title = random.pick(workflowTopics) + " #\(n + 1)"
            let kind = random.pick(workflowKinds)
            let publishAt = now.addingTimeInterval(Double(random.int(1...14)) * 86_400 + Double(random.int(0...8)) * 3600)
            var draft = ContentDraft(title: title, kind: kind, caption: "\(title). Bersama mitra kerja sama daerah. #KerjaSamaDaerah #Bench",
                                     channels: channels, source: .dailyAgenda, publishAt: publishAt)
            switch kind {
            case .kegiatan:  // covered on the day of the activity, after it
                let sinceMidnight = publishAt.timeIntervalSince(run.local(run.day(publishAt), minutes: 0))
                draft.eventAt = publishAt.addingTimeInterval(-min(Double(random.int(20...180)) * 60, sinceMidnight))
            case .infografisRencana:  // announced three to ten days ahead
                draft.eventAt = publishAt.addingTimeInterval(Double(random.int(3...10)) * 86_400)
            case .ucapan:
                draft.dueOn = Day(dayNumber: run.day(publishAt).dayNumber + random.int(0...2))
            case .informasi, .repost:
                draft.eventAt = times[0].addingTimeInterval(-Double(random.int(1...72)) * 3600)
            }
            try run.checkCaption(draft)
            if position > 1, let violation = run.violations(draft).first {
                throw SeedingError(problems: ["the plan of item #\(n + 1) breaks \(violation.rule.rawValue)"])
            }
            var item = try run.create(draft, by: creator, at: times[0])
            for step in 1..<position {
                let role = workflow.steps[step - 1].roleKey
                let actor = step == 1 ? creator : random.pick(byRole[role]!)
                item = try run.move(item, by: actor, at: times[step])
            }
        }

        // ------------------------------------------------------------ checks and summary
        if try run.count("SELECT count(*) FROM contentEvent WHERE actorId = ?", arguments: [approver.id]) > 0 {
            throw SeedingError(problems: ["the login approver appears in the seeded history"])
        }
        let waiting = Dictionary(uniqueKeysWithValues: try run.tally("SELECT position, count(*) FROM contentItem GROUP BY position"))
        let events = try run.count("SELECT count(*) FROM contentEvent")
        let steps = (1...workflow.steps.count).map { "step\($0)=\(waiting[String($0)] ?? 0)" }.joined(separator: " ")
        return "users=\(try run.database.users().count) items=\(positions.count) events=\(events) " + steps
    }
}
