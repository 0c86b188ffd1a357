import Domain
import Foundation
import GRDB

/// What a person fills in for a content item: one revision's worth of fields.
struct ContentDraft: Sendable, Equatable {
    var title: String
    var kind: ContentKind
    var caption: String
    var channels: [Channel]
    var mediaLinks: [String]
    var source: ContentSource
    var eventAt: Date?
    var publishAt: Date?
    var notes: String
    /// When the activity ends (coverage is published after it).
    var eventEndAt: Date?
    /// The day a greeting is for.
    var dueOn: Day?
    /// The agenda item this content covers or announces.
    var agendaId: Int64?

    init(title: String, kind: ContentKind, caption: String, channels: [Channel], mediaLinks: [String] = [],
         source: ContentSource, eventAt: Date? = nil, publishAt: Date? = nil, notes: String = "",
         eventEndAt: Date? = nil, dueOn: Day? = nil, agendaId: Int64? = nil) {
        self.title = title
        self.kind = kind
        self.caption = caption
        self.channels = channels
        self.mediaLinks = mediaLinks
        self.source = source
        self.eventAt = eventAt
        self.publishAt = publishAt
        self.notes = notes
        self.eventEndAt = eventEndAt
        self.dueOn = dueOn
        self.agendaId = agendaId
    }

    init(_ revision: ContentRevisionRecord) {
        self.init(
            title: revision.title, kind: revision.kind, caption: revision.caption,
            channels: revision.channels.keys,
            mediaLinks: revision.mediaLinks.split(separator: "\n").map(String.init),
            source: revision.source, eventAt: revision.eventAt, publishAt: revision.publishAt,
            notes: revision.notes, eventEndAt: revision.eventEndAt, dueOn: revision.dueOn.flatMap(Day.init), agendaId: revision.agendaId)
    }

    func revision(itemId: Int64, number: Int, authorId: Int64, at now: Date) -> ContentRevisionRecord {
        ContentRevisionRecord(
            id: nil, itemId: itemId, number: number, authorId: authorId, createdAt: now, title: title, kind: kind,
            caption: caption, channels: ChannelList(channels), mediaLinks: mediaLinks.joined(separator: "\n"),
            source: source, eventAt: eventAt, publishAt: publishAt, notes: notes, eventEndAt: eventEndAt,
            dueOn: dueOn?.description, agendaId: agendaId)
    }

    /// Copies what the calendar reads onto the item row.
    func apply(to item: inout ContentItemRecord) {
        item.title = title
        item.kind = kind
        item.publishAt = publishAt
        item.channels = ChannelList(channels)
        item.eventAt = eventAt
        item.eventEndAt = eventEndAt
        item.dueOn = dueOn?.description
        item.agendaId = agendaId
    }
}

/// Why a change to a content item was refused.
enum ContentError: Error, Equatable, Sendable {
    case notFound
    /// Someone else changed the item first: who, and when.
    case stale(actor: String, at: Date)
    /// The four-eyes rule refuses this person a decision on the item.
    case fourEyes(FourEyes.Refusal)
    /// The person no longer holds the step's role, or the delegation they act through no longer
    /// counts (revoked, out of its dates, or its delegator lost the role or was disabled).
    case notAuthorized
    case transition(TransitionError)
    /// Only a published item can be updated after publishing.
    case notPublished
    /// Published, or at the publish step: nothing to edit.
    case notEditable
}

/// Who did something to an item, with the person they stood in for.
public struct ContentActor: Sendable, Equatable {
    public var userId: Int64
    public var onBehalfOf: Int64?

    public init(userId: Int64, onBehalfOf: Int64? = nil) {
        self.userId = userId
        self.onBehalfOf = onBehalfOf
    }
}

/// One line of an item's history, with the names resolved.
struct ContentEventRow: Sendable, Equatable {
    var event: ContentEventRecord
    var actorName: String
    var onBehalfOfName: String?
}

extension ContentEventRow {
    /// The line as the four-eyes rule reads it (nil for actions it does not know).
    var fourEyesEvent: FourEyes.Event? {
        FourEyes.Action(rawValue: event.action.rawValue).map {
            FourEyes.Event(action: $0, position: event.fromPosition, actorId: event.actorId, onBehalfOfId: event.onBehalfOfId)
        }
    }
}

