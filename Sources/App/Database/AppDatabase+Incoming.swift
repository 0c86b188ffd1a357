import Domain
import Foundation
import GRDB
import NIOConcurrencyHelpers

// Incoming messages (issue 14): divisions, monitoring rounds, the message log and its follow-up.
// Every change runs in one write transaction with its checks; the rules themselves are in Domain
// (`MonitoringSchedule`, `FollowUpWorkflow`, `IncomingLinks`).

/// Why a change to divisions, rounds or messages was refused. Each case is a message in the
/// user's language on the page, never a 500.
enum IncomingError: Error, Equatable, Sendable {
    case notFound
    /// Someone else changed the message first: who, and when (409).
    case stale(actor: String, at: Date)
    /// The follow-up refuses the action: wrong step, wrong role, not in the division (403),
    /// a missing reason, text or link, a division without members …
    case transition(FollowUpError)
    /// The new message's fields (empty sender or text, a received time in the future …).
    case invalid([IncomingDraft.Problem])
    /// The message's link, or the posted reply's, is not a link of the message's channel.
    case badLink(PlatformLinkProblem)
    /// The same message (channel, sender, received time and text) is logged already: a double submit.
    case duplicate(existingId: Int64)
    case unknownScreenshot
    case unknownContentItem
    /// A reason, answer, note or tracking number longer than `IncomingDraft.maximumTextLength`.
    case textTooLong

    // Divisions
    case divisionNameEmpty
    case divisionNameTaken
    case invalidWhatsApp
    /// Messages were forwarded to it: it stays, so their history does.
    case divisionInUse
    case unknownDivision
    case unknownUser

    // Monitoring rounds
    /// The institution has not switched monitoring rounds on.
    case monitoringOff
    case unknownRound
    case notAnOfficeDay
    /// A round of a day that has not come yet.
    case roundInFuture
    /// Recorded already (by someone, maybe a second ago: a double submit).
    case alreadyRecorded
    case negativeCount

    // Settings
    case monitoringSettings([MonitoringSettings.Problem])
    case followUpSettings([FollowUpWorkflow.Problem])
}

/// The monitoring rounds and the follow-up workflow, as the institution set them.
struct IncomingSettings: Sendable, Equatable {
    var monitoring: MonitoringSettings
    var followUp: FollowUpWorkflow

    init(monitoring: MonitoringSettings, followUp: FollowUpWorkflow) {
        self.monitoring = monitoring
        self.followUp = followUp
    }

    init(preset: SOPPreset) {
        self.init(monitoring: .preset(preset), followUp: .preset(preset))
    }

    var record: IncomingSettingsRecord {
        IncomingSettingsRecord(monitoringEnabled: monitoring.enabled, monitoring: monitoring, followUp: followUp)
    }
}

/// A division with its number of active members.
/// The last incoming settings decoded, by their stored JSON texts: one decode per change, not per page.
final class IncomingSettingsMemo: Sendable {
    static let shared = IncomingSettingsMemo()
    private struct Entry: Sendable {
        var monitoring: String
        var followUp: String
        var settings: IncomingSettings
    }
    private let last = NIOLockedValueBox<Entry?>(nil)

    func settings(monitoring: String, followUp: String) throws -> IncomingSettings {
        if let entry = last.withLockedValue({ $0 }), entry.monitoring == monitoring, entry.followUp == followUp {
            return entry.settings
        }
        let decoder = JSONDecoder()
        let settings = IncomingSettings(
            monitoring: try decoder.decode(MonitoringSettings.self, from: Data(monitoring.utf8)),
            followUp: try decoder.decode(FollowUpWorkflow.self, from: Data(followUp.utf8)))
        last.withLockedValue { $0 = Entry(monitoring: monitoring, followUp: followUp, settings: settings) }
        return settings
    }
}

struct DivisionSummary: Sendable, Equatable {
    var division: DivisionRecord
    var activeMembers: Int
}

/// What the monitor fills in when a round is done.
struct RoundDraft: Sendable, Equatable {
    var roundKey: String
    var day: Day
    var channels: [Channel]
    var newMessages: Int
    var note: String = ""
}

/// A recorded round with its recorder's name.
struct MonitoringRoundRow: Sendable, Equatable {
    var round: MonitoringRoundRecord
    var recorderName: String
    var onBehalfOfName: String?
}

/// Which messages: the filters of the inbox, typed as the archive's.
struct IncomingFilter: Sendable, Equatable {
    /// Received in `[from, to)`.
    var from: Date?
    var to: Date?
    var status: FollowUpStatus?
    var channel: Channel?
    var category: MessageCategory?
    var divisionId: Int64?
    /// Words in the sender, the text or the link (at most five words).
    var text: String = ""
}

/// A message in a list: its record and the names the list shows.
struct IncomingRow: Sendable, Equatable {
    var message: IncomingMessageRecord
    var divisionName: String?
    var creatorName: String

    /// A row of `AppDatabase.incomingColumns`: the message's columns, then the two names.
    init(row: Row) throws {
        let count = IncomingMessageRecord.selectedColumns.count
        message = try IncomingMessageRecord(row: row, startingAt: 0)
        divisionName = row[count]
        creatorName = row[count + 1] ?? "?"
    }
}

/// A message waiting for the user, for "Tugas saya": oldest first, with its waiting time.
struct IncomingTask: Sendable, Equatable {
    var row: IncomingRow
    var step: FollowUpStepKind
    var waiting: WaitingTime
    /// Set when the user may act only on someone's behalf ("a.n."): that person's id.
    var onBehalfOf: Int64?
}

