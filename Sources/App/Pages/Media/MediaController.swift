import Domain
import Foundation
import Hummingbird

/// `GET /media/{sha256}`: uploaded files, for signed-in people only, with their checked type.
struct MediaController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.media("").route, use: file)
    }

    func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let sha = context.parameters.get("sha"), MediaStore.isAddress(sha),
              let record = try services.database.mediaFile(sha256: sha)
        else { throw AppError.notFound }
        let body = try await FileIO().loadFile(path: services.media.path(of: sha), context: context)
        // The stored type was decided from the file's own bytes at upload; the name is only a label.
        let name = record.originalName.replacingOccurrences(of: "\"", with: "").replacingOccurrences(of: "\\", with: "")
        let encoded = record.originalName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        let asciiName = String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 }.map(Character.init))
        return Response(
            status: .ok,
            headers: [
                .contentType: record.contentType,
                .contentLength: "\(record.size)",
                .xContentTypeOptions: "nosniff",
                .contentDisposition: "inline; filename=\"\(asciiName)\"; filename*=UTF-8''\(encoded)",
                // Content-addressed: the bytes at this address never change.
                .cacheControl: "private, max-age=31536000, immutable",
            ],
            body: body)
    }
}
