import Domain
import Foundation
import GRDB

// The SOP document's stored texts (issue 16, migration `v12-sop-document`):
// - `sopDocument`, one row: the header fields, the six boxes and the extra activities of the
//   institution's document (`SOPDocumentTexts` as JSON, its `steps` left empty);
// - `sopRevision`, one row per workflow version: each step's "Mutu Baku" texts by position, the
//   revision's "Tgl. efektif" and its approval ("disahkan": who, as printed, and when).

/// The document's texts around the activity table.
struct SOPDocumentRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "sopDocument"
    var id: Int64 = 1
    var texts: SOPDocumentTexts
}

/// One revision of the document: a workflow version's texts, effective date and approval.
struct SOPRevisionRecord: Codable, FetchableRecord, PersistableRecord, Sendable, Equatable {
    static let databaseTableName = "sopRevision"
    var number: Int
    /// The texts of the version's steps, by position.
    var steps: [SOPStepTexts]
    /// "Tgl. efektif" as an ISO day (`2026-01-31`), "" when not set.
    var effectiveOn: String = ""
    var approvedBy: Int64?
    /// The approver's name and NIP as printed when they approved.
    var approvedByName: String?
    var approvedByNip: String?
    var approvedAt: Date?
}

extension AppDatabase {
    /// The texts of a preset's document, without the per-step texts.
    static func sopDocumentTexts(presetKey: String?) -> SOPDocumentTexts {
        var texts = presetKey.flatMap(SOPDocumentTexts.preset) ?? SOPDocumentTexts()
        texts.steps = []
        return texts
    }

    /// The per-step texts a preset gives the steps of `steps`, matched by step name (a step the
    /// preset does not name has empty texts).
    static func sopStepTexts(presetKey: String?, for steps: [WorkflowStep]) -> [SOPStepTexts] {
        guard let key = presetKey, let preset = SOPPreset.named(key), let texts = SOPDocumentTexts.preset(key) else {
            return steps.map { _ in SOPStepTexts() }
        }
        let presetSteps = Workflow(preset: preset).steps
        var byName: [String: SOPStepTexts] = [:]
        for (index, step) in presetSteps.enumerated() where byName[step.name] == nil { byName[step.name] = texts.step(index + 1) }
        return steps.map { byName[$0.name] ?? SOPStepTexts() }
    }

    /// Fills the document and every version's texts from the institution's preset (at `init` and in
    /// the migration for databases made before it).
    static func seedSOPTexts(_ db: Database) throws {
        let presetKey = try String.fetchOne(db, sql: "SELECT presetKey FROM institution")
        if try SOPDocumentRecord.fetchOne(db) == nil {
            try SOPDocumentRecord(texts: sopDocumentTexts(presetKey: presetKey)).insert(db)
        }
        for version in try WorkflowVersionRecord.fetchAll(db) where try SOPRevisionRecord.fetchOne(db, key: version.number) == nil {
            try SOPRevisionRecord(number: version.number, steps: sopStepTexts(presetKey: presetKey, for: version.steps)).insert(db)
        }
    }

    /// A new version's texts: each step takes the texts of the step with the same name in the
    /// previous version.
    static func carrySOPTexts(_ db: Database, to number: Int, steps: [WorkflowStep]) throws {
        let previous = try WorkflowVersionRecord.filter(WorkflowVersionRecord.Columns.number < number)
            .order(WorkflowVersionRecord.Columns.number.desc).fetchOne(db)
        var byName: [String: SOPStepTexts] = [:]
        if let previous, let texts = try SOPRevisionRecord.fetchOne(db, key: previous.number) {
            for (index, step) in previous.steps.enumerated() where byName[step.name] == nil && index < texts.steps.count {
                byName[step.name] = texts.steps[index]
            }
        }
        try SOPRevisionRecord(number: number, steps: steps.map { byName[$0.name] ?? SOPStepTexts() }).upsert(db)
    }

    func sopDocument() throws -> SOPDocumentTexts {
        var texts = try writer.read { db in try SOPDocumentRecord.fetchOne(db)?.texts ?? SOPDocumentTexts() }
        // Texts saved before the follow-up's rows were marked (issue 16): marked by the seed's names.
        texts.markIncomingRows()
        return texts
    }

    func sopRevision(_ number: Int) throws -> SOPRevisionRecord {
        try writer.read { db in try SOPRevisionRecord.fetchOne(db, key: number) } ?? SOPRevisionRecord(number: number, steps: [])
    }

    /// Saves the document's texts and the step texts of version `number`.
    func saveSOPTexts(_ texts: SOPDocumentTexts, steps: [SOPStepTexts], version number: Int) throws {
        try writer.write { db in
            var document = texts
            document.steps = []
            try SOPDocumentRecord(texts: document).upsert(db)
            var revision = try SOPRevisionRecord.fetchOne(db, key: number) ?? SOPRevisionRecord(number: number, steps: [])
            revision.steps = steps
            try revision.upsert(db)
        }
    }

    /// Sets a revision's "Tgl. efektif" and, when `approver` is given, records its approval.
    func updateSOPRevision(_ number: Int, effectiveOn: String?, approver: (id: Int64, name: String, nip: String)?, at now: Date) throws {
        try writer.write { db in
            var revision = try SOPRevisionRecord.fetchOne(db, key: number) ?? SOPRevisionRecord(number: number, steps: [])
            if let effectiveOn { revision.effectiveOn = effectiveOn }
            if let approver {
                revision.approvedBy = approver.id
                revision.approvedByName = approver.name
                revision.approvedByNip = approver.nip
                revision.approvedAt = now
            }
            try revision.upsert(db)
        }
    }
}
