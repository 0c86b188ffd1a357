import Domain
import Foundation
import GRDB

/// `bench/calendar.sh`: the month view with a year of data.
///
/// Starts from a database that `warta serve --demo` has set up (started once and stopped): the
/// demo accounts, one per role, the national days and the demo's few items. Adds:
///
/// - `agenda` agenda items over `year`, in the institution's zone: mostly on working days between
///   07:00 and 17:00, 30 minutes to 4 hours long; 5 % all day, 2 % all day over 2–3 days. About
///   60 % come from iCalendar files (written with `ICalendarWriter`, read with `AgendaImport` and
///   stored with `importAgenda`, as an upload is; every all-day item is one of them), the others
///   are typed in (`saveAgendaItem`, as the agenda form does). 40 % need coverage: ticked on the
///   form, or afterwards on an imported item's edit form. No recurrence.
/// - content items up to `items` in all (the demo's included), created, handed on, approved and
///   published by the demo accounts with the app's own writes, links recorded at publication:
///   - `ucapan` for about three quarters of the year's national days (due on the day, published
///     that morning or the evening before; a few after the day, which breaks the timing rule);
///   - `kegiatan` (45 % of the rest) covering an agenda item, out 20 minutes to 3 hours after it
///     ends; a few the next day or before it ends;
///   - `infografis-rencana` (15 %) announcing an agenda item 3–10 days before (a few at H-1/H-2);
///   - `informasi` (25 %) and `repost` (15 %) at any time of the year.
///   Publish times fall in `year`. Statuses follow the publish time and `now`: items due in the
///   past are published (92 %) or stuck at some step; items due in the next days are at every
///   step, items due later mostly drafts. An item whose plan breaks a timing rule was submitted
///   with the latest time the rule allows and corrected to its real time by the decider at the
///   first decide step (`editItem`): the submit button would refuse it otherwise.
extension BenchSeeder {
    static let agendaTitles = [
        "Rapat koordinasi kerja sama daerah", "Penandatanganan nota kesepakatan", "Audiensi dengan mitra swasta",
        "Forum komunikasi antardaerah", "Kunjungan kerja ke Kepulauan Seribu", "Rapat evaluasi kinerja triwulan",
        "Sosialisasi kerja sama luar negeri", "Penerimaan delegasi kota kembar", "Rapat pimpinan Sekretariat Daerah",
        "Pembahasan rancangan perjanjian kerja sama", "Monitoring pelaksanaan kerja sama", "Seminar kerja sama antarkota",
        "Rapat dengar pendapat dengan DPRD", "Pelatihan pengembangan SDM", "Peninjauan lokasi proyek bersama",
    ]
    static let agendaOwners = ["Kepala Biro", "Kepala Bagian Kerja Sama Dalam Negeri", "Kepala Bagian Kerja Sama Luar Negeri",
                               "Kepala Subbagian Tata Usaha", "Sekretaris Daerah", "Asisten Pemerintahan"]
    static let agendaLocations = ["Balai Kota, Ruang Rapat Lt. 2", "Balai Agung", "Gedung Blok G Lt. 9", "Hotel Borobudur", "Daring (Zoom)",
                                  "Kantor Kemendagri", "Pulau Pramuka", "Ruang Pola Blok G", ""]
    static let infoTitles = [
        "Rilis capaian program triwulan", "Informasi layanan kerja sama daerah", "Sosialisasi layanan publik",
        "Profil mitra kerja sama", "Tanya jawab kerja sama daerah", "Rekap kegiatan pekan ini", "Kilas balik forum kerja sama",
    ]
    static let repostTitles = ["Repost: pengumuman Pemprov DKI", "Repost: informasi Diskominfotik", "Repost: kegiatan Gubernur",
                               "Repost: agenda Sekretariat Daerah"]
    static let uidCharacters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")

    struct AgendaPlan {
        var id: Int64
        var start: Date
        var end: Date
        var allDay: Bool
        var title: String
        var needsCoverage: Bool
    }

    struct ContentPlan {
        var kind: ContentKind
        var title: String
        var publish: Date
        var eventStart: Date? = nil
        var eventEnd: Date? = nil
        var due: Day? = nil
        var agendaId: Int64? = nil
        var source: ContentSource
    }

