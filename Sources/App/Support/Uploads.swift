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

/// The `name` and `filename` of a part's `Content-Disposition: form-data; name="…"; filename="…"`
/// header: the one reading of it for every multipart form.
enum MultipartDisposition {
    /// The most a part's headers may take before its body starts (a file name far longer than any
    /// real one is still read, then cut down by `UploadName`).
    static let maximumHeaderBytes = 256 * 1024
    static let slice = 16 * 1024

    /// Feeds one chunk to the parser in slices, counting the bytes that arrive while a part's
    /// headers are still open (the parser keeps those in memory). False once they pass the limit.
    static func feed(_ chunk: ByteBuffer, to parser: MultipartParser, inHeaders: () -> Bool, headerBytes: inout Int) throws -> Bool {
        var rest = chunk
        while rest.readableBytes > 0 {
            let piece = rest.readSlice(length: min(slice, rest.readableBytes))!
            headerBytes = inHeaders() ? headerBytes + piece.readableBytes : 0
            if headerBytes > maximumHeaderBytes + slice { return false }
            try parser.execute(piece)
        }
        return true
    }

    static func parse(_ value: String?) -> (name: String, fileName: String?)? {
        guard let value else { return nil }
        var name: String?
        var fileName: String?
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { continue }
            let raw = pair[1]
            let unquoted = raw.count >= 2 && raw.hasPrefix("\"") && raw.hasSuffix("\"") ? String(raw.dropFirst().dropLast()) : raw
            switch pair[0].lowercased() {
            case "name": name = unquoted
            case "filename": fileName = unquoted
            default: break
            }
        }
        return name.map { ($0, fileName) }
    }
}

/// A file received and stored.
struct StoredUpload: Sendable, Equatable {
    var sha256: String
    var type: UploadType
    var size: Int
    var originalName: String
    /// The form field it came in (`avatar`, `logo`, `media`, …).
    var field: String = ""
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
        case .unsupportedType(let name): texts(context).content_error_upload_type(name: name)
        case .tooLarge(let name, let limit): texts(context).content_error_upload_size(name: name, mb: "\(limit / (1024 * 1024))")
        case .malformed, .csrf: texts(context).error_malformed_form
        }
    }

    /// A form as plain fields or with files, for every form that takes uploads. Files are stored
    /// as they arrive and recorded as `userId`'s uploads; a file `accept` refuses is not recorded
    /// and becomes the form's problem (unless an earlier one stands). A bad CSRF token throws.
    func readUploadForm(_ request: inout Request, userId: Int64, context: AppRequestContext,
                        accept: (StoredUpload) -> Bool = { _ in true }) async throws
        -> (fields: FormData, files: [StoredUpload], problem: UploadProblem?) {
        guard request.isMultipart else { return (try await request.form(limit: config.maxBodyBytes), [], nil) }
        let form = try await request.multipartForm(store: media, limits: config.uploadLimits, fieldLimit: config.maxBodyBytes,
                                                   csrfToken: context.csrfToken)
        if form.problem == .csrf { throw AppError.csrf }
        var problem = form.problem
        var files: [StoredUpload] = []
        for file in form.files {
            if accept(file) { files.append(file) } else { problem = problem ?? .unsupportedType(fileName: file.originalName) }
        }
        try database.recordUploads(files, by: userId, now: now)
        return (form.fields, files, problem)
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
        // Past this, the sender is not uploading a file we would keep: stop reading.
        let ceiling = max(limits.video, limits.image) + fieldLimit + 1024 * 1024
        let reader = try await readMultipart(MultipartReader(target: .media(store, limits), fieldLimit: fieldLimit, csrfToken: csrfToken),
                                             ceiling: ceiling)
        return MultipartForm(fields: FormData(fields: reader.fields), files: reader.files, problem: reader.problem)
    }

    /// The one read loop for every multipart body: the parser fed slice by slice with the part
    /// headers bounded, the whole body bounded by `ceiling`, and the session's token required
    /// before anything it asks for is applied (files only ever start after the token matched).
    func readMultipart(_ reader: MultipartReader, ceiling: Int) async throws -> MultipartReader {
        guard let boundary = Self.boundary(headers[.contentType] ?? "") else { throw AppError.malformedForm }
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in reader.header(name, value) }
        parser.onBody = { buffer in reader.body(&buffer) }
        parser.onPartComplete = { reader.partComplete() }
        var received = 0
        var headerBytes = 0
        do {
            for try await chunk in body {
                received += chunk.readableBytes
                if received > ceiling {
                    reader.abort(.tooLarge(fileName: reader.currentFileName ?? "", limit: reader.fileLimit))
                    break
                }
                // The parser holds a part's headers until they end: bounded here, slice by slice.
                guard try MultipartDisposition.feed(chunk, to: parser, inHeaders: { reader.inHeaders }, headerBytes: &headerBytes) else {
                    reader.abort(.malformed)
                    break
                }
            }
        } catch let error as HTTPError {
            reader.discardCurrent()
            throw error
        } catch {
            reader.discardCurrent()
            reader.problem = reader.problem ?? .malformed
        }
        reader.discardCurrent()
        guard reader.tokenMatches else { throw AppError.csrf }
        return reader
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
///
/// The parser hands over a file's bytes in small pieces (it stops at every CR byte to look for the
/// boundary), so they are gathered here and hashed and written in large blocks.
final class MultipartReader: @unchecked Sendable {
    /// Where the files of a body go.
    enum Target {
        /// Uploaded media: sniffed, bounded by type, streamed to the store.
        case media(MediaStore, UploadLimits)
        /// One small file (an import), kept in memory: the part named `field`, at most `limit`
        /// bytes; other files are skipped.
        case memory(field: String, limit: Int)
    }