/// One line of a message's history, with the names resolved.
struct IncomingEventRow: Sendable, Equatable {
    var event: IncomingEventRecord
    var actorName: String
    var onBehalfOfName: String?
    var divisionName: String?
}

/// A message with everything its page shows, read in one transaction.
struct IncomingBundle: Sendable {
    var message: IncomingMessageRecord
    var events: [IncomingEventRow]
    var division: DivisionRecord?
    var creatorName: String
    var screenshot: MediaFileRecord?
    var contentTitle: String?
}

/// A month's counts for the report.
struct IncomingCounts: Sendable, Equatable {
    var total: Int
    var byChannel: [Count<Channel>]
    var byCategory: [Count<MessageCategory>]
    /// Per division; a nil id counts the messages never forwarded.
    var byDivision: [DivisionCount]
    var byStatus: [Count<FollowUpStatus>]

    struct Count<Key: Sendable & Equatable>: Sendable, Equatable {
        var key: Key
        var count: Int
    }

    struct DivisionCount: Sendable, Equatable {
        var divisionId: Int64?
        var name: String?
        var count: Int
    }
}

// MARK: - Settings

extension AppDatabase {
    func incomingSettings() throws -> IncomingSettings {
        try writer.read { db in try Self.incomingSettings(db) }
    }

    static func incomingSettings(_ db: Database) throws -> IncomingSettings {
        // The stored JSON is read every time (another process may have changed it); decoding it is
        // not, while it stays the same text: the inbox, the home page and the forms all read it.
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT monitoringEnabled, monitoring, followUp FROM incomingSettings WHERE id = 1")),
              let monitoringJSON = row[1] as String?, let followUpJSON = row[2] as String? else {
            let preset = (try String.fetchOne(db, sql: "SELECT presetKey FROM institution")).flatMap(SOPPreset.named) ?? .kendal
            return IncomingSettings(preset: preset)
        }
        var settings = try IncomingSettingsMemo.shared.settings(monitoring: monitoringJSON, followUp: followUpJSON)
        settings.monitoring.enabled = row[0]
        return settings
    }

    /// Saves the rounds and the follow-up workflow after the domain's checks. Messages in flight
    /// follow the new settings from their next step; their history keeps the standards of then.
    func updateIncomingSettings(_ settings: IncomingSettings) throws {
        let problems = settings.monitoring.problems()
        guard problems.isEmpty else { throw IncomingError.monitoringSettings(problems) }
        try writer.write { db in
            let roles = Set(try RoleKey.fetchAll(db, sql: "SELECT key FROM role"))
            let workflowProblems = settings.followUp.problems(knownRoles: roles)
            guard workflowProblems.isEmpty else { throw IncomingError.followUpSettings(workflowProblems) }
            try settings.record.upsert(db)
        }
    }
}

// MARK: - Divisions

