import Foundation
import Hummingbird
import HummingbirdCore
import NIOCore

/// The fields of an `application/x-www-form-urlencoded` body, in order, with repeated names kept.
///
/// Forms are read by hand rather than decoded into a `Decodable` so that a missing or malformed
/// field turns into a message on the re-shown form, never into a decoding error.
public struct FormData: Sendable, Equatable {
    public private(set) var fields: [(name: String, value: String)]

    public init(fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    public static func == (lhs: FormData, rhs: FormData) -> Bool {
        lhs.fields.elementsEqual(rhs.fields) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Parses a body; nil when it is not valid percent-encoded UTF-8.
    public init?(urlEncoded body: String) {
        var fields: [(String, String)] = []
        for pair in body.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value else { return nil }
            fields.append((name, value))
        }
        self.fields = fields
    }

    private static func decode(_ part: Substring) -> String? {
        String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The first value of a field, or nil when it is absent.
    public subscript(name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    /// The first value, trimmed; empty when absent.
    public func trimmed(_ name: String) -> String {
        (self[name] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every value of a repeated field, such as checkboxes.
    public func all(_ name: String) -> [String] {
        fields.filter { $0.name == name }.map(\.value)
    }
}

extension Request {
    /// Reads the body, up to `limit` bytes (413 beyond), as a form (400 when it is not one).
    /// The body is kept on the request, so later readers see it too.
    mutating func form(limit: Int) async throws -> FormData {
        // Only the forms that take files read multipart bodies, and they check the CSRF token
        // themselves; everywhere else such a body is refused.
        if isMultipart { throw AppError(.unsupportedMediaType, LocalizedMessage { $0.error_malformed_form }) }
        let buffer: ByteBuffer
        do {
            buffer = try await collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            // A body without a declared length (chunked) that goes past the limit: the same 413 as
            // a declared `Content-Length` over it.
            throw HTTPError(.contentTooLarge)
        }
        guard let text = String(validating: buffer.readableBytesView, as: UTF8.self),
              let form = FormData(urlEncoded: text)
        else { throw AppError.malformedForm }
        return form
    }
}

extension Hummingbird.Parameters {
    /// A query value that must be one of an enumeration's: absent or empty is nil, anything else
    /// unknown is a 400 that names the parameter and the value.
    func choice<T: RawRepresentable>(_ name: String, _ type: T.Type) throws -> T? where T.RawValue == String {
        guard let text = get(name), !text.isEmpty else { return nil }
        guard let value = T(rawValue: text) else {
            throw AppError(.badRequest, LocalizedMessage { $0.calendar_error_filter(name: name, value: String(text.prefix(40))) })
        }
        return value
    }
}

extension URI {
    /// The query's parameters as a browser's GET form encodes them: `+` is a space (a typed `+`
    /// arrives as `%2B`). Hummingbird's `queryParameters` percent-decodes but keeps `+`, so
    /// "kerja sama" typed in a search box would be searched as the one word "kerja+sama". Pages
    /// with a GET form read this; a malformed escape leaves that value as it came.
    var formParameters: Hummingbird.Parameters {
        guard let query, !query.isEmpty else { return .init() }
        return .init(query.split(separator: "&").map { pair -> (key: Substring, value: Substring) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> Substring {
                let spaced = part.replacingOccurrences(of: "+", with: " ")
                return (spaced.removingPercentEncoding ?? spaced)[...]
            }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        })
    }
}
