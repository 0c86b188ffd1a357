import Foundation
import Testing
@testable import App

@Suite struct TokensTests {
    /// The hand-written encoder agrees with Foundation's base64 turned URL-safe, for every length
    /// up to 40 bytes (so every padding case) and for bytes that produce `+` and `/`.
    @Test func base64URLMatchesFoundation() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...40 {
            // setup
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = Data(bytes).base64EncodedString()
                .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
            // action, check
            #expect(Tokens.base64URL(bytes) == expected, "length \(length)")
        }
        #expect(Tokens.base64URL([0xFB, 0xFF, 0xBF]) == "-_-_")
        #expect(Tokens.base64URL([UInt8]()) == "")
    }

    /// A token has the promised length and alphabet, and two are never the same.
    @Test func randomTokensAreURLSafeAndFresh() {
        // action
        let tokens = (0..<200).map { _ in Tokens.random() }
        // check
        #expect(Set(tokens).count == tokens.count)
        let allowed = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
        for token in tokens {
            #expect(token.count == 43)
            #expect(token.allSatisfy(allowed.contains))
        }
        #expect(Tokens.random(bytes: 24).count == 32)
        #expect(Tokens.random(bytes: 1).count == 2)
    }
}
