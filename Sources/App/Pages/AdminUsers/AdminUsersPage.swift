import Domain
import Foundation

/// What the account pages show: the list, and the form of a new or an existing account.
/// What the user form holds, as typed: re-shown unchanged when it is refused.
struct UserForm: Sendable {
    var username: String = ""
    var displayName: String = ""
    var roleKeys: [RoleKey] = []
    var language: String = Language.default.rawValue
    var mustChangePassword: Bool = true
    /// Nomor Induk Pegawai as typed; nil when the form did not carry the field (kept as stored).
    var nip: String? = nil

    init() {}

    init(_ data: FormData) {
        username = UsernameRule.normalise(data["username"] ?? "")
        displayName = data.trimmed("display_name")
        roleKeys = Array(Set(data.all("role").map { RoleKey($0) }))
        language = data.trimmed("language")
        mustChangePassword = data["must_change"] != nil
        nip = data["nip"]
    }

    init(_ user: UserSummary) {
        username = user.username
        displayName = user.displayName
        roleKeys = user.roleKeys
        language = user.language.rawValue
        mustChangePassword = user.mustChangePassword
        nip = user.nip
    }

    /// The NIP to store, when the form carried a valid one.
    var normalisedNip: String? { nip.flatMap(NIP.normalise) }

    /// What is wrong with the form, in words; empty when it may be saved.
    func problems(_ t: Texts, checkUsername: Bool = true) -> [String] {
        var errors: [String] = []
        if checkUsername, !UsernameRule.isValid(username) {
            errors.append(t.users_username_invalid)
        }
        if displayName.isEmpty || displayName.count > 100 {
            errors.append(t.users_display_name_invalid)
        }
        if roleKeys.isEmpty {
            errors.append(t.users_roles_required)
        }
        if Language(rawValue: language) == nil {
            errors.append(t.error_language)
        }
        if let nip, NIP.normalise(nip) == nil {
            errors.append(t.error_nip)
        }
        return errors
    }
}

struct UserListPage: Sendable {
    struct Row: Sendable {
        let id: Int64
        let username: String
        let displayName: String
        let roles: String
        let isActive: Bool
        let mustChangePassword: Bool
        let lastLogin: String
        let href: String
    }
    let users: [Row]
}

struct UserEditPage: Sendable {
    let isNew: Bool
    let id: Int64?
    let action: String
    let form: UserForm
    let roles: [ChoiceOption]
    let languages: [ChoiceOption]
    let errors: [String]
    let isActive: Bool
    let isSelf: Bool
    let disableAction: String?
    let enableAction: String?
    let passwordAction: String?
    let passwordErrors: [String]
}

extension UserListPage {
    init(users: [UserSummary], roles: [Role], dates: DateText) {
        let names = Dictionary(roles.map { ($0.key, $0.name) }, uniquingKeysWith: { a, _ in a })
        self.init(users: users.map { user in
            Row(id: user.id, username: user.username, displayName: user.displayName,
                roles: user.roleKeys.map { names[$0] ?? $0.rawValue }.joined(separator: ", "),
                isActive: user.isActive, mustChangePassword: user.mustChangePassword,
                lastLogin: user.lastLoginAt.map(dates.shortDateTime) ?? "–",
                href: SiteURL.adminUser(user.id).path)
        })
    }
}

extension UserEditPage {
    /// The form for a new account.
    init(new form: UserForm, roles: [Role], errors: [String]) {
        self.init(
            isNew: true, id: nil, action: SiteURL.adminUsers.path, form: form, roles: Self.roleOptions(roles, selected: form.roleKeys),
            languages: Self.languageOptions(selected: form.language), errors: errors, isActive: true, isSelf: false,
            disableAction: nil, enableAction: nil, passwordAction: nil, passwordErrors: [])
    }

    /// The form of an existing account, with its disable, enable and password actions.
    init(user: UserSummary, form: UserForm, roles: [Role], errors: [String], passwordErrors: [String], isSelf: Bool) {
        self.init(
            isNew: false, id: user.id, action: SiteURL.adminUser(user.id).path, form: form,
            roles: Self.roleOptions(roles, selected: form.roleKeys), languages: Self.languageOptions(selected: form.language),
            errors: errors, isActive: user.isActive, isSelf: isSelf,
            disableAction: SiteURL.adminUserDisable(user.id).path, enableAction: SiteURL.adminUserEnable(user.id).path,
            passwordAction: SiteURL.adminUserPassword(user.id).path, passwordErrors: passwordErrors)
    }

    static func roleOptions(_ roles: [Role], selected: [RoleKey]) -> [ChoiceOption] {
        roles.map { .init(value: $0.key.rawValue, label: $0.name, selected: selected.contains($0.key)) }
    }

    static func languageOptions(selected: String) -> [ChoiceOption] {
        Language.allCases.map { .init(value: $0.rawValue, label: Texts.of($0).language_name, selected: $0.rawValue == selected) }
    }
}
