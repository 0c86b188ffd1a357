@testable import App

/// Settings page models for the snapshots (`SnapshotTests`).
extension AdminSettingsController.Page {
    static var mock: Self {
        Self(
            form: .init(name: "Biro Kerja Sama Daerah", timeZone: "Asia/Jakarta", language: "id", captionLimit: "200", opens: "07:30", closes: "16:00",
                        days: ["2", "3"], channels: ["instagram"], letterheadAddress: "Jalan Medan Merdeka Selatan No. 8–9\nJakarta Pusat 10110",
                        headName: "Dr. Siti Rahmawati, M.Si.", headNip: "19700101 199503 2 001"),
            timeZones: [.init(value: "Asia/Jakarta", label: "Asia/Jakarta (WIB)", selected: true)],
            languages: [.init(value: "id", label: "Bahasa Indonesia", selected: true)],
            days: [.init(value: "2", label: "Senin", selected: true), .init(value: "7", label: "Sabtu", selected: false)],
            channels: [.init(value: "instagram", label: "Instagram", selected: true)],
            limitFields: [.init(key: "x", label: "X (Twitter)", value: "280")],
            updatePolicies: [.init(value: "workflow", label: "Melalui alur persetujuan lagi", selected: true)],
            timingRules: [.init(value: "kegiatan-hari-sama", label: "Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai", selected: true)],
            avatarHref: "/media/" + String(repeating: "e", count: 64),
            logoHref: "/media/" + String(repeating: "f", count: 64),
            errors: ["Pilih paling sedikit satu kanal."])
    }
}
