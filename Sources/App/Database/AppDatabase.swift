import Domain
import Foundation
import GRDB

/// Owns the database connection and every write the application makes.
///
/// In production it wraps a `DatabasePool` (WAL, concurrent readers, one writer); tests use an
/// in-memory queue. Migrations run when it is created.
public struct AppDatabase: Sendable {
    let writer: any DatabaseWriter

    init(_ writer: any DatabaseWriter) throws {
        self.writer = writer
        try Self.migrator.migrate(writer)
    }

    /// Opens (creating if needed) the database file at `path`, in WAL mode, and migrates it.
    public static func open(path: String) throws -> AppDatabase {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let pool = try DatabasePool(path: path, configuration: configuration())
        return try AppDatabase(pool)
    }

    /// An empty in-memory database, migrated: for tests.
    public static func inMemory() throws -> AppDatabase {
        try AppDatabase(DatabaseQueue(configuration: configuration()))
    }

    static func configuration() -> Configuration {
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Wait for a busy writer rather than failing at once (another process, such as `warta backup`).
        config.busyMode = .timeout(5)
        config.prepareDatabase { db in
            // An acknowledged write is on disk: each commit is synced, so neither `kill -9` nor a
            // power cut loses it.
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Reads map the file instead of copying pages through read(2), and each connection
            // keeps more pages: counting 100,000 archive rows then costs no system calls.
            try db.execute(sql: "PRAGMA mmap_size = 268435456")
            try db.execute(sql: "PRAGMA cache_size = -16384")
        }
        return config
    }

    /// Names of the migrations applied, in order.
    public func appliedMigrations() throws -> [String] {
        try writer.read { db in try Self.migrator.appliedMigrations(db) }
    }

    /// A consistent copy of the live database, made with SQLite's online backup API while other
    /// connections keep reading and writing. Written to a temporary file and renamed into place.
    public func backup(to path: String) throws {
        let target = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
        try? FileManager.default.removeItem(at: temporary)
        do {
            let destination = try DatabaseQueue(path: temporary.path)
            try writer.backup(to: destination)
            try destination.close()
            // rename(2) replaces an existing backup atomically: there is never a moment without one.
            guard rename(temporary.path, target.path) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: target.path])
            }
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw error
        }
    }
}

// MARK: - Institution and roles

public struct InstitutionSettings: Sendable, Equatable {
    public var name: String
    public var timeZone: TimeZone
    public var defaultLanguage: Language
    public var presetKey: String?
    public var captionLimit: Int = 200
    /// Office hours, in minutes after midnight, and working weekdays (1 = Sunday … 7 = Saturday).
    public var officeOpens: Int = 7 * 60 + 30
    public var officeCloses: Int = 16 * 60
    public var officeDays: Set<Int> = [2, 3, 4, 5, 6]
    public var channels: [Channel] = []
    /// The name the accounts show on the platforms; empty means the institution's name.
    public var accountName: String = ""
    public var platformLimits = PlatformLimits()
    /// The account picture shown in previews (an uploaded image), if any.
    public var avatarSha256: String?
    /// The SOP's timing rules this institution enforces at submission.
    public var timingRules: Set<TimingRule> = []
    /// The institution's own web domains: `website` links must point to one of them.
    public var websiteDomains: [String] = []
    /// How a published item is updated.
    public var updatePolicy: UpdatePolicy = .workflow
    /// The city written above signatures on the records.
    public var city: String = ""
    /// Four eyes: one person may not decide at two decide steps of the same round through two
    /// different roles (the same role at two steps, as the SOP has it, stays allowed).
    public var separateDeciders: Bool = true
    /// The letterhead (kop) of printed records: the address under the name, and a logo (an uploaded image).
    public var letterheadAddress: String = ""
    public var logoSha256: String?
    /// Who signs "Mengetahui" on the monthly report: name, position and NIP. An empty name means
    /// the first active holder of the workflow's last decision role, an empty title that role's name.
    public var headName: String = ""
    public var headTitle: String = ""
    public var headNip: String = ""

    public static let fallback = InstitutionSettings(
        name: "Warta", timeZone: TimeZone(identifier: "Asia/Jakarta")!, defaultLanguage: .id, presetKey: nil)
}

/// How a published item is updated ("pemutakhiran", Kendal SOP).
public enum UpdatePolicy: String, Sendable, Codable, CaseIterable {
    /// Back to the first step, through every approval again.
    case workflow
    /// Straight by the publishing role, with a reason.
    case direct
}

