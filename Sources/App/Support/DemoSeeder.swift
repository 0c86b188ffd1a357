import Domain
import Foundation

/// The demo institution: the chosen preset, and one account per role with a fresh random password
/// at every start (the passwords are printed then, and never stored anywhere in clear).
public struct DemoSeeder: Sendable {
    public struct Account: Sendable, Equatable {
        public var username: String
        public var password: String
        public var roles: [String]
    }

    let database: AppDatabase
    let hasher: PasswordHasher

    public init(database: AppDatabase, hasher: PasswordHasher) {
        self.database = database
        self.hasher = hasher
    }

    /// Initialises the institution when needed, creates missing demo accounts and gives every demo
    /// account a new password. Returns the accounts and their passwords.
    public func seed(preset: SOPPreset, now: Date) async throws -> [Account] {
        if try database.institution() == nil {
            try database.initialise(preset: preset, name: preset.institution, now: now)
        }
        let roles = try database.roles()
        let existing = Dictionary(try database.demoUsers().map { ($0.username, $0.id) }, uniquingKeysWith: { a, _ in a })
        var accounts: [Account] = []
        for role in roles {
            let username = role.key
            let password = Tokens.readablePassword()
            let hash = try await hasher.hash(password)
            if let id = existing[username] {
                try database.setPassword(userId: id, hash: hash, mustChange: false, keepSession: nil, now: now)
            } else if try database.userRecord(username: username) == nil {
                try database.createUser(
                    username: username, displayName: "Demo \(role.name)", passwordHash: hash, roleKeys: [role.key],
                    isDemo: true, now: now)
            } else {
                continue  // a real account with that name: leave it alone
            }
            accounts.append(Account(username: username, password: password, roles: [role.key]))
        }
        return accounts
    }
}
