import Testing
@testable import Domain
@Test func placeholder() { #expect(true) }