public enum SetupError: Error, Equatable {
    case notInitialised
    case alreadyInitialised(name: String)
    case unknownPreset(String)
    case unknownTimeZone(String)
}

extension AppDatabase {
    public func institution() throws -> InstitutionSettings? {
        try writer.read { db in try InstitutionRecord.fetchOne(db) }.map(Self.settings)
    }

    static func settings(_ record: InstitutionRecord) -> InstitutionSettings {
        InstitutionSettings(
            name: record.name,
            timeZone: TimeZone(identifier: record.timeZone) ?? InstitutionSettings.fallback.timeZone,
            defaultLanguage: record.defaultLanguage,
            presetKey: record.presetKey,
            captionLimit: record.captionLimit,
            officeOpens: record.officeOpens,
            officeCloses: record.officeCloses,
            officeDays: Set(record.officeDays.split(separator: " ").compactMap { Int($0) }),
            channels: record.channels.keys,
            accountName: record.accountName,
            platformLimits: (try? JSONDecoder().decode(PlatformLimits.self, from: Data(record.platformLimits.utf8))) ?? PlatformLimits(),
            avatarSha256: record.avatarSha256,
            timingRules: Set(record.timingRules.keys),
            websiteDomains: record.websiteDomains.split(separator: " ").map(String.init),
            updatePolicy: record.updatePolicy,
            city: record.city,
            separateDeciders: record.separateDeciders,
            letterheadAddress: record.letterheadAddress, logoSha256: record.logoSha256,
            headName: record.headName, headTitle: record.headTitle, headNip: record.headNip)
    }

    /// Sets up the institution on one of the SOP presets: its settings, roles, channels and the
    /// preset's workflow as version 1. Refuses an already initialised database.
    public func initialise(preset: SOPPreset, name: String, timeZone: String = "Asia/Jakarta", language: Language = .id, now: Date) throws {
        guard TimeZone(identifier: timeZone) != nil else { throw SetupError.unknownTimeZone(timeZone) }
        try writer.write { db in
            if let existing = try InstitutionRecord.fetchOne(db) {
                throw SetupError.alreadyInitialised(name: existing.name)
            }
            try InstitutionRecord(name: name, timeZone: timeZone, defaultLanguage: language, presetKey: preset.key, createdAt: now,
                                  channels: ChannelList(preset.channels),
                                  timingRules: KeyList(preset.timingRules), city: preset.city).insert(db)
            for (index, role) in preset.allRoles.enumerated() {
                try RoleRecord(key: role.key, name: role.name, position: index).upsert(db)
            }
            try WorkflowVersionRecord(number: 1, steps: Workflow(preset: preset).steps, note: "Preset \(preset.key) (SOP \(preset.sopNumber))",
                                      createdBy: nil, createdAt: now).insert(db)
            // The preset's monitoring rounds (on for Kendal) and follow-up workflow.
            try IncomingSettings(preset: preset).record.upsert(db)
            try AppDatabase.seedSOPTexts(db)
        }
    }

    /// Saves the institution's settings (the row must exist: `warta init` or the demo creates it).
    public func updateInstitution(_ settings: InstitutionSettings) throws {
        try writer.write { db in
            guard var record = try InstitutionRecord.fetchOne(db) else { throw SetupError.notInitialised }
            record.name = settings.name
            record.timeZone = settings.timeZone.identifier
            record.defaultLanguage = settings.defaultLanguage
            record.captionLimit = settings.captionLimit
            record.officeOpens = settings.officeOpens
            record.officeCloses = settings.officeCloses
            record.officeDays = settings.officeDays.sorted().map(String.init).joined(separator: " ")
            record.channels = ChannelList(settings.channels)
            record.accountName = settings.accountName
            record.avatarSha256 = settings.avatarSha256
            record.websiteDomains = settings.websiteDomains.joined(separator: " ")
            record.updatePolicy = settings.updatePolicy
            record.city = settings.city
            record.separateDeciders = settings.separateDeciders
            record.letterheadAddress = settings.letterheadAddress
            record.logoSha256 = settings.logoSha256
            record.headName = settings.headName
            record.headTitle = settings.headTitle
            record.headNip = settings.headNip
            record.timingRules = KeyList(TimingRule.allCases.filter(settings.timingRules.contains))
            record.platformLimits = String(decoding: try JSONEncoder().encode(settings.platformLimits), as: UTF8.self)
            try record.update(db)
        }
    }

