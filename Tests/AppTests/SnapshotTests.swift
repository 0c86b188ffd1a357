import Domain
import Foundation
import Testing
@testable import App
import ViewRuntime

/// Every page template, rendered from a fixed model and compared with the HTML stored in
/// `Tests/AppTests/Snapshots/`. To accept a deliberate change, run the tests with
/// `SNAPSHOT_RECORD=1` and review the diff of the stored files.
@Suite struct SnapshotTests {
    static let snapshotFolder = URL(fileURLWithPath: projectRoot).appendingPathComponent("Tests/AppTests/Snapshots")

    static func chrome(title: String, user: Bool, language: Language = .id, flash: String? = nil) -> Chrome {
        Chrome(
            lang: language.rawValue, title: title, institutionName: "Biro Kerja Sama Daerah", today: "Sabtu, 21 November 2026",
            csrfToken: "csrf-token-for-snapshots", currentPath: "/",
            user: user ? .init(displayName: "Ibu Kepala Biro", username: "kabiro", roles: "Kepala Biro") : nil,
            nav: user ? [
                .init(label: "Beranda", href: "/", current: true, count: 3),
                .init(label: "Kata sandi", href: "/account/password", current: false, count: nil),
            ] : [],
            adminNav: user ? [.init(label: "Pengguna", href: "/admin/users", current: false, count: nil)] : [],
            languages: [.init(value: "id", label: "Bahasa Indonesia", selected: language == .id), .init(value: "en", label: "English", selected: language == .en)],
            flash: flash)
    }

