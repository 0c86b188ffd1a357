import HummingbirdBcrypt
import NIOPosix

/// bcrypt, run on NIO's thread pool so that its deliberate slowness never blocks request handling.
public struct PasswordHasher: Sendable {
    public let cost: UInt8
    /// A hash of a random password, checked for unknown usernames so that a login for a missing
    /// account takes as long as one for an existing account.
    let dummyHash: String

    public init(cost: UInt8) {
        precondition(cost >= 10, "bcrypt cost must be at least 10")
        self.cost = cost
        self.dummyHash = Bcrypt.hash(Tokens.random(), cost: cost)
    }

    public func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    public func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }

    /// Spends the same time as a real check, and always fails.
    func verifyDummy(_ password: String) async throws {
        _ = try await verify(password, hash: dummyHash)
    }
}
