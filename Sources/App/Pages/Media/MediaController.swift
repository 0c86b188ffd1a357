import Domain
import Foundation
import Hummingbird

/// `GET /media/{sha256}`: uploaded files, for signed-in people only, with their checked type.
struct MediaController {
    let database: AppDatabase
    let media: MediaStore
    let institution: InstitutionStore
    let clock: AppClock

    func addRoutes(to loggedIn: RouterGroup<AppRequestContext>) {
        loggedIn.get(SiteURL.media("").route, use: file)
        loggedIn.get(SiteURL.contentMediaZip(0).route, use: zip)
    }

    /// Every file of an item and its caption as posted, as one ZIP: what the uploader needs.
    func zip(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int64.self), let bundle = try database.itemBundle(id: id) else {
            throw AppError.notFound
        }
        let zone = institution.settings.timeZone
        var (entries, total) = Self.mediaEntries(bundle.media, store: media, timeZone: zone)
        let made = ZipStream.DOSStamp(clock.now(), in: zone)
        if let revision = bundle.revisions.last {
            let plain = Markdown.plainText(revision.caption)
            entries.append(.init(name: "keterangan.txt", path: nil, data: Array((plain + "\n").utf8), stamp: made))
            if !revision.mediaLinks.isEmpty {
                entries.append(.init(name: "tautan-media.txt", path: nil, data: Array((revision.mediaLinks + "\n").utf8), stamp: made))
            }
        }
        return Response(
            status: .ok,
            headers: [
                .contentType: "application/zip",
                .contentDisposition: "attachment; filename=\"konten-\(id).zip\"",
                .xContentTypeOptions: "nosniff",
            ],
            body: try Self.archive(entries, recordedSize: total).body())
    }

    func file(_ request: Request, context: AppRequestContext) async throws -> Response {
        guard let sha = context.parameters.get("sha"), MediaStore.isAddress(sha),
              let record = try database.mediaFile(sha256: sha)
        else { throw AppError.notFound }
        let body = try await FileIO().loadFile(path: media.path(of: sha), context: context)
        // The stored type was decided from the file's own bytes at upload; the name is only a label,
        // sanitised and bounded when it was stored.
        let disposition = ContentDisposition.inline(fileName: record.originalName)
        return Response(
            status: .ok,
            headers: [
                .contentType: record.contentType,
                .contentLength: "\(record.size)",
                .xContentTypeOptions: "nosniff",
                .contentDisposition: disposition,
                // Content-addressed: the bytes at this address never change.
                .cacheControl: "private, max-age=31536000, immutable",
            ],
            body: body)
    }

    /// An item's uploaded files as archive entries, named by the one rule for every archive, and
    /// their recorded sizes added up (saturating: a sum past `Int.max` is simply too large).
    /// Each file dated by its upload time in `timeZone` (the institution's).
    static func mediaEntries(_ media: [MediaFileRecord], store: MediaStore, folder: String = "", timeZone: TimeZone) -> (entries: [ZipStream.Entry], total: Int) {
        var entries: [ZipStream.Entry] = []
        var total = 0
        for (index, file) in media.enumerated() {
            let type = UploadType.allCases.first { $0.mimeType == file.contentType }
            entries.append(.init(name: ZipStream.mediaEntryName(index: index, storedName: file.originalName, type: type, folder: folder),
                                 path: store.path(of: file.sha256), data: nil, stamp: .init(file.createdAt, in: timeZone)))
            let (sum, overflow) = total.addingReportingOverflow(max(0, file.size))
            total = overflow ? Int.max : sum
        }
        return (entries, total)
    }

    /// An archive that fits the ZIP format, or a 413 page.
    static func archive(_ entries: [ZipStream.Entry], recordedSize: Int) throws -> ZipStream {
        do {
            return try ZipStream.checked(entries, recordedSize: recordedSize)
        } catch {
            throw AppError(.contentTooLarge)
        }
    }
}

/// `Content-Disposition` for a stored file name: an ASCII fallback and the UTF-8 name
/// percent-encoded (RFC 6266 / RFC 8187), both from a name already bounded when it was stored.
enum ContentDisposition {
    /// RFC 8187 `attr-char`: what may stand unencoded in `filename*`.
    static let attrChars = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")

    static func inline(fileName: String) -> String {
        let name = UploadName.fit(fileName, bytes: UploadName.maximumBytes)
        let ascii = String(name.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0 != "\"" && $0 != "\\" && $0.value != 0x7F }
            .map(Character.init))
        let encoded = name.addingPercentEncoding(withAllowedCharacters: attrChars) ?? "file"
        return "inline; filename=\"\(ascii.isEmpty ? UploadName.fallback : ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
