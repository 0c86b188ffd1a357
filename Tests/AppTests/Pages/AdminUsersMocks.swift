@testable import App

/// User administration models for the snapshots (`SnapshotTests`).
extension UserListPage {
    static var mock: Self {
        Self(users: [
            .init(id: 1, username: "admin", displayName: "Admin Sistem", roles: "Administrator Sistem", isActive: true, mustChangePassword: false, lastLogin: "21 Nov 2026 09.58", href: "/admin/users/1"),
            .init(id: 2, username: "budi", displayName: "Budi <Santoso>", roles: "Admin Medsos", isActive: false, mustChangePassword: true, lastLogin: "–", href: "/admin/users/2"),
        ])
    }
}

extension UserEditPage {
    static let roleOptions: [ChoiceOption] = [
        .init(value: "admin", label: "Administrator Sistem", selected: false),
        .init(value: "kepala-biro", label: "Kepala Biro", selected: true),
    ]
    static let languageOptions: [ChoiceOption] = [
        .init(value: "id", label: "Bahasa Indonesia", selected: true), .init(value: "en", label: "English", selected: false),
    ]

    static var mockForm: UserForm {
        var form = UserForm()
        form.username = "siti"
        form.displayName = "Siti Rahma"
        form.roleKeys = ["kepala-biro"]
        form.nip = "19800202 200604 1 002"
        return form
    }

    /// A new account refused for want of a role.
    static var mockNew: Self {
        Self(isNew: true, id: nil, action: "/admin/users", form: mockForm, roles: roleOptions, languages: languageOptions,
             errors: ["Pilih paling sedikit satu peran."], isActive: true, isSelf: false, disableAction: nil, enableAction: nil,
             passwordAction: nil, passwordErrors: [])
    }

    /// A disabled account whose new password was refused.
    static var mockEdit: Self {
        Self(isNew: false, id: 7, action: "/admin/users/7", form: mockForm, roles: roleOptions, languages: languageOptions,
             errors: [], isActive: false, isSelf: false, disableAction: "/admin/users/7/disable", enableAction: "/admin/users/7/enable",
             passwordAction: "/admin/users/7/password", passwordErrors: ["Kata sandi terlalu pendek: minimal 8 karakter."])
    }
}
