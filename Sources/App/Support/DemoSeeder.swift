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
        try seedIncoming(preset: preset, now: now)
        return accounts
    }

    /// Kendal's bidang, with the demo "bidang" account in one of them, the last office day's
    /// monitoring rounds (pagi and siang done, sore missed), and a handful of incoming messages in
    /// different states. Only for the Kendal preset, whose SOP has them, and only once.
    func seedIncoming(preset: SOPPreset, now: Date) throws {
        guard preset.key == "kendal", try database.divisions().isEmpty,
              try database.incomingMessages(IncomingFilter(), limit: 1, offset: 0).total == 0 else { return }
        let users = try database.demoUsers()
        guard let monitor = users.first(where: { $0.roleKeys.contains("pengelola-ti") }).map({ ContentActor(userId: $0.id) }),
              let member = users.first(where: { $0.roleKeys.contains("bidang") }).map({ ContentActor(userId: $0.id) })
        else { return }
        let calendar = OfficeCalendar(timeZone: try database.institution()?.timeZone ?? .gmt, daysOff: try database.daysOff())
        // The SOP names the bidang only as "BIDANG"; these are the Dinas's two fields.
        let library = try database.createDivision(name: "Bidang Perpustakaan", now: now)
        let archives = try database.createDivision(name: "Bidang Kearsipan", now: now)
        _ = try database.createDivision(name: "Sekretariat", now: now)
        try database.setDivisionMembers(divisionId: library, userIds: [member.userId])
        try database.setDivisionMembers(divisionId: archives, userIds: [member.userId])
        // The last office day before today: pagi and siang recorded in their windows, sore not.
        var day = calendar.day(of: now).dayNumber - 1
        while !calendar.isWorkingDay(Day(dayNumber: day)), day > calendar.day(of: now).dayNumber - 14 { day -= 1 }
        let office = Day(dayNumber: day)
        if calendar.isWorkingDay(office) {
            for (key, minute, count) in [("pagi", 8 * 60 + 20, 2), ("siang", 12 * 60, 0)] {
                let at = WallClock.instant(day: day, second: minute * 60, in: calendar.timeZone)
                try database.recordRound(RoundDraft(roundKey: key, day: office, channels: preset.channels, newMessages: count),
                                         by: monitor, calendar: calendar, now: at)
            }
        }
        let samples: [(channel: Channel, sender: String, category: MessageCategory, kind: MessageKind, text: String, hoursAgo: Double, link: String?)] = [
            (.instagram, "@warga.kendal", .pertanyaan, .comment, "Perpustakaan keliling hari Sabtu buka jam berapa ya?", 1,
             "https://www.instagram.com/p/DContoh01/c/17900000000000001/"),
            (.x, "@pemuda_kendal", .keluhan, .mention, "AC ruang baca lantai 2 mati sejak kemarin, panas sekali.", 3,
             "https://x.com/pemuda_kendal/status/1860000000000000101"),
            (.instagram, "@ibu.rina", .saran, .dm, "Mohon koleksi buku anak ditambah, terutama cerita rakyat Jawa Tengah.", 5, nil),
            (.website, "Budi (formulir kontak)", .pertanyaan, .review, "Bagaimana cara meminjam arsip foto lama Kendal?", 26, nil),
            (.instagram, "@promo.cepat.kaya", .spam, .comment, "Modal kecil untung besar! Cek bio!", 2, nil),
            (.x, "@warga_weleri", .keluhan, .mention, "Sudah dua kali mengajukan salinan arsip tanah, belum ada jawaban.", 30, nil),
        ]
        var ids: [IncomingMessageRecord] = []
        for sample in samples {
            let draft = IncomingDraft(channel: sample.channel, sender: sample.sender, receivedAt: now.addingTimeInterval(-sample.hoursAgo * 3600),
                                      kind: sample.kind, category: sample.category, text: sample.text, link: sample.link)
            ids.append(try database.logMessage(draft, by: monitor, calendar: calendar, now: now))
        }
        func act(_ action: FollowUpAction, _ index: Int, by actor: ContentActor) throws {
            ids[index] = try database.applyFollowUp(action, messageId: ids[index].id!, expectedVersion: ids[index].version, by: actor,
                                                     calendar: calendar, now: now)
        }
        // 0 stays logged; 1 is with the library; 2 is answered; 3 is closed with the reply posted;
        // 4 is closed as spam; 5 is referred to SP4N-LAPOR!.
        try act(.forward(divisionId: library), 1, by: monitor)
        try act(.forward(divisionId: library), 2, by: monitor)
        try act(.answer(text: "Terima kasih atas sarannya, akan kami sampaikan pada rencana pengadaan tahun depan.", reason: nil), 2, by: member)
        try act(.forward(divisionId: archives), 3, by: monitor)
        try act(.answer(text: "Silakan datang ke layanan arsip dengan KTP, Senin–Jumat 08.00–15.00.", reason: nil), 3, by: member)
        try act(.post(link: "https://humas.contoh.go.id/tanya-jawab/arsip-foto"), 3, by: monitor)
        try act(.dismiss(reason: "Promosi tidak terkait layanan"), 4, by: monitor)
        try act(.forward(divisionId: archives), 5, by: monitor)
        try act(.refer(trackingNumber: "LAPOR-2611-0042"), 5, by: member)
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
