import Foundation
import GRDB

/// The institution the portal serves. There is exactly one row.
struct InstitutionRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "institution"
    var id: Int64 = 1
    var name: String
    var timeZone: String
    var defaultLanguage: String
    var presetKey: String?
    var createdAt: Date

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let timeZone = Column(CodingKeys.timeZone)
    }
}

struct RoleRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "role"
    var key: String
    var name: String
    var position: Int

    enum Columns {
        static let key = Column(CodingKeys.key)
        static let position = Column(CodingKeys.position)
    }
}

struct UserRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "user"
    var id: Int64?
    var username: String
    var displayName: String
    var passwordHash: String
    var isActive: Bool
    var language: String
    var mustChangePassword: Bool
    var isDemo: Bool
    var passwordChangedAt: Date
    var createdAt: Date
    var updatedAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let username = Column(CodingKeys.username)
        static let displayName = Column(CodingKeys.displayName)
        static let isActive = Column(CodingKeys.isActive)
        static let isDemo = Column(CodingKeys.isDemo)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) {
        id = inserted.rowID
    }
}

struct UserRoleRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "userRole"
    var userId: Int64
    var roleKey: String

    enum Columns {
        static let userId = Column(CodingKeys.userId)
        static let roleKey = Column(CodingKeys.roleKey)
    }
}

/// A login session. Only a hash of the session ID is stored, so a copy of the database does not
/// hand out working cookies.
struct SessionRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "session"
    var idHash: String
    var userId: Int64
    var csrfToken: String
    var createdAt: Date
    var lastSeenAt: Date
    var clientAddress: String?
    var userAgent: String?

    enum Columns {
        static let idHash = Column(CodingKeys.idHash)
        static let userId = Column(CodingKeys.userId)
        static let createdAt = Column(CodingKeys.createdAt)
        static let lastSeenAt = Column(CodingKeys.lastSeenAt)
    }
}

struct LoginFailureRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "loginFailure"
    var id: Int64?
    var username: String
    var clientAddress: String
    var at: Date

    enum Columns {
        static let username = Column(CodingKeys.username)
        static let clientAddress = Column(CodingKeys.clientAddress)
        static let at = Column(CodingKeys.at)
    }
}

/// One security event: who did what, to whom, when and from where.
struct AuditEventRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "auditEvent"
    var id: Int64?
    var at: Date
    var actorId: Int64?
    var actorUsername: String?
    var action: String
    var target: String?
    var clientAddress: String?
    var detail: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let action = Column(CodingKeys.action)
    }
}

/// The audit actions recorded. Their keys are stable and their labels live in the catalogues.
enum AuditAction: String, CaseIterable, Sendable {
    case loginSuccess = "login.success"
    case loginFailure = "login.failure"
    case loginThrottled = "login.throttled"
    case logout = "logout"
    case passwordChange = "password.change"
    case passwordReset = "password.reset"
    case userCreate = "user.create"
    case userUpdate = "user.update"
    case roleChange = "user.roles"
    case userDisable = "user.disable"
    case userEnable = "user.enable"
}
