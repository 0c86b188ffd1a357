import Domain
import Foundation
import GRDB

/// The institution the portal serves. There is exactly one row.
struct InstitutionRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "institution"
    var id: Int64 = 1
    var name: String
    var timeZone: String
    var defaultLanguage: Language
    var presetKey: String?
    var createdAt: Date
    var captionLimit: Int = 200
    var officeOpens: Int = 7 * 60 + 30
    var officeCloses: Int = 16 * 60
    var officeDays: String = "2 3 4 5 6"
    /// The channels the institution publishes on.
    var channels: ChannelList = []
    var accountName: String = ""
    /// `PlatformLimits` as JSON.
    var platformLimits: String = "{}"
    var avatarSha256: String?
    /// The timing rules that are switched on.
    var timingRules: KeyList<TimingRule> = []
    /// Space-separated domains `website` links must point to.
    var websiteDomains: String = ""
    var updatePolicy: UpdatePolicy = .workflow
    var city: String = ""
    /// One person may not decide at two decide steps of a round through two roles.
    var separateDeciders: Bool = true
    /// The letterhead and the head who acknowledges the records (`v9-letterhead`).
    var letterheadAddress: String = ""
    var logoSha256: String?
    var headName: String = ""
    var headTitle: String = ""
    var headNip: String = ""

    enum Columns {
        static let name = Column(CodingKeys.name)
        static let timeZone = Column(CodingKeys.timeZone)
    }
}

struct RoleRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "role"
    var key: RoleKey
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
    var language: Language
    var mustChangePassword: Bool
    var isDemo: Bool
    var passwordChangedAt: Date
    var createdAt: Date
    var updatedAt: Date
    /// Nomor Induk Pegawai, printed under the name on the records; may be empty.
    var nip: String = ""

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
    var roleKey: RoleKey

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
    var action: AuditAction
    var target: String?
    var clientAddress: String?
    var detail: String?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let at = Column(CodingKeys.at)
        static let actorId = Column(CodingKeys.actorId)
        static let action = Column(CodingKeys.action)
        static let clientAddress = Column(CodingKeys.clientAddress)
    }

    /// The most each field keeps, in bytes of UTF-8: whatever a client sends, a row stays small.
    static let usernameBytes = 64
    static let targetBytes = 200
    static let addressBytes = 64
    static let detailBytes = 300
    /// The window over which anonymous events per client address are counted.
    static let anonymousWindow: TimeInterval = 15 * 60

    /// A row with every text cut to its limit on a character boundary.
    static func bounded(at: Date, actorId: Int64?, actorUsername: String?, action: AuditAction, target: String?,
                        clientAddress: String?, detail: String?) -> AuditEventRecord {
        AuditEventRecord(
            id: nil, at: at, actorId: actorId, actorUsername: actorUsername.map { $0.prefix(utf8Bytes: usernameBytes) },
            action: action, target: target.map { $0.prefix(utf8Bytes: targetBytes) },
            clientAddress: clientAddress.map { $0.prefix(utf8Bytes: addressBytes) },
            detail: detail.map { $0.prefix(utf8Bytes: detailBytes) })
    }
}

/// The audit actions recorded. Their keys are stable and their labels live in the catalogues.
enum AuditAction: String, CaseIterable, Sendable, Codable {
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
    case workflowUpdate = "workflow.update"
    case delegationCreate = "delegation.create"
    case delegationRevoke = "delegation.revoke"
    case holidayChange = "holiday.change"
    case settingsUpdate = "settings.update"
    case calendarFeed = "calendar.feed"
    case agendaImport = "agenda.import"
    case agendaChange = "agenda.change"
    /// One client's anonymous events passed the limit: later ones in the window are not written.
    case auditCapped = "audit.capped"
    /// A finding raised from the evaluation, or changed (issue 15).
    case findingCreate = "finding.create"
    case findingUpdate = "finding.update"
}

struct WorkflowVersionRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "workflowVersion"
    var number: Int
    var steps: [WorkflowStep]
    var note: String?
    var createdBy: Int64?
    var createdAt: Date

    enum Columns {
        static let number = Column(CodingKeys.number)
    }
}

