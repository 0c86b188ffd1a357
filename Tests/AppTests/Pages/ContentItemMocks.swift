import Domain
@testable import App
import ViewRuntime

/// Content item models for the snapshots (`SnapshotTests`).
extension ContentItemPage {
    /// In review, at a step the viewer decides (for someone else), after a rejection and a conflict.
    /// A channel still lacks media: the warning as an alert, and the text-only confirmation.
    static var mockDecide: Self {
        var page = mock(published: false)
        page.mediaWarning = "Belum ada foto atau video untuk kanal yang memerlukannya: Instagram Story, YouTube (video). Lampirkan media sebelum diunggah."
        page.mediaWarningAlert = true
        page.captionWarning = "Keterangan melebihi batas 200 karakter untuk Instagram, Facebook: kurangi 13 karakter sebelum diajukan."
        page.canPublish = false
        return page
    }

    /// At the publish step: the publish form with the text-only confirmation, and "Kembalikan"
    /// under it (not in the decision bar), for an item a channel cannot take without media.
    static var mockPublishStep: Self {
        var page = mock(published: false)
        page.statusKey = "ready_to_publish"
        page.status = "Siap diunggah"
        page.canApprove = false
        page.canEdit = false
        page.mediaWarning = "Belum ada foto atau video untuk kanal yang memerlukannya: Instagram Story. Lampirkan media sebelum diunggah."
        page.textOnlyLabel = "Diunggah tanpa foto atau video (teks saja) di Instagram Story"
        page.textOnlyChecked = true
        page.history.append(.init(at: "21 Nov 2026 10.00", step: "6. Unggah materi publikasi", action: "Diterbitkan", actionKey: "publish",
                                  actor: "Budi", comment: "Diunggah tanpa foto/video (teks saja).", waited: "3 menit", standard: "5 menit",
                                  overdue: false, revision: 2))
        return page
    }

    /// Published, with one link alive and one dead.
    static var mockPublished: Self { mock(published: true) }

    /// Four eyes: the viewer holds the step's role but handed the item on; no decision is offered.
    static var mockFourEyes: Self {
        var page = mock(published: false)
        page.canApprove = false
        page.canReject = false
        page.canEdit = false
        page.actingFor = nil
        page.fourEyesNote = "Prinsip empat mata: Anda (atau orang yang Anda wakili) membuat konten ini, atau menyusun atau menyerahkan revisinya pada putaran ini. Keputusan di langkah ini diambil rekan lain dengan peran Tim Pengelola Media Sosial."
        return page
    }

