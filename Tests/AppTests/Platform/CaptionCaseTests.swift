import Domain
import Foundation
import Testing
@testable import App

/// The shared table of caption cases: the server's plain text and count must match it, and so
/// must the browser's live counter (checked by the browser tests against the same file).
@Suite struct CaptionCaseTests {
    struct Case: Decodable, CustomTestStringConvertible, Sendable {
        let name: String
        let markdown: String
        let plain: String
        let count: Int
        var testDescription: String { name }
    }

    struct Table: Decodable {
        let cases: [Case]
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: projectRoot).appendingPathComponent("Tests/shared/caption-cases.json")
        let data = (try? Data(contentsOf: url)) ?? Data()
        return (try? JSONDecoder().decode(Table.self, from: data))?.cases ?? []
    }()

    @Test func theTableHasEnoughCases() {
        // check
        #expect(Self.cases.count >= 30)
        #expect(Self.cases.contains { $0.markdown.unicodeScalars.contains("\u{200D}") }, "a ZWJ sequence")
        #expect(Self.cases.contains { $0.markdown.unicodeScalars.contains("\u{0301}") }, "a combining mark")
    }

    @Test(arguments: cases)
    func serverMatchesTheTable(_ entry: Case) {
        // action
        let plain = Markdown.plainText(entry.markdown)
        // check
        #expect(plain == entry.plain)
        #expect(CaptionRule().count(plain) == entry.count)
    }
}
