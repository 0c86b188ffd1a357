import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Routes sent nonsense, as the role that may use them and as one that may not. The rule: a clear
/// refusal in the user's language (4xx), what was typed comes back, nothing is stored, and never a
/// 500. `Probe` is a browser whose every answer is checked against "never a 500" and counted.
enum Garbage {
    /// Counts the requests of one test and checks every answer against "never a 500".
    final class Tally: @unchecked Sendable {
        let name: String
        private let lock = NSLock()
        private var requests = 0
        private var serverErrors: [String] = []

        init(_ name: String) { self.name = name }

        func check(_ page: TestBrowser.Page, _ what: String, sourceLocation: SourceLocation) {
            lock.withLock {
                requests += 1
                if page.status.code >= 500 { serverErrors.append("\(what) → \(page.status.code)") }
            }
            #expect(page.status.code < 500, "\(what) answered \(page.status.code)", sourceLocation: sourceLocation)
            #expect(![502, 503].contains(page.status.code), sourceLocation: sourceLocation)
        }

        /// One line per test, for whoever counts the requests exercised.
        func report() {
            lock.withLock { print("[garbage-count] \(name): \(requests) requests, \(serverErrors.count) answered 5xx \(serverErrors)") }
        }
    }

    /// A browser whose every answer is checked and counted.
    struct Probe: Sendable {
        let browser: TestBrowser
        let tally: Tally

        init(_ browser: TestBrowser, _ tally: Tally) {
            self.browser = browser
            self.tally = tally
        }

        @discardableResult
        func get(_ path: String, headers: HTTPFields = [:], sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.get(path, headers: headers)
            tally.check(page, "GET \(path.prefix(160))", sourceLocation: sourceLocation)
            return page
        }

        @discardableResult
        func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true,
                  sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.post(path, fields, csrf: csrf)
            tally.check(page, "POST \(path.prefix(160)) \(fields.map { "\($0.0)=\($0.1.prefix(40))" })", sourceLocation: sourceLocation)
            return page
        }

        /// A multipart form with one file in `file` (or none).
        @discardableResult
        func upload(_ path: String, _ fields: [(String, String)] = [], file name: String?, type: String = "text/calendar", bytes: [UInt8] = [],
                    csrf: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let files = name.map { [(field: "file", name: $0, type: type, bytes: bytes)] } ?? []
            let page = try await browser.postMultipart(path, fields, files: files, csrf: csrf)
            tally.check(page, "POST multipart \(path) file=\(name ?? "-") (\(bytes.count) bytes)", sourceLocation: sourceLocation)
            return page
        }

        /// A body sent as is (malformed encodings).
        @discardableResult
        func raw(_ path: String, body: String, contentType: String = "application/x-www-form-urlencoded",
                 sourceLocation: SourceLocation = #_sourceLocation) async throws -> TestBrowser.Page {
            let page = try await browser.send(path, method: .post, body: body, headers: [.contentType: contentType])
            tally.check(page, "POST raw \(path) \(body.prefix(60))", sourceLocation: sourceLocation)
            return page
        }
    }

    /// Mustache's escaping, to find a typed value in a re-shown form.
    static func html(_ text: String) -> String {
        var result = ""
        for c in text {
            switch c {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(c)
            }
        }
        return result
    }

    /// A refusal: a 4xx status (the given one when named) and every text, in Indonesian, on the page.
    static func refused(_ page: TestBrowser.Page, _ what: String, status: Int? = nil, says texts: [String],
                        sourceLocation: SourceLocation = #_sourceLocation) {
        #expect((400..<500).contains(page.status.code), "\(what): expected a 4xx refusal, got \(page.status.code)", sourceLocation: sourceLocation)
        if let status { #expect(page.status.code == status, "\(what): expected \(status), got \(page.status.code)", sourceLocation: sourceLocation) }
        let body = HTMLText.unescape(page.body)
        for text in texts {
            #expect(body.contains(text), "\(what): the page does not say \"\(text)\" (status \(page.status.code))", sourceLocation: sourceLocation)
        }
    }

    /// A typed value shown again in the re-shown form.
    static func kept(_ page: TestBrowser.Page, _ value: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.body.contains(html(value)), "\(what): the typed value \"\(value.prefix(60))\" is not on the re-shown form",
                sourceLocation: sourceLocation)
    }

    /// An anonymous visitor is sent to the login page, never shown the page or a 500.
    static func toLogin(_ page: TestBrowser.Page, _ what: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(page.status == .seeOther, "\(what): \(page.status.code)", sourceLocation: sourceLocation)
        #expect(page.location?.hasPrefix("/login") == true, "\(what): to \(page.location ?? "nowhere")", sourceLocation: sourceLocation)
    }

    /// A query string, encoded as a browser would.
    static func query(_ pairs: [(String, String)]) -> String { "?" + TestBrowser.encode(pairs) }

    static let words = (
        malformed: "Isian formulir tidak dapat dibaca",
        csrf: "Formulir ini sudah kedaluwarsa atau tidak sah",
        adminOnly: "Halaman ini hanya untuk peran",
        cannotCreate: "Konten baru hanya dapat dibuat oleh peran",
        tooLarge: "Kiriman terlalu besar",
        notFound404: "Halaman tidak ditemukan",
        agendaNotFound: "Agenda ini tidak ada",
        contentNotFound: "Konten ini tidak ada",
        month: "tidak dikenal. Tulis seperti 2026-11",
        week: "tidak dikenal. Tulis seperti 2026-W47",
        range: "Rentang tanggal tidak sah",
        filter: "tidak mengenal nilai",
        formErrors: "Periksa kembali isian berikut",
        importRefused: "Berkas tidak diimpor; tidak ada yang berubah."
    )

    static let junkIds = ["999999", "-1", "0", "abc", "99999999999999999999", "1.5", "%20", "1e3", "0x1", "%E2%80%AE1"]

    /// Values no field expects: huge, unicode, control characters, markup, SQL.
    static let junkValues = [
        "", " ", "0", "-1", "99999999999999999999", "abc", "0000-01", "9999-12", "2026-13", "2026-00", "2026-1", "+202-01", "-001-01",
        "2026-W47", "9999-W52", "1899-W01", "2026-W53", "2026-11-31", "0001-01-01", "-999-01-01",
        String(repeating: "x", count: 10_000), String(repeating: "é", count: 3000), "👨‍👩‍👧", "٢٠٢٦-١١", "２０２６-１１", "\u{202E}2026-11",
        "<script>alert(1)</script>", "'; DROP TABLE agendaItem; --", "%", "_", "\u{0}", "../../etc/passwd", "null", "NaN",
    ]
}
