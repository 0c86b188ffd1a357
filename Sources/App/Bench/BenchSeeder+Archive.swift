import Domain
import Foundation
import GRDB

/// `bench/archive.sh`: `/archive` and `/archive.csv` with a year of links.
///
/// Starts from a database that `warta serve --demo` has set up (started once and stopped). Adds
/// published items until the link archive holds exactly `links` links (the demo's published item
/// keeps its 2; 49,999 items are added for 100,000), two channels each (one for the last item
/// when the count is odd). Each item is created by the first step's demo account 1–5 days before
/// its publication, handed on and approved by the demo accounts at each step, and published by
/// `publisher`, who records its links, all with the app's own writes: a full history, no history
/// shortcut. Publications are spread evenly over the last `months` months (ids grow with time),
/// at 06:00–21:59 in the institution's zone, so a month holds about 100,000 / 12 ≈ 8,300 links.
/// Channels: Instagram on most posts (with Facebook, YouTube, TikTok or the Instagram story), or
/// Facebook with YouTube, where the institution has them; links in the form `PlatformLinks`
/// normalises to. Then the link checker's part, through its own write (`recordLinkCheck`): none
/// checked in the first day, the rest of the last week mostly not yet; older links ~85 % `aktif`
/// (200), ~9 % `tidak-dapat-dicek` (403/429/500/503 or no answer), ~2 % `mati` (404/410), ~4 %
/// never checked, each checked at some time between its publication and `now`. Titles are
/// Indonesian ("Liputan Rapat Koordinasi …", "Selamat Hari … 🇮🇩"), about a quarter with "rapat".
extension BenchSeeder {
    static let archivePairs: [([Channel], Double)] = [
        ([.instagram, .facebook], 50), ([.instagram, .youtube], 15), ([.instagram, .tiktok], 15),
        ([.instagram, .instagramStory], 10), ([.facebook, .youtube], 10),
    ]
    static let partners = ["Pemerintah Kota Surabaya", "Pemerintah Provinsi Jawa Barat", "Kota Tokyo", "Kota Seoul", "Pemerintah Kota Bandung",
                           "Provinsi Banten", "Kabupaten Bogor", "Kota Bekasi", "Kota Tangerang", "Kota Depok", "Kota Rotterdam",
                           "Kota Berlin", "Bank DKI", "PT MRT Jakarta", "Universitas Indonesia", "Kementerian Dalam Negeri"]
    static let topics = ["Kerja Sama Daerah", "Kerja Sama Luar Negeri", "Pengelolaan Sampah Terpadu", "Transportasi Publik",
                         "Penanganan Banjir", "Pengembangan SDM Aparatur", "Jakarta Kota Global", "Sister City", "Penataan Kawasan Pesisir",
                         "Ketahanan Pangan", "Pelayanan Terpadu Satu Pintu", "Pariwisata dan Ekonomi Kreatif", "Smart City"]
    static let places = ["Balai Kota", "Kepulauan Seribu", "Jakarta Utara", "Jakarta Timur", "Jakarta Selatan", "Jakarta Barat",
                         "Jakarta Pusat", "Gedung Blok G", "Taman Ismail Marzuki", "Jakarta International Stadium"]
    static let greetingDays = [("Pahlawan", "🇮🇩"), ("Kemerdekaan Republik Indonesia ke-81", "🇮🇩🎉"), ("Guru Nasional", "🙏"), ("Ibu", "💐"),
                               ("Kartini", "🌸"), ("Pendidikan Nasional", "📚"), ("Kebangkitan Nasional", "🇮🇩"), ("Lingkungan Hidup Sedunia", "🌱"),
                               ("Ulang Tahun Jakarta ke-499", "🎂"), ("Raya Idulfitri 1447 H", "🌙✨"), ("Natal", "🎄"), ("Tahun Baru 2026", "🎆"),
                               ("Sumpah Pemuda", "✊"), ("Kesaktian Pancasila", ""), ("Batik Nasional", ""), ("Santri Nasional", ""),
                               ("Anak Nasional", "🧒"), ("Kesehatan Nasional", "🩺")]
    static let roman = ["I", "II", "III", "IV"]

