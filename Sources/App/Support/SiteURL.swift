import Domain
import Foundation
import Hummingbird

/// Every page of the portal, in one place: routes are registered from `route` and links are built
/// from `path`, so the two cannot drift apart.
public enum SiteURL: Sendable, Equatable {
    case home
    case login
    case logout
    case language
    case healthz
    case accountPassword
    case adminUsers
    case adminUserNew
    case adminUser(Int64)
    case adminUserDisable(Int64)
    case adminUserEnable(Int64)
    case adminUserPassword(Int64)
    case adminAudit
    case contentList
    case contentNew
    case content(Int64)
    case contentEdit(Int64)
    case contentAction(Int64, WorkflowAction)
    case workflow
    case adminWorkflow
    case delegations
    case delegationRevoke(Int64)
    case adminHolidays
    case adminSettings
    case media(String)
    case contentMediaZip(Int64)
    case adminHolidayDelete(Int64)
    case adminHoliday(Int64)
    case adminHolidaysImport
    case adminCommemorations
    case adminCommemoration(Int64)
    case adminCommemorationDelete(Int64)
    case agenda
    case agendaNew
    case agendaItem(Int64)
    case agendaDelete(Int64)
    case agendaImport
    case agendaImportConfirm
    case calendar
    case calendarFeed
    case accountCalendarFeed
    case accountCalendarFeedRevoke
    case account
    case archive
    case archiveCSV
    case archiveXLSX
    case archiveReport
    case archiveReportXLSX
    case accountNip
    case contentSheet(Int64)
    case contentRecord(Int64)
    case contentReopen(Int64)
    case contentUpdate(Int64)
    // Incoming messages (issue 14)
    case incoming
    case incomingNew
    case incomingCSV
    case incomingXLSX
    case incomingMessage(Int64)
    case incomingAction(Int64, IncomingAction)
    case sop
    case sopCompare
    case adminSOP
    // Incoming messages (issue 14): rounds, settings, report, control sheet.
    case incomingRounds
    case adminIncoming
    case adminDivisions
    case adminDivision(Int64)
    case adminDivisionDelete(Int64)
    case incomingReport
    case incomingReportXLSX
    case incomingSheet(Int64)
    // Control and improvement (issue 15): findings from the evaluation.
    case findings
    case findingNew
    case finding(Int64)
    case incomingRecord(Int64)
    // Post performance (issue 15, item 2)
    case contentMetrics(Int64)
    case evaluationPerformance
    case evaluationPerformanceImport
    case evaluationPerformanceImportConfirm
    // Evaluation (issue 15): the report and its exports (the finding form is `findingNew`).
    case evaluation
    case evaluationXLSX
    case evaluationCSV
    /// A file under `Public/`, served at `/static/…`.
    case asset(String)

