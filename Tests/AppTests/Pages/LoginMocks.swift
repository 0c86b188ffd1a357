@testable import App

/// Login page models for the snapshots (`SnapshotTests`).
extension LoginController.Page {
    static var mock: Self { Self() }

    /// A failed attempt, as shown to an English reader.
    static var mockError: Self { Self(username: "kabiro", next: "/admin/users", error: "Wrong username or password.") }

    /// After the session ended.
    static var mockNotice: Self { Self(notice: "Sesi Anda telah berakhir. Silakan masuk kembali.") }
}
