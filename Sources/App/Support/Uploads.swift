import Crypto
import Domain
import Foundation
import Hummingbird
import MultipartKit
import NIOCore

/// Uploaded files on disk, named by the SHA-256 of their content: `media/ab/abcdef…`. The same
/// file uploaded twice is stored once.
public struct MediaStore: Sendable {
    public let root: String

    public init(root: String) {
        self.root = root
    }

    func path(of sha256: String) -> String {
        (root as NSString).appendingPathComponent("\(sha256.prefix(2))/\(sha256)")
    }

    func temporaryPath() throws -> String {
        let folder = (root as NSString).appendingPathComponent("tmp")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return (folder as NSString).appendingPathComponent(UUID().uuidString)
    }

    /// Moves a finished temporary file to its content address.
    func keep(temporary: String, sha256: String) throws {
        let target = path(of: sha256)
        let manager = FileManager.default
        if manager.fileExists(atPath: target) {
            try? manager.removeItem(atPath: temporary)
            return
        }
        try manager.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard rename(temporary, target) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    func remove(_ sha256: String) {
        try? FileManager.default.removeItem(atPath: path(of: sha256))
    }

    static func isAddress(_ text: String) -> Bool {
        text.count == 64 && text.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }
}

/// A file received and stored.
struct StoredUpload: Sendable, Equatable {
    var sha256: String
    var type: UploadType
    var size: Int
    var originalName: String
}

/// Why an upload was refused; the text fields read so far are still returned.
enum UploadProblem: Error, Equatable {
    case unsupportedType(fileName: String)
    case tooLarge(fileName: String, limit: Int)
    case malformed
    case csrf
}

extension UploadProblem {
    /// The status a refused upload answers.
    static func status(_ problem: UploadProblem) -> HTTPResponse.Status {
        switch problem {
        case .unsupportedType: .unsupportedMediaType
        case .tooLarge: .contentTooLarge
        case .malformed, .csrf: .badRequest
        }
    }
}

extension AppServices {
    /// What to tell the person whose upload was refused.
    func uploadProblemText(_ problem: UploadProblem, _ context: AppRequestContext) -> String {
        switch problem {
        case .unsupportedType(let name): text("content_error_upload_type", context, ["name": name])
        case .tooLarge(let name, let limit): text("content_error_upload_size", context, ["name": name, "mb": "\(limit / (1024 * 1024))"])
        case .malformed, .csrf: text("error_malformed_form", context)
        }
    }
}

/// A `multipart/form-data` body: its text fields, the files stored, and what went wrong.
struct MultipartForm: Sendable {
    var fields: FormData
    var files: [StoredUpload]
    var problem: UploadProblem?
}

extension Request {
    var isMultipart: Bool {
        headers[.contentType]?.lowercased().hasPrefix("multipart/form-data") == true
    }

    /// Reads a multipart form as it arrives: text fields in memory (at most `fieldLimit` bytes in
    /// all), files streamed to disk while their SHA-256 is computed, their type checked by their
    /// first bytes and their size by `limits`. A file is only accepted after a `csrf_token` field
    /// matching `csrfToken` (forms put it first).
    func multipartForm(store: MediaStore, limits: UploadLimits, fieldLimit: Int, csrfToken: String) async throws -> MultipartForm {
        guard let boundary = Self.boundary(headers[.contentType] ?? "") else { throw AppError.malformedForm }
        let reader = MultipartReader(store: store, limits: limits, fieldLimit: fieldLimit, csrfToken: csrfToken)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in reader.header(name, value) }
        parser.onBody = { buffer in reader.body(&buffer) }
        parser.onPartComplete = { reader.partComplete() }
        // Past this, the sender is not uploading a file we would keep: stop reading.
        let ceiling = max(limits.video, limits.image) + fieldLimit + 1024 * 1024
        var received = 0
        do {
            for try await chunk in body {
                received += chunk.readableBytes
                if received > ceiling {
                    reader.abort(.tooLarge(fileName: reader.currentFileName ?? "", limit: max(limits.video, limits.image)))
                    break
                }
                try parser.execute(chunk)
            }
        } catch let error as HTTPError {
            reader.discardCurrent()
            throw error
        } catch {
            reader.discardCurrent()
            return MultipartForm(fields: FormData(fields: reader.fields), files: reader.files, problem: .malformed)
        }
        reader.discardCurrent()
        return MultipartForm(fields: FormData(fields: reader.fields), files: reader.files, problem: reader.problem)
    }

    static func boundary(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                let value = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                return value.isEmpty || value.count > 200 ? nil : value
            }
        }
        return nil
    }
}

/// The parser's state while one body is read. Used by one request only, on one task.
private final class MultipartReader: @unchecked Sendable {
    let store: MediaStore
    let limits: UploadLimits
    let fieldLimit: Int
    let csrfToken: String