    public var path: String {
        switch self {
        case .home: "/"
        case .login: "/login"
        case .logout: "/logout"
        case .language: "/language"
        case .healthz: "/healthz"
        case .accountPassword: "/account/password"
        case .adminUsers: "/admin/users"
        case .adminUserNew: "/admin/users/new"
        case .adminUser(let id): "/admin/users/\(id)"
        case .adminUserDisable(let id): "/admin/users/\(id)/disable"
        case .adminUserEnable(let id): "/admin/users/\(id)/enable"
        case .adminUserPassword(let id): "/admin/users/\(id)/password"
        case .adminAudit: "/admin/audit"
        case .contentList: "/content"
        case .contentNew: "/content/new"
        case .content(let id): "/content/\(id)"
        case .contentEdit(let id): "/content/\(id)/edit"
        case .contentAction(let id, let action): "/content/\(id)/\(action.rawValue)"
        case .workflow: "/workflow"
        case .adminWorkflow: "/admin/workflow"
        case .delegations: "/delegations"
        case .delegationRevoke(let id): "/delegations/\(id)/revoke"
        case .adminHolidays: "/admin/holidays"
        case .adminSettings: "/admin/settings"
        case .media(let sha): "/media/\(sha)"
        case .contentMediaZip(let id): "/content/\(id)/media.zip"
        case .adminHolidayDelete(let id): "/admin/holidays/\(id)/delete"
        case .adminHoliday(let id): "/admin/holidays/\(id)"
        case .adminHolidaysImport: "/admin/holidays/import"
        case .adminCommemorations: "/admin/commemorations"
        case .adminCommemoration(let id): "/admin/commemorations/\(id)"
        case .adminCommemorationDelete(let id): "/admin/commemorations/\(id)/delete"
        case .agenda: "/agenda"
        case .agendaNew: "/agenda/new"
        case .agendaItem(let id): "/agenda/\(id)"
        case .agendaDelete(let id): "/agenda/\(id)/delete"
        case .agendaImport: "/agenda/import"
        case .agendaImportConfirm: "/agenda/import/confirm"
        case .calendar: "/calendar"
        case .calendarFeed: "/calendar.ics"
        case .accountCalendarFeed: "/account/calendar-feed"
        case .accountCalendarFeedRevoke: "/account/calendar-feed/revoke"
        case .account: "/account"
        case .archive: "/archive"
        case .archiveCSV: "/archive.csv"
        case .archiveXLSX: "/archive.xlsx"
        case .archiveReport: "/archive/report"
        case .archiveReportXLSX: "/archive/report.xlsx"
        case .accountNip: "/account/nip"
        case .contentSheet(let id): "/content/\(id)/sheet"
        case .contentRecord(let id): "/content/\(id)/record.zip"
        case .contentReopen(let id): "/content/\(id)/reopen"
        case .contentUpdate(let id): "/content/\(id)/update"
        case .incoming: "/pesan"
        case .incomingNew: "/pesan/baru"
        case .incomingCSV: "/pesan.csv"
        case .incomingXLSX: "/pesan.xlsx"
        case .incomingMessage(let id): "/pesan/\(id)"
        case .incomingAction(let id, let action): "/pesan/\(id)/\(action.rawValue)"
        case .sop: "/workflow/sop"
        case .sopCompare: "/workflow/sop/compare"
        case .adminSOP: "/admin/sop"
        case .incomingRounds: "/pesan/ronde"
        case .adminIncoming: "/admin/pesan"
        case .adminDivisions: "/admin/pesan/bidang"
        case .adminDivision(let id): "/admin/pesan/bidang/\(id)"
        case .adminDivisionDelete(let id): "/admin/pesan/bidang/\(id)/delete"
        case .incomingReport: "/pesan/laporan"
        case .incomingReportXLSX: "/pesan/laporan.xlsx"
        case .incomingSheet(let id): "/pesan/\(id)/lembar"
        case .findings: "/evaluasi/temuan"
        case .findingNew: "/evaluasi/temuan/baru"
        case .finding(let id): "/evaluasi/temuan/\(id)"
        case .incomingRecord(let id): "/pesan/\(id)/record.zip"
        case .contentMetrics(let id): "/content/\(id)/kinerja"
        case .evaluationPerformance: "/evaluasi/kinerja"
        case .evaluationPerformanceImport: "/evaluasi/kinerja/impor"
        case .evaluationPerformanceImportConfirm: "/evaluasi/kinerja/impor/simpan"
        case .evaluation: "/evaluasi"
        case .evaluationXLSX: "/evaluasi.xlsx"
        case .evaluationCSV: "/evaluasi.csv"
        case .asset(let name): "/static/\(name)"
        }
    }

    /// The router pattern, with `:id` where a path holds an identifier.
    public var route: RouterPath {
        switch self {
        case .adminUser: "/admin/users/:id"
        case .adminUserDisable: "/admin/users/:id/disable"
        case .adminUserEnable: "/admin/users/:id/enable"
        case .adminUserPassword: "/admin/users/:id/password"
        case .content: "/content/:id"
        case .contentEdit: "/content/:id/edit"
        case .contentAction(_, let action): RouterPath("/content/:id/\(action.rawValue)")
        case .delegationRevoke: "/delegations/:id/revoke"
        case .adminHolidayDelete: "/admin/holidays/:id/delete"
        case .adminHoliday: "/admin/holidays/:id"
        case .adminCommemoration: "/admin/commemorations/:id"
        case .adminCommemorationDelete: "/admin/commemorations/:id/delete"
        case .agendaItem: "/agenda/:id"
        case .agendaDelete: "/agenda/:id/delete"
        case .contentSheet: "/content/:id/sheet"
        case .contentRecord: "/content/:id/record.zip"
        case .contentReopen: "/content/:id/reopen"
        case .contentUpdate: "/content/:id/update"
        case .adminDivision: "/admin/pesan/bidang/:id"
        case .adminDivisionDelete: "/admin/pesan/bidang/:id/delete"
        case .incomingSheet: "/pesan/:id/lembar"
        case .finding: "/evaluasi/temuan/:id"
        case .incomingRecord: "/pesan/:id/record.zip"
        case .contentMetrics: "/content/:id/kinerja"
        case .media: "/media/:sha"
        case .contentMediaZip: "/content/:id/media.zip"
        case .incomingMessage: "/pesan/:id"
        case .incomingAction(_, let action): RouterPath("/pesan/:id/\(action.rawValue)")
        default: RouterPath(path)
        }
    }

    /// POST paths that work without a session: everything else needs one.
    static let anonymousPostPaths: Set<String> = [SiteURL.login.path, SiteURL.language.path]
}

/// The fixed links every page may need, from `SiteURL`: templates take them from here
/// (`{{ chrome.links.home }}`) or from their page's model, and contain no literal paths.
struct SiteLinks: Sendable {
    static let shared = SiteLinks()