    let target: Target
    let fieldLimit: Int
    let csrfToken: String
    /// The in-memory file of a `.memory` target, once its part is complete.
    var memoryFile: (name: String, bytes: [UInt8])?

    var fields: [(name: String, value: String)] = []
    var files: [StoredUpload] = []
    var problem: UploadProblem?
    var fieldBytes = 0
    /// True from a part's start until its body begins: the parser is holding its headers.
    var inHeaders = true

    private var headers: [String: String] = [:]
    private enum Part {
        case undecided
        case field(name: String)
        case file(FileSink)
        case memory(name: String, bytes: [UInt8])
        case skip
    }
    private var part: Part = .undecided
    private var fieldValue: [UInt8] = []

    /// A file being received: written to a temporary file in blocks while its SHA-256 is computed.
    final class FileSink {
        static let blockSize = 1 << 20
        let fileName: String
        let path: String
        let handle: FileHandle
        var field = ""
        var hasher = SHA256()
        var size = 0
        var head: [UInt8] = []
        var type: UploadType?
        var pending: [UInt8] = []

        init(fileName: String, path: String, handle: FileHandle) {
            self.fileName = fileName
            self.path = path
            self.handle = handle
            pending.reserveCapacity(Self.blockSize)
        }

        func flush() {
            guard !pending.isEmpty else { return }
            pending.withUnsafeBytes { raw in
                hasher.update(bufferPointer: raw)
                handle.write(Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: raw.baseAddress!), count: raw.count, deallocator: .none))
            }
            pending.removeAll(keepingCapacity: true)
        }

        func discard() {
            try? handle.close()
            try? FileManager.default.removeItem(atPath: path)
        }
    }

    init(target: Target, fieldLimit: Int, csrfToken: String) {
        self.target = target
        self.fieldLimit = fieldLimit
        self.csrfToken = csrfToken
    }

    var currentFileName: String? {
        switch part {
        case .file(let sink): sink.fileName
        case .memory(let name, _): name
        default: nil
        }
    }

    /// The largest file this body may carry.
    var fileLimit: Int {
        switch target {
        case .media(_, let limits): max(limits.image, limits.video)
        case .memory(_, let limit): limit
        }
    }

    /// The `csrf_token` field received so far matches the session's.
    var tokenMatches: Bool {
        guard let token = fields.first(where: { $0.name == "csrf_token" })?.value, !csrfToken.isEmpty else { return false }
        return Tokens.constantTimeEquals(token, csrfToken)
    }

    func header(_ name: String, _ value: String) {
        // Only the headers a form part needs are kept, each bounded.
        let key = name.lowercased()
        guard key == "content-disposition" || key == "content-type", headers.count < 8 else { return }
        headers[key] = value
    }

    func decide() {
        guard case .undecided = part else { return }
        inHeaders = false
        guard let (name, fileName) = MultipartDisposition.parse(headers["content-disposition"]) else { part = .skip; return }
        guard let fileName else {
            fieldValue.removeAll(keepingCapacity: true)
            part = .field(name: name)
            return
        }
        guard !fileName.isEmpty, problem == nil else { part = .skip; return }  // no file chosen, or already refused
        guard tokenMatches else {
            abort(.csrf)
            return
        }
        let store: MediaStore
        switch target {
        case .memory(let field, _):
            part = name == field && memoryFile == nil ? .memory(name: UploadName.sanitise(fileName), bytes: []) : .skip
            return
        case .media(let mediaStore, _):
            store = mediaStore
        }
        do {
            let path = try store.temporaryPath()
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                part = .skip
                return
            }
            let sink = FileSink(fileName: UploadName.sanitise(fileName), path: path, handle: handle)
            sink.field = name
            part = .file(sink)
        } catch {
            part = .skip
        }
    }

    func body(_ buffer: inout ByteBuffer) {
        decide()
        switch part {
        case .field:
            fieldBytes += buffer.readableBytes
            if fieldBytes > fieldLimit { abort(.malformed); return }
            fieldValue.append(contentsOf: buffer.readableBytesView)
        case .file(let sink):
            let count = buffer.readableBytes
            sink.size += count
            if sink.head.count < UploadType.sniffLength {
                sink.head.append(contentsOf: buffer.readableBytesView.prefix(UploadType.sniffLength - sink.head.count))
            }
            if sink.type == nil, sink.head.count >= UploadType.sniffLength {
                sink.type = UploadType.sniff(sink.head)
                if sink.type == nil { abort(.unsupportedType(fileName: sink.fileName)); return }
            }
            guard case .media(_, let limits) = target else { return }
            let limit = sink.type.map(limits.limit(for:)) ?? max(limits.image, limits.video)
            if sink.size > limit { abort(.tooLarge(fileName: sink.fileName, limit: limit)); return }
            sink.pending.append(contentsOf: buffer.readableBytesView)
            if sink.pending.count >= FileSink.blockSize { sink.flush() }
        case .memory(let name, var bytes):
            if bytes.count + buffer.readableBytes > fileLimit { abort(.tooLarge(fileName: name, limit: fileLimit)); return }
            part = .skip  // the array is uniquely referenced while it grows
            bytes.append(contentsOf: buffer.readableBytesView)
            part = .memory(name: name, bytes: bytes)
        case .undecided, .skip:
            break
        }
    }

    func partComplete() {
        decide()
        switch part {
        case .field(let name):
            if let value = String(validating: fieldValue, as: UTF8.self) {
                fields.append((name, value.replacingOccurrences(of: "\r\n", with: "\n")))
            } else {
                abort(.malformed)
            }
        case .file(let sink):
            sink.flush()
            try? sink.handle.close()
            guard case .media(let store, _) = target, let type = sink.type ?? UploadType.sniff(sink.head) else {
                try? FileManager.default.removeItem(atPath: sink.path)
                problem = problem ?? .unsupportedType(fileName: sink.fileName)
                break
            }
            let sha = Tokens.hex(sink.hasher.finalize())
            do {
                try store.keep(temporary: sink.path, sha256: sha)
                files.append(StoredUpload(sha256: sha, type: type, size: sink.size, originalName: sink.fileName, field: sink.field))
            } catch {
                try? FileManager.default.removeItem(atPath: sink.path)
                problem = problem ?? .malformed
            }
        case .memory(let name, let bytes):
            memoryFile = (name, bytes)
        case .undecided, .skip:
            break
        }
        part = .undecided
        headers = [:]
        inHeaders = true
    }

    /// Refuses the rest: the file being written is deleted, later files are not read.
    func abort(_ reason: UploadProblem) {
        discardCurrent()
        problem = problem ?? reason
        part = .skip
    }

    func discardCurrent() {
        if case .file(let sink) = part {
            sink.discard()
            part = .skip
        }
    }
}