/// One item waiting at a step, for "Tugas saya" and lists.
struct ContentListRow: Sendable, Equatable {
    var item: ContentItemRecord
    var creatorName: String
    /// The rejection the item stands returned by (`ReturnedItem`), where the query reads it.
    var returned: Returned? = nil

    /// Who sent an item back, from which step, when and why.
    struct Returned: Sendable, Equatable {
        var actorName: String
        var onBehalfOfName: String?
        var fromPosition: Int
        var stepName: String
        var reason: String
        var at: Date
    }

    init(item: ContentItemRecord, creatorName: String, returned: Returned? = nil) {
        self.item = item
        self.creatorName = creatorName
        self.returned = returned
    }
}

extension AppDatabase {
    /// The actions that move an item (`HistoryAction.isMove`), as an SQL list.
    static let moveActionsSQL = HistoryAction.allCases.filter(\.isMove).map { "'\($0.rawValue)'" }.joined(separator: ", ")

    /// SQL: the id of the last move of the item aliased `item`.
    static func lastMoveIdSQL(_ item: String) -> String {
        "(SELECT e.id FROM contentEvent e WHERE e.itemId = \(item).id AND e.action IN (\(moveActionsSQL)) ORDER BY e.id DESC LIMIT 1)"
    }

    /// SQL joins that read, for the item aliased `i`, the rejection it stands returned by
    /// (`ReturnedItem`: its last move, when that is a rejection), and the columns
    /// `ContentListRow(row:)` reads from them.
    static let returnedJoins = """
        LEFT JOIN contentEvent rj ON rj.id = \(lastMoveIdSQL("i")) AND rj.action = '\(HistoryAction.reject.rawValue)'
        LEFT JOIN user rja ON rja.id = rj.actorId LEFT JOIN user rjb ON rjb.id = rj.onBehalfOfId
        """
    static let returnedColumns = """
        rja.displayName AS returnActor, rjb.displayName AS returnOnBehalf, rj.fromPosition AS returnFrom, rj.stepName AS returnStep,
        rj.comment AS returnReason, rj.at AS returnAt
        """
}

// MARK: - Workflow versions

extension AppDatabase {
    /// Every workflow version, by number.
    func workflowVersions() throws -> [Int: Workflow] {
        try writer.read { db in
            Dictionary(uniqueKeysWithValues: try WorkflowVersionRecord.fetchAll(db).map { ($0.number, Workflow(steps: $0.steps)) })
        }
    }

    /// Stores an edited workflow as a new version, after the domain's checks. Items in flight keep
    /// the version they started on.
    @discardableResult
    func reviseWorkflow(_ workflow: Workflow, note: String?, by userId: Int64?, now: Date,
                        citing findingIds: [Int64] = []) throws(WorkflowHistory.RevisionError) -> Int {
        do {
            return try writer.write { db in
                let records = try WorkflowVersionRecord.order(WorkflowVersionRecord.Columns.number).fetchAll(db)
                guard var history = WorkflowHistory(versions: records.map { Workflow(steps: $0.steps) }) else {
                    throw WorkflowHistory.RevisionError.invalid([.noSteps])
                }
                let roles = Set(try RoleKey.fetchAll(db, sql: "SELECT key FROM role"))
                let number = try history.revise(workflow, knownRoles: roles)
                try WorkflowVersionRecord(number: number, steps: workflow.steps, note: note, createdBy: userId, createdAt: now).insert(db)
                try AppDatabase.carrySOPTexts(db, to: number, steps: workflow.steps)
                // The findings this change answers (issue 15): "diubah karena temuan …".
                try AppDatabase.citeFindings(db, version: number, findingIds: findingIds, now: now)
                return number
            }
        } catch let error as WorkflowHistory.RevisionError {
            throw error
        } catch {
            throw .invalid([])
        }
    }
}

// MARK: - Days off

extension AppDatabase {
    func holidays() throws -> [HolidayRecord] {
        try writer.read { db in try HolidayRecord.order(HolidayRecord.Columns.day).fetchAll(db) }
    }

    /// The days off as the office clock needs them.
    func daysOff() throws -> Set<Day> {
        Set(try holidays().compactMap { Day($0.day) })
    }

