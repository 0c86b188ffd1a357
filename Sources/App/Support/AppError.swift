import HTTPTypes
import Hummingbird

/// An error a person can cause, with the status it answers and what to tell them.
/// An error with its status and, usually, a message in the person's language. The error page
/// middleware renders it; `response(from:context:)` is only the bare fallback Hummingbird asks of an
/// `HTTPResponseError` (which the role policies throw).
struct AppError: HTTPResponseError, Sendable {
    var status: HTTPResponse.Status
    var message: LocalizedMessage?

    init(_ status: HTTPResponse.Status, _ message: LocalizedMessage? = nil) {
        self.status = status
        self.message = message
    }

    static let forbidden = AppError(.forbidden)
    static let notFound = AppError(.notFound)
    static let csrf = AppError(.forbidden, LocalizedMessage { $0.error_csrf })
    static let badOrigin = AppError(.forbidden, LocalizedMessage { $0.error_origin })
    static let malformedForm = AppError(.badRequest, LocalizedMessage { $0.error_malformed_form })
}

extension AppError {
    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status)
    }
}
