@testable import App

/// Incoming-message page models for the snapshots (`SnapshotTests`).
extension IncomingListController.Page {
    static var mock: Self {
        Self(
            rows: [
                .init(href: "/pesan/2", received: "21 Nov 2026 09.30", receivedISO: "2026-11-21T09:30", channel: "Instagram", sender: "@warga.kendal",
                      kind: "Komentar", category: "Pertanyaan", text: "Perpustakaan keliling hari Sabtu buka jam berapa ya?", statusKey: "forwarded",
                      status: "Di bidang", division: "Bidang Perpustakaan"),
                .init(href: "/pesan/1", received: "20 Nov 2026 15.00", receivedISO: "2026-11-20T15:00", channel: "X (Twitter)", sender: "@promo.cepat",
                      kind: "Mention", category: "Spam", text: "=HYPERLINK(\"x\") <b>Modal kecil</b>", statusKey: "closed",
                      status: "Selesai · Ditutup sebagai spam/hoaks", division: nil),
            ],
            total: 2, range: "1–2 dari 2 tautan (halaman 1 dari 1)", previousHref: nil, nextHref: nil,
            statuses: [.init(value: "logged", label: "Dicatat, menunggu diteruskan", selected: false)],
            channels: [.init(value: "instagram", label: "Instagram", selected: true)],
            categories: [.init(value: "keluhan", label: "Keluhan/aduan", selected: false)],
            divisions: [.init(value: "1", label: "Bidang Perpustakaan", selected: false)],
            from: "2026-11-01", to: "", q: "", csvHref: "/pesan.csv?channel=instagram&from=2026-11-01",
            xlsxHref: "/pesan.xlsx?channel=instagram&from=2026-11-01", filtered: true, canLog: true)
    }
}

extension IncomingFormController.Page {
    static var mock: Self {
        var input = IncomingFormController.Input()
        input.sender = "@warga.kendal"
        input.receivedAt = "2026-11-21T09:30"
        input.text = "AC ruang baca mati."
        input.link = "https://x.com/salah"
        input.channel = "instagram"
        return Self(
            action: "/pesan", cancelHref: "/pesan", input: input, errors: ["Tautan Instagram harus berbentuk https://www.instagram.com/p/…"],
            channels: [.init(value: "instagram", label: "Instagram", selected: true), .init(value: "x", label: "X (Twitter)", selected: false)],
            kinds: [.init(value: "comment", label: "Komentar", selected: true)],
            categories: [.init(value: "keluhan", label: "Keluhan/aduan", selected: true)],
            contentItems: [.init(value: "5", label: "Rapat Koordinasi", selected: false)],
            receivedWords: "Sabtu, 21 November 2026 09.30 WIB", zone: "WIB", screenshotHref: nil, screenshotName: nil, script: "/static/js/incoming.js")
    }
}

extension IncomingMessageController.Page {
    /// A complaint at its division, seen by the monitor after forwarding (WhatsApp hand-off), with
    /// a stale-version conflict shown.
    static var mock: Self {
        var input = IncomingMessageController.Input()
        input.conflict = "Pesan ini sudah diubah oleh Pak Perpus pada 21 November 2026 10.05 WIB. Muat ulang halaman lalu coba lagi."
        return Self(
            id: 2, title: "Pesan #2", statusKey: "forwarded", status: "Di bidang", sender: "@pemuda_kendal", channel: "X (Twitter)", kind: "Mention",
            category: "Keluhan/aduan", received: "Sabtu, 21 November 2026 09.30 WIB", receivedISO: "2026-11-21T09:30",
            text: "AC ruang baca lantai 2 mati sejak kemarin.\nPanas sekali.", link: "https://x.com/pemuda_kendal/status/1860000000000000101",
            screenshotHref: "/media/" + String(repeating: "a", count: 64), screenshotName: "layar.png", contentHref: "/content/5", contentTitle: "Rapat Koordinasi",
            creator: "Mona Monitor", division: "Bidang Perpustakaan", answer: nil, replyLink: nil, trackingNumber: nil,
            step: "3. Tindak lanjut oleh bidang", holder: "Bidang Perpustakaan",
            waiting: "Menunggu 9 jam kerja dari standar 8 jam 30 menit, sejak 20 Nov 2026 09.35.", overdue: true,
            events: [
                .init(at: "21 Nov 2026 09.35", step: "1. Catat informasi yang masuk", action: "Dicatat", actionKey: "log", actor: "Mona Monitor",
                      minutes: "5 menit", overdue: false, detail: nil, link: nil),
                .init(at: "21 Nov 2026 09.40", step: "2. Teruskan ke bidang terkait", action: "Diteruskan ke bidang", actionKey: "forward",
                      actor: "Budi a.n. Mona Monitor", minutes: "5 menit / 5 menit", overdue: false, detail: "ke Bidang Perpustakaan", link: nil),
            ],
            version: 2, input: input, actingFor: nil, forwardAction: nil, divisions: [], dismissAction: nil, answerAction: "/pesan/2/answer",
            decideAction: "/pesan/2/decide", referAction: "/pesan/2/refer", referralOutcomeAction: nil, postAction: nil,
            whatsAppHref: "https://wa.me/6281234567890?text=Pesan%20masuk", whatsAppDivision: "Bidang Perpustakaan", jsonHref: "/pesan/2")
    }