    /// Loads the shipped days off once per database; afterwards the table is the record that
    /// administrators correct, and the file is not read again. Returns how many were added.
    @discardableResult
    func seedHolidaysOnce(_ rows: [(day: String, name: String, kind: HolidayKind)]) throws -> Int {
        try writer.write { db in
            guard try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'holidaysSeeded'") == nil else { return 0 }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('holidaysSeeded', ?)", arguments: [String(rows.count)])
            var count = 0
            for row in rows where Day(row.day) != nil {
                var record = HolidayRecord(id: nil, day: row.day, name: row.name, kind: row.kind)
                try record.insert(db, onConflict: .ignore)
                count += 1
            }
            return count
        }
    }

    @discardableResult
    func addHoliday(day: Day, name: String, kind: HolidayKind) throws -> Int64 {
        try writer.write { db in
            var record = HolidayRecord(id: nil, day: day.description, name: name, kind: kind)
            try record.insert(db, onConflict: .replace)
            return record.id!
        }
    }

    func deleteHoliday(id: Int64) throws -> HolidayRecord? {
        try writer.write { db in
            guard let record = try HolidayRecord.fetchOne(db, key: id) else { return nil }
            try record.delete(db)
            return record
        }
    }
}

// MARK: - Content items

extension AppDatabase {
    /// Creates an item at the first step of the current workflow, with its first revision. With
    /// `today`, the actor's right to the first step's role is checked in the same transaction.
    func createItem(_ draft: ContentDraft, workflowVersion: Int, firstStep: WorkflowStep, by actor: ContentActor, today: Day? = nil,
                    now: Date) throws -> Int64 {
        try writer.write { db in
            if let today { try Self.checkActor(db, actor, roleKey: firstStep.roleKey, today: today) }
            var item = ContentItemRecord(
                id: nil, workflowVersion: workflowVersion, position: 1, status: .draft, stepRoleKey: firstStep.roleKey,
                stepEnteredAt: now, version: 1, revision: 1, title: draft.title, kind: draft.kind, publishAt: draft.publishAt,
                createdBy: actor.userId, createdAt: now, updatedAt: now, publishedAt: nil)
            draft.apply(to: &item)
            try item.insert(db)
            var revision = draft.revision(itemId: item.id!, number: 1, authorId: actor.userId, at: now)
            try revision.insert(db)
            var event = ContentEventRecord(
                id: nil, itemId: item.id!, action: .create, fromPosition: 1, toPosition: 1, stepName: firstStep.name,
                actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, revision: 1, comment: nil, at: now)
            try event.insert(db)
            return item.id!
        }
    }

    /// Saves an edit as a new revision. The item stays at its step. In the same transaction: the
    /// version, that `actor` may still act in the step's role, and at a decide step the four-eyes
    /// rule (correcting there is the decider's part).
    func editItem(id: Int64, expectedVersion: Int, draft: ContentDraft, workflow: Workflow, by actor: ContentActor, today: Day,
                  now: Date) throws -> ContentItemRecord {
        try writer.write { db in
            var item = try Self.checkedItem(db, id: id, expectedVersion: expectedVersion)
            guard item.status != .published, let step = workflow.step(at: item.position), step.kind != .publish else {
                throw ContentError.notEditable
            }
            try Self.checkActor(db, actor, roleKey: step.roleKey, today: today)
            try Self.checkFourEyes(db, item: item, workflow: workflow, actor: actor)
            let stepName = step.name
            let current = try ContentRevisionRecord.filter(ContentRevisionRecord.Columns.itemId == id && ContentRevisionRecord.Columns.number == item.revision).fetchOne(db)
            if let current, ContentDraft(current) == draft { return item }  // nothing changed: no revision
            item.revision += 1
            item.version += 1
            draft.apply(to: &item)
            item.updatedAt = now
            try item.update(db)
            var revision = draft.revision(itemId: id, number: item.revision, authorId: actor.userId, at: now)
            try revision.insert(db)
            var event = ContentEventRecord(
                id: nil, itemId: id, action: .edit, fromPosition: item.position, toPosition: item.position, stepName: stepName,
                actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, revision: item.revision, comment: nil, at: now)
            try event.insert(db)
            return item
        }
    }

