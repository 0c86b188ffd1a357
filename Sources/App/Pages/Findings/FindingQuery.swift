import Domain
import Foundation
import GRDB

/// One finding as stored (table `finding`, migration `v15-findings`).
struct FindingRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable, Equatable {
    static let databaseTableName = "finding"
    var id: Int64?
    var subject: String
    var figure: String
    var periodFrom: String?
    var periodTo: String?
    var workflowVersion: Int?
    var stepPosition: Int?
    var cause: String
    var correctiveAction: String
    var ownerId: Int64
    var dueOn: String
    var status: FindingStatus
    var createdBy: Int64
    var createdAt: Date
    var updatedAt: Date
    var closedAt: Date?
    var version: Int
    var formKey: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// The stored fields as a draft, to compare with a form sent again.
    var draft: FindingDraft {
        FindingDraft(subject: subject, figure: figure, periodFrom: periodFrom.flatMap(Day.init), periodTo: periodTo.flatMap(Day.init),
                     workflowVersion: workflowVersion, stepPosition: stepPosition, cause: cause, correctiveAction: correctiveAction,
                     ownerId: ownerId, dueOn: Day(dueOn), status: status)
    }
}

/// A finding with the names and versions its pages show.
struct FindingRow: Sendable {
    let record: FindingRecord
    let ownerName: String
    let createdByName: String
    /// The workflow versions that cite it ("dijawab oleh versi N"), oldest first.
    let answeredBy: [Int]
}

/// A finding cited by a workflow version: "diubah karena temuan #N: subject".
struct CitedFinding: Sendable, Equatable {
    let id: Int64
    let subject: String
}

enum FindingStoreError: Error, Equatable {
    case notFound
    /// Saved by someone else since the form was shown.
    case stale(version: Int, updatedAt: Date)
    /// The owner is not an active account.
    case unknownOwner
}

extension AppDatabase {
    /// Stores a new finding; the same form (`formKey`) sent again gives back the first one's id.
    func createFinding(_ draft: FindingDraft, formKey: String?, by userId: Int64, now: Date) throws -> (id: Int64, created: Bool) {
        try writer.write { db in
            if let formKey, let existing = try Int64.fetchOne(db, sql: "SELECT id FROM finding WHERE formKey = ?", arguments: [formKey]) {
                return (existing, false)
            }
            guard let ownerId = draft.ownerId, let dueOn = draft.dueOn,
                  try Bool.fetchOne(db, sql: "SELECT isActive FROM user WHERE id = ?", arguments: [ownerId]) == true
            else { throw FindingStoreError.unknownOwner }
            var record = FindingRecord(
                id: nil, subject: draft.subject, figure: draft.figure, periodFrom: draft.periodFrom?.description,
                periodTo: draft.periodTo?.description, workflowVersion: draft.workflowVersion, stepPosition: draft.stepPosition,
                cause: draft.cause, correctiveAction: draft.correctiveAction, ownerId: ownerId, dueOn: dueOn.description,
                status: draft.status, createdBy: userId, createdAt: now, updatedAt: now, closedAt: draft.status == .done ? now : nil,
                version: 1, formKey: formKey)
            try record.insert(db)
            return (record.id!, true)
        }
    }

