import Foundation
import Testing
@testable import Domain

@Suite struct SOPDocumentTextsTests {
    @Test(arguments: SOPPreset.all)
    func everyPresetHasItsDocumentTexts(preset: SOPPreset) throws {
        let texts = try #require(SOPDocumentTexts.preset(preset.key))
        #expect(texts.sopNumber == preset.sopNumber)
        #expect(!texts.institutionLines.isEmpty)
        #expect(!texts.createdOn.isEmpty)
        #expect(!texts.approverName.isEmpty)
        #expect(!texts.approverPosition.isEmpty)
        #expect(texts.approverNIP.filter(\.isNumber).count == 18, "a NIP has 18 digits")
        #expect(!texts.sopName.isEmpty)
        // Every seed fills all six boxes.
        #expect(texts.boxes.map(\.title) == ["Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan",
                                             "Peralatan/Perlengkapan", "Peringatan", "Pencatatan dan Pendataan"])
        for box in texts.boxes {
            #expect(!box.lines.isEmpty, "\(preset.key): \(box.title)")
            #expect(box.lines.allSatisfy { !$0.trimmingCharacters(in: .whitespaces).isEmpty && $0 != "N/A" })
        }
        // One set of step texts per preset step, each with what its seed row states.
        #expect(texts.steps.count == preset.steps.count)
        for (index, step) in texts.steps.enumerated() {
            #expect(!step.activity.isEmpty, "\(preset.key) step \(index + 1)")
            // Kendal's row 1 is the one row whose Mutu Baku the seed leaves empty.
            if !(preset.key == "kendal" && index == 0) {
                #expect(!step.requirements.isEmpty, "\(preset.key) step \(index + 1) requirements")
                #expect(!step.output.isEmpty, "\(preset.key) step \(index + 1) output")
            }
        }
        // Extra rows only name roles the preset has.
        let roles = Set(preset.roles.map(\.key))
        for extra in texts.leadingExtras + texts.trailingExtras {
            #expect(roles.contains(extra.roleKey), "\(preset.key): \(extra.name)")
        }
        // Numbered lines count up from 1 in every box.
        for box in texts.boxes {
            let numbers = box.lines.compactMap { line in
                line.split(separator: ".", maxSplits: 1).first.flatMap { Int($0) }
            }
            if !numbers.isEmpty { #expect(numbers == Array(1...numbers.count), "\(preset.key): \(box.title)") }
        }
    }

    @Test func theSeedsWordingIsKept() throws {
        let dki = try #require(SOPDocumentTexts.preset("dki-ksd"))
        #expect(dki.step(1).requirements.contains("- Caption kegiatan maksimal 200 karakter"))
        #expect(dki.step(1).timeRules.count == 3)
        #expect(dki.records == ["Jadwal agenda Kepala Biro dan kalender Peringatan Hari Besar Nasional"])
        #expect(dki.approverName == "Marulina Dewi")
        let ub = try #require(SOPDocumentTexts.preset("ub"))
        #expect(ub.legalBasis.count == 7)
        #expect(ub.legalBasis[0] == "1. UU Nomor 14 Tahun 2008 tentang Keterbukaan Informasi Publik")
        #expect(ub.equipment.contains("2. Handphone"))
        #expect(ub.step(1).note == ["IG, FB, Tweet & Tiktok"])
        #expect(ub.step(99) == SOPStepTexts())
        let fisip = try #require(SOPDocumentTexts.preset("fisip-ub"))
        #expect(fisip.legalBasis[1] == "2. Manual Mutu Fakultas Ilmu Sosial dan Ilmu Politik tahun 2018")
        #expect(fisip.leadingExtras.map(\.note) == ["Penetapan"])
        #expect(fisip.trailingExtras.map(\.note) == ["Evaluasi", "Pengendalian", "Peningkatan"])
        let kendal = try #require(SOPDocumentTexts.preset("kendal"))
        #expect(kendal.trailingExtras.map(\.standardMinutes) == [60, 5, nil, 5, 120])
        #expect(kendal.qualifications.count == 3)
        #expect(kendal.warnings[1].contains("Pemutakhiran"))
        #expect(SOPDocumentTexts.preset("nope") == nil)
    }

    @Test func presetExtrasLayOutWithTheWorkflow() throws {
        for preset in SOPPreset.all {
            let texts = try #require(SOPDocumentTexts.preset(preset.key))
            let chart = SOPFlowchart(workflow: Workflow(preset: preset), roles: preset.roles,
                                     leadingExtras: texts.leadingExtras, trailingExtras: texts.trailingExtras,
                                     metrics: .init(rowsPerPage: 8))
            #expect(chart.rows.count == preset.steps.count + texts.leadingExtras.count + texts.trailingExtras.count)
            #expect(SOPChartGeometry.problems(chart) == [], "\(preset.key)")
        }
        // FISIP's Koordinator acts first (Penetapan), as the seed's columns are ordered.
        let fisip = SOPFlowchart(workflow: Workflow(preset: .fisipUB), roles: SOPPreset.fisipUB.roles,
                                 leadingExtras: SOPDocumentTexts.fisipUB.leadingExtras,
                                 trailingExtras: SOPDocumentTexts.fisipUB.trailingExtras)
        #expect(fisip.lanes.map(\.name) == ["Koordinator Kehumasan", "Staf Kehumasan"])
        #expect(fisip.rows.count == 11)
    }

    @Test func textsRoundTripThroughJSON() throws {
        let data = try JSONEncoder().encode(SOPDocumentTexts.dkiKSD)
        #expect(try JSONDecoder().decode(SOPDocumentTexts.self, from: data) == SOPDocumentTexts.dkiKSD)
    }
}