    /// Loads an item for a change, refusing when someone else changed it since `expectedVersion`.
    static func checkedItem(_ db: Database, id: Int64, expectedVersion: Int) throws -> ContentItemRecord {
        // A cached statement: `fetchOne(db, key:)` prepares its SQL anew each time, which was about
        // a fifth of an approval's cost in the seed-bench profile.
        let statement = try db.cachedStatement(sql: "SELECT * FROM contentItem WHERE id = ?")
        guard let item = try ContentItemRecord.fetchOne(statement, arguments: [id]) else { throw ContentError.notFound }
        guard item.version == expectedVersion else {
            let last = try Row.fetchOne(db, sql: """
                SELECT u.displayName, e.at FROM contentEvent e JOIN user u ON u.id = e.actorId
                WHERE e.itemId = ? ORDER BY e.id DESC LIMIT 1
                """, arguments: [id])
            throw ContentError.stale(actor: last?["displayName"] ?? "?", at: last?["at"] ?? item.updatedAt)
        }
        return item
    }

    /// Refuses `actor` unless they may act in `roleKey` on `today`, as the database says now: as
    /// themselves, an active account holding the role; on someone's behalf, a delegation of that
    /// role to them, not revoked and in its dates, whose delegator is active and still holds the role.
    static func checkActor(_ db: Database, _ actor: ContentActor, roleKey: RoleKey, today: Day) throws {
        let allowed: Bool
        if let from = actor.onBehalfOf {
            allowed = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM delegation d JOIN user f ON f.id = d.fromUserId JOIN user t ON t.id = d.toUserId
                  JOIN userRole r ON r.userId = d.fromUserId AND r.roleKey = d.roleKey
                  WHERE d.fromUserId = ? AND d.toUserId = ? AND d.roleKey = ? AND d.revokedAt IS NULL
                    AND d.startsOn <= ? AND d.endsOn >= ? AND f.isActive AND t.isActive)
                """, arguments: [from, actor.userId, roleKey, today.description, today.description]) ?? false
        } else {
            allowed = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM user u JOIN userRole r ON r.userId = u.id WHERE u.id = ? AND r.roleKey = ? AND u.isActive)
                """, arguments: [actor.userId, roleKey]) ?? false
        }
        guard allowed else { throw ContentError.notAuthorized }
    }

    /// Applies the four-eyes rule (`FourEyes`) to `actor` deciding at the item's current step,
    /// over the item's whole history and the institution's setting as stored now.
    static func checkFourEyes(_ db: Database, item: ContentItemRecord, workflow: Workflow, actor: ContentActor) throws {
        guard workflow.step(at: item.position)?.kind == .decide, let itemId = item.id else { return }
        let events = try Row.fetchAll(db, sql: """
            SELECT action, fromPosition, actorId, onBehalfOfId FROM contentEvent WHERE itemId = ? ORDER BY id
            """, arguments: [itemId]).compactMap { row -> FourEyes.Event? in
            guard let action = FourEyes.Action(rawValue: row["action"]) else { return nil }
            return FourEyes.Event(action: action, position: row["fromPosition"], actorId: row["actorId"], onBehalfOfId: row["onBehalfOfId"])
        }
        let separate = try Bool.fetchOne(db, sql: "SELECT separateDeciders FROM institution") ?? true
        if let refusal = FourEyes.refusal(userId: actor.userId, onBehalfOf: actor.onBehalfOf, at: item.position, workflow: workflow,
                                          creatorId: item.createdBy, events: events, separateDeciders: separate) {
            throw ContentError.fourEyes(refusal)
        }
    }

    /// Moves an item along its workflow, in one transaction: the version check, that the actor
    /// may still act in the step's role, the four-eyes rule, the history line with the office
    /// minutes spent at the step, and the live links.
    func applyAction(
        _ action: WorkflowAction, itemId: Int64, expectedVersion: Int, workflow: Workflow, by actor: ContentActor,
        comment: String?, links: [(channel: Channel, url: String)], calendar: OfficeCalendar, now: Date
    ) throws -> ContentItemRecord {
        try writer.write { db in
            var item = try Self.checkedItem(db, id: itemId, expectedVersion: expectedVersion)
            let from = ItemPosition(position: item.position, published: item.status == .published)
            let to: ItemPosition
            switch Result(catching: { () throws(TransitionError) -> ItemPosition in try workflow.apply(action, to: from) }) {
            case .success(let position): to = position
            case .failure(let error): throw ContentError.transition(error)
            }
            let step = workflow.step(at: from.position)
            if let step { try Self.checkActor(db, actor, roleKey: step.roleKey, today: calendar.day(of: now)) }
            try Self.checkFourEyes(db, item: item, workflow: workflow, actor: actor)
            var event = ContentEventRecord(
                id: nil, itemId: itemId, action: HistoryAction(action), fromPosition: from.position, toPosition: to.position,
                stepName: step?.name ?? "", actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, revision: item.revision,
                comment: comment.flatMap { $0.isEmpty ? nil : $0 }, at: now,
                waitedMinutes: calendar.officeMinutes(from: item.stepEnteredAt, to: now), standardMinutes: step?.standardMinutes)
            try event.insert(db)
            item.position = to.position
            item.status = workflow.status(of: to)
            item.stepRoleKey = to.published ? nil : workflow.step(at: to.position)?.roleKey
            item.stepEnteredAt = now
            item.version += 1
            item.updatedAt = now
            if to.published { item.publishedAt = now }
            try item.update(db)
            try Self.recordLinks(db, itemId: itemId, links: links, by: actor.userId, now: now, isPublication: action == .publish)
            return item
        }
    }

    /// Records the live links of a publication. A channel whose current link is the same keeps
    /// it; a different link replaces it, and the old one stays in the archive with its dates.
    /// A publication names every channel the post is on: a channel left out (dropped in an
    /// update) has its link marked replaced too.
    static func recordLinks(_ db: Database, itemId: Int64, links: [(channel: Channel, url: String)], by userId: Int64, now: Date,
                            isPublication: Bool = false) throws {
        if isPublication {
            let channels = links.map(\.channel)
            let marks = channels.isEmpty ? "''" : databaseQuestionMarks(count: channels.count)
            try db.execute(sql: """
                UPDATE contentLink SET replacedAt = ?, replacedBy = ? WHERE itemId = ? AND replacedAt IS NULL AND channel NOT IN (\(marks))
                """, arguments: StatementArguments([now, userId, itemId] as [(any DatabaseValueConvertible)?]) + StatementArguments(channels))
        }
        for link in links {
            let current = try ContentLinkRecord
                .filter(ContentLinkRecord.Columns.itemId == itemId && Column("channel") == link.channel && Column("replacedAt") == nil)
                .fetchAll(db)
            if current.contains(where: { $0.url == link.url }) { continue }
            for var old in current {
                old.replacedAt = now
                old.replacedBy = userId
                try old.update(db)
            }
            var record = ContentLinkRecord(id: nil, itemId: itemId, channel: link.channel, url: link.url, createdBy: userId, createdAt: now)
            try record.insert(db)
        }
    }

    /// Sends a published item back through its workflow to be updated ("pemutakhiran"), with the
    /// reason in its history. Its links stay current until the new publication replaces them.
    func reopenItem(id: Int64, expectedVersion: Int, workflow: Workflow, reason: String, by actor: ContentActor, today: Day,
                    now: Date) throws -> ContentItemRecord {
        try writer.write { db in
            var item = try Self.checkedItem(db, id: id, expectedVersion: expectedVersion)
            guard item.status == .published, let first = workflow.step(at: 1) else {
                throw ContentError.notPublished
            }
            if let publisher = workflow.publishPosition.flatMap(workflow.step(at:)) {
                try Self.checkActor(db, actor, roleKey: publisher.roleKey, today: today)
            }
            var event = ContentEventRecord(
                id: nil, itemId: id, action: .reopen, fromPosition: item.position, toPosition: 1, stepName: first.name,
                actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, revision: item.revision, comment: reason, at: now)
            try event.insert(db)
            item.position = 1
            item.status = .draft
            item.stepRoleKey = first.roleKey
            item.stepEnteredAt = now
            item.version += 1
            item.updatedAt = now
            try item.update(db)
            return item
        }
    }

    /// Updates a published item straight away (the publishing role, with a reason): new links for
    /// replaced posts. The history line keeps the reason.
    func updatePublished(id: Int64, expectedVersion: Int, step: WorkflowStep, reason: String, links: [(channel: Channel, url: String)],
                         by actor: ContentActor, today: Day, now: Date) throws -> ContentItemRecord {
        try writer.write { db in
            var item = try Self.checkedItem(db, id: id, expectedVersion: expectedVersion)
            guard item.status == .published else { throw ContentError.notPublished }
            try Self.checkActor(db, actor, roleKey: step.roleKey, today: today)
            let stepName = step.name
            var event = ContentEventRecord(
                id: nil, itemId: id, action: .update, fromPosition: item.position, toPosition: item.position, stepName: stepName,
                actorId: actor.userId, onBehalfOfId: actor.onBehalfOf, revision: item.revision, comment: reason, at: now)
            try event.insert(db)
            try Self.recordLinks(db, itemId: id, links: links, by: actor.userId, now: now)
            item.version += 1
            item.updatedAt = now
            try item.update(db)
            return item
        }
    }

    func item(id: Int64) throws -> ContentItemRecord? {
        try writer.read { db in try ContentItemRecord.fetchOne(db, key: id) }
    }

    /// An item with everything its page shows, read in one transaction.
    struct ItemBundle: Sendable {
        var item: ContentItemRecord
        var revisions: [ContentRevisionRecord]
        var events: [ContentEventRow]
        var links: [ContentLinkRecord]
        var creatorName: String
        var media: [MediaFileRecord]
    }

    func itemBundle(id: Int64) throws -> ItemBundle? {
        try writer.read { db in
            guard let item = try ContentItemRecord.fetchOne(db, key: id) else { return nil }
            let revisions = try ContentRevisionRecord.filter(ContentRevisionRecord.Columns.itemId == id)
                .order(ContentRevisionRecord.Columns.number).fetchAll(db)
            let rows = try Row.fetchAll(db, sql: """
                SELECT e.*, a.displayName AS actorName, b.displayName AS onBehalfOfName
                FROM contentEvent e JOIN user a ON a.id = e.actorId LEFT JOIN user b ON b.id = e.onBehalfOfId
                WHERE e.itemId = ? ORDER BY e.id
                """, arguments: [id])
            let events = try rows.map { row in
                ContentEventRow(event: try ContentEventRecord(row: row), actorName: row["actorName"], onBehalfOfName: row["onBehalfOfName"])
            }
            let links = try ContentLinkRecord.filter(ContentLinkRecord.Columns.itemId == id).order(Column("id")).fetchAll(db)
            let creator = try String.fetchOne(db, sql: "SELECT displayName FROM user WHERE id = ?", arguments: [item.createdBy]) ?? "?"
            let media = try MediaFileRecord.fetchAll(db, sql: """
                SELECT f.* FROM mediaFile f JOIN contentMedia m ON m.sha256 = f.sha256 WHERE m.itemId = ? ORDER BY m.position
                """, arguments: [id])
            return ItemBundle(item: item, revisions: revisions, events: events, links: links, creatorName: creator, media: media)
        }
    }
}

