import Domain
import Hummingbird

/// `GET /`: the signed-in person's start page.
struct HomeController {
    let services: AppServices

    struct Page: Sendable {
        struct RoleItem: Sendable {
            let key: String
            let name: String
        }
        struct Step: Sendable {
            let number: Int
            let name: String
            let role: String
            let minutes: String
            let mine: Bool
        }
        let greeting: String
        let roles: [RoleItem]
        let isAdmin: Bool
        let sopName: String?
        let steps: [Step]
    }

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.home.route, use: show)
    }

    func show(_ request: Request, context: AppRequestContext) async throws -> HTML {
        guard let user = context.user else { throw AppError.forbidden }
        let settings = services.institution.settings
        let roles = services.institution.roles
        let names = Dictionary(roles.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        let preset = settings.presetKey.flatMap(SOPPreset.named)
        let steps = (preset?.steps ?? []).enumerated().map { index, step in
            Page.Step(
                number: index + 1, name: step.name, role: names[step.roleKey] ?? step.roleKey,
                minutes: step.standardMinutes.map { services.text("minutes_value", context, ["n": "\($0)"]) } ?? "–",
                mine: user.roles.contains(step.roleKey))
        }
        let page = Page(
            greeting: services.text("home_greeting", context, ["name": user.displayName]),
            roles: user.roles.keys.sorted().map { Page.RoleItem(key: $0, name: names[$0] ?? $0) },
            isAdmin: user.roles.isAdmin,
            sopName: preset.map { "\($0.institution) — SOP \($0.sopNumber)" },
            steps: steps)
        return try services.page("home", title: services.text("home_title", context), page: page, request: request, context: context)
    }
}