    public func roles() throws -> [Role] {
        try writer.read { db in
            try RoleRecord.order(RoleRecord.Columns.position, RoleRecord.Columns.key).fetchAll(db)
        }.map { Role(key: $0.key, name: $0.name) }
    }
}

// MARK: - Users

public struct UserSummary: Sendable, Equatable {
    public var id: Int64
    public var username: String
    public var displayName: String
    public var isActive: Bool
    public var language: Language
    public var mustChangePassword: Bool
    public var roleKeys: [RoleKey]
    public var lastLoginAt: Date?
    /// Nomor Induk Pegawai; empty when none.
    public var nip: String = ""
}

public enum UserError: Error, Equatable {
    case usernameTaken
    case unknownRole(RoleKey)
    case notFound
    case lastAdmin
}

extension AppDatabase {
    @discardableResult
    public func createUser(
        username: String, displayName: String, passwordHash: String, roleKeys: [RoleKey],
        language: Language = .id, mustChangePassword: Bool = false, isDemo: Bool = false, now: Date
    ) throws -> Int64 {
        try writer.write { db in
            if try UserRecord.filter(UserRecord.Columns.username == username).fetchCount(db) > 0 {
                throw UserError.usernameTaken
            }
            let known = Set(try RoleKey.fetchAll(db, sql: "SELECT key FROM role"))
            if let unknown = roleKeys.first(where: { !known.contains($0) }) { throw UserError.unknownRole(unknown) }
            var user = UserRecord(
                id: nil, username: username, displayName: displayName, passwordHash: passwordHash, isActive: true,
                language: language, mustChangePassword: mustChangePassword, isDemo: isDemo,
                passwordChangedAt: now, createdAt: now, updatedAt: now)
            try user.insert(db)
            for key in Set(roleKeys) { try UserRoleRecord(userId: user.id!, roleKey: key).insert(db) }
            return user.id!
        }
    }

    func userRecord(username: String) throws -> UserRecord? {
        try writer.read { db in try UserRecord.filter(UserRecord.Columns.username == username).fetchOne(db) }
    }

    func userRecord(id: Int64) throws -> UserRecord? {
        try writer.read { db in try UserRecord.fetchOne(db, key: id) }
    }

    public func user(id: Int64) throws -> UserSummary? {
        try writer.read { db in try Self.summaries(db, filter: "WHERE u.id = ?", arguments: [id]).first }
    }

    public func users() throws -> [UserSummary] {
        try writer.read { db in try Self.summaries(db, filter: "", arguments: []) }
    }

    static func summaries(_ db: Database, filter: String, arguments: StatementArguments) throws -> [UserSummary] {
        let rows = try Row.fetchAll(db, sql: """
            SELECT u.id, u.username, u.displayName, u.isActive, u.language, u.mustChangePassword, u.nip,
                   (SELECT group_concat(roleKey, ' ') FROM userRole WHERE userId = u.id) AS roleKeys,
                   (SELECT max(at) FROM auditEvent WHERE actorId = u.id AND action = ?) AS lastLoginAt
            FROM user u \(filter)
            ORDER BY u.isActive DESC, u.username
            """, arguments: [AuditAction.loginSuccess] + arguments)
        return rows.map { row in
            UserSummary(
                id: row["id"], username: row["username"], displayName: row["displayName"], isActive: row["isActive"],
                language: row["language"], mustChangePassword: row["mustChangePassword"],
                roleKeys: ((row["roleKeys"] as String?) ?? "").split(separator: " ").map { RoleKey(String($0)) }.sorted(),
                lastLoginAt: row["lastLoginAt"], nip: row["nip"])
        }
    }

    /// Updates name, language and roles together. Refuses to take the admin role from the last
    /// active administrator.
    public func updateUser(id: Int64, displayName: String, language: Language, roleKeys: [RoleKey], now: Date) throws -> (addedRoles: [RoleKey], removedRoles: [RoleKey]) {
        try writer.write { db in
            guard var user = try UserRecord.fetchOne(db, key: id) else { throw UserError.notFound }
            let known = Set(try RoleKey.fetchAll(db, sql: "SELECT key FROM role"))
            if let unknown = roleKeys.first(where: { !known.contains($0) }) { throw UserError.unknownRole(unknown) }
            let before = Set(try RoleKey.fetchAll(db, sql: "SELECT roleKey FROM userRole WHERE userId = ?", arguments: [id]))
            let after = Set(roleKeys)
            if before.contains(.admin), !after.contains(.admin), user.isActive,
               try Self.activeAdminCount(db) <= 1 {
                throw UserError.lastAdmin
            }
            user.displayName = displayName
            user.language = language
            user.updatedAt = now
            try user.update(db)
            try UserRoleRecord.filter(UserRoleRecord.Columns.userId == id).deleteAll(db)
            for key in after { try UserRoleRecord(userId: id, roleKey: key).insert(db) }
            return (after.subtracting(before).sorted(), before.subtracting(after).sorted())
        }
    }

