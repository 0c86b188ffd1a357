import Domain
import Foundation
import Testing
@testable import App

/// Every page template, rendered from a fixed model and compared with the HTML stored in
/// `Tests/AppTests/Snapshots/`. To accept a deliberate change, run the tests with
/// `SNAPSHOT_RECORD=1` and review the diff of the stored files.
@Suite struct SnapshotTests {
    static let snapshotFolder = URL(fileURLWithPath: projectRoot).appendingPathComponent("Tests/AppTests/Snapshots")

    static func views() async throws -> Views {
        let catalog = try Catalog.load(from: projectRoot + "/Locales")
        return try await Views(directory: projectRoot + "/Views", catalog: catalog)
    }

    static func chrome(title: String, user: Bool, language: Language = .id, flash: String? = nil) -> Chrome {
        Chrome(
            lang: language.rawValue, title: title, institutionName: "Biro Kerja Sama Daerah", today: "Sabtu, 21 November 2026",
            csrfToken: "csrf-token-for-snapshots", currentPath: "/",
            user: user ? .init(displayName: "Ibu Kepala Biro", username: "kabiro", roles: "Kepala Biro") : nil,
            nav: user ? [
                .init(label: "Beranda", href: "/", current: true),
                .init(label: "Kata sandi", href: "/account/password", current: false),
            ] : [],
            languages: [.init(value: "id", label: "Bahasa Indonesia", selected: language == .id), .init(value: "en", label: "English", selected: language == .en)],
            flash: flash)
    }

    func check<Page: Sendable>(_ template: String, _ name: String, page: Page, user: Bool = true, language: Language = .id, flash: String? = nil) async throws {
        let views = try await Self.views()
        let model = RenderModel(t: views.catalog.all(language), chrome: Self.chrome(title: "Judul", user: user, language: language, flash: flash), page: page)
        let html = try #require(views.render(template, model), "template \(template) renders")
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
        try await check("login", "login", page: LoginController.Page(), user: false)
    }

    @Test func loginWithErrorInEnglish() async throws {
        try await check("login", "login-error-en", page: LoginController.Page(username: "kabiro", next: "/admin/users", error: "Wrong username or password."), user: false, language: .en)
    }

    @Test func loginAfterSessionEnded() async throws {
        try await check("login", "login-notice", page: LoginController.Page(notice: "Sesi Anda telah berakhir. Silakan masuk kembali."), user: false)
    }

    @Test func errorPages() async throws {
        try await check("error", "error-403", page: ErrorPageMiddleware.Model(status: 403, heading: "Akses ditolak", message: "Halaman ini hanya untuk peran: admin.", requestId: nil, showLogin: false))
        try await check("error", "error-500", page: ErrorPageMiddleware.Model(status: 500, heading: "Terjadi kesalahan pada server", message: "Maaf.", requestId: "req-1234", showLogin: false), user: false)
    }

    @Test func home() async throws {
        let page = HomeController.Page(
            greeting: "Selamat datang, Ibu Kepala Biro",
            roles: [.init(key: "kepala-biro", name: "Kepala Biro")], isAdmin: false,
            sopName: "Biro Kerja Sama Daerah — SOP 1/OT.05.00",
            steps: [
                .init(number: 1, name: "Serahkan konsep dokumentasi + narasi", role: "Admin Medsos", minutes: "–", mine: false),
                .init(number: 5, name: "Persetujuan akhir", role: "Kepala Biro", minutes: "60 menit", mine: true),
            ])
        try await check("home", "home", page: page, flash: "Kata sandi berhasil diganti.")
    }