    /// Renders `template` (a compiled view, e.g. `Templates.home`) with `page` and compares the bytes.
    func check<Page>(
        _ template: (Page, Chrome, Texts, inout HTMLWriter) -> Void, _ name: String, page: Page,
        user: Bool = true, language: Language = .id, flash: String? = nil
    ) async throws {
        var out = HTMLWriter()
        template(page, Self.chrome(title: "Judul", user: user, language: language, flash: flash), Texts.of(language), &out)
        let html = out.string
        let file = Self.snapshotFolder.appendingPathComponent("\(name).html")
        if ProcessInfo.processInfo.environment["SNAPSHOT_RECORD"] == "1" {
            try FileManager.default.createDirectory(at: Self.snapshotFolder, withIntermediateDirectories: true)
            try html.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let stored = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent); run with SNAPSHOT_RECORD=1 to create it")
            return
        }
        #expect(html == stored, "\(name) differs from its snapshot; run with SNAPSHOT_RECORD=1 to accept")
    }

    @Test func login() async throws {
        try await check(Templates.login, "login", page: LoginController.Page(), user: false)
    }

    @Test func loginWithErrorInEnglish() async throws {
        try await check(Templates.login, "login-error-en", page: LoginController.Page(username: "kabiro", next: "/admin/users", error: "Wrong username or password."), user: false, language: .en)
    }

    @Test func loginAfterSessionEnded() async throws {
        try await check(Templates.login, "login-notice", page: LoginController.Page(notice: "Sesi Anda telah berakhir. Silakan masuk kembali."), user: false)
    }

    @Test func errorPages() async throws {
        try await check(Templates.error, "error-403", page: ErrorPageMiddleware.Model(status: 403, heading: "Akses ditolak", message: "Halaman ini hanya untuk peran: admin.", requestId: nil, showLogin: false))
        try await check(Templates.error, "error-500", page: ErrorPageMiddleware.Model(status: 500, heading: "Terjadi kesalahan pada server", message: "Maaf.", requestId: "req-1234", showLogin: false), user: false)
    }

    @Test func home() async throws {
        let page = HomeController.Page(
            greeting: "Selamat datang, Ibu Kepala Biro",
            tasks: [
                .init(href: "/content/7", title: "Rapat koordinasi <kerja sama>", kind: "Liputan kegiatan", step: "5. Persetujuan akhir", role: "Kepala Biro",
                      delegated: nil, creator: "Budi", entered: "21 Nov 2026 09.00", waited: "1 jam 30 menit", standard: "1 jam", overdue: true,
                      overdueBy: "lewat 30 menit"),
                .init(href: "/content/8", title: "Hari Guru Nasional", kind: "Ucapan hari besar", step: "4. Kontrol dan setujui konten", role: "Kepala Bagian",
                      delegated: "delegasi", creator: "Siti", entered: "21 Nov 2026 10.00", waited: "5 menit", standard: "15 menit", overdue: false, overdueBy: nil),
            ],
            taskTotal: 62, range: "1–50 dari 62, yang paling lama menunggu lebih dulu", nextHref: "/?page=2", previousHref: nil,
            overdueCount: 1,
            mine: [.init(href: "/content/9", title: "Infografis HUT KORPRI", statusKey: "in_review", status: "Dalam pemeriksaan",
                         step: "2. Tanggapi dan koreksi — Tim Pengelola Media Sosial", updated: "21 Nov 2026 10.05")],
            canCreate: true, roles: ["Kepala Biro"], delegations: ["Anda menerima delegasi peran Kepala Bagian hari ini."],
            greetingsDue: [.init(date: "2026-11-25", day: "Rabu, 25 November 2026", name: "Hari Guru Nasional", kind: "Hari peringatan",
                                 inDays: "4 hari lagi", createHref: "/content/new?plan=ucapan&date=2026-11-25&name=Hari%20Guru%20Nasional")],
            deadLinks: [.init(itemHref: "/content/5", title: "Rapat Koordinasi", channel: "X", url: "https://x.com/biroksd/status/1",
                              checked: "22 Nov 2026 02.00")])
        try await check(Templates.home, "home", page: page, flash: "Kata sandi berhasil diganti.")
        let empty = HomeController.Page(greeting: "Selamat datang, Budi", tasks: [], taskTotal: 0, range: nil, nextHref: nil, previousHref: nil, overdueCount: nil, mine: [], canCreate: false, roles: ["Admin Medsos"], delegations: [], greetingsDue: [])
        try await check(Templates.home, "home-empty", page: empty)
    }

    @Test func accountPassword() async throws {
        try await check(Templates.accountPassword, "account-password", page: AccountPasswordController.Page(mustChange: false))
        try await check(Templates.accountPassword, "account-password-errors",
                        page: AccountPasswordController.Page(mustChange: true, errors: ["Kata sandi saat ini tidak cocok.", "Kata sandi terlalu pendek: minimal 8 karakter."]))
    }

    static let roleOptions: [ChoiceOption] = [
        .init(value: "admin", label: "Administrator Sistem", selected: false),
        .init(value: "kepala-biro", label: "Kepala Biro", selected: true),
    ]
    static let languageOptions: [ChoiceOption] = [
        .init(value: "id", label: "Bahasa Indonesia", selected: true), .init(value: "en", label: "English", selected: false),
    ]

    @Test func adminUsers() async throws {
        let page = UserListPage(users: [
            .init(id: 1, username: "admin", displayName: "Admin Sistem", roles: "Administrator Sistem", isActive: true, mustChangePassword: false, lastLogin: "21 Nov 2026 09.58", href: "/admin/users/1"),
            .init(id: 2, username: "budi", displayName: "Budi <Santoso>", roles: "Admin Medsos", isActive: false, mustChangePassword: true, lastLogin: "–", href: "/admin/users/2"),
        ])
        try await check(Templates.adminUsers, "admin-users", page: page)
    }

    @Test func adminUserNewAndEdit() async throws {
        var form = UserForm()
        form.username = "siti"
        form.displayName = "Siti Rahma"
        form.roleKeys = ["kepala-biro"]
        let new = UserEditPage(isNew: true, id: nil, action: "/admin/users", form: form, roles: Self.roleOptions, languages: Self.languageOptions,
                               errors: ["Pilih paling sedikit satu peran."], isActive: true, isSelf: false, disableAction: nil, enableAction: nil,
                               passwordAction: nil, passwordErrors: [])
        try await check(Templates.adminUserEdit, "admin-user-new", page: new)
        let edit = UserEditPage(isNew: false, id: 7, action: "/admin/users/7", form: form, roles: Self.roleOptions, languages: Self.languageOptions,
                                errors: [], isActive: false, isSelf: false, disableAction: "/admin/users/7/disable", enableAction: "/admin/users/7/enable",
                                passwordAction: "/admin/users/7/password", passwordErrors: ["Kata sandi terlalu pendek: minimal 8 karakter."])
        try await check(Templates.adminUserEdit, "admin-user-edit", page: edit)
    }

    @Test func adminAudit() async throws {
        let page = AdminAuditController.Page(
            rows: [
                .init(at: "21 Nov 2026 10.01", actor: "kabiro", action: "Gagal masuk", actionKey: "login.failure", target: "kabiro", address: "10.0.0.7", detail: "", isFailure: true),
                .init(at: "21 Nov 2026 10.02", actor: "admin", action: "Peran diubah", actionKey: "user.roles", target: "budi", address: "10.0.0.8", detail: "+kepala-biro", isFailure: false),
            ],
            filters: [.init(value: "login.failure", label: "Gagal masuk", selected: true)],
            olderHref: "/admin/audit?before=10", newestHref: "/admin/audit")
        try await check(Templates.adminAudit, "admin-audit", page: page)
        try await check(Templates.adminAudit, "admin-audit-empty", page: AdminAuditController.Page(rows: [], filters: [], olderHref: nil, newestHref: nil))
    }

    @Test func contentList() async throws {
        let page = ContentListController.ListPage(
            rows: [.init(href: "/content/1", title: "Rapat koordinasi", kind: "Liputan kegiatan", statusKey: "published", status: "Tayang", step: "–",
                         creator: "Budi", updated: "21 Nov 2026 10.00")],
            filters: [.init(value: "published", label: "Tayang", selected: true)], canCreate: true, nextHref: "/content?page=2", previousHref: nil)
        try await check(Templates.contentList, "content-list", page: page)
    }

    @Test func contentForm() async throws {
        var form = ContentFormInput()
        form.title = "Rapat koordinasi"
        form.caption = String(repeating: "a", count: 210)
        form.channels = ["instagram"]
        form.publishAt = "2026-11-21T13:00"
        var page = ContentFormPage(
            isNew: false, action: "/content/3/edit", cancelHref: "/content/3", version: 4, form: form,
            kinds: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: true)],
            sources: [.init(value: "agenda-harian", label: "Agenda harian", selected: true)],
            channels: [.init(value: "instagram", label: "Instagram", selected: true), .init(value: "tiktok", label: "TikTok", selected: false)],
            errors: ["Keterangan 210 karakter, melebihi batas 200 karakter sebanyak 10 karakter. Persingkat lalu simpan lagi."],
            captionCount: 210, captionLimit: 200, captionOver: true, stepNote: "Perubahan disimpan sebagai revisi baru.",
            uploads: [.init(sha256: String(repeating: "c", count: 64), name: "desain.webp", href: "/media/" + String(repeating: "c", count: 64), isImage: true, pending: true)],
            platformCounts: [.init(channel: "instagram", label: "Instagram", limit: 2200, count: 210, over: false, selected: true),
                             .init(channel: "tiktok", label: "TikTok", limit: 150, count: 210, over: true, selected: false)])
        // The date fields' values in words, written by the server (app.js rewrites them as they change).
        page.publishAtWords = "Sabtu, 21 November 2026, 13.00 WIB"
        page.zone = "WIB"
        try await check(Templates.contentForm, "content-form", page: page)
    }

    static func itemPage(published: Bool, previews: [ChannelPreview]? = nil) -> ContentItemPage {
        ContentItemPage(
            id: 3, title: "Rapat koordinasi", kind: "Liputan kegiatan", statusKey: published ? "published" : "in_review",
            status: published ? "Tayang" : "Dalam pemeriksaan", version: 6, revision: 2, isPublished: published,
            stepLabel: "Langkah 4 dari 6", stepName: "Kontrol dan setujui konten", stepRole: "Kepala Bagian", whoMayAct: "Pak Kabag",
            waiting: "Menunggu 20 menit jam kerja dari standar 15 menit.", overdue: true,
            captionHTML: SafeHTML(trusted: "<p><strong>Rapat</strong> koordinasi</p>\n"), captionCount: 17, captionLimit: 200, captionOver: false,
            channels: ["Instagram", "Facebook"], mediaLinks: ["https://drive.google.com/x"],
            media: [.init(sha256: String(repeating: "a", count: 64), name: "foto.png", href: "/media/" + String(repeating: "a", count: 64), isImage: true, pending: false),
                    .init(sha256: String(repeating: "b", count: 64), name: "video.mp4", href: "/media/" + String(repeating: "b", count: 64), isImage: false, pending: false)],
            source: "Agenda harian",
            eventAt: "Sabtu, 21 November 2026, 09.00 WIB", publishAt: nil, notes: "Catatan <penting>", creator: "Budi",
            lastRejection: published ? nil : "Tambahkan nama mitra.",
            lastRejectionHeading: published ? nil : "Dikembalikan oleh Ibu Kabiro dari langkah \"Persetujuan akhir\" pada Sabtu, 21 November 2026, 10.00 WIB, dengan alasan:",
            publishedSummary: published ? "Tayang pada Sabtu, 21 November 2026, 11.00 WIB, diunggah oleh Budi." : nil,
            canSubmit: false, canApprove: !published, canReject: !published, canPublish: !published, canEdit: !published, actingFor: published ? nil : "Pak Kabag",
            submitAction: "/content/3/submit", approveAction: "/content/3/approve", rejectAction: "/content/3/reject", publishAction: "/content/3/publish",
            editHref: "/content/3/edit", zipHref: "/content/3/media.zip", publishFields: [.init(name: "link_instagram", label: "Instagram", value: "", plainText: "Rapat koordinasi #KerjaSama", copyId: "copy-instagram")],
            comment: "", reason: "", errors: [], conflict: published ? nil : "Konten ini sudah diproses oleh Siti pada Sabtu, 21 November 2026, 10.00 WIB.",
            previews: previews ?? (published ? [] : Self.previews(Channel.allCases)),
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

    /// Every preview kind, from a caption with a hashtag, a mention, a link and a long tail.
    static func previews(_ channels: [Channel], caption: String? = nil) -> [ChannelPreview] {
        var settings = InstitutionSettings.fallback
        settings.name = "Biro Kerja Sama Daerah"
        settings.accountName = "biroksd.jakarta"
        let text = caption ?? "Rapat **koordinasi** kerja sama daerah bersama @pemprovdki di Balai Kota.\n\nInfo: https://kerjasama.jakarta.go.id/berita/2026/rapat #KerjaSamaDaerah 🇮🇩"
        return ChannelPreview.build(title: "Rapat koordinasi kerja sama daerah", caption: text, channels: channels, settings: settings,
                                    date: "21 November 2026", imageHref: channels.count == 1 ? "/media/" + String(repeating: "d", count: 64) : nil)
    }

    /// The previews alone: the item page around them has a snapshot of its own.
    @Test func previewKinds() async throws {
        for channel in Channel.allCases {
            try await check(Templates.partialsPreviews, "preview-\(channel.rawValue)", page: Self.previews([channel]))
        }
        // Past the limit: the institution's 200 characters are marked on X.
        let long = String(repeating: "Jakarta ", count: 30) + "#akhir"
        try await check(Templates.partialsPreviews, "preview-over-limit", page: Self.previews([.x, .instagram], caption: long))
    }

    @Test func contentItem() async throws {
        try await check(Templates.contentItem, "content-item-decide", page: Self.itemPage(published: false))
        try await check(Templates.contentItem, "content-item-published", page: Self.itemPage(published: true))
        // Four eyes: the viewer holds the step's role but handed the item on; no decision is offered.
        var refused = Self.itemPage(published: false)
        refused.canApprove = false
        refused.canReject = false
        refused.canEdit = false
        refused.actingFor = nil
        refused.fourEyesNote = "Prinsip empat mata: Anda (atau orang yang Anda wakili) membuat konten ini, atau menyusun atau menyerahkan revisinya pada putaran ini. Keputusan di langkah ini diambil rekan lain dengan peran Tim Pengelola Media Sosial."
        try await check(Templates.contentItem, "content-item-four-eyes", page: refused)
    }

    @Test func workflowPages() async throws {
        let step = WorkflowController.StepRow(
            index: 0, order: 1, name: "Serahkan konsep", roles: [.init(value: "admin-medsos", label: "Admin Medsos", selected: true)],
            kinds: [.init(value: "work", label: "Kerjakan", selected: true)], minutes: "", minutesText: "–", reject: "", roleName: "Admin Medsos",
            kindName: "Kerjakan", isNew: false)
        let versions = [WorkflowController.VersionRow(number: 2, href: "/workflow?version=2", createdAt: "21 Nov 2026 10.00", note: "Tambah langkah",
                                                      stepCount: 6, current: true, shown: true)]
        let page = WorkflowController.Page(shownVersion: 2, isCurrent: true, steps: [step], versions: versions, errors: [], note: "", rowCount: 1)
        try await check(Templates.workflow, "workflow", page: page)
        let refused = WorkflowController.Page(shownVersion: 2, isCurrent: true, steps: [step], versions: versions,
                                              errors: ["Tidak ada langkah \"unggah\": konten tidak akan pernah tayang."], note: "coba", rowCount: 1)
        try await check(Templates.adminWorkflow, "admin-workflow", page: refused)
    }

    @Test func delegations() async throws {
        let page = DelegationsController.Page(
            rows: [.init(from: "Ibu Kabiro", to: "Pak Kabag", role: "Kepala Biro", period: "21 November 2026 – 25 November 2026",
                         stateKey: "active", state: "Berlaku", revokeAction: "/delegations/1/revoke")],
            isAdmin: true, fromUsers: [.init(value: "2", label: "Ibu Kabiro", selected: true)], toUsers: [.init(value: "3", label: "Pak Kabag", selected: false)],
            roles: [.init(value: "kepala-biro", label: "Kepala Biro", selected: true)],
            form: .init(fromUser: "2", toUser: "", role: "kepala-biro", startsOn: "2026-11-21", endsOn: "2026-11-25"),
            errors: ["Pilih penerima delegasi yang aktif."], canDelegate: true)
        try await check(Templates.delegations, "delegations", page: page)
    }

    @Test func adminHolidays() async throws {
        let page = AdminHolidaysController.Page(
            year: 2026, years: [.init(value: "2026", label: "2026", selected: true)],
            rows: [.init(id: 9, date: "2026-12-24", day: "Kamis, 24 Desember 2026", name: "Cuti Bersama Hari Raya Natal", kind: "Cuti bersama",
                         isJointLeave: true, deleteAction: "/admin/holidays/9/delete", editHref: "/admin/holidays?year=2026&edit=9#holiday-form")],
            form: .init(), formAction: "/admin/holidays", editing: false, kinds: [.init(value: "libur", label: "Libur nasional", selected: true)], errors: [],
            commemorations: [.init(monthDay: "11-10", date: "10 November", name: "Hari Pahlawan", basis: "Keppres 316/1959",
                                   deleteAction: "/admin/commemorations/4/delete", editHref: "/admin/holidays?year=2026&edit_commemoration=4#commemoration-form")],
            commemorationForm: .init(monthDay: "11-25", name: "Hari Guru Nasional", basis: ""), commemorationAction: "/admin/commemorations/5",
            editingCommemoration: true, importLimitKB: 512)
        try await check(Templates.adminHolidays, "admin-holidays", page: page)
    }

    @Test func adminSettings() async throws {
        let page = AdminSettingsController.Page(
            form: .init(name: "Biro Kerja Sama Daerah", timeZone: "Asia/Jakarta", language: "id", captionLimit: "200", opens: "07:30", closes: "16:00",
                        days: ["2", "3"], channels: ["instagram"]),
            timeZones: [.init(value: "Asia/Jakarta", label: "Asia/Jakarta (WIB)", selected: true)],
            languages: [.init(value: "id", label: "Bahasa Indonesia", selected: true)],
            days: [.init(value: "2", label: "Senin", selected: true), .init(value: "7", label: "Sabtu", selected: false)],
            channels: [.init(value: "instagram", label: "Instagram", selected: true)],
            limitFields: [.init(key: "x", label: "X (Twitter)", value: "280")],
            updatePolicies: [.init(value: "workflow", label: "Melalui alur persetujuan lagi", selected: true)],
            timingRules: [.init(value: "kegiatan-hari-sama", label: "Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai", selected: true)],
            avatarHref: "/media/" + String(repeating: "e", count: 64),
            errors: ["Pilih paling sedikit satu kanal."])
        try await check(Templates.adminSettings, "admin-settings", page: page)
    }

    static func calendarEntries(_ date: String) -> [CalendarController.EntryRow] {
        [
            .init(kind: "peringatan", date: date, kindLabel: "Hari peringatan", time: nil, title: "Hari Guru Nasional", href: nil, detail: "Keppres 78/1994",
                  statusKey: nil, status: nil, channels: nil, latestStart: nil, late: false, warnings: [],
                  actions: [.init(label: "Buat ucapan", href: "/content/new?plan=ucapan&date=\(date)&name=Hari%20Guru%20Nasional")],
                  needsCoverage: false, hasGreeting: false),
            .init(kind: "agenda", date: date, kindLabel: "Agenda pimpinan", time: "09.00–11.00", title: "Rapat Koordinasi Humas", href: "/agenda/3",
                  detail: "Kepala Biro · Balai Kota", statusKey: nil, status: nil, channels: nil, latestStart: nil, late: false, warnings: [],
                  actions: [.init(label: "Buat liputan", href: "/content/new?agenda=3&plan=liputan")], needsCoverage: true, hasGreeting: false),
            .init(kind: "content", date: date, kindLabel: "Konten", time: "13.00", title: "Liputan: Rapat Koordinasi Humas", href: "/content/7",
                  detail: nil, statusKey: "in_review", status: "Dalam pemeriksaan", channels: "Instagram, X", latestStart: "Mulai paling lambat 25 Nov 2026 10.25",
                  late: true, warnings: ["Aturan waktu SOP: Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai."], actions: [],
                  needsCoverage: false, hasGreeting: false),
        ]
    }

    static func calendarPage(view: CalendarController.View) -> CalendarController.Page {
        let days: [CalendarController.DayCell] = (23...29).map { number in
            let date = "2026-11-\(number)"
            return .init(date: date, number: number, label: "Hari \(number) November 2026", weekday: "Hari", isToday: number == 25, outside: false,
                         isWeekend: number >= 28, isDayOff: number >= 28, entries: number == 25 ? calendarEntries(date) : [],
                         createHref: "/content/new?date=\(date)")
        }
        return CalendarController.Page(
            view: view.rawValue, isMonth: view == .month, isWeek: view == .week, isList: view == .list,
            heading: view == .month ? "November 2026" : "Pekan 48: 23 November 2026 – 29 November 2026",
            previousHref: "/calendar?month=2026-10", nextHref: "/calendar?month=2026-12", todayHref: "/calendar?month=2026-11",
            monthHref: "/calendar?month=2026-11", weekHref: "/calendar?week=2026-W48", listHref: "/calendar?view=list&from=2026-11-01&to=2026-11-30",
            weekdayNames: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
            weeks: view == .month ? [.init(label: "P48", days: days)] : [],
            days: view == .list ? days.filter { !$0.entries.isEmpty } : days,
            channelOptions: [.init(value: "instagram", label: "Instagram", selected: true)],
            statusOptions: [.init(value: "in_review", label: "Dalam pemeriksaan", selected: false)],
            kindOptions: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: false)],
            hiddenView: [.init(name: "month", value: "2026-11")], filtered: true, clearHref: "/calendar?month=2026-11",
            lateCount: 1, warningCount: 1,
            legend: [.init(value: "agenda", label: "Agenda pimpinan", selected: false), .init(value: "content", label: "Konten", selected: false)])
    }

    @Test func calendarViews() async throws {
        try await check(Templates.partialsCalendarBody, "calendar-month", page: Self.calendarPage(view: .month))
        try await check(Templates.partialsCalendarBody, "calendar-week", page: Self.calendarPage(view: .week))
        try await check(Templates.partialsCalendarBody, "calendar-list", page: Self.calendarPage(view: .list))
        // The whole page: the body inside the layout, rendered anew on every request (no cache).
        try await check(Templates.calendar, "calendar-page", page: Self.calendarPage(view: .month))
    }

    @Test func agenda() async throws {
        var page = AgendaController.ListPage(
            heading: "November 2026", month: "2026-11",
            rows: [.init(href: "/agenda/3", date: "Rabu, 25 November 2026", time: "09.00–11.00", title: "Rapat Koordinasi Humas", owner: "Kepala Biro",
                         location: "Balai Kota", needsCoverage: true, recurring: true, imported: true)],
            previousHref: "/agenda?month=2026-10", nextHref: "/agenda?month=2026-12", calendarHref: "/calendar?month=2026-11",
            importErrors: ["Berkas rapat.ics tidak dapat dibaca: bukan berkas iCalendar (tidak ada BEGIN:VCALENDAR)."], importLimitKB: 2048)
        page.canImport = true
        try await check(Templates.agenda, "agenda", page: page)
        // A month fuller than a page: the first entries, a notice, and (not an importer) no import form.
        var full = page
        full.canImport = false
        full.importErrors = []
        full.truncatedNotice = "Terlalu banyak acara agenda dalam rentang ini: hanya 300 yang pertama ditampilkan. Persempit rentangnya."
        try await check(Templates.agenda, "agenda-truncated", page: full)
        var form = AgendaController.Form()
        form.title = "Rapat Koordinasi Humas"
        form.startsAt = "2026-11-25T09:00"
        form.endsAt = "2026-11-25T11:00"
        form.owner = "Kepala Biro"
        form.needsCoverage = true
        let edit = AgendaController.FormPage(
            isNew: false, action: "/agenda/3", form: form, errors: ["Waktu selesai tidak boleh sebelum waktu mulai."], deleteAction: "/agenda/3/delete",
            recurring: false, imported: false, occurrence: "Rabu, 25 November 2026, 09.00 WIB",
            plans: [.init(label: "Buat liputan", href: "/content/new?agenda=3&plan=liputan", hint: "Konten kegiatan.")],
            linked: [.init(href: "/content/7", title: "Liputan: Rapat Koordinasi Humas", kind: "Liputan kegiatan", status: "Draf", statusKey: "draft")],
            calendarHref: "/calendar?month=2026-11")
        try await check(Templates.agendaForm, "agenda-form", page: edit)
    }

    @Test func account() async throws {
        let page = AccountController.Page(
            displayName: "Ibu Kepala Biro", username: "kabiro", roles: ["Kepala Biro"], delegated: [],
            feedURL: "http://localhost:8080/calendar.ics?token=secret-token", webcalURL: "webcal://localhost:8080/calendar.ics?token=secret-token",
            feedCreated: "Sabtu, 21 November 2026, 10.00 WIB")
        try await check(Templates.account, "account", page: page)
        // Later visits: the feed is on, but its address (kept only as a hash) is not shown again.
        let active = AccountController.Page(
            displayName: "Ibu Kepala Biro", username: "kabiro", roles: ["Kepala Biro"], delegated: [],
            feedURL: nil, webcalURL: nil, feedCreated: "Sabtu, 21 November 2026, 10.00 WIB")
        try await check(Templates.account, "account-feed-active", page: active)
        let none = AccountController.Page(displayName: "Budi", username: "budi", roles: [], delegated: [], feedURL: nil, webcalURL: nil, feedCreated: nil)
        try await check(Templates.account, "account-no-feed", page: none)
    }

    static func archiveRows() -> [ArchiveController.Row] {
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

    @Test func archive() async throws {
        let rows = Self.archiveRows()
        var page = ArchiveController.Page(
            rows: rows, total: 120, range: "1–50 dari 120 tautan (halaman 1 dari 3)", previousHref: nil, nextHref: "/archive?month=2026-11&page=2",
            month: "2026-11", q: "rapat", channels: [.init(value: "instagram", label: "Instagram", selected: true)],
            kinds: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: false)],
            statuses: [.init(value: "mati", label: "mati", selected: false)],
            sortLinks: [.init(label: "Tanggal tayang", href: "/archive?month=2026-11&sort=date&dir=asc", current: "descending", direction: "turun"),
                        .init(label: "Judul", href: "/archive?month=2026-11&sort=title&dir=asc", current: nil, direction: nil)],
            csvHref: "/archive.csv?month=2026-11", reportHref: "/archive/report?month=2026-11", deadLinks: [rows[1]], filtered: true)
        page.monthOptions = [.init(value: "2026-12", label: "Desember 2026", selected: false), .init(value: "2026-11", label: "November 2026", selected: true)]
        try await check(Templates.partialsArchiveBody, "archive", page: page)
        // The whole page: the body inside the layout, rendered anew on every request (no cache).
        try await check(Templates.archive, "archive-page", page: page)
        let empty = ArchiveController.Page(
            rows: [], total: 0, range: nil, previousHref: nil, nextHref: nil, month: "", q: "", channels: [], kinds: [], statuses: [], sortLinks: [],
            csvHref: "/archive.csv", reportHref: "/archive/report?month=2026-11", deadLinks: [], filtered: false)
        try await check(Templates.partialsArchiveBody, "archive-empty", page: empty)
    }

    @Test func archiveReport() async throws {
        let page = ArchiveController.ReportPage(
            institution: "Biro Kerja Sama Daerah", title: "LAPORAN PUBLIKASI MEDIA SOSIAL", period: "November 2026",
            byChannel: [.init(label: "Instagram", count: 12), .init(label: "X", count: 9)], byKind: [.init(label: "Liputan kegiatan", count: 10)],
            totalLinks: 21, totalPosts: 12,
            posts: [.init(number: 1, date: "2 Nov 2026 10.00", title: "Rapat Koordinasi", kind: "Liputan kegiatan", channel: "Instagram",
                          url: "https://www.instagram.com/p/Cabc123/", replaced: false)],
            place: "Jakarta", signDate: "30 November 2026", signRole: "Kepala Biro", signName: "Ibu Kepala Biro",
            previousHref: "/archive/report?month=2026-10", nextHref: "/archive/report?month=2026-12", archiveHref: "/archive?month=2026-11")
        try await check(Templates.archiveReport, "archive-report", page: page)
    }

    static func sheetPage(inlineCSS: SafeHTML?) -> ContentSheetController.Page {
        ContentSheetController.Page(
            institution: "Biro Kerja Sama Daerah", id: 5, title: "Rapat Koordinasi", kind: "Liputan kegiatan", status: "Tayang", statusKey: "published",
            creator: "Budi", created: "Sabtu, 21 November 2026, 09.00 WIB", source: "Agenda harian", eventAt: "Sabtu, 21 November 2026, 08.00 WIB",
            publishAt: nil, channels: "Instagram, X", captionHTML: SafeHTML(trusted: "<p>Rapat <strong>koordinasi</strong></p>"), captionPlain: "Rapat koordinasi", revision: 2,
            plannedSteps: [.init(position: 1, name: "Buat konten", role: "Tim Pengelola", standard: "–"),
                           .init(position: 2, name: "Setujui", role: "Kepala Biro", standard: "15 menit")],
            steps: [.init(number: 1, at: "Sabtu, 21 November 2026, 09.30 WIB", step: "2. Setujui", action: "Dikembalikan", actionKey: "reject",
                          actor: "Pak Kabag a.n. Ibu Kepala Biro", revision: 1, standard: "15 menit", actual: "40 menit", overdue: true,
                          reason: "Foto kurang jelas")],
            links: [.init(channel: "Instagram", url: "https://www.instagram.com/p/Cabc123/", recorded: "Sabtu, 21 November 2026, 11.00 WIB",
                          by: "Admin Medsos", replaced: nil, status: "aktif", statusKey: "aktif", checked: "22 Nov 2026 02.00 · HTTP 200")],
            totalActual: "40 menit", totalStandard: "15 menit", printedAt: "Minggu, 22 November 2026, 10.00 WIB", itemHref: "/content/5",
            recordHref: "/content/5/record.zip", inlineCSS: inlineCSS)
    }

    @Test func contentSheet() async throws {
        try await check(Templates.contentSheet, "content-sheet", page: Self.sheetPage(inlineCSS: nil))
        try await check(Templates.contentSheetStandalone, "content-sheet-standalone", page: Self.sheetPage(inlineCSS: SafeHTML(trusted: "body { color: #000; }")))
    }

    /// Every template in Views/ is covered above: a new page needs a snapshot too.
    @Test func everyTemplateHasASnapshot() async throws {
        let covered: Set<String> = [
            "layout", "login", "error", "home", "account-password", "admin-users", "admin-user-edit", "admin-audit",
            "content-list", "content-form", "content-item", "workflow", "admin-workflow", "delegations", "admin-holidays", "admin-settings",
            "partials/previews", "partials/pieces", "partials/options", "calendar", "partials/calendar-entry", "agenda", "agenda-form", "account",
            "archive", "archive-report", "content-sheet", "content-sheet-standalone", "partials/sheet-body", "partials/calendar-body", "partials/archive-body",
        ]
        let folder = URL(fileURLWithPath: projectRoot + "/Views")
        let names = (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".html") }.map { String($0.dropLast(".html".count)) }
        #expect(Set(names) == covered)
    }
}

