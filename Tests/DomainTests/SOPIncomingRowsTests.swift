import Foundation
import Testing
@testable import Domain

@Suite struct SOPIncomingRowsTests {
    static func time(_ category: MessageCategory, _ minutes: Int) -> String { "\(category.rawValue) \(minutes)" }

    @Test func kendalsRowsComeFromTheRunningFollowUp() throws {
        // setup
        var workflow = FollowUpWorkflow.kendal()
        workflow.steps[1].name = "Teruskan ke bidang"
        workflow.steps[1].standardMinutes = 10
        workflow.categoryMinutes = [.keluhan: 300, .saran: 600]
        // action
        let texts = SOPDocumentTexts.kendal.withIncomingRows(workflow, roundMinutes: 45, categoryTime: Self.time)
        // check: round, the four steps, then the seed's last row
        let rows = texts.trailingExtras
        #expect(rows.map(\.incomingRow) == [.round, .log, .forward, .followUp, .post, nil])
        #expect(rows[0].name == "Memantau informasi yang masuk melalui media sosial")
        #expect(rows[0].standardMinutes == 45)
        #expect(rows[0].roleKey == "pengelola-ti")
        #expect(rows[1].name == "Catat informasi yang masuk")
        #expect(rows[1].standardMinutes == nil)
        #expect(rows[2].name == "Teruskan ke bidang")
        #expect(rows[2].standardMinutes == 10)
        #expect(rows[3].roleKey == "bidang", "the division's step stays in the Bidang lane")
        #expect(rows[3].timeRules == ["keluhan 300", "saran 600"], "in category order")
        #expect(rows[4].roleKey == "pengelola-ti")
        // The seed's texts stay, by kind.
        #expect(rows[0].requirements == "Data/informasi yang masuk")
        #expect(rows[2].requirements == "Data/informasi yang masuk, media sosial, komputer")
        #expect(rows[4].output == "Tindak lanjut yang sudah diunggah")
        #expect(rows[1].requirements.isEmpty, "the seed has no row for logging")
        #expect(rows[5].name.hasPrefix("Melaksanakan pemutakhiran"))
        #expect(rows[5].standardMinutes == 120)
        // The steps are untouched, and so are the other presets.
        #expect(texts.steps == SOPDocumentTexts.kendal.steps)
        let fisip = SOPDocumentTexts.fisipUB.withIncomingRows(workflow, roundMinutes: 45, categoryTime: Self.time)
        #expect(fisip == SOPDocumentTexts.fisipUB)
    }

    @Test func theRolesOfTheRunningWorkflowAreItsLanes() {
        let workflow = FollowUpWorkflow.kendal(monitorRole: "admin-medsos")
        let rows = SOPDocumentTexts.kendal.withIncomingRows(workflow, roundMinutes: nil, categoryTime: Self.time).trailingExtras
        #expect(rows[0].roleKey == "admin-medsos")
        #expect(rows[0].standardMinutes == nil)
        #expect(rows.filter { $0.incomingRow != nil && $0.incomingRow != .followUp }.allSatisfy { $0.roleKey == "admin-medsos" })
    }

    @Test func unmarkedStoredRowsAreMarkedByTheSeedsNames() throws {
        var stored = SOPDocumentTexts.kendal
        for index in stored.trailingExtras.indices { stored.trailingExtras[index].incomingRow = nil }
        // Saved before the marks: JSON without the key.
        let json = try JSONEncoder().encode(stored)
        var decoded = try JSONDecoder().decode(SOPDocumentTexts.self, from: json)
        #expect(decoded.trailingExtras.allSatisfy { $0.incomingRow == nil })
        decoded.markIncomingRows()
        #expect(decoded.trailingExtras.map(\.incomingRow) == [.round, .forward, .followUp, .post, nil])
        // Rows already marked are left alone.
        var edited = SOPDocumentTexts.kendal
        edited.trailingExtras[0].incomingRow = nil
        edited.markIncomingRows()
        #expect(edited.trailingExtras[0].incomingRow == nil)
    }

    @Test func oldStoredExtrasDecodeWithoutTheNewKeys() throws {
        let json = #"{"name":"Evaluasi","roleKey":"koordinator-kehumasan","requirements":"","output":"","note":"Evaluasi","symbol":"process"}"#
        let extra = try JSONDecoder().decode(SOPExtraActivity.self, from: Data(json.utf8))
        #expect(extra.name == "Evaluasi")
        #expect(extra.timeRules.isEmpty)
        #expect(extra.incomingRow == nil)
    }
}