    @Test func accountPassword() async throws {
        try await check("account-password", "account-password", page: AccountPasswordController.Page(mustChange: false))
        try await check("account-password", "account-password-errors",
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
        try await check("admin-users", "admin-users", page: page)
    }

    @Test func adminUserNewAndEdit() async throws {
        var form = UserForm()
        form.username = "siti"
        form.displayName = "Siti Rahma"
        form.roleKeys = ["kepala-biro"]
        let new = UserEditPage(isNew: true, id: nil, action: "/admin/users", form: form, roles: Self.roleOptions, languages: Self.languageOptions,
                               errors: ["Pilih paling sedikit satu peran."], isActive: true, isSelf: false, disableAction: nil, enableAction: nil,
                               passwordAction: nil, passwordErrors: [])
        try await check("admin-user-edit", "admin-user-new", page: new)
        let edit = UserEditPage(isNew: false, id: 7, action: "/admin/users/7", form: form, roles: Self.roleOptions, languages: Self.languageOptions,
                                errors: [], isActive: false, isSelf: false, disableAction: "/admin/users/7/disable", enableAction: "/admin/users/7/enable",
                                passwordAction: "/admin/users/7/password", passwordErrors: ["Kata sandi terlalu pendek: minimal 8 karakter."])
        try await check("admin-user-edit", "admin-user-edit", page: edit)
    }

    @Test func adminAudit() async throws {
        let page = AdminAuditController.Page(
            rows: [
                .init(at: "21 Nov 2026 10.01", actor: "kabiro", action: "Gagal masuk", actionKey: "login.failure", target: "kabiro", address: "10.0.0.7", detail: "", isFailure: true),
                .init(at: "21 Nov 2026 10.02", actor: "admin", action: "Peran diubah", actionKey: "user.roles", target: "budi", address: "10.0.0.8", detail: "+kepala-biro", isFailure: false),
            ],
            filters: [.init(value: "login.failure", label: "Gagal masuk", selected: true)],
            olderHref: "/admin/audit?before=10", newestHref: "/admin/audit")
        try await check("admin-audit", "admin-audit", page: page)
        try await check("admin-audit", "admin-audit-empty", page: AdminAuditController.Page(rows: [], filters: [], olderHref: nil, newestHref: nil))
    }

    /// Every template in Views/ is covered above: a new page needs a snapshot too.
    @Test func everyTemplateHasASnapshot() async throws {
        let covered: Set<String> = ["layout", "login", "error", "home", "account-password", "admin-users", "admin-user-edit", "admin-audit"]
        #expect(Set(try await Self.views().templateNames) == covered)
    }
}

@Suite struct CatalogTests {
    @Test func bothLanguagesHaveTheSameKeys() throws {
        let catalog = try Catalog.load(from: projectRoot + "/Locales")
        #expect(Set(catalog.all(.id).keys) == Set(catalog.all(.en).keys))
        #expect(catalog.all(.id).values.allSatisfy { !$0.isEmpty })
    }

    @Test func everyTextATemplateUsesExists() throws {
        let catalog = try Catalog.load(from: projectRoot + "/Locales")
        let folder = projectRoot + "/Views"
        for file in try FileManager.default.contentsOfDirectory(atPath: folder) where file.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "{{t.") {
                let after = rest[start.upperBound...]
                let key = String(after.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
                #expect(catalog.all(.id)[key] != nil, "\(file) uses t.\(key)")
                rest = after
            }
        }
    }

    @Test func everyAuditActionHasALabel() throws {
        let catalog = try Catalog.load(from: projectRoot + "/Locales")
        for action in AuditAction.allCases {
            #expect(catalog.all(.id)[AdminAuditController.labelKey(action.rawValue)] != nil, "\(action.rawValue)")
        }
    }

    @Test func placeholdersAreFilled() {
        let catalog = Catalog(texts: [.id: ["x": "Halo {name}, {n} menit"], .en: [:]])
        #expect(catalog.text("x", .id, ["name": "Budi", "n": "5"]) == "Halo Budi, 5 menit")
        #expect(catalog.text("x", .en, ["name": "Budi", "n": "5"]) == "Halo Budi, 5 menit", "falls back to Indonesian")
        #expect(catalog.text("missing", .en) == "missing")
    }
}
