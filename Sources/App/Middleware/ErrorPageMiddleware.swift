import Domain
import HTTPTypes
import Hummingbird
import Logging

/// Turns errors into pages in the person's language, with the right status.
///
/// Installed twice: once outside the session middleware (anything can fail) and once inside it, so
/// that ordinary errors render with the person's navigation and language.
struct ErrorPageMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let services: AppServices

    struct Model: Sendable {
        let status: Int
        let heading: String
        let message: String
        let requestId: String?
        let showLogin: Bool
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return try render(error, request: request, context: context)
        }
    }

    func render(_ error: any Error, request: Request, context: Context) throws -> Response {
        let status: HTTPResponse.Status
        var message: String?
        var extraHeaders = HTTPFields()
        switch error {
        case let error as AppError:
            status = error.status
            message = error.message.map { services.text($0, context) }
        case let error as HTTPError:
            status = error.status
            extraHeaders = error.headers
        case let error as any HTTPResponseError where error.status.code < 500:
            // Errors Hummingbird and NIO give their own status, such as `NIOTooManyBytesError` (413)
            // from any body read with a limit: the status is theirs, the page is ours.
            status = error.status
        default:
            status = .internalServerError
        }
        let known: Set<Int> = [400, 403, 404, 405, 413, 429, 500]
        let code = known.contains(status.code) ? status.code : (status.code >= 500 ? 500 : 400)
        var requestId: String?
        if status.code >= 500 {
            requestId = context.requestID
            context.logger.error("request failed", metadata: [
                "request_id": .string(context.requestID), "path": .string(request.uri.path.prefix(utf8Bytes: 200)), "error": .string(String(reflecting: error).prefix(utf8Bytes: 1000)),
            ])
        }
        let model = Model(
            status: status.code,
            heading: StoredLabel.error(code, services.texts(context)).title,
            message: message ?? StoredLabel.error(code, services.texts(context)).text,
            requestId: requestId,
            showLogin: context.identity == nil && status == .forbidden)
        var response: Response
        if request.method == .head {
            response = Response(status: status)
        } else {
            response = try services.render(title: model.heading, request: request, context: context, status: status) {
            Templates.error(page: model, chrome: $0, t: $1, into: &$2)
        }
                .response(from: request, context: context)
        }
        for field in extraHeaders { response.headers.append(field) }
        return response
    }
}
