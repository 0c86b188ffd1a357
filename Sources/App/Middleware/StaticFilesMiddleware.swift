import Hummingbird
import Logging

/// Serves `Public/` under `/static/`, before any session work: a stylesheet costs no database read.
struct StaticFilesMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    static let prefix = "/static"
    let files: FileMiddleware<AppRequestContext, LocalFileSystem>

    init(folder: String, logger: Logger) {
        // Revalidate every time (ETag / Last-Modified): files are not fingerprinted, and a deploy
        // must reach browsers at once.
        files = FileMiddleware(
            folder, urlBasePath: Self.prefix, cacheControl: .init([(MediaType(type: .any), [CacheControl.CacheControlValue.noCache])]),
            searchForIndexHtml: false, logger: logger)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix(Self.prefix + "/") else {
            return try await next(request, context)
        }
        return try await files.handle(request, context: context) { _, _ in throw HTTPError(.notFound) }
    }
}