@Suite struct LabelTests {
    /// Both catalogues hold the same keys (the build checks that too) and no empty text.
    @Test func cataloguesAreCompleteAndNotEmpty() throws {
        func load(_ code: String) throws -> [String: String] {
            try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: projectRoot + "/Locales/\(code).json")))
        }
        let id = try load("id"), en = try load("en")
        #expect(Set(id.keys) == Set(en.keys))
        #expect(id.values.allSatisfy { !$0.isEmpty })
        #expect(en.values.allSatisfy { !$0.isEmpty })
    }

    /// Every value's label comes from its type; within a language no two share one.
    @Test func labelsComeFromTheirTypes() {
        for t in [Texts.id, Texts.en] {
            let audit = AuditAction.allCases.map { $0.label(t) }
            #expect(Set(audit).count == audit.count && !audit.contains(""))
            let statuses = ItemStatus.allCases.map { $0.label(t) }
            #expect(Set(statuses).count == statuses.count && !statuses.contains(""))
            let kinds = ContentKind.allCases.map { $0.label(t) }
            #expect(Set(kinds).count == kinds.count && !kinds.contains(""))
            let links = LinkStatus.allCases.map { $0.label(t) }
            #expect(Set(links).count == links.count && !links.contains(""))
        }
        #expect(ItemStatus.inReview.label(.id) == "Dalam pemeriksaan")
        #expect(ItemStatus.inReview.label(.en) != ItemStatus.inReview.label(.id))
    }

    /// Values stored as text from another version, or a crafted `?ok=`, never show a catalogue key.
    @Test func storedValuesWithoutALabelShowThemselves() {
                                                        #expect(StoredLabel.flash("content_saved", .id) == Texts.id.flash_content_saved)
        #expect(StoredLabel.flash("<script>", .id) == nil)
        #expect(StoredLabel.error(404, .id).title == Texts.id.error_title_404)
        #expect(StoredLabel.error(418, .id).title == Texts.id.error_title_500)
    }
}