    static func seedCalendar(_ run: Run) throws -> String {
        let options = run.options, workflow = run.workflow, random = run.random, now = run.now, database = run.database
        let year = options.year ?? run.day(now).year
        guard (1901...9998).contains(year) else { throw SetupError("--year \(year) is out of range") }
        guard options.agenda >= 1 else { throw SetupError("--agenda must be at least 1") }
        guard (0...1).contains(options.greetingShare) else { throw SetupError("--greeting-share must be between 0 and 1") }
        let agendaBefore = try run.count("SELECT count(*) FROM agendaItem")
        guard agendaBefore == 0 else { throw SetupError("the database already has agenda items: seed a fresh demo database") }
        let existingItems = try run.itemCount()
        let newItems = (options.items ?? 3000) - existingItems
        guard newItems >= 0 else {
            throw SetupError("the database already has \(existingItems) items, more than --items \(options.items ?? 3000)")
        }
        let actor = try run.demoAccounts()
        for role in Set(workflow.steps.map(\.roleKey)) where actor[role] == nil {
            throw SetupError("no demo account holds \(role): start `warta serve --demo --preset \(options.preset.key)` once first")
        }
        let creator = actor[run.firstStep.roleKey]!
        var links = BenchPostLinks(ownDomains: run.settings.websiteDomains)
        let channelsAll = run.settings.channels.filter(links.canLink)
        guard !channelsAll.isEmpty else { throw SetupError("the institution has no channels") }

        let firstDay = Day(year: year, month: 1, day: 1), nextYear = Day(year: year + 1, month: 1, day: 1)
        let daysInYear = nextYear.dayNumber - firstDay.dayNumber
        let yearStart = run.local(firstDay, minutes: 0), yearEnd = run.local(nextYear, minutes: 0)
        func randomDay() -> Day { Day(dayNumber: firstDay.dayNumber + random.int(0...(daysInYear - 1))) }

        // ------------------------------------------------------------ national days of the year
        var national: [Day: [String]] = [:]
        for holiday in try database.holidays() {
            if let day = Day(holiday.day), day.year == year { national[day, default: []].append(holiday.name) }
        }
        for day in try database.commemorations() {
            let parts = day.monthDay.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2, let date = Day(Digits.padded(year, 4) + "-" + day.monthDay), date.month == parts[0] else { continue }
            national[date, default: []].append(day.name)  // 29 February exists only in leap years
        }
        guard !national.isEmpty else { throw SetupError("no national days in \(year): the server seeds them at start") }

        // ------------------------------------------------------------ agenda
        let zone = run.settings.timeZone
        var agenda: [AgendaPlan] = []
        for n in 0..<options.agenda {
            var day = randomDay()
            for _ in 0..<20 {  // mostly working days
                if run.calendar.isWorkingDay(day) || random.chance(0.1) { break }
                day = randomDay()
            }
            let roll = random.unit()
            let allDay = roll < 0.05 || (roll < 0.07 && day <= Day(year: year, month: 12, day: 29))
            let length = roll < 0.05 ? 1 : random.int(2...3)
            let start = allDay ? run.local(day, minutes: 0) : run.local(day, minutes: Double(random.int(28...64) * 15))
            let end = allDay ? run.local(Day(dayNumber: day.dayNumber + length), minutes: 0)
                : start.addingTimeInterval(Double(random.pick([30, 60, 60, 90, 120, 120, 150, 180, 240])) * 60)
            let created = min(start.addingTimeInterval(-random.uniform(3, 30) * 86_400), now)
            let imported = allDay || random.chance(0.6)
            let title = random.pick(agendaTitles), location = random.pick(agendaLocations), owner = random.pick(agendaOwners)
            let needsCoverage = random.chance(0.4)
            var record: AgendaItemRecord
            if imported {
                // One calendar file per event, uploaded when the item was made.
                let uid = "bench-agenda-\(n + 1)@warta.bench"
                let event = allDay
                    ? ICSEvent(uid: uid, summary: title, location: location, allDayFrom: day, to: Day(dayNumber: day.dayNumber + length), timeZone: zone)
                    : ICSEvent(uid: uid, summary: title, location: location, start: start, end: end, timeZone: zone)
                let file = ICalendarWriter(name: run.settings.name, timeZone: zone, stamp: created).calendar([event])
                let records = try AgendaImport.records(from: Array(file.utf8), timeZone: zone, owner: owner, by: creator, now: created)
                guard try database.importAgenda(records).added == 1,
                      let stored = try database.agendaItems(overlapping: start, end).first(where: { $0.uid == uid }) else {
                    throw SeedingError(problems: ["the agenda import did not add \(uid)"])
                }
                record = stored
                if needsCoverage {  // ticked later on the item's edit form
                    record.needsCoverage = true
                    record.updatedAt = min(created.addingTimeInterval(random.uniform(0.5, 48) * 3600), now)
                    record.seriesEndsAt = record.seriesEnd(institutionZone: zone)
                    record = try database.saveAgendaItem(record)
                }
            } else {
                let uid = "agenda-" + String((0..<16).map { _ in random.pick(uidCharacters) }) + "@warta"
                record = try database.saveAgendaItem(AgendaItemRecord(
                    id: nil, uid: uid, title: title, startsAt: start, endsAt: end, isAllDay: false, location: location, owner: owner,
                    notes: "", needsCoverage: needsCoverage, rrule: nil, exdates: "", source: .manual, createdBy: creator,
                    createdAt: created, updatedAt: created))
            }
            agenda.append(AgendaPlan(id: record.id!, start: start, end: end, allDay: allDay, title: title, needsCoverage: needsCoverage))
        }
        let timed = agenda.filter { !$0.allDay }
        let covered = timed.filter(\.needsCoverage).isEmpty ? timed : timed.filter(\.needsCoverage)
        guard !timed.isEmpty else { throw SetupError("no timed agenda item to cover: raise --agenda") }

        // ------------------------------------------------------------ what each new item is about
        var plans: [ContentPlan] = []
        for day in national.keys.sorted() {
            guard random.unit() < options.greetingShare else { continue }
            let roll = random.unit()
            let publish: Date
            if roll < 0.05, day < Day(year: year, month: 12, day: 31) {
                publish = run.local(Day(dayNumber: day.dayNumber + 1), minutes: Double(random.int((7 * 60)...(10 * 60))))  // late: breaks the rule
            } else if roll < 0.35, day > firstDay {
                publish = run.local(Day(dayNumber: day.dayNumber - 1), minutes: Double(random.int((16 * 60)...(20 * 60))))  // the evening before
            } else {
                publish = run.local(day, minutes: Double(random.int((5 * 60)...(9 * 60))))  // that morning
            }
            plans.append(ContentPlan(kind: .ucapan, title: "Ucapan \(national[day]![0])", publish: publish, due: day, source: .editorialPlan))
        }
        plans = Array(plans.prefix(newItems))
        let mix: [(ContentKind, Double)] = [(.kegiatan, 45), (.infografisRencana, 15), (.informasi, 25), (.repost, 15)]
        let otherSources: [ContentSource] = [.pressRelease, .eOffice, .officialNews, .coordination]
        for _ in 0..<(newItems - plans.count) {
            let kind = random.weighted(mix)
            var placed: ContentPlan?
            for _ in 0..<50 {  // the publish time must fall in the year
                var plan: ContentPlan
                switch kind {
                case .kegiatan:
                    let a = random.pick(covered)
                    let roll = random.unit()
                    var publish: Date
                    if roll < 0.08 {  // the next day: breaks the rule
                        publish = run.local(Day(dayNumber: run.day(a.start).dayNumber + 1), minutes: Double(random.int((8 * 60)...(11 * 60))))
                    } else if roll < 0.10 {  // before it ends: breaks the rule
                        publish = a.end.addingTimeInterval(-Double(random.int(5...30)) * 60)
                    } else {
                        publish = a.end.addingTimeInterval(Double(random.int(20...180)) * 60)
                        if run.day(publish) != run.day(a.end) { publish = a.end.addingTimeInterval(5 * 60) }
                    }
                    plan = ContentPlan(kind: kind, title: "Liputan: \(a.title)", publish: publish, eventStart: a.start, eventEnd: a.end,
                                       agendaId: a.id, source: .dailyAgenda)
                case .infografisRencana:
                    let a = random.pick(timed)
                    let before = random.chance(0.1) ? random.pick([1, 2]) : random.int(3...10)
                    let publish = run.local(Day(dayNumber: run.day(a.start).dayNumber - before), minutes: Double(random.int(36...60) * 15))
                    plan = ContentPlan(kind: kind, title: "Infografis rencana: \(a.title)", publish: publish, eventStart: a.start, eventEnd: a.end,
                                       agendaId: a.id, source: .dailyAgenda)
                default:
                    let publish = run.local(randomDay(), minutes: Double(random.int(28...80) * 15 + random.int(0...14)))
                    plan = ContentPlan(kind: kind, title: random.pick(kind == .informasi ? infoTitles : repostTitles), publish: publish,
                                       source: random.pick(otherSources))
                }
                if plan.publish >= yearStart, plan.publish < yearEnd {
                    placed = plan
                    break
                }
            }
            guard let placed else { throw SetupError("could not place an item in \(year)") }
            plans.append(placed)
        }
        random.shuffle(&plans)  // ids not in date order, as in real use

        // ------------------------------------------------------------ items, history, links
        let steps = workflow.steps.count
        let firstDecide = workflow.steps.firstIndex { $0.kind == .decide }.map { $0 + 1 }
        let publisher = actor[workflow.steps[steps - 1].roleKey]!
        func weights(_ table: [Double]) -> [(Int, Double)] {
            (1...steps).map { ($0, table[steps == 1 ? 0 : Int((Double($0 - 1) * 5 / Double(steps - 1)).rounded())]) }
        }
        for (n, plan) in plans.enumerated() {
            let publish = plan.publish
            let ahead = publish.timeIntervalSince(now) / 86_400
            var published = false
            let position: Int
            if publish.addingTimeInterval(30 * 60) < now {  // due in the past: published, or stuck at some step, late
                published = random.chance(0.92)
                position = published ? steps : random.int(1...steps)
            } else {
                let table: [Double] = ahead <= 3 ? [1, 2, 2, 2, 3, 4] : ahead <= 14 ? [1, 1, 1, 1, 1, 1]
                    : ahead <= 45 ? [4, 3, 2, 1, 1, 0.5] : [8, 2, 1, 0.5, 0.3, 0.2]
                position = random.weighted(weights(table))
            }
            let endOfWork: Date, created: Date, moves: Int
            var publishedAt: Date?
            if published {
                endOfWork = publish.addingTimeInterval(-Double(random.int(10...240)) * 60)
                created = endOfWork.addingTimeInterval(-random.uniform(12, 240) * 3600)
                publishedAt = publish.addingTimeInterval(Double(random.int(0...900)))
                moves = steps - 1
            } else {
                endOfWork = min(publish.addingTimeInterval(-30 * 60), now.addingTimeInterval(-random.uniform(3, 2 * 24 * 60) * 60))
                created = endOfWork.addingTimeInterval(-random.uniform(2, 240) * 3600)
                moves = position - 1
            }
            // times[0] = created, times[s] = the move from step s, in order, the last at the end of the work.
            let span = endOfWork.timeIntervalSince(created)
            var times = [created] + (0..<max(moves - 1, 0)).map { _ in created.addingTimeInterval(random.uniform(0, span)) }.sorted()
            if moves > 0 { times.append(endOfWork) }
            var channels = channelsAll
            random.shuffle(&channels)
            channels = channelsAll.filter(Set(channels.prefix(random.int(1...min(3, channelsAll.count)))).contains)
            let planned = ContentDraft(
                title: plan.title, kind: plan.kind, caption: "\(plan.title). Bersama mitra kerja sama daerah untuk Jakarta. #KerjaSamaDaerah #Bench\(n + 1)",
                channels: channels, mediaLinks: ["https://drive.google.com/drive/folders/bench"], source: plan.source, eventAt: plan.eventStart,
                publishAt: publish, eventEndAt: plan.eventEnd, dueOn: plan.due, agendaId: plan.agendaId)
            try run.checkCaption(planned)
            let submitted = moves > 0 ? run.compliant(planned) : planned
            if moves > 0, let violation = run.violations(submitted).first {
                throw SeedingError(problems: ["the plan of item #\(n + 1) still breaks \(violation.rule.rawValue) when submitted"])
            }
            var item = try run.create(submitted, by: creator, at: times[0])
            func correctIfNeeded(before next: Date) throws {
                guard submitted != planned, item.position == firstDecide else { return }
                let at = times[item.position - 1].addingTimeInterval(next.timeIntervalSince(times[item.position - 1]) / 2)
                item = try run.correct(item, to: planned, by: actor[workflow.steps[item.position - 1].roleKey]!, at: at)
            }
            for step in 0..<moves {
                try correctIfNeeded(before: times[step + 1])
                item = try run.move(item, by: actor[workflow.steps[step].roleKey]!, at: times[step + 1])
            }
            try correctIfNeeded(before: publishedAt ?? now)
            if let publishedAt {
                let postLinks = try channels.map { (channel: $0, url: try links.link($0, random: random)) }
                item = try run.move(item, by: publisher, at: publishedAt, links: postLinks)
            }
        }

        // ------------------------------------------------------------ summary
        let inYear = try run.count("SELECT count(*) FROM contentItem WHERE publishAt >= ? AND publishAt < ?", arguments: [yearStart, yearEnd])
        let byStatus = try run.tally("SELECT status, count(*) FROM contentItem GROUP BY status ORDER BY status")
        let byKind = try run.tally("SELECT kind, count(*) FROM contentItem GROUP BY kind ORDER BY kind")
        return "agenda=\(try run.count("SELECT count(*) FROM agendaItem")) items=\(try run.itemCount()) items_in_\(year)=\(inYear) "
            + "holidays=\(try database.holidays().count) commemorations=\(try database.commemorations().count) national_days_\(year)=\(national.count) "
            + (byStatus + byKind).map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
}