    var fields: [(name: String, value: String)] = []
    var files: [StoredUpload] = []
    var problem: UploadProblem?
    var fieldBytes = 0

    private var headers: [String: String] = [:]
    private enum Part {
        case undecided
        case field(name: String, bytes: [UInt8])
        case file(fileName: String, path: String, handle: FileHandle, hasher: SHA256, size: Int, head: [UInt8], type: UploadType?)
        case skip
    }
    private var part: Part = .undecided

    init(store: MediaStore, limits: UploadLimits, fieldLimit: Int, csrfToken: String) {
        self.store = store
        self.limits = limits
        self.fieldLimit = fieldLimit
        self.csrfToken = csrfToken
    }

    var currentFileName: String? {
        if case .file(let name, _, _, _, _, _, _) = part { return name }
        return nil
    }

    func header(_ name: String, _ value: String) {
        headers[name.lowercased()] = value
    }

    /// `name` and `filename` from a `Content-Disposition: form-data; name="…"; filename="…"` header.
    func disposition() -> (name: String, fileName: String?)? {
        guard let value = headers["content-disposition"] else { return nil }
        var name: String?
        var fileName: String?
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let unquoted = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            switch pair[0].lowercased() {
            case "name": name = unquoted
            case "filename": fileName = unquoted
            default: break
            }
        }
        return name.map { ($0, fileName) }
    }

    func decide() {
        guard case .undecided = part else { return }
        guard let (name, fileName) = disposition() else { part = .skip; return }
        guard let fileName else { part = .field(name: name, bytes: []); return }
        guard !fileName.isEmpty, problem == nil else { part = .skip; return }  // no file chosen, or already refused
        guard let token = fields.first(where: { $0.name == "csrf_token" })?.value, !csrfToken.isEmpty,
              Tokens.constantTimeEquals(token, csrfToken)
        else {
            abort(.csrf)
            return
        }
        do {
            let path = try store.temporaryPath()
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                part = .skip
                return
            }
            let shortName = String(((fileName as NSString).lastPathComponent).prefix(200))
            part = .file(fileName: shortName, path: path, handle: handle, hasher: SHA256(), size: 0, head: [], type: nil)
        } catch {
            part = .skip
        }
    }

    func body(_ buffer: inout ByteBuffer) {
        decide()
        switch part {
        case .field(let name, var bytes):
            fieldBytes += buffer.readableBytes
            if fieldBytes > fieldLimit { abort(.malformed); return }
            bytes.append(contentsOf: buffer.readableBytesView)
            part = .field(name: name, bytes: bytes)
        case .file(let fileName, let path, let handle, var hasher, var size, var head, var type):
            let bytes = Data(buffer.readableBytesView)
            size += bytes.count
            if head.count < UploadType.sniffLength { head.append(contentsOf: bytes.prefix(UploadType.sniffLength - head.count)) }
            if type == nil, head.count >= UploadType.sniffLength {
                type = UploadType.sniff(head)
                if type == nil { abort(.unsupportedType(fileName: fileName)); return }
            }
            let limit = type.map(limits.limit(for:)) ?? max(limits.image, limits.video)
            if size > limit { abort(.tooLarge(fileName: fileName, limit: limit)); return }
            hasher.update(data: bytes)
            handle.write(bytes)
            part = .file(fileName: fileName, path: path, handle: handle, hasher: hasher, size: size, head: head, type: type)
        case .undecided, .skip:
            break
        }
    }

    func partComplete() {
        decide()
        switch part {
        case .field(let name, let bytes):
            if let value = String(validating: bytes, as: UTF8.self) {
                fields.append((name, value.replacingOccurrences(of: "\r\n", with: "\n")))
            } else {
                abort(.malformed)
            }
        case .file(let fileName, let path, let handle, let hasher, let size, let head, let type):
            try? handle.close()
            guard let type = type ?? UploadType.sniff(head) else {
                try? FileManager.default.removeItem(atPath: path)
                problem = problem ?? .unsupportedType(fileName: fileName)
                break
            }
            let sha = Tokens.hex(hasher.finalize())
            do {
                try store.keep(temporary: path, sha256: sha)
                files.append(StoredUpload(sha256: sha, type: type, size: size, originalName: fileName))
            } catch {
                try? FileManager.default.removeItem(atPath: path)
                problem = problem ?? .malformed
            }
        case .undecided, .skip:
            break
        }
        part = .undecided
        headers = [:]
    }

    /// Refuses the rest: the file being written is deleted, later files are not read.
    func abort(_ reason: UploadProblem) {
        discardCurrent()
        problem = problem ?? reason
        part = .skip
    }

    func discardCurrent() {
        if case .file(_, let path, let handle, _, _, _, _) = part {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
            part = .skip
        }
    }
}
