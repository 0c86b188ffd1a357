import Foundation
import NIOConcurrencyHelpers

/// Agenda files between their preview and the importer's confirmation, kept in memory under a
/// random token for `lifetime` (at most `capacity` files, the oldest given up first). A confirmed
/// file is kept with where its import led, so a second click lands on the same result instead of
/// importing twice. A server restart forgets them: the importer is asked to send the file again.
final class PendingImports: Sendable {
    struct Entry: Sendable {
        var userId: Int64
        var bytes: [UInt8]
        var fileName: String?
        var owner: String
        var createdAt: Date
        /// Where the confirmed import sent the browser; nil until then.
        var done: String?
    }

    static let lifetime: TimeInterval = 60 * 60
    static let capacity = 24

    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    /// Keeps a file and returns its token.
    func put(_ entry: Entry, now: Date) -> String {
        let token = Tokens.random(bytes: 18)
        entries.withLockedValue { entries in
            entries = entries.filter { now.timeIntervalSince($0.value.createdAt) < Self.lifetime }
            while entries.count >= Self.capacity, let oldest = entries.min(by: { $0.value.createdAt < $1.value.createdAt }) {
                entries.removeValue(forKey: oldest.key)
            }
            entries[token] = entry
        }
        return token
    }

    /// The file kept under `token` for this user, while it lasts.
    func get(_ token: String, userId: Int64, now: Date) -> Entry? {
        entries.withLockedValue { entries in
            guard let entry = entries[token], entry.userId == userId, now.timeIntervalSince(entry.createdAt) < Self.lifetime else { return nil }
            return entry
        }
    }

    /// Marks a file imported: its bytes are let go, where the import led is kept.
    func finish(_ token: String, href: String) {
        entries.withLockedValue { entries in
            entries[token]?.done = href
            entries[token]?.bytes = []
        }
    }
}
