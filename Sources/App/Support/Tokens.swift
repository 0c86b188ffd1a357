import Crypto
import Foundation

/// Random secrets and their hashes.
enum Tokens {
    /// `bytes` bytes from the system's cryptographic generator, as URL-safe base64 without padding
    /// (43 characters for 32 bytes). Runs for every anonymous page (the pre-session token), so it
    /// draws eight bytes per call to the generator and encodes by hand: one byte per call and
    /// Foundation's `replacingOccurrences` were a fifth of `GET /login` in the profile.
    static func random(bytes: Int = 32) -> String {
        var generator = SystemRandomNumberGenerator()
        var data: [UInt8] = []
        data.reserveCapacity(bytes + 7)
        while data.count < bytes {
            withUnsafeBytes(of: generator.next() as UInt64) { data.append(contentsOf: $0) }
        }
        return base64URL(data.prefix(bytes))
    }

    /// RFC 4648 §5 base64url, without `=` padding.
    static func base64URL(_ bytes: some Collection<UInt8>) -> String {
        let alphabet: [UInt8] = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var iterator = bytes.makeIterator()
        while let a = iterator.next() {
            let b = iterator.next(), c = iterator.next()
            let group = UInt32(a) << 16 | UInt32(b ?? 0) << 8 | UInt32(c ?? 0)
            out.append(alphabet[Int(group >> 18 & 63)])
            out.append(alphabet[Int(group >> 12 & 63)])
            if b != nil { out.append(alphabet[Int(group >> 6 & 63)]) }
            if c != nil { out.append(alphabet[Int(group & 63)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// SHA-256 as lower-case hex. Runs on every request (the session lookup), so it avoids
    /// `String(format:)`.
    static func sha256(_ text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    /// Lower-case hex of a digest or any bytes.
    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        for byte in bytes {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// Compares two secrets in time that does not depend on where they differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A password people can type from a printout: 16 characters without look-alikes (no 0/O, 1/l/I).
    static func readablePassword(length: Int = 16) -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
    }
}