// MARK: - Delegations

enum DelegationError: Error, Equatable, Sendable {
    case roleNotHeld
    case selfDelegation
    case invalidRange
    case unknownUser
    case notFound
}

extension AppDatabase {
    /// Hands `roleKey` of `fromUserId` to `toUserId` between two days, both included.
    @discardableResult
    func createDelegation(from fromUserId: Int64, to toUserId: Int64, roleKey: RoleKey, startsOn: Day, endsOn: Day,
                                 by creatorId: Int64, now: Date) throws -> Int64 {
        guard DelegationPeriod(startsOn: startsOn, endsOn: endsOn).isValidRange else { throw DelegationError.invalidRange }
        guard fromUserId != toUserId else { throw DelegationError.selfDelegation }
        return try writer.write { db in
            guard try UserRecord.fetchOne(db, key: toUserId)?.isActive == true else { throw DelegationError.unknownUser }
            let holds = try UserRoleRecord.filter(UserRoleRecord.Columns.userId == fromUserId && UserRoleRecord.Columns.roleKey == roleKey).fetchCount(db) > 0
            guard holds else { throw DelegationError.roleNotHeld }
            var record = DelegationRecord(
                id: nil, fromUserId: fromUserId, toUserId: toUserId, roleKey: roleKey, startsOn: startsOn.description,
                endsOn: endsOn.description, createdBy: creatorId, createdAt: now, revokedAt: nil, revokedBy: nil)
            try record.insert(db)
            return record.id!
        }
    }

