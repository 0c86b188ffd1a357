@testable import App
import ViewRuntime

/// Control sheet models for the snapshots (`SnapshotTests`).
extension ContentSheetController.Page {
    /// The sheet in the site's layout.
    static var mock: Self { mock(inlineCSS: nil) }

    /// The sheet as a file of its own, with its style inline.
    static var mockStandalone: Self { mock(inlineCSS: SafeHTML(trusted: "body { color: #000; }")) }

    private static func mock(inlineCSS: SafeHTML?) -> Self {
        Self(
            letterhead: inlineCSS == nil ? .mock : Letterhead(name: "Biro Kerja Sama Daerah", addressLines: ["Jakarta Pusat 10110"], logoHref: nil), id: 5, title: "Rapat Koordinasi", kind: "Liputan kegiatan", status: "Tayang", statusKey: "published",
            creator: "Budi", created: "Sabtu, 21 November 2026, 09.00 WIB", source: "Agenda harian", eventAt: "Sabtu, 21 November 2026, 08.00 WIB",
            publishAt: nil, channels: "Instagram, X", captionHTML: SafeHTML(trusted: "<p>Rapat <strong>koordinasi</strong></p>"), captionPlain: "Rapat koordinasi", revision: 2,
            plannedSteps: [.init(position: 1, name: "Buat konten", role: "Tim Pengelola", standard: "–"),
                           .init(position: 2, name: "Setujui", role: "Kepala Biro", standard: "15 menit")],
            steps: [.init(number: 1, at: "21-11-2026 09.30", step: "2. Setujui", action: "Dikembalikan", actionKey: "reject",
                          actor: "Pak Kabag a.n. Ibu Kepala Biro", revision: 1, standard: "15 menit", actual: "40 menit", overdue: true,
                          reason: "Foto kurang jelas")],
            links: [.init(channel: "Instagram", url: "https://www.instagram.com/p/Cabc123/", recorded: "21-11-2026 11.00",
                          by: "Admin Medsos", replaced: nil, status: "aktif", statusKey: "aktif", checked: "22-11-2026 02.00 · HTTP 200")],
            totalActual: "40 menit", totalStandard: "15 menit", printedAt: "Minggu, 22 November 2026, 10.00 WIB", itemHref: "/content/5",
            recordHref: "/content/5/record.zip", inlineCSS: inlineCSS)
    }
}
