import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `GET /calendar.ics?token=…`: each user's secret, revocable feed of the agenda, the national
/// days and the planned and published posts, for Google Calendar or Outlook. A wrong or revoked
/// token is a plain 404, like any address that does not exist.
struct CalendarFeedController {
    let database: AppDatabase
    let institution: InstitutionStore
    let config: AppConfig
    let clock: AppClock

    /// From three months back to a year ahead: what calendar programs show and keep.
    static let daysBack = 92
    static let daysAhead = 366

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get(SiteURL.calendarFeed.route, use: feed)
    }

    /// The most agenda items (a series counts once) one feed holds.
    static let agendaLimit = 1_000

    func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = request.uri.queryParameters.get("token"), token.count <= 100,
              let user = try database.feedOwner(token: token)
        else { throw AppError.notFound }
        let now = clock.now()
        let settings = institution.settings
        let today = institution.today(now)
        let first = today.adding(days: -Self.daysBack), last = today.adding(days: Self.daysAhead)
        let entries = try CalendarQuery(database: database, institution: institution, now: now)
            .gather(from: first, through: last, includeAgenda: false).entries
        var agenda: [AgendaItemRecord] = []
        let calendar = institution.officeCalendar
        if let from = calendar.startOfDayDate(first), let to = calendar.startOfDayDate(last.adding(days: 1)) {
            try database.forEachAgendaItem(overlapping: from, to) { record in
                agenda.append(record)
                return agenda.count < Self.agendaLimit
            }
        }
        let body = Self.render(entries, agenda: agenda, settings: settings, base: config.publicBaseURL,
                               domain: Self.uidDomain(publicURL: config.publicURL, institutionName: settings.name),
                               now: now, language: user.language)
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.cacheControl] = "private, max-age=300"
        headers[.contentDisposition] = "inline; filename=\"warta.ics\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: body)))
    }

    /// What UIDs end in: the host of the configured public address (`humas.example.ac.id`), so two
    /// portals' feeds never collide in one calendar program; without one, the institution's name
    /// as a name under `.warta.invalid` (a domain reserved never to exist).
    static func uidDomain(publicURL: String?, institutionName: String) -> String {
        if let publicURL, let host = URL(string: publicURL)?.host, !host.isEmpty {
            let cleaned = host.lowercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == ":") }
            if !cleaned.isEmpty { return cleaned }
        }
        var slug = ""
        for scalar in institutionName.lowercased().unicodeScalars {
            if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, slug.last != "-" {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        slug = String(slug.prefix(60))
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? "warta.invalid" : slug + ".warta.invalid"
    }

    /// The feed: one VEVENT per national day and content entry, one per agenda item (a recurring
    /// item once, with its RRULE and EXDATE, its times in its own zone, defined by a VTIMEZONE),
    /// each with a UID that stays the same from one fetch to the next.
    static func render(_ entries: [CalendarQuery.Entry], agenda: [AgendaItemRecord] = [], settings: InstitutionSettings, base: String,
                       domain: String = "warta.invalid", now: Date, language: Language) -> String {
        let t = Texts.of(language)
        let writer = ICalendarWriter(name: "Warta · \(settings.name)", timeZone: settings.timeZone, stamp: now)
        var text = writer.header()
        var events: [ICSEvent] = []
        let agendaLabel = CalendarQuery.Entry.Kind.agenda.label(t)
        for record in agenda {
            var event = record.icsEvent(institutionZone: settings.timeZone)
            event.uid = "agenda-\(record.id ?? 0)@\(domain)"
            event.description = Self.agendaDescription(record, t: t)
            event.url = record.id.map { base + SiteURL.agendaItem($0).path }
            event.categories = [agendaLabel]
            events.append(event)
        }
        var seen = Set<String>()
        for entry in entries where entry.kind != .agenda {
            guard seen.insert(entry.uid).inserted else { continue }
            var event: ICSEvent
            let uid = "\(entry.uid)@\(domain)"
            let kindLabel = entry.kind.label(t)
            switch entry.kind {
            case .agenda, .ronde:
                continue
            case .libur, .cutiBersama, .peringatan:
                event = ICSEvent(uid: uid, summary: "\(entry.title) (\(kindLabel))", description: entry.detail, allDayFrom: entry.day,
                                 to: entry.day.adding(days: 1), timeZone: settings.timeZone)
                event.status = nil
            case .content:
                let status = entry.status.map { $0.label(t) } ?? ""
                let summary = "\(t.feed_post): \(entry.title)" + (status.isEmpty ? "" : " [\(status)]")
                var description = entry.channels.map(\.displayName).joined(separator: ", ")
                if let latest = entry.latestStart {
                    description += "\n" + t.calendar_latest_start(at: DateText(language: language, timeZone: settings.timeZone).shortDateTime(latest))
                }
                if let start = entry.start {
                    event = ICSEvent(uid: uid, summary: summary, description: description, start: start, end: start.addingTimeInterval(30 * 60),
                                     timeZone: settings.timeZone)
                } else {
                    event = ICSEvent(uid: uid, summary: summary, description: description, allDayFrom: entry.day, to: entry.day.adding(days: 1),
                                     timeZone: settings.timeZone)
                }
                if let id = entry.itemId { event.url = base + SiteURL.content(id).path }
            }
            event.categories = [kindLabel]
            events.append(event)
        }
        // The zones the series are written in, each defined once, before the events.
        var zones: [String: (zone: TimeZone, from: Date)] = [:]
        for event in events where ICalendarWriter.writesLocalTime(event) {
            let id = event.timeZone.identifier
            zones[id] = (event.timeZone, min(zones[id]?.from ?? event.start, event.start))
        }
        let horizon = now.addingTimeInterval(TimeInterval(Self.daysAhead + 400) * 86_400)
        for id in zones.keys.sorted() {
            let (zone, from) = zones[id]!
            text += writer.timeZoneComponent(zone, from: from, to: horizon)
        }
        for event in events { text += writer.event(event) }
        return text + writer.footer()
    }

    /// What an agenda item's DESCRIPTION says: whose agenda it is, whether it needs coverage, and
    /// its notes (for an imported item, the description it came with).
    static func agendaDescription(_ record: AgendaItemRecord, t: Texts) -> String {
        var head: [String] = []
        if !record.owner.isEmpty { head.append(t.feed_agenda_owner(owner: record.owner)) }
        if record.needsCoverage { head.append(t.feed_agenda_needs_coverage) }
        let notes = record.notes.trimmingCharacters(in: .whitespacesAndNewlines)
        return (head + (notes.isEmpty ? [] : (head.isEmpty ? [notes] : ["", notes]))).joined(separator: "\n")
    }
}