struct HolidayRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "holiday"
    var id: Int64?
    /// `YYYY-MM-DD`
    var day: String
    var name: String
    var kind: HolidayKind

    enum Columns {
        static let day = Column(CodingKeys.day)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ContentItemRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "contentItem"
    var id: Int64?
    var workflowVersion: Int
    var position: Int
    var status: ItemStatus
    var stepRoleKey: RoleKey?
    var stepEnteredAt: Date
    var version: Int
    var revision: Int
    var title: String
    var kind: ContentKind
    var publishAt: Date?
    var createdBy: Int64
    var createdAt: Date
    var updatedAt: Date
    var publishedAt: Date?
    /// From the latest revision: the channels, the activity, the greeting's day.
    var channels: ChannelList = []
    var eventAt: Date?
    var eventEndAt: Date?
    var dueOn: String?
    var agendaId: Int64?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let status = Column(CodingKeys.status)
        static let stepRoleKey = Column(CodingKeys.stepRoleKey)
        static let stepEnteredAt = Column(CodingKeys.stepEnteredAt)
        static let createdBy = Column(CodingKeys.createdBy)
        static let updatedAt = Column(CodingKeys.updatedAt)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ContentRevisionRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "contentRevision"
    var id: Int64?
    var itemId: Int64
    var number: Int
    var authorId: Int64
    var createdAt: Date
    var title: String
    var kind: ContentKind
    var caption: String
    var channels: ChannelList
    /// One URL per line.
    var mediaLinks: String
    var source: ContentSource
    var eventAt: Date?
    var publishAt: Date?
    var notes: String
    var eventEndAt: Date?
    /// `YYYY-MM-DD`: the day a greeting is for.
    var dueOn: String?
    var agendaId: Int64?

    enum Columns {
        static let itemId = Column(CodingKeys.itemId)
        static let number = Column(CodingKeys.number)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ContentEventRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "contentEvent"
    var id: Int64?
    var itemId: Int64
    var action: HistoryAction
    var fromPosition: Int
    var toPosition: Int
    var stepName: String
    var actorId: Int64
    var onBehalfOfId: Int64?
    var revision: Int
    var comment: String?
    var at: Date
    var waitedMinutes: Int?
    var standardMinutes: Int?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let itemId = Column(CodingKeys.itemId)
        static let action = Column(CodingKeys.action)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct ContentLinkRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "contentLink"
    var id: Int64?
    var itemId: Int64
    var channel: Channel
    /// Normalised: tracking parameters dropped, host lower-cased.
    var url: String
    var createdBy: Int64
    /// When the link was recorded: the post went live.
    var createdAt: Date
    /// When a newer link replaced it (the post was replaced); nil while current.
    var replacedAt: Date? = nil
    var replacedBy: Int64? = nil
    /// The last check's result.
    var status: LinkStatus = .unchecked
    var httpStatus: Int? = nil
    var checkedAt: Date? = nil

    enum Columns {
        static let itemId = Column(CodingKeys.itemId)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct DelegationRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "delegation"
    var id: Int64?
    var fromUserId: Int64
    var toUserId: Int64
    var roleKey: RoleKey
    var startsOn: String
    var endsOn: String
    var createdBy: Int64
    var createdAt: Date
    var revokedAt: Date?
    var revokedBy: Int64?

    enum Columns {
        static let toUserId = Column(CodingKeys.toUserId)
        static let fromUserId = Column(CodingKeys.fromUserId)
        static let revokedAt = Column(CodingKeys.revokedAt)
        static let endsOn = Column(CodingKeys.endsOn)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct AgendaItemRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "agendaItem"
    var id: Int64?
    var uid: String
    var title: String
    var startsAt: Date
    var endsAt: Date
    var isAllDay: Bool
    var location: String
    var owner: String
    var notes: String
    var needsCoverage: Bool
    var rrule: String?
    /// Excluded occurrences, one per line: an ISO 8601 instant, or a `YYYY-MM-DD` day.
    var exdates: String
    /// The zone its wall-clock times and recurrences belong to; empty for the institution's.
    var timeZone: String = ""
    var source: AgendaSource
    var createdBy: Int64?
    var createdAt: Date
    var updatedAt: Date
    /// For a recurring item: the end of its series' last occurrence (COUNT resolved once, UNTIL as
    /// an upper bound), nil when it never ends. Lets the calendar load only series that can show,
    /// and expand a COUNT series from the shown range instead of from DTSTART.
    var seriesEndsAt: Date? = nil
    /// Which calendar an imported item came from (`ICSCalendar.identity`): its UID is matched
    /// within that calendar only. Empty for items typed in, and for items imported before this was kept.
    var calendar: String = ""

    enum Columns {
        static let uid = Column(CodingKeys.uid)
        static let calendar = Column(CodingKeys.calendar)
        static let source = Column(CodingKeys.source)
        static let startsAt = Column(CodingKeys.startsAt)
        static let endsAt = Column(CodingKeys.endsAt)
        static let rrule = Column(CodingKeys.rrule)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CommemorationRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "commemoration"
    var id: Int64?
    /// `MM-DD`
    var monthDay: String
    var name: String
    var basis: String

    enum Columns {
        static let monthDay = Column(CodingKeys.monthDay)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CalendarFeedRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "calendarFeed"
    var userId: Int64
    /// Only the SHA-256 of the secret address's token: the address is shown once, when it is made.
    var tokenHash: String
    var createdAt: Date
}

struct LinkCheckRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "linkCheck"
    var id: Int64?
    var linkId: Int64
    var checkedAt: Date
    var status: LinkStatus
    var httpStatus: Int?
    /// `HEAD` or `GET`: the request that decided.
    var method: String
    var detail: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

// MARK: - Incoming messages (`v11-incoming`)

/// A division messages are forwarded to: Kendal's bidang, DKI's bagian, a university's units.
struct DivisionRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "division"
    var id: Int64?
    var name: String
    /// Digits with the country code (`6281234567890`), for the WhatsApp hand-off; may be empty.
    var whatsApp: String
    var position: Int
    var createdAt: Date

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let name = Column(CodingKeys.name)
        static let position = Column(CodingKeys.position)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct UserDivisionRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "userDivision"
    var userId: Int64
    var divisionId: Int64
}

/// The monitoring rounds and the follow-up workflow. One row.
struct IncomingSettingsRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "incomingSettings"
    var id: Int64 = 1
    var monitoringEnabled: Bool
    var monitoring: MonitoringSettings
    var followUp: FollowUpWorkflow
}

/// A monitoring round as recorded: which round of which office day, who checked which channels,
/// and how many new messages they logged (zero is an answer).
struct MonitoringRoundRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "monitoringRound"
    var id: Int64?
    var roundKey: String
    /// `YYYY-MM-DD`.
    var day: String
    var recordedAt: Date
    var recordedBy: Int64
    var onBehalfOfId: Int64?
    var channels: ChannelList
    var newMessages: Int
    var note: String
    var standardMinutes: Int?

    enum Columns {
        static let day = Column(CodingKeys.day)
        static let roundKey = Column(CodingKeys.roundKey)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var recorded: RecordedRound? { Day(day).map { RecordedRound(roundKey: roundKey, day: $0, recordedAt: recordedAt) } }
}

/// A logged incoming message and where its follow-up stands.
struct IncomingMessageRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "incomingMessage"
    var id: Int64?
    var channel: Channel
    var sender: String
    var receivedAt: Date
    var kind: MessageKind
    var category: MessageCategory
    var text: String
    var link: String?
    var screenshotSha256: String?
    var contentItemId: Int64?
    var divisionId: Int64?
    var status: FollowUpStatus
    var outcome: FollowUpOutcome?
    /// The step it waits at; nil when referred or closed.
    var step: FollowUpStepKind?
    var stepEnteredAt: Date
    /// Raised by every change: a form carries it, and a change made since is refused as stale.
    var version: Int
    /// The division's answer, to be posted.
    var answer: String?
    /// The link of the posted reply.
    var replyLink: String?
    /// The SP4N-LAPOR! tracking number.
    var trackingNumber: String?
    var createdBy: Int64
    var createdAt: Date
    var updatedAt: Date
    var closedAt: Date?

    enum Columns {
        static let id = Column(CodingKeys.id)
        static let receivedAt = Column(CodingKeys.receivedAt)
        static let status = Column(CodingKeys.status)
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var state: FollowUpState { FollowUpState(status: status, category: category, divisionId: divisionId, outcome: outcome) }
}

/// One line of a message's history: the step acted at, who (and "a.n." whom), when, the office
/// minutes it waited there against the standard, and what was given.
struct IncomingEventRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "incomingEvent"
    var id: Int64?
    var messageId: Int64
    var action: IncomingAction
    var step: FollowUpStepKind?
    var stepName: String
    var fromStatus: FollowUpStatus?
    var toStatus: FollowUpStatus
    var actorId: Int64
    var onBehalfOfId: Int64?
    var at: Date
    var officeMinutes: Int?
    var standardMinutes: Int?
    var divisionId: Int64?
    var reason: String?
    var text: String?
    var link: String?
    var trackingNumber: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
