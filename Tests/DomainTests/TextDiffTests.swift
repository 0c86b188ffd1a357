import Testing
@testable import Domain

@Suite struct TextDiffTests {
    @Test func identicalTextsAreOneSameSegment() {
        #expect(TextDiff.words(from: "Rapat kerja", to: "Rapat kerja") == [.init(.same, "Rapat kerja")])
        #expect(TextDiff.words(from: "", to: "") == [])
    }

    @Test func aChangedWordShowsAsRemovedAndAdded() {
        let diff = TextDiff.words(from: "Rapat koordinasi hari ini", to: "Rapat kerja sama hari ini")
        #expect(diff.filter { $0.kind == .removed }.map(\.text).joined() == "koordinasi")
        #expect(diff.filter { $0.kind == .added }.map(\.text).joined().contains("kerja"))
        #expect(diff.filter { $0.kind != .removed }.map(\.text).joined() == "Rapat kerja sama hari ini", "new text is rebuilt")
        #expect(diff.filter { $0.kind != .added }.map(\.text).joined() == "Rapat koordinasi hari ini", "old text is rebuilt")
    }

    @Test func additionsAtTheEndAndLineBreaksSurvive() {
        let diff = TextDiff.words(from: "Satu\ndua", to: "Satu\ndua tiga 🇮🇩")
        #expect(diff.first == .init(.same, "Satu\ndua"))
        #expect(diff.last?.kind == .added)
        #expect(diff.map(\.text).joined() == "Satu\ndua tiga 🇮🇩")
    }

    @Test func everythingNewFromEmpty() {
        #expect(TextDiff.words(from: "", to: "Baru") == [.init(.added, "Baru")])
        #expect(TextDiff.words(from: "Lama", to: "") == [.init(.removed, "Lama")])
    }

    @Test func veryLongTextsFallBackToWholeReplacement() {
        let old = Array(repeating: "a", count: 100).joined(separator: " ")
        let new = Array(repeating: "b", count: 100).joined(separator: " ")
        #expect(TextDiff.words(from: old, to: new, maximumTokens: 50) == [.init(.removed, old), .init(.added, new)])
    }
}
