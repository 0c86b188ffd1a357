@testable import App

/// Content form models for the snapshots (`SnapshotTests`).
extension ContentFormPage {
    /// Editing an item whose caption is over the institution's limit.
    static var mock: Self {
        var form = ContentFormInput()
        form.title = "Rapat koordinasi"
        form.caption = String(repeating: "a", count: 210)
        form.channels = ["instagram"]
        form.publishAt = "2026-11-21T13:00"
        var page = Self(
            isNew: false, action: "/content/3/edit", cancelHref: "/content/3", version: 4, form: form,
            kinds: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: true)],
            sources: [.init(value: "agenda-harian", label: "Agenda harian", selected: true)],
            channels: [.init(value: "instagram", label: "Instagram", selected: true), .init(value: "tiktok", label: "TikTok", selected: false)],
            errors: ["Tautan media tidak sah (harus http:// atau https://): ftp://arsip/foto"],
            captionCount: 210, captionLimit: 200, captionOver: true, stepNote: "Perubahan disimpan sebagai revisi baru.",
            uploads: [.init(sha256: String(repeating: "c", count: 64), name: "desain.webp", href: "/media/" + String(repeating: "c", count: 64), isImage: true, pending: true)],
            platformCounts: [.init(channel: "instagram", label: "Instagram", limit: 2200, count: 210, over: false, selected: true),
                             .init(channel: "tiktok", label: "TikTok", limit: 150, count: 210, over: true, selected: false)])
        // The date fields' values in words, written by the server (app.js rewrites them as they change).
        page.publishAtWords = "Sabtu, 21 November 2026 pukul 13.00 WIB"
        page.zone = "WIB"
        return page
    }
}