    static func activeAdminCount(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: """
            SELECT count(*) FROM user u JOIN userRole r ON r.userId = u.id
            WHERE r.roleKey = ? AND u.isActive
            """, arguments: [RoleKey.admin]) ?? 0
    }

    /// Enables or disables an account. Disabling ends all of its sessions at once, and is refused
    /// for the last active administrator.
    public func setActive(userId: Int64, _ active: Bool, now: Date) throws {
        try writer.write { db in
            guard var user = try UserRecord.fetchOne(db, key: userId) else { throw UserError.notFound }
            if !active, user.isActive {
                let isAdmin = try UserRoleRecord.filter(UserRoleRecord.Columns.userId == userId && UserRoleRecord.Columns.roleKey == RoleKey.admin).fetchCount(db) > 0
                if isAdmin, try Self.activeAdminCount(db) <= 1 { throw UserError.lastAdmin }
            }
            user.isActive = active
            user.updatedAt = now
            try user.update(db)
            if !active {
                try SessionRecord.filter(SessionRecord.Columns.userId == userId).deleteAll(db)
                // The secret feed address goes too: enabling the account again does not bring it back.
                try CalendarFeedRecord.deleteOne(db, key: userId)
            }
        }
    }

    /// Stores a new password hash and ends every session of the account except `keepSession`.
    public func setPassword(userId: Int64, hash: String, mustChange: Bool, keepSession: String?, now: Date) throws {
        try writer.write { db in
            guard var user = try UserRecord.fetchOne(db, key: userId) else { throw UserError.notFound }
            user.passwordHash = hash
            user.mustChangePassword = mustChange
            user.passwordChangedAt = now
            user.updatedAt = now
            try user.update(db)
            var others = SessionRecord.filter(SessionRecord.Columns.userId == userId)
            if let keepSession { others = others.filter(SessionRecord.Columns.idHash != keepSession) }
            try others.deleteAll(db)
        }
    }

    public func setLanguage(userId: Int64, _ language: Language, now: Date) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE user SET language = ?, updatedAt = ? WHERE id = ?", arguments: [language, now, userId])
        }
    }

    /// A person's NIP (Nomor Induk Pegawai), as `NIP.normalise` leaves it; empty when none.
    public func nip(userId: Int64) throws -> String {
        try writer.read { db in try String.fetchOne(db, sql: "SELECT nip FROM user WHERE id = ?", arguments: [userId]) ?? "" }
    }

    public func setNip(userId: Int64, _ nip: String, now: Date) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE user SET nip = ?, updatedAt = ? WHERE id = ?", arguments: [nip, now, userId])
        }
    }

    /// Demo accounts get a fresh password at each start of a demo server.
    public func demoUsers() throws -> [(id: Int64, username: String, roleKeys: [RoleKey])] {
        try writer.read { db in try Self.summaries(db, filter: "WHERE u.isDemo", arguments: []) }
            .map { ($0.id, $0.username, $0.roleKeys) }
    }
}

// MARK: - Sessions

/// A session joined with its user, the user's roles and delegations, as loaded on every request.
struct SessionLookup: Sendable {
    var csrfToken: String
    var createdAt: Date
    var lastSeenAt: Date
    var userId: Int64
    var username: String
    var displayName: String
    var language: Language
    var mustChangePassword: Bool
    var roleKeys: [RoleKey]
    /// Roles delegated to the user that are in force today: role key → delegator.
    var delegatedRoles: [RoleKey: Int64]
    /// Items waiting at a step the user can act on, their own roles or delegated.
    var taskCount: Int
    /// The user's own items that stand sent back to be fixed (`ReturnedItem`).
    var returnedCount: Int = 0
    /// Incoming messages waiting at a step the user holds (issue 14): `incomingTasks` counted in SQL.
    var incomingCount: Int = 0
    /// The institution logs incoming messages (monitoring switched on): the navigation shows them.
    var incomingEnabled: Bool = false
    /// Findings the user owns that are not done (issue 15), for "Tugas saya".
    var findingCount: Int = 0
}

