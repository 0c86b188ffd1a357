import Domain
import Foundation

/// The demo institution: the chosen preset, and one account per role with a fresh random password
/// at every start (the passwords are printed then, and never stored anywhere in clear).
public struct DemoSeeder: Sendable {
    public struct Account: Sendable, Equatable {
        public var username: String
        public var password: String
        public var roles: [RoleKey]
    }

    let database: AppDatabase
    let hasher: PasswordHasher

    public init(database: AppDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// Initialises the institution when needed, creates missing demo accounts and gives every demo
    /// account a new password. Returns the accounts and their passwords.
    public func seed(preset: SOPPreset, now: Date) async throws -> [Account] {
        if try database.institution() == nil {
            try database.initialise(preset: preset, name: preset.institution, now: now)
        }
        let roles = try database.roles()
        let existing = Dictionary(try database.demoUsers().map { ($0.username, $0.id) }, uniquingKeysWith: { a, _ in a })
        var accounts: [Account] = []
        for role in roles {
            let username = role.key.rawValue
            let password = Tokens.readablePassword()
            let hash = try await hasher.hash(password)
            if let id = existing[username] {
                try database.setPassword(userId: id, hash: hash, mustChange: false, keepSession: nil, now: now)
            } else if try database.userRecord(username: username) == nil {
                try database.createUser(
                    username: username, displayName: "Demo \(role.name)", passwordHash: hash, roleKeys: [role.key],
                    isDemo: true, now: now)
            } else {
                continue  // a real account with that name: leave it alone
            }
            accounts.append(Account(username: username, password: password, roles: [role.key]))
        }
        try seedContent(preset: preset, now: now)
        return accounts
    }

    /// A few items at different steps, so that the demo has something in every list. Only on a
    /// database without items.
    func seedContent(preset: SOPPreset, now: Date) throws {
        guard try database.items(status: nil, limit: 1, offset: 0).isEmpty,
              let (version, workflow) = try database.workflowVersions().max(by: { $0.key < $1.key }).map({ ($0.key, $0.value) })
        else { return }
        let users = try database.demoUsers()
        func actor(_ roleKey: RoleKey) -> ContentActor? {
            users.first { $0.roleKeys.contains(roleKey) }.map { ContentActor(userId: $0.id) }
        }
        let calendar = OfficeCalendar(timeZone: try database.institution()?.timeZone ?? .gmt, daysOff: try database.daysOff())
        let channels = Array(preset.channels.prefix(2))
        let samples: [(title: String, kind: ContentKind, caption: String, steps: Int, publish: Bool)] = [
            ("Rapat koordinasi kerja sama daerah", .kegiatan,
             "Rapat koordinasi **kerja sama daerah** bersama mitra di Balai Kota. #KerjaSamaDaerah", workflow.steps.count - 2, false),
            ("Ucapan Hari Guru Nasional", .ucapan, "Selamat Hari Guru Nasional, 25 November. Terima kasih para guru! 🇮🇩 #HariGuruNasional", 1, false),
            ("Infografis rencana forum kerja sama", .infografisRencana, "Forum kerja sama antardaerah akan digelar pekan depan. Simak jadwalnya.", 0, false),
            ("Penandatanganan nota kesepakatan", .kegiatan, "Penandatanganan nota kesepakatan kerja sama pengembangan SDM.", workflow.steps.count - 1, true),
        ]
        // The greeting is for the next Hari Guru Nasional (25 November, today included), and goes
        // out early that morning, as "Buat ucapan" plans it: the on-or-before-the-day rule holds.
        let today = calendar.day(of: now)
        let thisYear = Day(year: today.year, month: 11, day: 25)
        let teachersDay = thisYear < today ? Day(year: today.year + 1, month: 11, day: 25) : thisYear
        for sample in samples {
            guard let first = workflow.step(at: 1), let author = actor(first.roleKey) else { return }
            var draft = ContentDraft(title: sample.title, kind: sample.kind, caption: sample.caption, channels: channels,
                                     mediaLinks: ["https://drive.google.com/drive/folders/contoh"], source: .dailyAgenda, publishAt: now.addingTimeInterval(86_400))
            if sample.kind == .ucapan {
                draft.dueOn = teachersDay
                draft.publishAt = PlanFromAgenda.greetingPublishAt(day: teachersDay, timeZone: calendar.timeZone)
            }
            let id = try database.createItem(draft, workflowVersion: version, firstStep: first, by: author, now: now)
            var item = try database.item(id: id)!
            for _ in 0..<sample.steps {
                guard let step = workflow.step(at: item.position), let who = actor(step.roleKey) else { break }
                let action: WorkflowAction = step.kind == .work ? .submit : .approve
                item = try database.applyAction(action, itemId: id, expectedVersion: item.version, workflow: workflow, by: who, comment: nil,
                                                links: [], calendar: calendar, now: now)
            }
            if sample.publish, let step = workflow.step(at: item.position), step.kind == .publish, let who = actor(step.roleKey) {
                let links = channels.map { (channel: $0, url: Self.sampleLink($0)) }
                _ = try database.applyAction(.publish, itemId: id, expectedVersion: item.version, workflow: workflow, by: who, comment: nil,
                                             links: links, calendar: calendar, now: now)
            }
        }
    }

    /// A link of the form each platform uses for a post (the demo's posts do not exist).
    static func sampleLink(_ channel: Channel) -> String {
        switch channel {
        case .instagram: "https://www.instagram.com/p/DContoh01/"
        case .instagramStory: "https://www.instagram.com/stories/humas.contoh/3500000000000000001/"
        case .facebook: "https://www.facebook.com/humas.contoh/posts/1000000000000001"
        case .x: "https://x.com/humas_contoh/status/1860000000000000001"
        case .tiktok: "https://www.tiktok.com/@humas.contoh/video/7440000000000000001"
        case .youtube: "https://www.youtube.com/watch?v=Contoh00001"
        case .website: "https://humas.contoh.go.id/berita/penandatanganan-nota-kesepakatan"
        }
    }
}
