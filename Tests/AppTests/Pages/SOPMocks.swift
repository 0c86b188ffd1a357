import Domain
import Foundation
@testable import App

/// SOP document page models for the snapshots (`SnapshotTests`): each preset's document as its
/// seed states it, on a fixed date.
extension SOPDocument {
    static let mockDate = Date(timeIntervalSince1970: 1_795_000_000)

    static func mock(_ preset: SOPPreset, approved: Bool = false) -> SOPDocument {
        let texts = SOPDocumentTexts.preset(preset.key) ?? SOPDocumentTexts()
        let revision = SOPRevisionRecord(
            number: 1, steps: texts.steps, effectiveOn: approved ? "2026-12-01" : "", approvedBy: approved ? 2 : nil,
            approvedByName: approved ? "Ibu Kepala Biro" : nil, approvedByNip: approved ? "197702261997112001" : nil,
            approvedAt: approved ? mockDate : nil)
        return SOPDocument(version: 1, workflow: Workflow(preset: preset), createdAt: mockDate, document: texts, revision: revision,
                           roles: preset.allRoles, dates: DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jakarta")!), t: .id)
    }
}

extension SOPController.Page {
    static func mock(_ preset: SOPPreset, approved: Bool = false) -> Self {
        Self(document: .mock(preset, approved: approved), isCurrent: true, canApprove: true, approved: approved,
             effectiveValue: approved ? "2026-12-01" : "", errors: [],
             versions: [.init(number: 1, href: "/workflow/sop?version=1", date: "21 Nov 2026 10.00", shown: true, current: true)],
             compareFrom: [.init(value: "1", label: "Versi 1", selected: true)], compareTo: [.init(value: "1", label: "Versi 1", selected: true)],
             isAdmin: true)
    }
}

extension SOPController.ComparePage {
    static var mock: Self {
        Self(from: 1, to: 2, fromHref: "/workflow/sop?version=1", toHref: "/workflow/sop?version=2",
             changes: ["Langkah ditambahkan: Periksa ejaan", "Tanggapi dan koreksi: waktu 1 jam → 30 menit"])
    }
    static var mockNone: Self {
        Self(from: 1, to: 1, fromHref: "/workflow/sop?version=1", toHref: "/workflow/sop?version=1", changes: [])
    }
}

extension AdminSOPController.Page {
    static var mock: Self {
        let texts = SOPDocumentTexts.dkiKSD
        return Self(
            version: 1,
            fields: [.init(name: "sop_number", label: "Nomor SOP", value: texts.sopNumber), .init(name: "sop_name", label: "Nama SOP", value: texts.sopName)],
            institutionLines: texts.institutionLines.joined(separator: "\n"),
            boxes: zip(AdminSOPController.boxNames, texts.boxes).map { .init(name: $0, label: $1.title, value: $1.lines.joined(separator: "\n")) },
            steps: [.init(index: 0, number: 1, name: "Serahkan konsep dokumentasi + narasi", requirementsName: "step_0_requirements",
                          outputName: "step_0_output", requirements: texts.steps[0].requirements.joined(separator: "\n"), output: texts.steps[0].output)],
            extras: [
                .init(key: "lead", legend: "Kegiatan tambahan sebelum langkah alur",
                      rows: AdminSOPController.extraFields([], prefix: "lead", roles: SOPPreset.kendal.roles)),
                .init(key: "trail", legend: "Kegiatan tambahan sesudah langkah alur",
                      rows: AdminSOPController.extraFields(SOPDocumentTexts.kendal.trailingExtras.map(AdminSOPController.ExtraInput.init),
                                                           prefix: "trail", roles: SOPPreset.kendal.roles)),
            ],
            errors: [], documentHref: "/workflow/sop")
    }
    static var mockRefused: Self {
        let page = mock
        return Self(version: page.version, fields: page.fields, institutionLines: page.institutionLines, boxes: page.boxes, steps: page.steps,
                    extras: page.extras, errors: ["Nama SOP: wajib diisi."], documentHref: page.documentHref)
    }
}

extension SOPStandalone {
    static var mock: Self { Self(document: .mock(.dkiKSD, approved: true), inlineCSS: nil) }
}