    /// A post title and its kind; about a quarter of the titles contain "rapat".
    static func archiveTitle(_ random: BenchRandom) -> (String, ContentKind) {
        let r = random.unit()
        if r < 0.18 { return ("Liputan Rapat Koordinasi \(random.pick(topics)) di \(random.pick(places))", .kegiatan) }
        if r < 0.26 { return ("Rapat Evaluasi \(random.pick(topics)) Triwulan \(random.pick(roman))", .kegiatan) }
        if r < 0.44 {
            let (day, emoji) = random.pick(greetingDays)
            return ("Selamat Hari \(day) \(emoji)".trimmingCharacters(in: .whitespaces), .ucapan)
        }
        if r < 0.58 { return ("Kunjungan Kerja Delegasi \(random.pick(partners)) ke \(random.pick(places))", .kegiatan) }
        if r < 0.68 { return ("Penandatanganan Nota Kesepakatan dengan \(random.pick(partners))", .kegiatan) }
        if r < 0.80 { return ("Infografis: Rencana Forum \(random.pick(topics)) 📊", .infografisRencana) }
        if r < 0.92 { return ("Informasi: Sosialisasi \(random.pick(topics)) untuk Warga \(random.pick(places))", .informasi) }
        return ("Repost: \(random.pick(partners)) tentang \(random.pick(topics))", .repost)
    }

    /// What the checker would have found at a link published at `published`: nil while unchecked.
    static func linkCheck(_ random: BenchRandom, published: Date, now: Date) -> (httpStatus: Int?, method: String, detail: String?, at: Date)? {
        let age = now.timeIntervalSince(published)
        if age < 86_400 || (age < 7 * 86_400 && random.chance(0.6)) { return nil }
        let r = random.unit()
        if r < 0.04 { return nil }
        let at = published.addingTimeInterval(age * random.uniform(0.1, 1.0))
        if r < 0.89 { return (200, "HEAD", nil, at) }
        if r < 0.98 {
            // A HEAD without a clear answer is followed by a GET; a timeout is not.
            let status = random.pick([403, 429, 429, 500, 503, nil] as [Int?])
            return status.map { ($0, "GET", nil, at) } ?? (nil, "HEAD", "timeout", at)
        }
        return (random.pick([404, 404, 404, 410]), "GET", nil, at)
    }

