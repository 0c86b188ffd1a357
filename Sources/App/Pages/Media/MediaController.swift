import Domain
import Foundation
import Hummingbird

/// `GET /media/{sha256}`: uploaded files, for signed-in people only, with their checked type.
struct MediaController {
    let services: AppServices

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.media("").route, use: file)
        loggedIn.get(SiteURL.contentMediaZip(0).route, use: zip)
    }

    /// Every file of an item and its caption as posted, as one ZIP: what the uploader needs.
    func zip(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try services.database.itemBundle(id: id) else {
            throw AppError.notFound
        }
        var entries: [ZipStream.Entry] = []
        var total = 0
        for (index, file) in bundle.media.enumerated() {
            let type = UploadType.allCases.first { $0.mimeType == file.contentType }
            let base = ((file.originalName as NSString).deletingPathExtension as String)
                .replacingOccurrences(of: "/", with: "-").replacingOccurrences(of: "\\", with: "-")
            entries.append(.init(name: String(format: "%02d-", index + 1) + String(base.prefix(80)) + "." + (type?.fileExtension ?? "bin"),
                                 path: services.media.path(of: file.sha256), data: nil))
            total += file.size
        }
        guard total <= ZipStream.maximumTotal, entries.count < 60_000 else { throw AppError(.contentTooLarge) }
        if let revision = bundle.revisions.last {
            let plain = Markdown.plainText(revision.caption)
            entries.append(.init(name: "keterangan.txt", path: nil, data: Array((plain + "\n").utf8)))
            if !revision.mediaLinks.isEmpty {
                entries.append(.init(name: "tautan-media.txt", path: nil, data: Array((revision.mediaLinks + "\n").utf8)))
            }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"konten-\(id).zip\"",
                .xContentTypeOptions: "nosniff",
            ],
            body: ZipStream(entries: entries).body())
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
