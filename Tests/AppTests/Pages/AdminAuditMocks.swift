@testable import App

/// Audit log models for the snapshots (`SnapshotTests`).
extension AdminAuditController.Page {
    static var mock: Self {
        Self(
            rows: [
                .init(at: "21 Nov 2026 10.01", actor: "kabiro", action: "Gagal masuk", actionKey: "login.failure", target: "kabiro", address: "10.0.0.7", detail: "", isFailure: true),
                .init(at: "21 Nov 2026 10.02", actor: "admin", action: "Peran diubah", actionKey: "user.roles", target: "budi", address: "10.0.0.8", detail: "+kepala-biro", isFailure: false),
            ],
            filters: [.init(value: "login.failure", label: "Gagal masuk", selected: true)],
            olderHref: "/admin/audit?before=10", newestHref: "/admin/audit")
    }

    static var mockEmpty: Self { Self(rows: [], filters: [], olderHref: nil, newestHref: nil) }
}