    let home = SiteURL.home.path
    let login = SiteURL.login.path
    let logout = SiteURL.logout.path
    let language = SiteURL.language.path
    let account = SiteURL.account.path
    let accountPassword = SiteURL.accountPassword.path
    let accountCalendarFeed = SiteURL.accountCalendarFeed.path
    let accountCalendarFeedRevoke = SiteURL.accountCalendarFeedRevoke.path
    let accountNip = SiteURL.accountNip.path
    let contentList = SiteURL.contentList.path
    let contentNew = SiteURL.contentNew.path
    let workflow = SiteURL.workflow.path
    let adminWorkflow = SiteURL.adminWorkflow.path
    let sop = SiteURL.sop.path
    let sopCompare = SiteURL.sopCompare.path
    let adminSOP = SiteURL.adminSOP.path
    let delegations = SiteURL.delegations.path
    let calendar = SiteURL.calendar.path
    let agenda = SiteURL.agenda.path
    let agendaNew = SiteURL.agendaNew.path
    let agendaImport = SiteURL.agendaImport.path
    let archive = SiteURL.archive.path
    let incoming = SiteURL.incoming.path
    let evaluation = SiteURL.evaluation.path
    let incomingNew = SiteURL.incomingNew.path
    let adminUsers = SiteURL.adminUsers.path
    let adminUserNew = SiteURL.adminUserNew.path
    let adminSettings = SiteURL.adminSettings.path
    let adminHolidays = SiteURL.adminHolidays.path
    let adminHolidaysImport = SiteURL.adminHolidaysImport.path
    let adminAudit = SiteURL.adminAudit.path
    let adminIncoming = SiteURL.adminIncoming.path
    let adminDivisions = SiteURL.adminDivisions.path
    let incomingRounds = SiteURL.incomingRounds.path
    let findings = SiteURL.findings.path
    let findingNew = SiteURL.findingNew.path
    let evaluationPerformance = SiteURL.evaluationPerformance.path
    let stylesheet = SiteURL.asset("css/app.css").path
    let favicon = SiteURL.asset("img/favicon.svg").path
    let appScript = SiteURL.asset("js/app.js").path
    let captionScript = SiteURL.asset("js/caption.js").path
}

// MARK: - Query parameters

extension SiteURL {
    /// This path with query parameters, in the order given; nil and empty values are left out and
    /// every name and value is percent-encoded.
    func with(_ items: [(String, String?)]) -> String {
        // Only unreserved characters stay as they are: `&`, `=`, `+` and `#` inside a value would
        // otherwise end it or change it (URLComponents leaves them alone in queries).
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "" }
        let query = items.compactMap { name, value -> String? in
            guard let value, !value.isEmpty else { return nil }
            return encode(name) + "=" + encode(value)
        }.joined(separator: "&")
        return query.isEmpty ? path : path + "?" + query
    }

    /// The page number a list was asked for: 1 when absent or nonsense, never beyond `maximum`
    /// (no arithmetic overflows on an absurd number). The one clamp for every paged list.
    static func pageNumber(_ query: Hummingbird.Parameters, maximum: Int = 10_000) -> Int {
        min(max(1, query.get("page", as: Int.self) ?? 1), maximum)
    }

    /// The month a page was asked for (`?month=2026-11`): `today`'s when absent, a 400 that names
    /// the value when it is not a month. The one reading for every page with a month.
    static func month(_ text: String?, today: Day) throws -> YearMonth {
        try text.map(month) ?? YearMonth(today)
    }

    static func month(_ text: String) throws -> YearMonth {
        guard let month = YearMonth(text) else {
            throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_month(value: String(text.prefix(20))) })
        }
        return month
    }
}

/// What `/content/new` is asked to prepare: a plan from an agenda item or a greeting for a day.
struct NewContentQuery: Sendable, Equatable {
    enum Plan: String, Sendable { case coverage = "liputan", infographic = "infografis", greeting = "ucapan" }
    var plan: Plan?
    var agendaId: Int64?
    var date: Day?
    var name: String?

    init(plan: Plan? = nil, agendaId: Int64? = nil, date: Day? = nil, name: String? = nil) {
        self.plan = plan
        self.agendaId = agendaId
        self.date = date
        self.name = name
    }

    init(_ query: Hummingbird.Parameters) {
        plan = query.get("plan").flatMap(Plan.init(rawValue:))
        agendaId = query.get("agenda", as: Int64.self)
        date = query.get("date").flatMap(Day.init)
        name = query.get("name").map { String($0.prefix(200)) }
    }

    var href: String {
        SiteURL.contentNew.with([("agenda", agendaId.map(String.init)), ("plan", plan?.rawValue), ("date", date?.description), ("name", name)])
    }
}