extension AppDatabase {
    /// Every division, in their order, with their active members counted.
    func divisions() throws -> [DivisionSummary] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT d.*, (SELECT COUNT(*) FROM userDivision ud JOIN user u ON u.id = ud.userId
                             WHERE ud.divisionId = d.id AND u.isActive) AS activeMembers
                FROM division d ORDER BY d.position, d.name COLLATE NOCASE
                """).map { DivisionSummary(division: try DivisionRecord(row: $0), activeMembers: $0["activeMembers"]) }
        }
    }

    func division(id: Int64) throws -> DivisionRecord? {
        try writer.read { db in try DivisionRecord.fetchOne(db, key: id) }
    }

    static func checkedDivisionFields(name: String, whatsApp: String) throws -> (name: String, whatsApp: String) {
        let name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !name.isEmpty else { throw IncomingError.divisionNameEmpty }
        guard name.count <= 200 else { throw IncomingError.textTooLong }
        guard let number = WhatsAppNumber.normalise(whatsApp) else { throw IncomingError.invalidWhatsApp }
        return (name, number)
    }

    @discardableResult
    func createDivision(name: String, whatsApp: String = "", now: Date) throws -> Int64 {
        let fields = try Self.checkedDivisionFields(name: name, whatsApp: whatsApp)
        return try writer.write { db in
            guard try DivisionRecord.filter(DivisionRecord.Columns.name.collating(.nocase) == fields.name).fetchCount(db) == 0 else {
                throw IncomingError.divisionNameTaken
            }
            let position = (try Int.fetchOne(db, sql: "SELECT max(position) FROM division") ?? 0) + 1
            var record = DivisionRecord(id: nil, name: fields.name, whatsApp: fields.whatsApp, position: position, createdAt: now)
            try record.insert(db)
            return record.id!
        }
    }

    func updateDivision(id: Int64, name: String, whatsApp: String) throws {
        let fields = try Self.checkedDivisionFields(name: name, whatsApp: whatsApp)
        try writer.write { db in
            guard var record = try DivisionRecord.fetchOne(db, key: id) else { throw IncomingError.unknownDivision }
            guard try DivisionRecord.filter(DivisionRecord.Columns.name.collating(.nocase) == fields.name && DivisionRecord.Columns.id != id)
                .fetchCount(db) == 0 else { throw IncomingError.divisionNameTaken }
            record.name = fields.name
            record.whatsApp = fields.whatsApp
            try record.update(db)
        }
    }

    /// Removes a division no message was ever forwarded to (its members with it).
    func deleteDivision(id: Int64) throws {
        try writer.write { db in
            guard try DivisionRecord.fetchOne(db, key: id) != nil else { throw IncomingError.unknownDivision }
            let used = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM incomingMessage WHERE divisionId = ?) OR EXISTS (SELECT 1 FROM incomingEvent WHERE divisionId = ?)
                """, arguments: [id, id]) ?? true
            guard !used else { throw IncomingError.divisionInUse }
            _ = try DivisionRecord.deleteOne(db, key: id)
        }
    }

    /// Makes `userIds` the division's members, exactly.
    func setDivisionMembers(divisionId: Int64, userIds: [Int64]) throws {
        try writer.write { db in
            guard try DivisionRecord.fetchOne(db, key: divisionId) != nil else { throw IncomingError.unknownDivision }
            let unique = Array(Set(userIds))
            if !unique.isEmpty {
                let known = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM user WHERE id IN (\(databaseQuestionMarks(count: unique.count)))",
                                             arguments: StatementArguments(unique)) ?? 0
                guard known == unique.count else { throw IncomingError.unknownUser }
            }
            try db.execute(sql: "DELETE FROM userDivision WHERE divisionId = ?", arguments: [divisionId])
            for userId in unique { try UserDivisionRecord(userId: userId, divisionId: divisionId).insert(db) }
        }
    }

    func addDivisionMember(divisionId: Int64, userId: Int64) throws {
        try writer.write { db in
            guard try DivisionRecord.fetchOne(db, key: divisionId) != nil else { throw IncomingError.unknownDivision }
            guard try UserRecord.fetchOne(db, key: userId) != nil else { throw IncomingError.unknownUser }
            try UserDivisionRecord(userId: userId, divisionId: divisionId).insert(db, onConflict: .ignore)
        }
    }

    func removeDivisionMember(divisionId: Int64, userId: Int64) throws {
        try writer.write { db in
            try db.execute(sql: "DELETE FROM userDivision WHERE divisionId = ? AND userId = ?", arguments: [divisionId, userId])
        }
    }

    /// The division's members, active or not, by name.
    func divisionMembers(divisionId: Int64) throws -> [(id: Int64, name: String, isActive: Bool)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.displayName, u.isActive FROM userDivision ud JOIN user u ON u.id = ud.userId
                WHERE ud.divisionId = ? ORDER BY u.displayName
                """, arguments: [divisionId]).map { ($0["id"], $0["displayName"], $0["isActive"]) }
        }
    }

    /// The divisions a user belongs to.
    func divisionIds(userId: Int64) throws -> [Int64] {
        try writer.read { db in try Int64.fetchAll(db, sql: "SELECT divisionId FROM userDivision WHERE userId = ? ORDER BY divisionId", arguments: [userId]) }
    }
}

// MARK: - Who may act

extension AppDatabase {
    /// The roles and divisions `actor` may act in on `today`: as themselves, an active account's
    /// own roles and divisions; "a.n." someone, the roles that person delegated to them (in their
    /// dates, not revoked, still held, both accounts active) and that person's divisions.
    static func followUpActor(_ db: Database, _ actor: ContentActor, today: Day) throws -> FollowUpActor {
        if let from = actor.onBehalfOf {
            let roles = try RoleKey.fetchAll(db, sql: """
                SELECT d.roleKey FROM delegation d JOIN user f ON f.id = d.fromUserId JOIN user t ON t.id = d.toUserId
                  JOIN userRole r ON r.userId = d.fromUserId AND r.roleKey = d.roleKey
                WHERE d.fromUserId = ? AND d.toUserId = ? AND d.revokedAt IS NULL AND d.startsOn <= ? AND d.endsOn >= ?
                  AND f.isActive AND t.isActive
                """, arguments: [from, actor.userId, today.description, today.description])
            guard !roles.isEmpty else { return FollowUpActor(roles: [], divisionIds: []) }
            let divisions = try Int64.fetchAll(db, sql: "SELECT divisionId FROM userDivision WHERE userId = ?", arguments: [from])
            return FollowUpActor(roles: Set(roles), divisionIds: Set(divisions))
        }
        guard try Bool.fetchOne(db, sql: "SELECT isActive FROM user WHERE id = ?", arguments: [actor.userId]) == true else {
            return FollowUpActor(roles: [], divisionIds: [])
        }
        let roles = try RoleKey.fetchAll(db, sql: "SELECT roleKey FROM userRole WHERE userId = ?", arguments: [actor.userId])
        let divisions = try Int64.fetchAll(db, sql: "SELECT divisionId FROM userDivision WHERE userId = ?", arguments: [actor.userId])
        return FollowUpActor(roles: Set(roles), divisionIds: Set(divisions))
    }

    /// Active members of a division; nil when there is no such division.
    static func activeMembers(_ db: Database, divisionId: Int64) throws -> Int? {
        guard try DivisionRecord.fetchOne(db, key: divisionId) != nil else { return nil }
        return try Int.fetchOne(db, sql: """
            SELECT COUNT(*) FROM userDivision ud JOIN user u ON u.id = ud.userId WHERE ud.divisionId = ? AND u.isActive
            """, arguments: [divisionId]) ?? 0
    }

    static func websiteDomains(_ db: Database) throws -> [String] {
        (try String.fetchOne(db, sql: "SELECT websiteDomains FROM institution") ?? "").split(separator: " ").map(String.init)
    }
}

// MARK: - Monitoring rounds

extension AppDatabase {
    /// Records a monitoring round, by the monitor (the follow-up's log role, or "a.n." its holder).
    /// Refused when rounds are off, for an unknown round, a day off or a day to come, and a second
    /// time for the same round of the same day.
    @discardableResult
    func recordRound(_ draft: RoundDraft, by actor: ContentActor, calendar: OfficeCalendar, now: Date) throws -> MonitoringRoundRecord {
        guard draft.newMessages >= 0 else { throw IncomingError.negativeCount }
        let note = draft.note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 1_000 else { throw IncomingError.textTooLong }
        return try writer.write { db in
            let settings = try Self.incomingSettings(db)
            guard settings.monitoring.enabled else { throw IncomingError.monitoringOff }
            guard settings.monitoring.round(key: draft.roundKey) != nil else { throw IncomingError.unknownRound }
            guard calendar.isWorkingDay(draft.day) else { throw IncomingError.notAnOfficeDay }
            guard draft.day <= calendar.day(of: now) else { throw IncomingError.roundInFuture }
            let today = calendar.day(of: now)
            if let role = settings.followUp.step(.log)?.roleKey,
               !(try Self.followUpActor(db, actor, today: today).roles.contains(role)) {
                throw IncomingError.transition(.wrongRole(role))
            }
            let exists = try MonitoringRoundRecord
                .filter(MonitoringRoundRecord.Columns.day == draft.day.description && MonitoringRoundRecord.Columns.roundKey == draft.roundKey)
                .fetchCount(db) > 0
            guard !exists else { throw IncomingError.alreadyRecorded }
            var channels: [Channel] = []
            for channel in draft.channels where !channels.contains(channel) { channels.append(channel) }
            var record = MonitoringRoundRecord(
                id: nil, roundKey: draft.roundKey, day: draft.day.description, recordedAt: now, recordedBy: actor.userId,
                onBehalfOfId: actor.onBehalfOf, channels: ChannelList(channels), newMessages: draft.newMessages, note: note,
                standardMinutes: settings.monitoring.standardMinutes)
            try record.insert(db)
            return record
        }
    }

    /// The rounds recorded from `from` through `through`, by day and recording time.
    func monitoringRounds(from: Day, through: Day) throws -> [MonitoringRoundRow] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT r.*, a.displayName AS recorderName, b.displayName AS onBehalfOfName
                FROM monitoringRound r JOIN user a ON a.id = r.recordedBy LEFT JOIN user b ON b.id = r.onBehalfOfId
                WHERE r.day >= ? AND r.day <= ? ORDER BY r.day, r.recordedAt, r.id
                """, arguments: [from.description, through.description]).map {
                MonitoringRoundRow(round: try MonitoringRoundRecord(row: $0), recorderName: $0["recorderName"], onBehalfOfName: $0["onBehalfOfName"])
            }
        }
    }

    /// Each round expected from `from` through `through`, with its status at `now`; empty when
    /// rounds are off. For the calendar, the report and "Tugas saya".
    func roundOccurrences(from: Day, through: Day, calendar: OfficeCalendar, now: Date) throws -> [RoundOccurrence] {
        let settings = try incomingSettings().monitoring
        guard settings.enabled else { return [] }
        let recorded = try monitoringRounds(from: from, through: through).compactMap(\.round.recorded)
        return MonitoringSchedule.occurrences(settings.rounds, calendar: calendar, from: from, through: through, recorded: recorded, now: now)
    }

    /// The round open now and not yet recorded, for the monitor's "Tugas saya"; nil for anyone who
    /// does not hold the monitoring role (themselves or "a.n."), or when rounds are off.
    func currentRound(for userId: Int64, calendar: OfficeCalendar, now: Date) throws -> RoundOccurrence? {
        let today = calendar.day(of: now)
        let settings = try incomingSettings()
        guard settings.monitoring.enabled, let role = settings.followUp.step(.log)?.roleKey else { return nil }
        let holds = try writer.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM userRole r JOIN user u ON u.id = r.userId WHERE r.userId = ? AND r.roleKey = ? AND u.isActive)
                  OR EXISTS (SELECT 1 FROM delegation d JOIN user f ON f.id = d.fromUserId JOIN userRole r ON r.userId = d.fromUserId AND r.roleKey = d.roleKey
                             WHERE d.toUserId = ? AND d.roleKey = ? AND d.revokedAt IS NULL AND d.startsOn <= ? AND d.endsOn >= ? AND f.isActive)
                """, arguments: [userId, role, userId, role, today.description, today.description]) ?? false
        }
        guard holds else { return nil }
        let recorded = try monitoringRounds(from: today, through: today).compactMap(\.round.recorded)
        return MonitoringSchedule.current(settings.monitoring.rounds, calendar: calendar, recorded: recorded, now: now)
    }
}

// MARK: - Logging and the follow-up

extension AppDatabase {
    /// Logs a message at the first step: checks its fields (a received time in the future is
    /// refused), its link against its channel (normalised as stored), the screenshot and content
    /// item it names, the actor's right to the log step, and a double submit. Its history starts
    /// with the log line, whose office minutes run from its reception.
    func logMessage(_ draft: IncomingDraft, by actor: ContentActor, calendar: OfficeCalendar, now: Date) throws -> IncomingMessageRecord {
        let problems = draft.problems(now: now)
        guard problems.isEmpty else { throw IncomingError.invalid(problems) }
        return try writer.write { db in
            let settings = try Self.incomingSettings(db)
            let workflow = settings.followUp
            var link: String?
            if let raw = draft.link, !raw.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                switch IncomingLinks.validate(raw, channel: draft.channel, ownDomains: try Self.websiteDomains(db)) {
                case .success(let normalised): link = normalised
                case .failure(let problem): throw IncomingError.badLink(problem)
                }
            }
            if let sha = draft.screenshotSha256, try MediaFileRecord.fetchOne(db, key: sha) == nil { throw IncomingError.unknownScreenshot }
            if let item = draft.contentItemId, try ContentItemRecord.fetchOne(db, key: item) == nil { throw IncomingError.unknownContentItem }
            let logStep = workflow.step(.log)
            // The log step's role, or an administrator (who may log for the monitor).
            if let role = logStep?.roleKey, !(try Self.followUpActor(db, actor, today: calendar.day(of: now)).roles.contains { $0 == role || $0 == .admin }) {
                throw IncomingError.transition(.wrongRole(role))
            }
            let sender = draft.sender.trimmingCharacters(in: .whitespacesAndNewlines)
            let text = draft.text.trimmingCharacters(in: .whitespacesAndNewlines)
            let receivedAt = min(draft.receivedAt, now)
            if let existing = try Int64.fetchOne(db, sql: """
                SELECT id FROM incomingMessage WHERE receivedAt = ? AND channel = ? AND sender = ? AND text = ? LIMIT 1
                """, arguments: [receivedAt, draft.channel, sender, text]) {
                throw IncomingError.duplicate(existingId: existing)
            }
            var message = IncomingMessageRecord(
                id: nil, channel: draft.channel, sender: sender, receivedAt: receivedAt, kind: draft.kind, category: draft.category,
                text: text, link: link, screenshotSha256: draft.screenshotSha256, contentItemId: draft.contentItemId, divisionId: nil,
                status: .logged, outcome: nil, step: FollowUpStatus.logged.waitingStep, stepEnteredAt: now, version: 1, answer: nil,
                replyLink: nil, trackingNumber: nil, createdBy: actor.userId, createdAt: now, updatedAt: now, closedAt: nil)
            try message.insert(db)
            var event = IncomingEventRecord(
                id: nil, messageId: message.id!, action: .log, step: .log, stepName: logStep?.name ?? "", fromStatus: nil, toStatus: .logged,
                actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, at: now,
                officeMinutes: calendar.officeMinutes(from: receivedAt, to: now),
                standardMinutes: workflow.standardMinutes(.log, category: draft.category))
            try event.insert(db)
            return message
        }
    }

    /// Loads a message for a change, refusing when someone else changed it since `expectedVersion`.
    static func checkedMessage(_ db: Database, id: Int64, expectedVersion: Int) throws -> IncomingMessageRecord {
        guard let message = try IncomingMessageRecord.fetchOne(db, key: id) else { throw IncomingError.notFound }
        guard message.version == expectedVersion else {
            let last = try Row.fetchOne(db, sql: """
                SELECT u.displayName, e.at FROM incomingEvent e JOIN user u ON u.id = e.actorId
                WHERE e.messageId = ? ORDER BY e.id DESC LIMIT 1
                """, arguments: [id])
            throw IncomingError.stale(actor: last?["displayName"] ?? "?", at: last?["at"] ?? message.updatedAt)
        }
        return message
    }

    /// Moves a message along its follow-up, in one write transaction: the version check (stale →
    /// `.stale`), the actor's roles and divisions as the database says now, the domain's
    /// transition, the posted reply's link against the channel, the history line with the office
    /// minutes spent at the step against its standard, and the message's new state.
    func applyFollowUp(_ action: FollowUpAction, messageId: Int64, expectedVersion: Int, by actor: ContentActor,
                       calendar: OfficeCalendar, now: Date) throws -> IncomingMessageRecord {
        func trimmed(_ text: String?) -> String? {
            let value = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : value
        }
        return try writer.write { db in
            var message = try Self.checkedMessage(db, id: messageId, expectedVersion: expectedVersion)
            let workflow = try Self.incomingSettings(db).followUp
            var action = action
            if case .post(let raw) = action, trimmed(raw) != nil {
                switch IncomingLinks.validate(raw, channel: message.channel, ownDomains: try Self.websiteDomains(db)) {
                case .success(let normalised): action = .post(link: normalised)
                case .failure(let problem): throw IncomingError.badLink(problem)
                }
            }
            let who = try Self.followUpActor(db, actor, today: calendar.day(of: now))
            let state = message.state
            let transition: FollowUpTransition
            switch Result(catching: { () throws(FollowUpError) -> FollowUpTransition in
                try workflow.apply(action, to: state, by: who) { id in (try? Self.activeMembers(db, divisionId: id)) ?? nil }
            }) {
            case .success(let result): transition = result
            case .failure(let error): throw IncomingError.transition(error)
            }
            var event = IncomingEventRecord(
                id: nil, messageId: messageId, action: action.historyAction, step: transition.step,
                stepName: transition.step.flatMap { workflow.step($0)?.name } ?? "", fromStatus: message.status,
                toStatus: transition.state.status, actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, at: now,
                officeMinutes: transition.step == nil ? nil : calendar.officeMinutes(from: message.stepEnteredAt, to: now),
                standardMinutes: transition.standardMinutes, divisionId: transition.state.divisionId)
            switch action {
            case .forward: break
            case .dismiss(let reason), .decide(let reason): event.reason = trimmed(reason)
            case .answer(let text, let reason):
                event.text = trimmed(text)
                event.reason = trimmed(reason)
                message.answer = event.text
            case .post(let link):
                event.link = link
                message.replyLink = link
            case .refer(let number):
                event.trackingNumber = trimmed(number)
                message.trackingNumber = event.trackingNumber
            case .referralOutcome(let text, _):
                event.text = trimmed(text)
                event.trackingNumber = message.trackingNumber
            }
            for text in [event.reason, event.text, event.trackingNumber] {
                if let text, text.count > IncomingDraft.maximumTextLength { throw IncomingError.textTooLong }
            }
            try event.insert(db)
            message.status = transition.state.status
            message.outcome = transition.state.outcome
            message.divisionId = transition.state.divisionId
            message.step = transition.state.status.waitingStep
            message.stepEnteredAt = now
            message.version += 1
            message.updatedAt = now
            if message.status == .closed { message.closedAt = now }
            try message.update(db)
            return message
        }
    }

    func incomingMessage(id: Int64) throws -> IncomingMessageRecord? {
        try writer.read { db in try IncomingMessageRecord.fetchOne(db, key: id) }
    }

    func incomingBundle(id: Int64) throws -> IncomingBundle? {
        try writer.read { db in
            guard let message = try IncomingMessageRecord.fetchOne(db, key: id) else { return nil }
            let events = try Row.fetchAll(db, sql: """
                SELECT e.*, a.displayName AS actorName, b.displayName AS onBehalfOfName, d.name AS divisionName
                FROM incomingEvent e JOIN user a ON a.id = e.actorId LEFT JOIN user b ON b.id = e.onBehalfOfId
                  LEFT JOIN division d ON d.id = e.divisionId
                WHERE e.messageId = ? ORDER BY e.id
                """, arguments: [id]).map {
                IncomingEventRow(event: try IncomingEventRecord(row: $0), actorName: $0["actorName"], onBehalfOfName: $0["onBehalfOfName"],
                                 divisionName: $0["divisionName"])
            }
            let division = try message.divisionId.flatMap { try DivisionRecord.fetchOne(db, key: $0) }
            let creator = try String.fetchOne(db, sql: "SELECT displayName FROM user WHERE id = ?", arguments: [message.createdBy]) ?? "?"
            let screenshot = try message.screenshotSha256.flatMap { try MediaFileRecord.fetchOne(db, key: $0) }
            let title = try message.contentItemId.flatMap { try String.fetchOne(db, sql: "SELECT title FROM contentItem WHERE id = ?", arguments: [$0]) }
            return IncomingBundle(message: message, events: events, division: division, creatorName: creator, screenshot: screenshot,
                                  contentTitle: title)
        }
    }
}

// MARK: - Lists

extension AppDatabase {
    /// In `IncomingRow.init(row:)`'s order.
    static let incomingColumns = IncomingMessageRecord.selectedColumns.map { "m.\($0)" }.joined(separator: ", ")
        + ", d.name AS divisionName, u.displayName AS creatorName"

    /// The rows of an inbox query, decoded straight from the statement (no copy of each row).
    static func incomingRows(_ statement: Statement, arguments: StatementArguments) throws -> [IncomingRow] {
        var rows: [IncomingRow] = []
        let cursor = try Row.fetchCursor(statement, arguments: arguments)
        while let row = try cursor.next() { rows.append(try IncomingRow(row: row)) }
        return rows
    }
    static let incomingJoins = "LEFT JOIN division d ON d.id = m.divisionId JOIN user u ON u.id = m.createdBy"

    static func incomingWhere(_ filter: IncomingFilter) -> (sql: String, arguments: StatementArguments) {
        var clauses: [String] = []
        var arguments = StatementArguments()
        if let from = filter.from { clauses.append("m.receivedAt >= ?"); arguments += [from] }
        if let to = filter.to { clauses.append("m.receivedAt < ?"); arguments += [to] }
        if let status = filter.status { clauses.append("m.status = ?"); arguments += [status] }
        if let channel = filter.channel { clauses.append("m.channel = ?"); arguments += [channel] }
        if let category = filter.category { clauses.append("m.category = ?"); arguments += [category] }
        if let division = filter.divisionId { clauses.append("m.divisionId = ?"); arguments += [division] }
        for word in filter.text.split(whereSeparator: \.isWhitespace).prefix(5) {
            let escaped = word.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            clauses.append("(m.sender LIKE ? ESCAPE '\\' OR m.text LIKE ? ESCAPE '\\' OR m.link LIKE ? ESCAPE '\\')")
            arguments += ["%\(escaped)%", "%\(escaped)%", "%\(escaped)%"]
        }
        return (clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND "), arguments)
    }

    /// One page of the inbox, newest received first, and the number of messages the filter matches.
    func incomingMessages(_ filter: IncomingFilter, limit: Int, offset: Int) throws -> (rows: [IncomingRow], total: Int) {
        try writer.read { db in try Self.incomingMessages(db, filter, limit: limit, offset: offset) }
    }

    static func incomingMessages(_ db: Database, _ filter: IncomingFilter, limit: Int, offset: Int) throws -> (rows: [IncomingRow], total: Int) {
        let (whereSQL, arguments) = Self.incomingWhere(filter)
        let total = try Self.incomingTally(db, filter)
            ?? Int.fetchOne(db.cachedStatement(sql: "SELECT COUNT(*) FROM incomingMessage m \(whereSQL)"), arguments: arguments) ?? 0
        let sql = """
            SELECT \(Self.incomingColumns) FROM incomingMessage m \(Self.incomingJoins)
            \(whereSQL) ORDER BY m.receivedAt DESC, m.id DESC LIMIT ? OFFSET ?
            """
        let rows = try Self.incomingRows(db.cachedStatement(sql: sql), arguments: arguments + [max(0, limit), max(0, offset)])
        return (rows, total)
    }

    /// The number of messages a filter of one facet matches (a status, a channel, a category or a
    /// division, nothing else), from `incomingTally`, which triggers keep on every write; nil for
    /// any other filter, which is counted.
    static func incomingTally(_ db: Database, _ filter: IncomingFilter) throws -> Int? {
        guard filter.from == nil, filter.to == nil, filter.text.split(whereSeparator: \.isWhitespace).isEmpty else { return nil }
        let facets: [(String, String)] = [
            filter.status.map { ("status", $0.rawValue) }, filter.channel.map { ("channel", $0.rawValue) },
            filter.category.map { ("category", $0.rawValue) }, filter.divisionId.map { ("division", String($0)) },
        ].compactMap { $0 }
        guard facets.count == 1, let (facet, value) = facets.first else { return nil }
        return try Int.fetchOne(db.cachedStatement(sql: "SELECT n FROM incomingTally WHERE facet = ? AND value = ?"),
                                arguments: [facet, value]) ?? 0
    }

    /// Everything the inbox page reads, from one snapshot: the page of messages and their number,
    /// the divisions to filter by (id and name) and the follow-up workflow (who may log).
    func inboxPage(_ filter: IncomingFilter, limit: Int, offset: Int)
        throws -> (rows: [IncomingRow], total: Int, divisions: [(id: Int64, name: String)], followUp: FollowUpWorkflow) {
        try writer.read { db in
            let (rows, total) = try Self.incomingMessages(db, filter, limit: limit, offset: offset)
            let divisions = try Row.fetchAll(db.cachedStatement(sql: "SELECT id, name FROM division ORDER BY position, name COLLATE NOCASE"))
                .map { (id: $0[0] as Int64, name: $0[1] as String) }
            return (rows, total, divisions, try Self.incomingSettings(db).followUp)
        }
    }

    /// The next chunk of an export, newest first, after the message `(receivedAt, id)`: the CSV and
    /// XLSX exports stream chunk by chunk, so memory stays flat.
    func incomingChunk(_ filter: IncomingFilter, after cursor: (date: Date, id: Int64)?, limit: Int) throws -> [IncomingRow] {
        try writer.read { db in
            var (whereSQL, arguments) = Self.incomingWhere(filter)
            if let cursor {
                whereSQL += (whereSQL.isEmpty ? "WHERE " : " AND ") + "(m.receivedAt < ? OR (m.receivedAt = ? AND m.id < ?))"
                arguments += [cursor.date, cursor.date, cursor.id]
            }
            let sql = """
                SELECT \(Self.incomingColumns) FROM incomingMessage m \(Self.incomingJoins)
                \(whereSQL) ORDER BY m.receivedAt DESC, m.id DESC LIMIT ?
                """
            return try Self.incomingRows(db.cachedStatement(sql: sql), arguments: arguments + [max(0, limit)])
        }
    }

    /// The messages waiting for `userId`, oldest at its step first: at the forward and post steps
    /// for holders of those steps' roles, at the follow-up step for members of the message's
    /// division; in their own right, or "a.n." someone who delegated a role to them today.
    func incomingTasks(for userId: Int64, calendar: OfficeCalendar, now: Date, limit: Int = 200) throws -> [IncomingTask] {
        let today = calendar.day(of: now)
        return try writer.read { db in
            let workflow = try Self.incomingSettings(db).followUp
            let own = try Self.followUpActor(db, ContentActor(userId: userId), today: today)
            let delegators = try Int64.fetchAll(db, sql: """
                SELECT DISTINCT d.fromUserId FROM delegation d WHERE d.toUserId = ? AND d.revokedAt IS NULL AND d.startsOn <= ? AND d.endsOn >= ?
                """, arguments: [userId, today.description, today.description])
            var rights: [(actor: FollowUpActor, onBehalfOf: Int64?)] = [(own, nil)]
            for from in delegators {
                rights.append((try Self.followUpActor(db, ContentActor(userId: userId, onBehalfOf: from), today: today), from))
            }
            // Which (step, division) pairs each right covers, the first right that covers a message wins.
            func right(for message: IncomingMessageRecord) -> Int64?? {
                guard let step = message.step else { return nil }
                for (actor, onBehalfOf) in rights {
                    switch step {
                    case .followUp:
                        let roleOK = workflow.step(.followUp)?.roleKey.map(actor.roles.contains) ?? true
                        if roleOK, let division = message.divisionId, actor.divisionIds.contains(division) { return .some(onBehalfOf) }
                    case .log, .forward, .post:
                        if let role = workflow.step(step)?.roleKey, actor.roles.contains(role) { return .some(onBehalfOf) }
                    }
                }
                return nil
            }
            var steps: [FollowUpStepKind] = []
            for kind in [FollowUpStepKind.forward, .post] {
                if let role = workflow.step(kind)?.roleKey, rights.contains(where: { $0.actor.roles.contains(role) }) { steps.append(kind) }
            }
            let divisions = Set(rights.flatMap(\.actor.divisionIds))
            var clauses: [String] = []
            var arguments = StatementArguments()
            if !steps.isEmpty {
                clauses.append("m.step IN (\(databaseQuestionMarks(count: steps.count)))")
                arguments += StatementArguments(steps)
            }
            if !divisions.isEmpty {
                clauses.append("(m.step = ? AND m.divisionId IN (\(databaseQuestionMarks(count: divisions.count))))")
                arguments += [FollowUpStepKind.followUp]
                arguments += StatementArguments(Array(divisions))
            }
            guard !clauses.isEmpty else { return [] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT \(Self.incomingColumns) FROM incomingMessage m \(Self.incomingJoins)
                WHERE m.step IS NOT NULL AND (\(clauses.joined(separator: " OR "))) ORDER BY m.stepEnteredAt, m.id LIMIT ?
                """, arguments: arguments + [limit]).map(IncomingRow.init)
            return rows.compactMap { row -> IncomingTask? in
                guard let step = row.message.step, let onBehalfOf = right(for: row.message) else { return nil }
                let waiting = WaitingTime(officeMinutes: calendar.officeMinutes(from: row.message.stepEnteredAt, to: now),
                                          standardMinutes: workflow.standardMinutes(step, category: row.message.category))
                return IncomingTask(row: row, step: step, waiting: waiting, onBehalfOf: onBehalfOf)
            }
        }
    }
}

