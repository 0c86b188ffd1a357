import Domain
import Foundation
@testable import App

/// Findings page models for the snapshots (`SnapshotTests`), issue 15.
extension FindingsController.ListPage {
    static var filters: [ChoiceOption] {
        [.init(value: "open", label: "Belum selesai", selected: true), .init(value: "in_progress", label: "Sedang ditangani", selected: false),
         .init(value: "done", label: "Selesai", selected: false), .init(value: "all", label: "Semua", selected: false)]
    }

    static var mock: Self {
        Self(rows: [
            .init(number: "#3", href: "/evaluasi/temuan/3", subject: "Persetujuan akhir: p90 3× Mutu Baku <November>", statusKey: "open",
                  status: "Terbuka", owner: "Ibu Kepala Biro", due: "20 November 2026", overdue: true, step: "5. Persetujuan akhir (versi 1)",
                  answeredBy: nil),
            .init(number: "#4", href: "/evaluasi/temuan/4", subject: "Ucapan terlambat tayang", statusKey: "in_progress", status: "Sedang ditangani",
                  owner: "Budi", due: "5 Desember 2026", overdue: false, step: nil, answeredBy: "dijawab oleh versi 2"),
        ], filters: filters, canRaise: true, seesAll: true)
    }

    /// Someone who owns none and may not raise one.
    static var mockEmpty: Self {
        Self(rows: [], filters: filters, canRaise: false, seesAll: false)
    }
}

extension FindingsController.FormPage {
    static var owners: [ChoiceOption] {
        [.init(value: "2", label: "Ibu Kepala Biro", selected: true), .init(value: "3", label: "Budi", selected: false)]
    }
    static func statuses(_ selected: String) -> [ChoiceOption] {
        [("open", "Terbuka"), ("in_progress", "Sedang ditangani"), ("done", "Selesai")].map { .init(value: $0.0, label: $0.1, selected: $0.0 == selected) }
    }

    /// The form pre-filled from a figure of the report.
    static var mockNew: Self {
        let form = FindingsController.Form(subject: "Persetujuan akhir: p90 3× Mutu Baku", figure: "p90 180 menit", periodFrom: "2026-10-01",
                                           periodTo: "2026-12-31", workflowVersion: "1", stepPosition: "5", ownerId: "2", dueOn: "2026-12-05",
                                           status: "open", formKey: "k3y")
        return Self(isNew: true, title: "Catat temuan", action: "/evaluasi/temuan", number: nil, form: form, errors: [], conflict: nil,
                    owners: owners, statuses: statuses("open"), step: "5. Persetujuan akhir (versi 1)", period: "1 Oktober 2026 – 31 Desember 2026",
                    statusKey: "", statusLabel: "", overdue: false, createdBy: nil, createdAt: nil, closedAt: nil, answers: [])
    }

    /// A stored finding answered by version 2, refused: done without a corrective action.
    static var mockEdit: Self {
        let form = FindingsController.Form(subject: "Persetujuan akhir: p90 3× Mutu Baku", figure: "p90 180 menit", periodFrom: "2026-10-01",
                                           periodTo: "2026-12-31", workflowVersion: "1", stepPosition: "5", cause: "Kepala Biro <dinas luar>",
                                           ownerId: "2", dueOn: "2026-11-20", status: "done", rowVersion: "2")
        return Self(isNew: false, title: "Temuan #3", action: "/evaluasi/temuan/3", number: "#3", form: form,
                    errors: ["Isi tindakan perbaikan sebelum menyatakan temuan selesai."], conflict: nil,
                    owners: owners, statuses: statuses("done"), step: "5. Persetujuan akhir (versi 1)", period: "1 Oktober 2026 – 31 Desember 2026",
                    statusKey: "in_progress", statusLabel: "Sedang ditangani", overdue: true, createdBy: "Ibu Kepala Biro",
                    createdAt: "21 Nov 2026 10.00", closedAt: nil, answers: [.init(number: 2, href: "/workflow?version=2")])
    }

    /// Saved by someone else meanwhile.
    static var mockConflict: Self {
        let edit = mockEdit
        return Self(isNew: false, title: edit.title, action: edit.action, number: edit.number, form: edit.form, errors: [],
                    conflict: "Temuan ini sudah diubah orang lain pada Sabtu, 21 November 2026 10.05 WIB.", owners: owners, statuses: statuses("done"),
                    step: nil, period: nil, statusKey: "done", statusLabel: "Selesai", overdue: false, createdBy: "Ibu Kepala Biro",
                    createdAt: "21 Nov 2026 10.00", closedAt: "21 Nov 2026 10.05", answers: [])
    }
}

extension HomeController.Page {
    /// Findings owned, one overdue.
    static var mockFindings: Self {
        var page = mockEmpty
        page.findings = [
            .init(href: "/evaluasi/temuan/3", number: "#3", subject: "Persetujuan akhir: p90 3× Mutu Baku", statusKey: "open", status: "Terbuka",
                  due: "20 November 2026", overdue: true),
            .init(href: "/evaluasi/temuan/4", number: "#4", subject: "Ucapan <terlambat>", statusKey: "in_progress", status: "Sedang ditangani",
                  due: "5 Desember 2026", overdue: false),
        ]
        page.findingsOverdue = 1
        return page
    }
}

extension WorkflowController.Page {
    /// The history says why version 2 was made; the editor offers two open findings.
    static var mockFindings: Self {
        var page = mock
        page = Self(shownVersion: 2, isCurrent: true, steps: page.steps, versions: [
            .init(number: 2, href: "/workflow?version=2", createdAt: "21 Nov 2026 10.00", note: "Standar persetujuan akhir 2 jam", stepCount: 6,
                  current: true, shown: true,
                  findings: [.init(href: "/evaluasi/temuan/3", text: "#3: Persetujuan akhir: p90 3× Mutu Baku <November>")]),
            .init(number: 1, href: "/workflow?version=1", createdAt: "1 Nov 2026 08.00", note: nil, stepCount: 6, current: false, shown: false),
        ], errors: [], note: "", rowCount: page.rowCount)
        page.openFindings = [.init(id: "3", text: "#3: Persetujuan akhir: p90 3× Mutu Baku", checked: true),
                             .init(id: "4", text: "#4: Ucapan terlambat tayang", checked: false)]
        return page
    }
}

extension SOPController.Page {
    /// Revision 2 answers a finding.
    static var mockFindings: Self {
        let page = mock(.dkiKSD)
        return Self(document: page.document, isCurrent: true, canApprove: false, approved: false, effectiveValue: "", errors: [],
                    versions: [.init(number: 2, href: "/workflow/sop?version=2", date: "21 Nov 2026 10.00", shown: true, current: true,
                                     findings: [.init(href: "/evaluasi/temuan/3", text: "#3: Persetujuan akhir: p90 3× Mutu Baku")]),
                               .init(number: 1, href: "/workflow/sop?version=1", date: "1 Nov 2026 08.00", shown: false, current: false)],
                    compareFrom: page.compareFrom, compareTo: page.compareTo, isAdmin: false)
    }
}
