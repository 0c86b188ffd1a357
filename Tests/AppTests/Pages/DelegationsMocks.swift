@testable import App

/// Delegation page models for the snapshots (`SnapshotTests`).
extension DelegationsController.Page {
    static var mock: Self {
        Self(
            rows: [.init(from: "Ibu Kabiro", to: "Pak Kabag", role: "Kepala Biro", period: "21 November 2026 – 25 November 2026",
                         stateKey: "active", state: "Berlaku", revokeAction: "/delegations/1/revoke")],
            isAdmin: true, fromUsers: [.init(value: "2", label: "Ibu Kabiro", selected: true)], toUsers: [.init(value: "3", label: "Pak Kabag", selected: false)],
            roles: [.init(value: "kepala-biro", label: "Kepala Biro", selected: true)],
            form: .init(fromUser: "2", toUser: "", role: "kepala-biro", startsOn: "2026-11-21", endsOn: "2026-11-25"),
            errors: ["Pilih penerima delegasi yang aktif."], canDelegate: true)
    }
}
