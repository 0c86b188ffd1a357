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

    func feed(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let token = request.uri.queryParameters.get("token"), token.count <= 100,
              let user = try database.feedOwner(token: token)
        else { throw AppError.notFound }
        let now = clock.now()
        let settings = institution.settings
        let today = institution.today(now)
        let entries = try CalendarQuery(database: database, institution: institution, now: now).entries(from: today.adding(days: -Self.daysBack), through: today.adding(days: Self.daysAhead))
        let language = user.language
        let body = Self.render(entries, settings: settings, base: config.publicBaseURL,
                               now: now, language: language)
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.cacheControl] = "private, max-age=300"
        headers[.contentDisposition] = "inline; filename=\"warta.ics\""
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: .init(string: body)))
    }

    /// One VEVENT per entry, with a UID that stays the same from one fetch to the next.
    static func render(_ entries: [CalendarQuery.Entry], settings: InstitutionSettings, base: String, now: Date,
                       language: Language) -> String {
        let t = Texts.of(language)
        let writer = ICalendarWriter(name: "Warta · \(settings.name)", timeZone: settings.timeZone, stamp: now)
        var text = writer.header()
        // Stable across fetches and across the addresses the portal is reached by.
        let domain = "warta"
        var seen = Set<String>()
        for entry in entries {
            // A multi-day agenda item is listed on each of its days; the feed wants it once.
            guard seen.insert(entry.uid).inserted else { continue }
            var event: ICSEvent
            let uid = "\(entry.uid)@\(domain)"
            let kindLabel = entry.kind.label(t)
            switch entry.kind {
            case .agenda:
                let start = entry.start ?? now
                event = entry.isAllDay
                    ? ICSEvent(uid: uid, summary: entry.title, location: entry.location, allDayFrom: entry.day,
                               to: Day(dayNumber: AgendaImport.dayNumber(entry.end ?? start, settings.timeZone)), timeZone: settings.timeZone)
                    : ICSEvent(uid: uid, summary: entry.title, description: entry.detail, location: entry.location, start: start,
                               end: entry.end ?? start, timeZone: settings.timeZone)
                if let id = entry.agendaId { event.url = base + SiteURL.agendaItem(id).path }
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
            text += writer.event(event)
        }
        return text + writer.footer()
    }
}