    func revokeDelegation(id: Int64, by userId: Int64, now: Date) throws -> DelegationRecord {
        try writer.write { db in
            guard var record = try DelegationRecord.fetchOne(db, key: id) else { throw DelegationError.notFound }
            if record.revokedAt == nil {
                record.revokedAt = now
                record.revokedBy = userId
                try record.update(db)
            }
            return record
        }
    }

    /// Active users holding `roleKey`, for "who may act" and the delegation form.
    func holders(of roleKey: RoleKey) throws -> [(id: Int64, name: String)] {
        try writer.read { db in
            try Row.fetchAll(db, sql: """
                SELECT u.id, u.displayName FROM user u JOIN userRole r ON r.userId = u.id
                WHERE r.roleKey = ? AND u.isActive ORDER BY u.displayName
                """, arguments: [roleKey]).map { ($0["id"], $0["displayName"]) }
        }
    }
}

// MARK: - Media

struct MediaFileRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "mediaFile"
    var sha256: String
    var contentType: String
    var size: Int
    var originalName: String
    var uploadedBy: Int64?
    var createdAt: Date
}

extension AppDatabase {
    /// Records uploaded files (once per content address).
    func recordUploads(_ uploads: [StoredUpload], by userId: Int64, now: Date) throws {
        guard !uploads.isEmpty else { return }
        try writer.write { db in
            for upload in uploads {
                try MediaFileRecord(sha256: upload.sha256, contentType: upload.type.mimeType, size: upload.size,
                                    originalName: upload.originalName, uploadedBy: userId, createdAt: now).insert(db, onConflict: .ignore)
            }
        }
    }

