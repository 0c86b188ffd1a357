@testable import App

/// Error page models for the snapshots (`SnapshotTests`).
extension ErrorPageMiddleware.Model {
    static var mock403: Self {
        Self(status: 403, heading: "Akses ditolak", message: "Halaman ini hanya untuk peran: admin.", requestId: nil, showLogin: false)
    }

    static var mock500: Self {
        Self(status: 500, heading: "Terjadi kesalahan pada server", message: "Maaf.", requestId: "req-1234", showLogin: false)
    }
}
