@testable import App
import ViewRuntime

/// Monitoring rounds and incoming-settings models for the snapshots (`SnapshotTests`).
extension IncomingRoundsController.Page {
    static var mock: Self {
        Self(day: "Senin, 23 November 2026", enabled: true, canRecord: true,
             rows: [.init(key: "pagi", name: "Pagi", window: "08:00–10:00", statusKey: "done", status: "Selesai",
                          recorded: "Dicatat Pengelola TI pukul 08.40: 2 pesan baru."),
                    .init(key: "siang", name: "Siang", window: "11:30–13:30", statusKey: "current", status: "Berjalan", recorded: nil),
                    .init(key: "sore", name: "Sore", window: "14:30–16:00", statusKey: "upcoming", status: "Belum mulai", recorded: nil)],
             rounds: [.init(value: "siang", label: "Siang (Berjalan)", selected: true)],
             channels: [.init(value: "instagram", label: "Instagram", selected: true), .init(value: "x", label: "X", selected: false)],
             form: .init(roundKey: "siang", channels: ["instagram"], newMessages: "-1", note: ""),
             errors: ["Isi jumlah pesan baru dengan angka 0 atau lebih."], action: "/pesan/ronde", reportHref: "/pesan/laporan?month=2026-11")
    }
}

extension AdminIncomingController.Page {
    static var mock: Self {
        Self(enabled: true, standardMinutes: "60",
             rounds: [.init(index: 0, key: "pagi", name: "Pagi", start: "08:00", end: "10:00"), .init(index: 1, key: "", name: "", start: "", end: "")],
             steps: [.init(kind: "log", position: 1, label: "Catat", name: "Catat informasi yang masuk",
                           roles: [.init(value: "pengelola-ti", label: "Pengelola Teknologi Informasi", selected: true)], minutes: "", isFollowUp: false),
                     .init(kind: "follow-up", position: 3, label: "Tindak lanjut", name: "Tindak lanjut oleh bidang", roles: [], minutes: "510", isFollowUp: true)],
             categories: [.init(key: "keluhan", label: "Keluhan", minutes: "510")],
             errors: ["Putaran 2: jam selesai harus setelah jam mulai."], divisionErrors: ["Bidang ini sudah menerima pesan, jadi tidak dapat dihapus."],
             divisions: [.init(id: 3, name: "Bidang Layanan", whatsApp: "6281234567890", activeMembers: 1, action: "/admin/pesan/bidang/3",
                               deleteAction: "/admin/pesan/bidang/3/delete", members: [.init(value: "5", label: "Bu Rina", selected: true)])],
             newDivisionName: "", newDivisionWhatsApp: "", action: "/admin/pesan", createDivisionAction: "/admin/pesan/bidang")
    }
}

extension IncomingReportController.Page {
    static var mock: Self {
        Self(letterhead: Letterhead(name: "Dinas Kearsipan dan Perpustakaan Kabupaten Kendal", addressLines: ["Jl. Soekarno-Hatta No. 1"], logoHref: nil),
             period: "November 2026", total: 2,
             byChannel: [.init(label: "Instagram", count: 1), .init(label: "X", count: 1)],
             byCategory: [.init(label: "Keluhan", count: 1), .init(label: "Pertanyaan", count: 1)],
             byDivision: [.init(label: "Bidang Layanan", count: 1), .init(label: "Belum diteruskan", count: 1)],
             steps: [.init(position: 2, name: "Teruskan ke bidang terkait", count: 1, median: "3 menit", p90: "3 menit", standard: "5 menit", within: "100%")],
             answeredWithin: "1 dari 1 (100%)", roundsEnabled: true,
             roundDays: [.init(date: "2026-11-23", day: "23 November 2026", done: 1, late: 0, missed: 2)], roundsDone: 1, roundsLate: 0, roundsMissed: 2,
             messages: [.init(number: 1, href: "/pesan/1", received: "23/11/2026 08.25", channel: "Instagram", category: "Keluhan", sender: "@warga1",
                              division: "Bidang Layanan", status: "Di bidang", times: "Teruskan 8 menit*")],
             place: "Kendal", signDate: "24 November 2026", signRole: "Kepala Dinas", signName: "Kepala Dinas", signNip: nil,
             preparer: .init(name: "Pengelola TI", role: "Pengelola Teknologi Informasi", nip: nil),
             previousHref: "/pesan/laporan?month=2026-10", nextHref: "/pesan/laporan?month=2026-12", xlsxHref: "/pesan/laporan.xlsx?month=2026-11")
    }
}

extension IncomingSheetController.Page {
    static var mock: Self {
        Self(letterhead: Letterhead(name: "Dinas Kearsipan dan Perpustakaan Kabupaten Kendal", addressLines: ["Jl. Soekarno-Hatta No. 1"], logoHref: nil),
             id: 7, messageHref: "/pesan/7", received: "23/11/2026 08.25", channel: "Instagram", kind: "Komentar", category: "Keluhan",
             sender: "@warga1", text: "Jam buka perpustakaan?", link: "https://www.instagram.com/p/abc/", division: "Bidang Layanan",
             status: "Di bidang", creator: "Pengelola TI",
             steps: [.init(number: 1, step: "Catat informasi yang masuk", action: "Dicatat", actor: "Pengelola TI", at: "23/11/2026 08.30",
                           standard: "–", actual: "5 menit", overdue: false, note: ""),
                     .init(number: 2, step: "Teruskan ke bidang terkait", action: "Diteruskan", actor: "Pengelola TI", at: "23/11/2026 08.38",
                           standard: "5 menit", actual: "8 menit", overdue: true, note: "Bidang Layanan")],
             totalActual: "13 menit", printed: "24 November 2026 09.00")
    }

    /// The copy in the message's record ZIP, with a stylesheet inlined.
    static var mockStandalone: Self {
        var page = mock
        page.inlineCSS = SafeHTML(trusted: "body { font-family: serif; }")
        return page
    }
}