    /// Attaches files to an item, after the ones it has.
    func attachMedia(itemId: Int64, sha256s: [String]) throws {
        guard !sha256s.isEmpty else { return }
        try writer.write { db in
            var position = try Int.fetchOne(db, sql: "SELECT coalesce(max(position), 0) FROM contentMedia WHERE itemId = ?", arguments: [itemId]) ?? 0
            for sha in sha256s {
                position += 1
                try db.execute(sql: "INSERT OR IGNORE INTO contentMedia (itemId, sha256, position) VALUES (?, ?, ?)", arguments: [itemId, sha, position])
            }
        }
    }

    func media(itemId: Int64) throws -> [MediaFileRecord] {
        try writer.read { db in
            try MediaFileRecord.fetchAll(db, sql: """
                SELECT f.* FROM mediaFile f JOIN contentMedia m ON m.sha256 = f.sha256 WHERE m.itemId = ? ORDER BY m.position
                """, arguments: [itemId])
        }
    }

    func mediaFile(sha256: String) throws -> MediaFileRecord? {
        try writer.read { db in try MediaFileRecord.fetchOne(db, key: sha256) }
    }

    /// Uploads that no item uses, older than `before`: a form that was never saved. Removes their
    /// records and returns them, for the files to be deleted.
    func removeUnreferencedMedia(uploadedBefore before: Date) throws -> [String] {
        try writer.write { db in
            let orphans = try String.fetchAll(db, sql: """
                SELECT sha256 FROM mediaFile WHERE createdAt < ? AND sha256 NOT IN (SELECT sha256 FROM contentMedia)
                  AND sha256 NOT IN (SELECT avatarSha256 FROM institution WHERE avatarSha256 IS NOT NULL)
                  AND sha256 NOT IN (SELECT logoSha256 FROM institution WHERE logoSha256 IS NOT NULL)
                  AND sha256 NOT IN (SELECT screenshotSha256 FROM incomingMessage WHERE screenshotSha256 IS NOT NULL)
                """, arguments: [before])
            for sha in orphans { _ = try MediaFileRecord.deleteOne(db, key: sha) }
            return orphans
        }
    }
}
