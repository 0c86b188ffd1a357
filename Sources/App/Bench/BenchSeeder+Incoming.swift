import Domain
import Foundation

// `bench/incoming.sh`: a year of incoming messages (issue 14) through the app's own writes, on a
// Kendal demo database: logged by the monitor, most forwarded to a division.
extension BenchSeeder {
    /// Messages to seed when `items` is not given.
    static let defaultIncomingMessages = 20_000

    static func seedIncoming(_ run: Run) throws -> String {
        let database = run.database
        let random = run.random
        let settings = try database.incomingSettings()
        guard let role = settings.followUp.step(.log)?.roleKey else { throw SetupError("the follow-up has no log role") }
        let users = try database.users().filter(\.isActive)
        guard let monitor = users.first(where: { $0.roleKeys.contains(role) }) else {
            throw SetupError("no active account holds the monitoring role \(role.rawValue): start `warta serve --demo --preset kendal` first")
        }
        var divisions = try database.divisions().filter { $0.activeMembers > 0 }.compactMap(\.division.id)
        if divisions.isEmpty {
            let id = try database.createDivision(name: "Bidang Bench", now: run.now)
            try database.setDivisionMembers(divisionId: id, userIds: [monitor.id])
            divisions = [id]
        }
        let count = run.options.items ?? defaultIncomingMessages
        let days = max(1, run.options.months * 30)
        let channels = run.settings.channels.isEmpty ? [Channel.instagram] : run.settings.channels
        let categories = MessageCategory.allCases
        let texts = ["Jam buka perpustakaan hari Sabtu?", "AC ruang baca mati.", "Terima kasih atas layanannya.",
                     "Bagaimana cara menjadi anggota?", "Mohon info arsip tahun 1980.", "Koleksi buku anak kurang."]
        // Received times, oldest first, so each message is logged a few minutes after it came.
        var received = (0..<count).map { _ in run.now.addingTimeInterval(-Double(random.int(600...(days * 86_400)))) }
        received.sort()
        let actor = ContentActor(userId: monitor.id)
        var forwarded = 0
        for (index, at) in received.enumerated() {
            let loggedAt = min(run.now, at.addingTimeInterval(Double(random.int(60...3_600))))
            let category = random.pick(categories)
            let draft = IncomingDraft(channel: random.pick(channels), sender: "@warga\(index)", receivedAt: at,
                                      kind: random.pick(MessageKind.allCases), category: category, text: random.pick(texts))
            let message = try database.logMessage(draft, by: actor, calendar: run.calendar, now: loggedAt)
            if !category.canBeDismissed, random.chance(0.7) {
                let forwardAt = min(run.now, loggedAt.addingTimeInterval(Double(random.int(60...1_800))))
                _ = try database.applyFollowUp(.forward(divisionId: random.pick(divisions)), messageId: message.id!,
                                               expectedVersion: message.version, by: actor, calendar: run.calendar, now: forwardAt)
                forwarded += 1
            }
        }
        return "messages=\(count) forwarded=\(forwarded)"
    }
}