    private static func mock(published: Bool) -> Self {
        Self(
            id: 3, title: "Rapat koordinasi", kind: "Liputan kegiatan", statusKey: published ? "published" : "in_review",
            status: published ? "Tayang" : "Dalam pemeriksaan", version: 6, revision: 2, isPublished: published,
            stepLabel: "Langkah 4 dari 6", stepName: "Kontrol dan setujui konten", stepRole: "Kepala Bagian", whoMayAct: "Pak Kabag",
            waiting: "Sudah menunggu 20 menit jam kerja; Mutu Baku 15 menit.", overdue: true,
            captionHTML: SafeHTML(trusted: "<p><strong>Rapat</strong> koordinasi</p>\n"), captionCount: 17, captionLimit: 200, captionOver: false,
            channels: ["Instagram", "Facebook"], mediaLinks: ["https://drive.google.com/x"],
            media: [.init(sha256: String(repeating: "a", count: 64), name: "foto.png", href: "/media/" + String(repeating: "a", count: 64), isImage: true, pending: false),
                    .init(sha256: String(repeating: "b", count: 64), name: "video.mp4", href: "/media/" + String(repeating: "b", count: 64), isImage: false, pending: false)],
            source: "Agenda harian",
            eventAt: "Sabtu, 21 November 2026, 09.00 WIB", publishAt: nil, notes: "Catatan <penting>", creator: "Budi",
            lastRejection: published ? nil : "Tambahkan nama mitra.",
            lastRejectionHeading: published ? nil : "Dikembalikan oleh Ibu Kabiro, Kepala Biro, dari langkah \"Persetujuan akhir\" pada Sabtu, 21 November 2026, 10.00 WIB, dengan alasan:",
            publishedSummary: published ? "Tayang pada Sabtu, 21 November 2026, 11.00 WIB, diunggah oleh Budi." : nil,
            canSubmit: false, canApprove: !published, canReject: !published, canPublish: !published, canEdit: !published, actingFor: published ? nil : "Pak Kabag",
            submitAction: "/content/3/submit", approveAction: "/content/3/approve", rejectAction: "/content/3/reject", publishAction: "/content/3/publish",
            editHref: "/content/3/edit", zipHref: "/content/3/media.zip", publishFields: [.init(name: "link_instagram", label: "Instagram", value: "", plainText: "Rapat koordinasi #KerjaSama", copyId: "copy-instagram")],
            comment: "", reason: "", errors: [], conflict: published ? nil : "Konten ini sudah diproses oleh Siti pada Sabtu, 21 November 2026, 10.00 WIB.",
            previews: published ? [] : ChannelPreview.mocks(Channel.allCases),
            links: published ? [.init(channel: "Instagram", url: "https://www.instagram.com/p/abc/", at: "21 Nov 2026 11.00", replaced: nil, status: "aktif", statusKey: "aktif"),
                                .init(channel: "X", url: "https://x.com/biroksd/status/1", at: "21 Nov 2026 11.00", replaced: "diganti 22 Nov 2026 09.00",
                                      status: "mati", statusKey: "mati")] : [],
            history: [.init(at: "21 Nov 2026 09.00", step: "1. Serahkan konsep", action: "Diserahkan", actionKey: "submit", actor: "Budi",
                            comment: nil, waited: "5 menit", standard: nil, overdue: false, revision: 1),
                      .init(at: "21 Nov 2026 09.30", step: "5. Persetujuan akhir", action: "Dikembalikan", actionKey: "reject", actor: "Siti a.n. Ibu Kabiro",
                            comment: "Tambahkan nama mitra.", waited: "1 jam 5 menit", standard: "1 jam", overdue: true, revision: 1)],
            diff: .init(from: 1, to: 2, title: [.init(text: "Rapat", added: false, removed: false)],
                        caption: [.init(text: "Rapat ", added: false, removed: false), .init(text: "lama", added: false, removed: true), .init(text: "baru", added: true, removed: false)],
                        channelsBefore: "Instagram", channelsAfter: "Instagram, Facebook", channelsChanged: true),
            revisionOptionsFrom: [.init(value: "1", label: "1", selected: true)], revisionOptionsTo: [.init(value: "2", label: "2", selected: true)],
            whatsappHref: "https://wa.me/?text=Rapat")
    }
}

extension ChannelPreview {
    /// Every preview kind, from a caption with a hashtag, a mention, a link and a long tail.
    static func mocks(_ channels: [Channel], caption: String? = nil) -> [ChannelPreview] {
        var settings = InstitutionSettings.fallback
        settings.name = "Biro Kerja Sama Daerah"
        settings.accountName = "biroksd.jakarta"
        let text = caption ?? "Rapat **koordinasi** kerja sama daerah bersama @pemprovdki di Balai Kota.\n\nInfo: https://kerjasama.jakarta.go.id/berita/2026/rapat #KerjaSamaDaerah 🇮🇩"
        return build(title: "Rapat koordinasi kerja sama daerah", caption: text, channels: channels, settings: settings,
                     date: "21 November 2026", imageHref: channels.count == 1 ? "/media/" + String(repeating: "d", count: 64) : nil)
    }

    /// Past the limit: the institution's 200 characters are marked on X.
    static var mocksOverLimit: [ChannelPreview] {
        mocks([.x, .instagram], caption: String(repeating: "Jakarta ", count: 30) + "#akhir")
    }
}