// MARK: - The monthly report

extension AppDatabase {
    /// Messages received in `[from, to)`, counted by channel, category, division and status.
    func incomingCounts(from: Date, to: Date) throws -> IncomingCounts {
        try writer.read { db in
            let range: StatementArguments = [from, to]
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incomingMessage WHERE receivedAt >= ? AND receivedAt < ?", arguments: range) ?? 0
            func grouped<Key: DatabaseValueConvertible & Sendable & Equatable>(_ column: String, _: Key.Type) throws -> [IncomingCounts.Count<Key>] {
                try Row.fetchAll(db, sql: """
                    SELECT \(column) AS k, COUNT(*) AS n FROM incomingMessage WHERE receivedAt >= ? AND receivedAt < ?
                    GROUP BY \(column) ORDER BY n DESC, \(column)
                    """, arguments: range).compactMap { row in (row["k"] as Key?).map { IncomingCounts.Count(key: $0, count: row["n"]) } }
            }
            let byDivision = try Row.fetchAll(db, sql: """
                SELECT m.divisionId, d.name, COUNT(*) AS n FROM incomingMessage m LEFT JOIN division d ON d.id = m.divisionId
                WHERE m.receivedAt >= ? AND m.receivedAt < ? GROUP BY m.divisionId ORDER BY n DESC, d.name
                """, arguments: range).map { IncomingCounts.DivisionCount(divisionId: $0["divisionId"], name: $0["name"], count: $0["n"]) }
            return IncomingCounts(total: total, byChannel: try grouped("channel", Channel.self), byCategory: try grouped("category", MessageCategory.self),
                                  byDivision: byDivision, byStatus: try grouped("status", FollowUpStatus.self))
        }
    }

