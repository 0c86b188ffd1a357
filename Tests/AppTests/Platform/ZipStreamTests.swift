import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// The ZIP writer behind `media.zip` and `record.zip`.
@Suite struct ZipStreamTests {
    @Test func anArchiveThatCannotBeWrittenIsA413NotACrash() throws {
        // setup
        let entries = [ZipStream.Entry(name: "a.png", path: nil, data: [1, 2, 3])]
        // check
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(entries, recordedSize: ZipStream.maximumTotal + 1) }
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(entries, recordedSize: -1) }
        let longName = ZipStream.Entry(name: String(repeating: "é", count: 40_000), path: nil, data: [])
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked([longName], recordedSize: 0) }
        let many = Array(repeating: entries[0], count: Int(UInt16.max))
        #expect(throws: ZipStream.Problem.self) { try ZipStream.checked(many, recordedSize: 0) }
        #expect(throws: Never.self) { try ZipStream.checked(entries, recordedSize: 3) }
    }
}