extension AppDatabase {
    func createSession(_ session: SessionRecord) throws {
        try writer.write { db in try session.insert(db) }
    }

    /// The session lookup's statement: see `session(idHash:today:)`. The user (`me`), today's
    /// delegations to them (`delegated`) and their roles, own and delegated (`roles`), are common
    /// table expressions, each computed once however many counts read them.
    static let sessionSQL = """
        WITH me AS (
            SELECT s.csrfToken, s.createdAt, s.lastSeenAt, u.id, u.username, u.displayName, u.language, u.mustChangePassword
            FROM session s JOIN user u ON u.id = s.userId
            WHERE s.idHash = :idHash AND u.isActive),
          delegated AS (
            SELECT d.roleKey, d.fromUserId FROM delegation d JOIN user f ON f.id = d.fromUserId
            WHERE d.toUserId = (SELECT id FROM me) AND d.revokedAt IS NULL AND d.startsOn <= :today AND d.endsOn >= :today AND f.isActive
              AND EXISTS (SELECT 1 FROM userRole fr WHERE fr.userId = d.fromUserId AND fr.roleKey = d.roleKey)),
          roles AS (
            SELECT roleKey FROM userRole WHERE userId = (SELECT id FROM me) UNION SELECT roleKey FROM delegated)
        SELECT u.csrfToken, u.createdAt, u.lastSeenAt, u.id AS userId, u.username, u.displayName, u.language, u.mustChangePassword,
               (SELECT group_concat(roleKey, ' ') FROM userRole WHERE userId = u.id) AS roleKeys,
               (SELECT group_concat(roleKey || ':' || fromUserId, ' ') FROM delegated) AS delegated,
               (SELECT count(*) FROM contentItem WHERE stepRoleKey IN roles) AS taskCount,
               (SELECT count(*) FROM contentItem i WHERE i.createdBy = u.id AND i.status != '\(ItemStatus.published.rawValue)'
                 AND (SELECT action FROM contentEvent WHERE id = \(Self.lastMoveIdSQL("i"))) = '\(HistoryAction.reject.rawValue)') AS returnedCount,
               \(Self.incomingCountSQL) AS incomingCount,
               (SELECT monitoringEnabled FROM incomingSettings WHERE id = 1) AS incomingEnabled,
               (SELECT count(*) FROM finding WHERE ownerId = u.id AND status IN ('\(FindingStatus.open.rawValue)', '\(FindingStatus.inProgress.rawValue)')) AS findingCount
        FROM me u
        """

    /// Everything a request needs to know about who is asking, in one statement: the session, the
    /// user (only when active), roles, today's delegations (only those whose delegator is active and
    /// still holds the role) and the number of items waiting for them. Nil for an unknown session ID or a disabled user.
    func session(idHash: String, today: Day) throws -> SessionLookup? {
        // One SELECT, consistent on its own (SQLite reads a statement from one snapshot), on every
        // request: without the BEGIN and COMMIT of a read transaction around it.
        try writer.unsafeRead { db in
            let statement = try db.cachedStatement(sql: Self.sessionSQL)
            guard let row = try Row.fetchOne(statement, arguments: ["idHash": idHash, "today": today.description]) else { return nil }
            // By position, in the SELECT's order: a lookup by name compares every column name
            // case-insensitively, on every request.
            var delegatedRoles: [RoleKey: Int64] = [:]
            for pair in ((row[9] as String?) ?? "").split(separator: " ") {
                let parts = pair.split(separator: ":")
                if parts.count == 2, let from = Int64(parts[1]), delegatedRoles[RoleKey(String(parts[0]))] == nil {
                    delegatedRoles[RoleKey(String(parts[0]))] = from
                }
            }
            return SessionLookup(
                csrfToken: row[0], createdAt: row[1], lastSeenAt: row[2], userId: row[3],
                username: row[4], displayName: row[5], language: row[6], mustChangePassword: row[7],
                roleKeys: ((row[8] as String?) ?? "").split(separator: " ").map { RoleKey(String($0)) }, delegatedRoles: delegatedRoles,
                taskCount: row[10], returnedCount: row[11], incomingCount: row[12] ?? 0, incomingEnabled: row[13] ?? false,
                findingCount: row[14] ?? 0)
        }
    }

