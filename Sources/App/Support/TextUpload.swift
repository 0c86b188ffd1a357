import Domain
import Foundation
import HTTPTypes
import Hummingbird
import MultipartKit
import NIOCore

/// A small text file sent with a form (an iCalendar or CSV import), read into memory.
struct TextUpload: Sendable {
    var fields: FormData
    var fileName: String?
    var text: String?
    /// The file as sent (an iCalendar file may fold a line inside a UTF-8 sequence, so it is
    /// unfolded before it is decoded).
    var bytes: [UInt8] = []
    var problem: Problem?

    enum Problem: Error, Equatable, Sendable {
        case missing
        case tooLarge(limit: Int)
        case notText
        case malformed
    }
}

extension Request {
    /// Reads a multipart form whose file field `field` holds text, at most `limit` bytes. The CSRF
    /// token must come in the form and match `csrfToken` (checked here, as the middleware does not
    /// read multipart bodies).
    func textUpload(field: String, limit: Int, csrfToken: String, requireUTF8: Bool = true) async throws -> TextUpload {
        guard let boundary = Self.boundary(headers[.contentType] ?? "") else { throw AppError.malformedForm }
        let reader = TextUploadReader(field: field, limit: limit)
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in reader.header(name, value) }
        parser.onBody = { buffer in reader.body(&buffer) }
        parser.onPartComplete = { reader.partComplete() }
        var received = 0
        var headerBytes = 0
        do {
            for try await chunk in body {
                received += chunk.readableBytes
                if received > limit + 64 * 1024 {
                    reader.problem = reader.problem ?? .tooLarge(limit: limit)
                    break
                }
                guard try MultipartDisposition.feed(chunk, to: parser, inHeaders: { reader.inHeaders }, headerBytes: &headerBytes) else {
                    reader.problem = reader.problem ?? .malformed
                    break
                }
            }
        } catch let error as HTTPError {
            throw error
        } catch {
            reader.problem = reader.problem ?? .malformed
        }
        let fields = FormData(fields: reader.fields)
        guard let token = fields["csrf_token"], !csrfToken.isEmpty, Tokens.constantTimeEquals(token, csrfToken) else {
            throw AppError.csrf
        }
        var upload = TextUpload(fields: fields, fileName: reader.fileName, text: nil, bytes: reader.fileBytes, problem: reader.problem)
        if upload.problem == nil {
            if reader.fileName == nil || reader.fileBytes.isEmpty {
                upload.problem = .missing
            } else if !requireUTF8 {
                upload.text = nil
            } else if var text = String(validating: reader.fileBytes, as: UTF8.self) {
                if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                upload.text = text
            } else {
                upload.problem = .notText
            }
        }
        return upload
    }
}

/// The parser's state for one body. Used by one request only, on one task.
private final class TextUploadReader: @unchecked Sendable {
    let field: String
    let limit: Int
    var fields: [(name: String, value: String)] = []
    var fileName: String?
    var fileBytes: [UInt8] = []
    var problem: TextUpload.Problem?
    /// True from a part's start until its body begins: the parser is holding its headers.
    var inHeaders = true

    private var headers: [String: String] = [:]
    private var started = false
    private var name: String?
    private var isFile = false
    /// The part's bytes, appended in place (the parser hands them over line by line).
    private var bytes: [UInt8] = []

    init(field: String, limit: Int) {
        self.field = field
        self.limit = limit
    }

    func header(_ name: String, _ value: String) {
        let key = name.lowercased()
        guard key == "content-disposition" || key == "content-type", headers.count < 8 else { return }
        headers[key] = value
    }

    private func start() {
        guard !started else { return }
        started = true
        inHeaders = false
        guard let (name, file) = MultipartDisposition.parse(headers["content-disposition"]) else { return }
        if let file, name == field { fileName = UploadName.sanitise(file) }
        self.name = name
        isFile = file != nil
        bytes.removeAll(keepingCapacity: true)
    }

    func body(_ buffer: inout ByteBuffer) {
        start()
        guard name != nil else { return }
        let room = isFile ? limit : 64 * 1024
        if bytes.count + buffer.readableBytes > room {
            problem = problem ?? (isFile ? .tooLarge(limit: limit) : .malformed)
            return
        }
        bytes.append(contentsOf: buffer.readableBytesView)
    }

    func partComplete() {
        start()
        defer {
            started = false
            name = nil
            headers = [:]
            inHeaders = true
        }
        guard let name else { return }
        if isFile {
            if name == field { fileBytes = bytes }
        } else if let value = String(validating: bytes, as: UTF8.self) {
            fields.append((name, value.replacingOccurrences(of: "\r\n", with: "\n")))
        } else {
            problem = problem ?? .malformed
        }
    }
}

extension AppServices {
    /// What to tell someone whose import file could not be read, and the status to answer with.
    func uploadProblem(_ problem: TextUpload.Problem, _ context: AppRequestContext) -> (String, HTTPResponse.Status) {
        switch problem {
        case .missing: (texts(context).agenda_import_missing, .unprocessableContent)
        case .tooLarge(let limit): (texts(context).agenda_import_too_large(kb: "\(limit / 1024)"), .contentTooLarge)
        case .notText: (texts(context).agenda_import_not_text, .unprocessableContent)
        case .malformed: (texts(context).error_malformed_form, .badRequest)
        }
    }
}
