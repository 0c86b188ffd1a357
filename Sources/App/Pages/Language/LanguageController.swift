import Domain
import Hummingbird

/// `POST /language`: switch between Bahasa Indonesia and English. Remembered in a cookie, and for
/// signed-in people in their account.
struct LanguageController {
    let database: AppDatabase
    let config: AppConfig
    let clock: AppClock

    func addRoutes(to router: Router<AppRequestContext>) {
        router.post(SiteURL.language.route, use: change)
    }

    func change(_ request: Request, context: AppRequestContext) async throws -> Response {
        var request = request
        let form = try await request.form(limit: config.maxBodyBytes)
        guard let language = Language(rawValue: form.trimmed("lang")) else {
            throw AppError(.badRequest, LocalizedMessage { $0.error_language })
        }
        if let user = context.identity {
            try database.setLanguage(userId: user.id, language, now: clock.now())
        }
        var response = Response.redirect(to: SafeRedirect.path(form["next"]) ?? SiteURL.home.path)
        response.setCookie(SessionCookies.language(language, config: config))
        return response
    }
}