    /// The office minutes of each step's lines for the messages received in `[from, to)`, against
    /// the standard each line carried: `StepStatistics` makes the median and 90th percentile.
    func incomingStepMinutes(from: Date, to: Date) throws -> [FollowUpStepKind: [StepMinutes]] {
        try writer.read { db in
            var result: [FollowUpStepKind: [StepMinutes]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.step, e.officeMinutes, e.standardMinutes FROM incomingEvent e JOIN incomingMessage m ON m.id = e.messageId
                WHERE m.receivedAt >= ? AND m.receivedAt < ? AND e.step IS NOT NULL AND e.officeMinutes IS NOT NULL ORDER BY e.id
                """, arguments: [from, to])
            for row in rows {
                guard let step: FollowUpStepKind = row["step"] else { continue }
                result[step, default: []].append(StepMinutes(officeMinutes: row["officeMinutes"], standardMinutes: row["standardMinutes"]))
            }
            return result
        }
    }

    /// Each message's timed steps, for the messages received in `[from, to)`: the report's list
    /// shows every message with the office minutes of its steps.
    func incomingMonthTimes(from: Date, to: Date) throws -> [Int64: [(step: FollowUpStepKind, minutes: Int, standard: Int?)]] {
        try writer.read { db in
            var result: [Int64: [(step: FollowUpStepKind, minutes: Int, standard: Int?)]] = [:]
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.messageId, e.step, e.officeMinutes, e.standardMinutes FROM incomingEvent e JOIN incomingMessage m ON m.id = e.messageId
                WHERE m.receivedAt >= ? AND m.receivedAt < ? AND e.step IS NOT NULL AND e.officeMinutes IS NOT NULL ORDER BY e.id
                """, arguments: [from, to])
            for row in rows {
                guard let id: Int64 = row[0], let step = FollowUpStepKind.fromDatabaseValue(row[1] as DatabaseValue), let minutes: Int = row[2] else { continue }
                result[id, default: []].append((step, minutes, row[3]))
            }
            return result
        }
    }

    /// The messages received in `[from, to)`, oldest first, for the report's list and the record ZIP.
    func incomingMonth(from: Date, to: Date) throws -> [IncomingRow] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.incomingColumns) FROM incomingMessage m \(Self.incomingJoins)
                WHERE m.receivedAt >= ? AND m.receivedAt < ? ORDER BY m.receivedAt, m.id
                """, arguments: [from, to]).map(IncomingRow.init)
        }
    }
}