    static func seedArchive(_ run: Run) throws -> String {
        let options = run.options, workflow = run.workflow, random = run.random, now = run.now, database = run.database
        guard options.items == nil else { throw SetupError("the archive workload takes --links, not --items") }
        guard options.links >= 2, options.months >= 1 else { throw SetupError("--links must be at least 2 and --months at least 1") }
        let publishStep = workflow.steps[workflow.steps.count - 1]
        guard let publisher = try database.users().first(where: { $0.username == UsernameRule.normalise(options.publisher) }) else {
            throw SetupError("account '\(options.publisher)' not found: is this a --demo database of the \(options.preset.key) preset?")
        }
        guard publisher.roleKeys.contains(publishStep.roleKey) else {
            throw SetupError("account '\(options.publisher)' does not hold \(publishStep.roleKey), the publish step's role")
        }
        var actor = try run.demoAccounts()
        actor[publishStep.roleKey] = publisher.id
        if publisher.roleKeys.contains(run.firstStep.roleKey) { actor[run.firstStep.roleKey] = publisher.id }
        for role in Set(workflow.steps.map(\.roleKey)) where actor[role] == nil {
            throw SetupError("no demo account holds \(role): start `warta serve --demo --preset \(options.preset.key)` once first")
        }
        let existing = try run.count("SELECT count(*) FROM contentLink")
        guard existing <= 10 else { throw SetupError("the database already has \(existing) links: seed a fresh demo database") }
        let wanted = options.links - existing
        guard wanted >= 1 else { throw SetupError("the database already has \(existing) links, --links \(options.links) asks for no more") }
        let itemCount = (wanted + 1) / 2  // the last item gets one link when the count is odd
        var links = BenchPostLinks(ownDomains: run.settings.websiteDomains)
        let channels = run.settings.channels.filter(links.canLink)
        var pairs = archivePairs.filter { $0.0.allSatisfy(channels.contains) }
        if pairs.isEmpty {
            guard channels.count >= 2 else { throw SetupError("the archive workload needs two channels the institution publishes on") }
            pairs = zip(channels, channels.dropFirst()).map { ([$0, $1], 1) }
        }

        // ------------------------------------------------------------ items, each published
        let start = now.addingTimeInterval(-(Double(options.months) * 365.25 / 12).rounded() * 86_400)
        let end = now.addingTimeInterval(-3600)
        let creator = actor[run.firstStep.roleKey]!
        let firstLink = try run.count("SELECT coalesce(max(id), 0) FROM contentLink") + 1
        var rapat = 0
        var months: [String: Int] = [:]
        for n in 0..<itemCount {
            // Evenly over the period (ids grow with time), at 06:00–21:59 local time, seconds random.
            let base = start.addingTimeInterval(end.timeIntervalSince(start) * (Double(n) + random.unit()) / Double(itemCount))
            let day = run.day(base)
            var published = run.local(day, minutes: Double(random.int(6...21) * 60 + random.int(0...59)))
                .addingTimeInterval(Double(random.int(0...59)) + Double(random.int(0...999)) / 1000)
            if published > end {
                published = end.addingTimeInterval(-Double(random.int(1...599)) * 60 - Double(random.int(0...999)) / 1000)
            }
            let created = published.addingTimeInterval(-(1 + random.unit() * 4) * 86_400)
            let (title, kind) = archiveTitle(random)
            if title.lowercased().contains("rapat") { rapat += 1 }
            var pair = random.weighted(pairs)
            if n == itemCount - 1, wanted % 2 == 1 { pair = Array(pair.prefix(1)) }
            var draft = ContentDraft(title: title, kind: kind, caption: "\(title). Bersama mitra kerja sama daerah. #KerjaSamaDaerah #JakartaKotaGlobal",
                                     channels: pair, source: .dailyAgenda, publishAt: published)
            switch kind {  // plans that keep the timing rules: the submit button checks them
            case .kegiatan:
                let sinceMidnight = published.timeIntervalSince(run.local(run.day(published), minutes: 0))
                draft.eventAt = published.addingTimeInterval(-min(Double(random.int(1...30)) * 3600, sinceMidnight))
            case .infografisRencana:
                draft.eventAt = published.addingTimeInterval(Double(random.int(3...10)) * 86_400)
            case .ucapan:
                draft.dueOn = run.day(published)
            case .informasi, .repost:
                draft.eventAt = published.addingTimeInterval(-Double(random.int(1...30)) * 3600)
            }
            try run.checkCaption(draft)
            if let violation = run.violations(draft).first {
                throw SeedingError(problems: ["the plan of archive item #\(n + 1) breaks \(violation.rule.rawValue)"])
            }
            // The moves, in order between the creation and the end of the work, 10 minutes to 4 hours before publication.
            let endOfWork = published.addingTimeInterval(-Double(random.int(10...240)) * 60)
            let span = endOfWork.timeIntervalSince(created)
            let moves = workflow.steps.count - 1
            let times = [created] + (0..<(moves - 1)).map { _ in created.addingTimeInterval(random.uniform(0, span)) }.sorted() + [endOfWork]
            var item = try run.create(draft, by: creator, at: created)
            for step in 1...moves {
                item = try run.move(item, by: actor[workflow.steps[step - 1].roleKey]!, at: times[step])
            }
            let postLinks = try pair.map { (channel: $0, url: try links.link($0, random: random)) }
            item = try run.move(item, by: publisher.id, at: published, links: postLinks)
            let local = run.day(published)
            months[Digits.padded(local.year, 4) + "-" + Digits.padded(local.month, 2), default: 0] += pair.count
        }

        // ------------------------------------------------------------ the link checker's visits
        for link in try database.linksToCheck(limit: Int.max) where link.id! >= Int64(firstLink) {
            guard let check = linkCheck(random, published: link.createdAt, now: now) else { continue }
            try database.recordLinkCheck(linkId: link.id!, status: LinkCheck.classify(statusCode: check.httpStatus), httpStatus: check.httpStatus,
                                         method: check.method, detail: check.detail, at: check.at)
        }

        // ------------------------------------------------------------ summary
        let total = try run.count("SELECT count(*) FROM contentLink")
        guard total == options.links else { throw SeedingError(problems: ["\(total) links, expected \(options.links)"]) }
        let span = try database.writer.read { db in
            try Row.fetchOne(db, sql: "SELECT min(createdAt) AS first, max(createdAt) AS last FROM contentLink WHERE id >= ?", arguments: [firstLink])
        }
        func utcDay(_ date: Date?) -> String {
            date.map { Day(dayNumber: Int(($0.timeIntervalSince1970 / 86_400).rounded(.down))).description } ?? "-"
        }
        let busiest = months.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }
        let seeded = try run.count("SELECT count(*) FROM contentLink WHERE id >= ?", arguments: [firstLink])
        return "items=\(itemCount) links=\(total) seeded_links=\(seeded) months=\(options.months) first=\(utcDay(span?["first"])) "
            + "last=\(utcDay(span?["last"])) rapat_items=\(rapat) busiest_month=\(busiest.map { "\($0.key):\($0.value)" } ?? "-")"
    }
}
