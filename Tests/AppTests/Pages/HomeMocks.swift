@testable import App

/// Home page models for the snapshots (`SnapshotTests`).
extension HomeController.Page {
    static var mock: Self {
        Self(
            greeting: "Selamat datang, Ibu Kepala Biro",
            tasks: [
                .init(href: "/content/7", title: "Rapat koordinasi <kerja sama>", kind: "Liputan kegiatan", step: "5. Persetujuan akhir", role: "Kepala Biro",
                      delegated: nil, creator: "Budi", entered: "21 Nov 2026 09.00", waited: "1 jam 30 menit", standard: "1 jam", overdue: true,
                      overdueBy: "lewat 30 menit"),
                .init(href: "/content/8", title: "Hari Guru Nasional", kind: "Ucapan hari besar", step: "4. Kontrol dan setujui konten", role: "Kepala Bagian",
                      delegated: "delegasi", creator: "Siti", entered: "21 Nov 2026 10.00", waited: "5 menit", standard: "15 menit", overdue: false, overdueBy: nil,
                      returned: "Dikembalikan oleh Ibu Kabiro, Kepala Biro: Tambahkan tanggal <hari>."),
            ],
            taskTotal: 62, range: "1–50 dari 62, yang paling lama menunggu lebih dulu", nextHref: "/?page=2", previousHref: nil,
            overdueCount: 1,
            mine: [.init(href: "/content/10", title: "Ucapan Hari Guru", statusKey: "draft", status: "Draf",
                         step: "1. Serahkan konsep — Admin Medsos", updated: "21 Nov 2026 10.10",
                         returned: "Dikembalikan oleh Pak Kabag, Kepala Bagian: Fotonya kurang terang."),
                   .init(href: "/content/9", title: "Infografis HUT KORPRI", statusKey: "in_review", status: "Dalam pemeriksaan",
                         step: "2. Tanggapi dan koreksi — Tim Pengelola Media Sosial", updated: "21 Nov 2026 10.05")],
            mineReturned: "1 dikembalikan",
            canCreate: true, roles: ["Kepala Biro"], delegations: ["Anda menerima delegasi peran Kepala Bagian hari ini."],
            greetingsDue: [.init(date: "2026-11-25", day: "Rabu, 25 November 2026", name: "Hari Guru Nasional", kind: "Hari peringatan",
                                 inDays: "4 hari lagi", createHref: "/content/new?plan=ucapan&date=2026-11-25&name=Hari%20Guru%20Nasional")],
            deadLinks: [.init(itemHref: "/content/5", title: "Rapat Koordinasi", channel: "X", url: "https://x.com/biroksd/status/1",
                              checked: "22 Nov 2026 02.00")])
    }

    /// Nothing waiting, nothing to create.
    static var mockEmpty: Self {
        Self(greeting: "Selamat datang, Budi", tasks: [], taskTotal: 0, range: nil, nextHref: nil, previousHref: nil, overdueCount: nil, mine: [],
             canCreate: false, roles: ["Admin Medsos"], delegations: [], greetingsDue: [])
    }
}
