import Domain
import Foundation
import GRDB
import Testing
@testable import App

/// The SOP document's stored texts (migration `v12-sop-document`, issue 16).
@Suite struct SOPStorageTests {
    @Test func initialisingAPresetFillsTheDocumentAndTheFirstRevisionFromTheSeed() throws {
        // setup
        let database = try AppDatabase.inMemory()
        // action
        try database.initialise(preset: .dkiKSD, name: "Biro", now: Date(timeIntervalSince1970: 1_700_000_000))
        // check
        let document = try database.sopDocument()
        #expect(document.sopNumber == SOPDocumentTexts.dkiKSD.sopNumber)
        #expect(document.legalBasis == SOPDocumentTexts.dkiKSD.legalBasis)
        #expect(document.steps.isEmpty, "step texts live per revision")
        let revision = try database.sopRevision(1)
        #expect(revision.steps.count == SOPPreset.dkiKSD.steps.count)
        #expect(revision.steps.first?.requirements.contains("- Caption kegiatan maksimal 200 karakter") == true)
        #expect(revision.approvedAt == nil)
    }

    @Test func aDatabaseMadeBeforeTheMigrationTakesItsPresetsTexts() throws {
        // setup
        let queue = try DatabaseQueue(configuration: AppDatabase.configuration())
        try AppDatabase.migrator.migrate(queue, upTo: "v10-agenda-calendar")
        try queue.write { db in
            try InstitutionRecord(name: "UB", timeZone: "Asia/Jakarta", defaultLanguage: .id, presetKey: "ub", createdAt: Date()).insert(db)
            try WorkflowVersionRecord(number: 1, steps: Workflow(preset: .ub).steps, note: nil, createdBy: nil, createdAt: Date()).insert(db)
        }
        // action
        try AppDatabase.migrator.migrate(queue)
        // check
        let database = try AppDatabase(queue)
        #expect(try database.sopDocument().sopName == SOPDocumentTexts.ub.sopName)
        #expect(try database.sopRevision(1).steps.map(\.output) == SOPDocumentTexts.ub.steps.map(\.output))
    }

    @Test func aNewWorkflowVersionCopiesTheStepTextsByStepName() throws {
        // setup
        let database = try AppDatabase.inMemory()
        try database.initialise(preset: .dkiKSD, name: "Biro", now: Date())
        var steps = Workflow(preset: .dkiKSD).steps
        let second = steps.remove(at: 1)
        steps.insert(WorkflowStep(name: "Langkah baru", roleKey: second.roleKey, kind: .work, standardMinutes: 10, rejectTo: nil), at: 1)
        for index in steps.indices where steps[index].rejectTo != nil { steps[index].rejectTo = 1 }
        // action
        let number = try database.reviseWorkflow(Workflow(steps: steps), note: nil, by: nil, now: Date())
        // check
        let old = try database.sopRevision(1)
        let new = try database.sopRevision(number)
        #expect(new.steps.count == steps.count)
        #expect(new.steps[0] == old.steps[0])
        #expect(new.steps[1] == SOPStepTexts(), "a new step starts empty")
        #expect(new.steps[2] == old.steps[2], "a step keeps its texts by name")
    }
}

/// `warta sop`'s HTML, the same document as the page, standalone.
@Suite struct SOPExportTests {
    @Test func theExportIsOneStandaloneFileOfTheAskedVersion() throws {
        // setup
        let database = try AppDatabase.inMemory()
        try database.initialise(preset: .kendal, name: "Kendal", now: Date())
        // action
        let html = String(decoding: try SOPExport.html(database: database, publicPath: projectRoot + "/Public"), as: UTF8.self)
        // check
        #expect(html.lowercased().hasPrefix("<!doctype html>"))
        #expect(html.contains(SOPDocumentTexts.kendal.sopNumber))
        #expect(html.contains("@page sop"), "the stylesheet inline")
        #expect(!html.contains("rel=\"stylesheet\"") && !html.contains("<script"))
        #expect(throws: SOPExport.ExportError.self) { try SOPExport.html(database: database, version: 9, publicPath: projectRoot + "/Public") }
        #expect(throws: SOPExport.ExportError.self) { try SOPExport.html(database: try AppDatabase.inMemory(), publicPath: "/nonexistent") }
    }
}
