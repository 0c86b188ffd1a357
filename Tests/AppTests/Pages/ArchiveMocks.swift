@testable import App

/// Archive page models for the snapshots (`SnapshotTests`).
extension ArchiveController.Page {
    private static var rows: [ArchiveController.Row] {
        [
            .init(itemHref: "/content/5", sheetHref: "/content/5/sheet", publishedAt: "21 Nov 2026 11.00", publishedISO: "2026-11-21T11:00",
                  title: "=HYPERLINK(\"x\") Rapat Koordinasi", kind: "Liputan kegiatan", channel: "Instagram", url: "https://www.instagram.com/p/Cabc123/",
                  publisher: "Admin Medsos", linkStatus: "aktif", linkStatusLabel: "aktif", checked: "22 Nov 2026 02.00 · HTTP 200", replaced: nil),
            .init(itemHref: "/content/5", sheetHref: "/content/5/sheet", publishedAt: "20 Nov 2026 10.00", publishedISO: "2026-11-20T10:00",
                  title: "Selamat Hari Guru 🇮🇩", kind: "Ucapan hari besar", channel: "X", url: "https://x.com/biroksd/status/1",
                  publisher: "Admin Medsos", linkStatus: "mati", linkStatusLabel: "mati", checked: "22 Nov 2026 02.00 · HTTP 404",
                  replaced: "diganti 21 Nov 2026 09.00"),
        ]
    }

    /// A filtered, sorted first page with one dead link.
    static var mock: Self {
        let rows = Self.rows
        var page = Self(
            rows: rows, total: 120, range: "1–50 dari 120 tautan (halaman 1 dari 3)", previousHref: nil, nextHref: "/archive?month=2026-11&page=2",
            month: "2026-11", q: "rapat", channels: [.init(value: "instagram", label: "Instagram", selected: true)],
            kinds: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: false)],
            statuses: [.init(value: "mati", label: "mati", selected: false)],
            sortLinks: [.init(label: "Tanggal tayang", href: "/archive?month=2026-11&sort=date&dir=asc", current: "descending", direction: "turun"),
                        .init(label: "Judul", href: "/archive?month=2026-11&sort=title&dir=asc", current: nil, direction: nil)],
            csvHref: "/archive.csv?month=2026-11", xlsxHref: "/archive.xlsx?month=2026-11", reportHref: "/archive/report?month=2026-11", deadLinks: [rows[1]], filtered: true)
        page.monthOptions = [.init(value: "2026-12", label: "Desember 2026", selected: false), .init(value: "2026-11", label: "November 2026", selected: true)]
        return page
    }

    static var mockEmpty: Self {
        Self(
            rows: [], total: 0, range: nil, previousHref: nil, nextHref: nil, month: "", q: "", channels: [], kinds: [], statuses: [], sortLinks: [],
            csvHref: "/archive.csv", xlsxHref: "/archive.xlsx", reportHref: "/archive/report?month=2026-11", deadLinks: [], filtered: false)
    }
}

extension ArchiveController.ReportPage {
    static var mock: Self {
        Self(
            letterhead: .mock, title: "LAPORAN PUBLIKASI MEDIA SOSIAL", period: "November 2026",
            byChannel: [.init(label: "Instagram", count: 12), .init(label: "X", count: 9)], byKind: [.init(label: "Liputan kegiatan", count: 10)],
            totalLinks: 21, totalPosts: 12,
            posts: [.init(number: 1, date: "02-11-2026 10.00", title: "Rapat Koordinasi", kind: "Liputan kegiatan", channel: "Instagram",
                          url: "https://www.instagram.com/p/Cabc123/", replaced: false)],
            place: "Jakarta", signDate: "30 November 2026", signRole: "Kepala Biro", signName: "Ibu Kepala Biro", signNip: "19700101 199503 2 001",
            preparer: .init(name: "Admin Medsos", role: "Admin Medsos", nip: nil),
            previousHref: "/archive/report?month=2026-10", nextHref: "/archive/report?month=2026-12", archiveHref: "/archive?month=2026-11",
            xlsxHref: "/archive/report.xlsx?month=2026-11")
    }
}

extension Letterhead {
    /// A letterhead with a logo and a two-line address.
    static var mock: Self {
        Self(name: "Biro Kerja Sama Daerah", addressLines: ["Jalan Medan Merdeka Selatan No. 8–9", "Jakarta Pusat 10110"],
             logoHref: "/media/" + String(repeating: "f", count: 64))
    }
}
