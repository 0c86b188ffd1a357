@testable import App

/// Account page models for the snapshots (`SnapshotTests`).
extension AccountController.Page {
    /// The first visit after turning the feed on: its address is shown once.
    static var mock: Self {
        Self(
            displayName: "Ibu Kepala Biro", username: "kabiro", nip: "19700101 199503 2 001", roles: ["Kepala Biro"], delegated: [],
            feedURL: "http://localhost:8080/calendar.ics?token=secret-token", webcalURL: "webcal://localhost:8080/calendar.ics?token=secret-token",
            feedCreated: "Sabtu, 21 November 2026, 10.00 WIB")
    }

    /// Later visits: the feed is on, but its address (kept only as a hash) is not shown again.
    static var mockFeedActive: Self {
        Self(
            displayName: "Ibu Kepala Biro", username: "kabiro", nip: "19700101 199503 2 001", roles: ["Kepala Biro"], delegated: [],
            feedURL: nil, webcalURL: nil, feedCreated: "Sabtu, 21 November 2026, 10.00 WIB")
    }

    static var mockNoFeed: Self {
        Self(displayName: "Budi", username: "budi", nip: "", roles: [], delegated: [], feedURL: nil, webcalURL: nil, feedCreated: nil)
    }
}

/// Password page models for the snapshots.
extension AccountPasswordController.Page {
    static var mock: Self { Self(mustChange: false) }

    static var mockErrors: Self {
        Self(mustChange: true, errors: ["Kata sandi saat ini tidak cocok.", "Kata sandi terlalu pendek: minimal 8 karakter."])
    }
}
