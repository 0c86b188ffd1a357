@testable import App

/// Workflow page models for the snapshots (`SnapshotTests`).
extension WorkflowController.Page {
    private static var step: WorkflowController.StepRow {
        .init(
            index: 0, order: 1, name: "Serahkan konsep", roles: [.init(value: "admin-medsos", label: "Admin Medsos", selected: true)],
            kinds: [.init(value: "work", label: "Kerjakan", selected: true)], minutes: "", minutesText: "–", reject: "", roleName: "Admin Medsos",
            kindName: "Kerjakan", isNew: false)
    }

    private static var versions: [WorkflowController.VersionRow] {
        [.init(number: 2, href: "/workflow?version=2", createdAt: "21 Nov 2026 10.00", note: "Tambah langkah", stepCount: 6, current: true, shown: true)]
    }

    static var mock: Self {
        Self(shownVersion: 2, isCurrent: true, steps: [step], versions: versions, errors: [], note: "", rowCount: 1)
    }

    /// An edit refused: no step publishes.
    static var mockRefused: Self {
        Self(shownVersion: 2, isCurrent: true, steps: [step], versions: versions,
             errors: ["Tidak ada langkah \"unggah\": konten tidak akan pernah tayang."], note: "coba", rowCount: 1)
    }
}