    func touchSession(idHash: String, at now: Date) throws {
        try writer.write { db in
            try db.execute(sql: "UPDATE session SET lastSeenAt = ? WHERE idHash = ?", arguments: [now, idHash])
        }
    }

    func deleteSession(idHash: String) throws {
        try writer.write { db in _ = try SessionRecord.deleteOne(db, key: idHash) }
    }

    func sessionCount(userId: Int64) throws -> Int {
        try writer.read { db in try SessionRecord.filter(SessionRecord.Columns.userId == userId).fetchCount(db) }
    }

    /// Removes sessions that can no longer be used; run now and then.
    @discardableResult
    func deleteExpiredSessions(policy: SessionPolicy, now: Date) throws -> Int {
        try writer.write { db in
            try SessionRecord
                .filter(SessionRecord.Columns.createdAt <= now.addingTimeInterval(-policy.absoluteLifetime)
                    || SessionRecord.Columns.lastSeenAt <= now.addingTimeInterval(-policy.idleTimeout))
                .deleteAll(db)
        }
    }
}

// MARK: - Login failures and the audit log

extension AppDatabase {
    func recordLoginFailure(username: String, clientAddress: String, at now: Date) throws {
        try writer.write { db in
            try LoginFailureRecord(id: nil, username: username, clientAddress: clientAddress, at: now).insert(db)
        }
    }

    func loginFailures(username: String, since: Date) throws -> [Date] {
        try writer.read { db in
            try Date.fetchAll(db, LoginFailureRecord.select(LoginFailureRecord.Columns.at)
                .filter(LoginFailureRecord.Columns.username == username && LoginFailureRecord.Columns.at >= since))
        }
    }

    func loginFailures(clientAddress: String, since: Date) throws -> [Date] {
        try writer.read { db in
            try Date.fetchAll(db, LoginFailureRecord.select(LoginFailureRecord.Columns.at)
                .filter(LoginFailureRecord.Columns.clientAddress == clientAddress && LoginFailureRecord.Columns.at >= since))
        }
    }

    func clearLoginFailures(username: String) throws {
        try writer.write { db in
            _ = try LoginFailureRecord.filter(LoginFailureRecord.Columns.username == username).deleteAll(db)
        }
    }

    func pruneLoginFailures(before: Date) throws {
        try writer.write { db in
            _ = try LoginFailureRecord.filter(LoginFailureRecord.Columns.at < before).deleteAll(db)
        }
    }

    func audit(_ action: AuditAction, actorId: Int64?, actorUsername: String?, target: String? = nil,
               clientAddress: String?, detail: String? = nil, at now: Date) throws {
        try writer.write { db in
            try AuditEventRecord.bounded(at: now, actorId: actorId, actorUsername: actorUsername, action: action,
                                         target: target, clientAddress: clientAddress, detail: detail).insert(db)
        }
    }

    /// The most security-log rows one client address adds without a session (failed and refused
    /// logins) in `AuditEventRecord.anonymousWindow`. Past it the attempts are still refused and
    /// counted for the throttles, but no longer each written to the log: one row says so.
    static let anonymousAuditLimit = 60

    /// An event without a signed-in actor (a failed or throttled login), bounded per client address.
    func auditAnonymous(_ action: AuditAction, username: String, clientAddress: String, detail: String? = nil, at now: Date) throws {
        try writer.write { db in
            let since = now.addingTimeInterval(-AuditEventRecord.anonymousWindow)
            let recent = try AuditEventRecord
                .filter(AuditEventRecord.Columns.clientAddress == clientAddress.prefix(utf8Bytes: AuditEventRecord.addressBytes))
                .filter(AuditEventRecord.Columns.at >= since)
                .filter(AuditEventRecord.Columns.actorId == nil)
                .limit(Self.anonymousAuditLimit + 1)
                .fetchCount(db)
            if recent > Self.anonymousAuditLimit { return }
            let capped = recent == Self.anonymousAuditLimit
            try AuditEventRecord.bounded(
                at: now, actorId: nil, actorUsername: capped ? nil : username, action: capped ? .auditCapped : action,
                target: capped ? nil : username, clientAddress: clientAddress, detail: capped ? "\(Self.anonymousAuditLimit)" : detail
            ).insert(db)
        }
    }
}

