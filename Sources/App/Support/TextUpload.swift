import Domain
import Foundation
import HTTPTypes
import Hummingbird
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
    /// Reads a multipart form whose file field `field` holds text, at most `limit` bytes, with the
    /// same reader as every multipart form. The CSRF token must come in the form and match
    /// `csrfToken` (checked there, as the middleware does not read multipart bodies).
    func textUpload(field: String, limit: Int, csrfToken: String, requireUTF8: Bool = true) async throws -> TextUpload {
        let fieldLimit = 64 * 1024
        let reader = try await readMultipart(MultipartReader(target: .memory(field: field, limit: limit), fieldLimit: fieldLimit,
                                                             csrfToken: csrfToken),
                                             ceiling: limit + fieldLimit + 64 * 1024)
        let fields = FormData(fields: reader.fields)
        var upload = TextUpload(fields: fields, fileName: reader.memoryFile?.name, text: nil, bytes: reader.memoryFile?.bytes ?? [])
        switch reader.problem {
        case .tooLarge: upload.problem = .tooLarge(limit: limit)
        case .malformed, .unsupportedType, .csrf: upload.problem = .malformed
        case nil:
            if upload.fileName == nil || upload.bytes.isEmpty {
                upload.problem = .missing
            } else if requireUTF8 {
                if var text = String(validating: upload.bytes, as: UTF8.self) {
                    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
                    upload.text = text
                } else {
                    upload.problem = .notText
                }
            }
        }
        return upload
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
