import Domain
import Foundation
import HTTPTypes
import Hummingbird
import ViewRuntime

/// Layout data shared by every page.
struct Chrome: Sendable {
    struct NavItem: Sendable {
        let label: String
        let href: String
        let current: Bool
        let count: Int?
        /// On "Tugas saya": the person's own items sent back to them (nil when none).
        var returned: Int? = nil
    }
    struct User: Sendable {
        let displayName: String
        let username: String
        let roles: String
    }

    let lang: String
    let title: String
    let institutionName: String
    let today: String
    let csrfToken: String
    let currentPath: String
    let user: User?
    let nav: [NavItem]
    /// Administrators' pages, on a row of their own.
    let adminNav: [NavItem]
    let languages: [ChoiceOption]
    let flash: String?
    /// The fixed links of the portal.
    var links: SiteLinks { .shared }
}

/// One choice of a select, a group of checkboxes or a set of buttons.
struct ChoiceOption: Sendable {
    let value: String
    let label: String
    let selected: Bool
}

/// An HTML body with the right content type.
struct HTML: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    let body: ByteBuffer

    init(status: HTTPResponse.Status = .ok, bytes: [UInt8]) {
        self.status = status
        self.body = ByteBuffer(bytes: bytes)
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: body))
    }
}

extension Texts {
    /// The texts of one language, compiled from `Locales/<code>.json`.
    static func of(_ language: Language) -> Texts {
        switch language {
        case .id: .id
        case .en: .en
        }
    }
}

/// A compiled template applied to its model: `{ Templates.home(page: model, chrome: $0, t: $1, into: &$2) }`.
typealias PageRenderer = (Chrome, Texts, inout HTMLWriter) -> Void

/// What every HTML page needs to be drawn: the institution (its name, roles and zone, for the
/// layout) and the clock (today's date in the header). Controllers that only render take this
/// rather than the whole `AppServices`.
struct Renderer: Sendable {
    let institution: InstitutionStore
    let clock: AppClock

    var now: Date { clock.now() }

    /// Renders a compiled page for the person making this request, straight into the response's bytes.
    func render(
        title: String, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok,
        _ body: PageRenderer
    ) -> HTML {
        let chrome = chrome(title: title, request: request, context: context)
        var out = HTMLWriter()
        body(chrome, Texts.of(context.language), &out)
        return HTML(status: status, bytes: out.bytes)
    }

    /// The texts of the language this request is answered in.
    func texts(_ context: AppRequestContext) -> Texts {
        Texts.of(context.language)
    }

    func text(_ message: LocalizedMessage, _ context: AppRequestContext) -> String {
        message.text(texts(context))
    }

    func dateText(_ context: AppRequestContext) -> DateText {
        institution.dateText(context.language)
    }

    func chrome(title: String, request: Request, context: AppRequestContext) -> Chrome {
        let path = request.uri.path
        let settings = institution.settings
        var nav: [Chrome.NavItem] = []
        var adminNav: [Chrome.NavItem] = []
        var roleNames = ""
        if let user = context.identity {
            let t = texts(context)
            func item(_ label: String, _ url: SiteURL, count: Int? = nil, returned: Int? = nil) -> Chrome.NavItem {
                let href = url.path
                let current = href == "/" ? path == "/" : (path == href || path.hasPrefix(href + "/"))
                return .init(label: label, href: href, current: current, count: count.flatMap { $0 > 0 ? $0 : nil },
                             returned: returned.flatMap { $0 > 0 ? $0 : nil })
            }
            // The count of items waiting for this person, on every page: how they learn of new work.
            nav = [
                item(t.nav_home, .home, count: user.taskCount + user.incomingCount + user.findingCount, returned: user.returnedCount),
                item(t.nav_content, .contentList),
                item(t.nav_calendar, .calendar),
                item(t.nav_agenda, .agenda),
                item(t.nav_archive, .archive),
            ]
            if user.incomingEnabled { nav.append(item(t.nav_incoming, .incoming)) }
            nav += [
                item(t.nav_evaluation, .evaluation),
                item(t.nav_workflow, .workflow),
                item(t.nav_delegations, .delegations),
            ]
            // Findings (issue 15): heads and administrators raise and follow them; others reach
            // the ones they own.
            if user.findingCount > 0 || FindingRules.isHead(roles: user.roles, workflow: institution.currentWorkflow?.workflow) {
                nav.append(item(t.nav_findings, .findings))
            }
            if user.roles.isAdmin {
                adminNav = [
                    item(t.nav_admin_users, .adminUsers),
                    item(t.nav_admin_workflow, .adminWorkflow),
                    item(t.nav_admin_sop, .adminSOP),
                    item(t.nav_admin_holidays, .adminHolidays),
                    item(t.nav_admin_settings, .adminSettings),
                    item(t.nav_admin_incoming, .adminIncoming),
                    item(t.nav_admin_audit, .adminAudit),
                ]
            }
            roleNames = institution.roles.filter { user.roles.contains($0.key) }.map(\.name).joined(separator: ", ")
        }
        let flash = request.uri.queryParameters.get("ok").flatMap { StoredLabel.flash(String($0), texts(context)) }
        return Chrome(
            lang: context.language.rawValue,
            title: title,
            institutionName: settings.name,
            today: dateText(context).longDate(now),
            csrfToken: context.csrfToken,
            currentPath: request.uri.description,
            user: context.identity.map { .init(displayName: $0.displayName, username: $0.username, roles: roleNames) },
            nav: nav,
            adminNav: adminNav,
            languages: Language.allCases.map {
                .init(value: $0.rawValue, label: Texts.of($0).language_name, selected: $0 == context.language)
            },
            flash: flash)
    }
}

extension AppServices {
    var renderer: Renderer { Renderer(institution: institution, clock: clock) }

    func render(
        title: String, request: Request, context: AppRequestContext, status: HTTPResponse.Status = .ok, _ body: PageRenderer
    ) -> HTML {
        renderer.render(title: title, request: request, context: context, status: status, body)
    }

    func texts(_ context: AppRequestContext) -> Texts { Texts.of(context.language) }

    func text(_ message: LocalizedMessage, _ context: AppRequestContext) -> String { message.text(texts(context)) }

    func dateText(_ context: AppRequestContext) -> DateText { institution.dateText(context.language) }

    /// The institution's zone as the words beside date fields write it ("WIB").
    var fieldZone: String { institution.dateText(.id).zoneAbbreviation(at: now) }

    func chrome(title: String, request: Request, context: AppRequestContext) -> Chrome {
        renderer.chrome(title: title, request: request, context: context)
    }
}
