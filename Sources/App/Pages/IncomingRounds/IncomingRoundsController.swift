import Domain
import Foundation
import HTTPTypes
import Hummingbird

/// `/pesan/ronde`: today's monitoring rounds ("pemantauan pagi, siang dan sore") with their
/// status, and the form the monitor fills in when a round is done: the channels checked, how many
/// new messages were logged (0 is an answer) and a note. Who and when come from the session.
struct IncomingRoundsController {
    let services: AppServices

    struct Form: Sendable {
        var roundKey = ""
        var channels: [String] = []
        var newMessages = "0"
        var note = ""
    }

    struct Row: Sendable {
        let key: String
        let name: String
        let window: String
        let statusKey: String
        let status: String
        let recorded: String?
    }

    struct Page: Sendable {
        let day: String
        let enabled: Bool
        let canRecord: Bool
        let rows: [Row]
        let rounds: [ChoiceOption]
        let channels: [ChoiceOption]
        let form: Form
        let errors: [String]
        let action: String
        let reportHref: String
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.incomingRounds.route, use: show)
        loggedIn.post(SiteURL.incomingRounds.route, use: record)
    }

    /// The monitoring role: the follow-up's log step's role.
    func monitorRole() throws -> RoleKey? {
        try services.database.incomingSettings().followUp.step(.log)?.roleKey
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        try render(nil, errors: [], status: .ok, request: request, context: context)
    }

    func render(_ form: Form?, errors: [String], status: HTTPResponse.Status, request: Request, context: AppRequestContext) throws -> HTML {
        let user = try context.requireIdentity()
        let t = services.texts(context)
        let dates = services.dateText(context)
        let calendar = services.institution.officeCalendar
        let now = services.now
        let today = calendar.day(of: now)
        let settings = try services.database.incomingSettings()
        let occurrences = try services.database.roundOccurrences(from: today, through: today, calendar: calendar, now: now)
        let recorded = try services.database.monitoringRounds(from: today, through: today)
        let rows = occurrences.map { occurrence -> Row in
            let line = recorded.first { $0.round.roundKey == occurrence.spec.key }
            let recordedText = line.map { row -> String in
                let who = row.onBehalfOfName.map { "\(row.recorderName) a.n. \($0)" } ?? row.recorderName
                return t.rounds_recorded_by(name: who, time: dates.time(row.round.recordedAt), n: "\(row.round.newMessages)")
            }
            return Row(key: occurrence.spec.key, name: occurrence.spec.name,
                       window: "\(AdminSettingsController.clock(occurrence.spec.start))–\(AdminSettingsController.clock(occurrence.spec.end))",
                       statusKey: occurrence.status.rawValue, status: occurrence.status.label(t), recorded: recordedText)
        }
        let open = occurrences.filter { $0.recordedAt == nil && $0.status != .upcoming }
        let current = occurrences.first { $0.status == .current } ?? open.last
        var form = form ?? Form(roundKey: current?.spec.key ?? "", channels: services.institution.settings.channels.map(\.rawValue))
        if form.roundKey.isEmpty { form.roundKey = current?.spec.key ?? "" }
        let role = settings.followUp.step(.log)?.roleKey
        let page = Page(
            day: dates.longDate(day: today), enabled: settings.monitoring.enabled,
            canRecord: settings.monitoring.enabled && role.flatMap(user.actor(for:)) != nil && !open.isEmpty,
            rows: rows,
            rounds: open.map { ChoiceOption(value: $0.spec.key, label: "\($0.spec.name) (\($0.status.label(t)))", selected: $0.spec.key == form.roundKey) },
            channels: services.institution.settings.channels.map { ChoiceOption(value: $0.rawValue, label: $0.displayName, selected: form.channels.contains($0.rawValue)) },
            form: form, errors: errors, action: SiteURL.incomingRounds.path,
            reportHref: SiteURL.incomingReport.with([("month", YearMonth(today).description)]))
        return services.render(title: t.rounds_title, request: request, context: context, status: status) {
            Templates.incomingRounds(page: page, chrome: $0, t: $1, into: &$2)
        }
    }

    func record(_ request: Request, context: AppRequestContext) async throws -> Response {
        let user = try context.requireIdentity()
        var request = request
        let data = try await request.form(limit: services.config.maxBodyBytes)
        let t = services.texts(context)
        let form = Form(roundKey: String(data.trimmed("round").prefix(40)), channels: data.all("channels"),
                        newMessages: String(data.trimmed("new_messages").prefix(12)), note: String(data.trimmed("note").prefix(2_000)))
        func refuse(_ messages: [String], _ status: HTTPResponse.Status) throws -> Response {
            try render(form, errors: messages, status: status, request: request, context: context).response(from: request, context: context)
        }
        var errors: [String] = []
        let count = Int(form.newMessages)
        if count == nil || count! < 0 { errors.append(t.rounds_error_count) }
        let channels = Channel.allCases.filter { form.channels.contains($0.rawValue) }
        if channels.isEmpty { errors.append(t.rounds_error_channels) }
        if form.note.count > 1_000 { errors.append(t.rounds_error_note(n: "1000")) }
        if form.roundKey.isEmpty { errors.append(t.incoming_error_unknown_round) }
        guard errors.isEmpty, let count else { return try refuse(errors, .unprocessableContent) }
        guard let role = try monitorRole(), let actor = user.actor(for: role) else {
            return try refuse([t.incoming_error_wrong_role(role: services.institution.roleName(try monitorRole() ?? ""))], .forbidden)
        }
        let calendar = services.institution.officeCalendar
        let now = services.now
        do {
            try services.database.recordRound(RoundDraft(roundKey: form.roundKey, day: calendar.day(of: now), channels: channels,
                                                         newMessages: count, note: form.note),
                                              by: actor, calendar: calendar, now: now)
        } catch let error as IncomingError {
            let dates = services.dateText(context)
            return try refuse([error.message(t, dateTime: dates.shortDateTime, link: { _ in "" })],
                              HTTPResponse.Status(code: error.httpStatus))
        }
        return .redirect(to: SiteURL.incomingRounds.path + "?ok=round_recorded")
    }
}
