import Testing
import HummingbirdTesting
@testable import App
@Test func placeholder() { #expect(true) }