    /// Saves the edited fields when the finding is still at `expectedVersion`; an unchanged form
    /// (sent twice) changes nothing and is not refused.
    func updateFinding(id: Int64, _ draft: FindingDraft, expectedVersion: Int, now: Date) throws -> FindingRecord {
        try writer.write { db in
            guard var record = try FindingRecord.fetchOne(db, key: id) else { throw FindingStoreError.notFound }
            var wanted = record.draft
            wanted.cause = draft.cause
            wanted.correctiveAction = draft.correctiveAction
            wanted.ownerId = draft.ownerId
            wanted.dueOn = draft.dueOn
            wanted.status = draft.status
            if wanted == record.draft { return record }
            guard record.version == expectedVersion else { throw FindingStoreError.stale(version: record.version, updatedAt: record.updatedAt) }
            guard let ownerId = draft.ownerId, let dueOn = draft.dueOn,
                  try Bool.fetchOne(db, sql: "SELECT isActive FROM user WHERE id = ?", arguments: [ownerId]) == true
            else { throw FindingStoreError.unknownOwner }
            switch FindingRules.closedChange(from: record.status, to: draft.status) {
            case .set: record.closedAt = now
            case .clear: record.closedAt = nil
            case .keep: break
            }
            record.cause = draft.cause
            record.correctiveAction = draft.correctiveAction
            record.ownerId = ownerId
            record.dueOn = dueOn.description
            record.status = draft.status
            record.updatedAt = now
            record.version += 1
            try record.update(db)
            return record
        }
    }

    static let findingRowSQL = """
        SELECT f.*, o.displayName AS ownerName, c.displayName AS createdByName,
               (SELECT group_concat(workflowVersion, ' ') FROM (SELECT workflowVersion FROM workflowVersionFinding
                 WHERE findingId = f.id ORDER BY workflowVersion)) AS answeredBy
        FROM finding f JOIN user o ON o.id = f.ownerId JOIN user c ON c.id = f.createdBy
        """

    static func findingRow(_ row: Row) throws -> FindingRow {
        FindingRow(record: try FindingRecord(row: row), ownerName: row["ownerName"], createdByName: row["createdByName"],
                   answeredBy: ((row["answeredBy"] as String?) ?? "").split(separator: " ").compactMap { Int($0) })
    }

    func finding(id: Int64) throws -> FindingRow? {
        try writer.read { db in
            try Row.fetchOne(db, sql: Self.findingRowSQL + " WHERE f.id = ?", arguments: [id]).map(Self.findingRow)
        }
    }

    /// Findings with one of `statuses`, of `ownerId` only when given: open ones first, then by due
    /// date, oldest first.
    func findings(statuses: [FindingStatus], ownerId: Int64?, limit: Int = 500) throws -> [FindingRow] {
        try writer.read { db in
            var conditions = ["f.status IN (\(databaseQuestionMarks(count: statuses.count)))"]
            var arguments = StatementArguments(statuses.map(\.rawValue))
            if let ownerId {
                conditions.append("f.ownerId = ?")
                arguments += [ownerId]
            }
            return try Row.fetchAll(db, sql: Self.findingRowSQL + " WHERE " + conditions.joined(separator: " AND ")
                                    + " ORDER BY f.status = 'done', f.dueOn, f.id LIMIT ?", arguments: arguments + [limit]).map(Self.findingRow)
        }
    }

    /// The findings a workflow version cites, by version.
    func citedFindings() throws -> [Int: [CitedFinding]] {
        try writer.read { db in
            var cited: [Int: [CitedFinding]] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT l.workflowVersion, f.id, f.subject FROM workflowVersionFinding l JOIN finding f ON f.id = l.findingId
                ORDER BY l.workflowVersion, f.id
                """) {
                cited[row[0], default: []].append(CitedFinding(id: row[1], subject: row[2]))
            }
            return cited
        }
    }

    /// Links `findingIds` (those that exist and are not done) to workflow version `number`; an
    /// open one moves in progress. Inside the transaction that makes the version.
    static func citeFindings(_ db: Database, version number: Int, findingIds: [Int64], now: Date) throws {
        for id in Set(findingIds).sorted() {
            guard var record = try FindingRecord.fetchOne(db, key: id), record.status.isOpen else { continue }
            try db.execute(sql: "INSERT OR IGNORE INTO workflowVersionFinding (workflowVersion, findingId) VALUES (?, ?)", arguments: [number, id])
            let next = FindingRules.statusAfterCited(record.status)
            if next != record.status {
                record.status = next
                record.updatedAt = now
                record.version += 1
                try record.update(db)
            }
        }
    }
}