    /// Logged, at the monitor: forward (a division without members named), dismiss not offered, refer.
    static var mockLogged: Self {
        var input = IncomingMessageController.Input()
        input.errors = ["Bidang ini belum punya anggota aktif; tambahkan anggota dulu di pengaturan."]
        return Self(
            id: 3, title: "Pesan #3", statusKey: "logged", status: "Dicatat, menunggu diteruskan", sender: "@promo", channel: "Instagram", kind: "Komentar",
            category: "Spam", received: "Sabtu, 21 November 2026 09.30 WIB", receivedISO: "2026-11-21T09:30", text: "Cek bio!", link: nil,
            screenshotHref: nil, screenshotName: nil, contentHref: nil, contentTitle: nil, creator: "Mona Monitor", division: nil,
            answer: "Jawaban", replyLink: "https://www.instagram.com/p/DContoh01/c/2/", trackingNumber: "LAPOR-1",
            step: "2. Teruskan ke bidang terkait", holder: "Pengelola Teknologi Informasi", waiting: "Menunggu 0 menit jam kerja dari standar 5 menit, sejak 21 Nov 2026 09.35.",
            overdue: false, events: [], version: 1, input: input, actingFor: "Mona Monitor", forwardAction: "/pesan/3/forward",
            divisions: [.init(value: "3", label: "Sekretariat (belum ada anggota)", selected: true)], dismissAction: "/pesan/3/dismiss",
            answerAction: nil, decideAction: nil, referAction: nil, referralOutcomeAction: "/pesan/3/referral-outcome", postAction: "/pesan/3/post",
            whatsAppHref: nil, whatsAppDivision: nil, jsonHref: "/pesan/3")
    }
}

extension HomeController.Page {
    /// "Tugas saya" with incoming messages waiting, one overdue.
    static var mockIncoming: Self {
        var page = Self.mockEmpty
        page.showIncoming = true
        page.incoming = [
            .init(href: "/pesan/1", sender: "@pemuda_kendal", channel: "X (Twitter)", category: "Keluhan/aduan", text: "AC ruang baca mati.",
                  step: "3. Tindak lanjut oleh bidang", holder: "Bidang Perpustakaan", delegated: "a.n.", waited: "9 jam", standard: "8 jam 30 menit",
                  overdue: true, overdueBy: "lewat 30 menit", entered: "20 Nov 2026 09.35"),
            .init(href: "/pesan/2", sender: "@warga.kendal", channel: "Instagram", category: "Pertanyaan", text: "Buka jam berapa?",
                  step: "2. Teruskan ke bidang terkait", holder: "Pengelola Teknologi Informasi", delegated: nil, waited: "2 menit", standard: "5 menit",
                  overdue: false, overdueBy: nil, entered: "21 Nov 2026 09.35"),
        ]
        page.incomingOverdue = 1
        return page
    }
}
