import Testing
@testable import Domain

@Suite struct PasswordPolicyTests {
    let policy = PasswordPolicy.standard

    @Test(arguments: [
        ("", PasswordPolicy.Problem.tooShort(minimum: 8)),
        ("1234567", .tooShort(minimum: 8)),
        (String(repeating: "a", count: 65), .tooLong(maximum: 64)),
        // 20 emoji are 20 characters but 80 UTF-8 bytes: bcrypt would silently drop the tail.
        (String(repeating: "😀", count: 20), .tooManyBytes(maximum: 72)),
        // 37 × "é" (2 bytes each) = 74 bytes in 37 characters.
        (String(repeating: "é", count: 37), .tooManyBytes(maximum: 72)),
        ("abc\u{0}defghij", .containsNUL),
    ])
    func refused(password: String, problem: PasswordPolicy.Problem) {
        #expect(policy.problem(with: password) == problem)
    }

    @Test(arguments: [
        "12345678",
        "kata sandi yang panjang sekali",
        String(repeating: "a", count: 64),
        String(repeating: "é", count: 36),  // exactly 72 bytes
        "no composition rules",
    ])
    func accepted(password: String) {
        #expect(policy.problem(with: password) == nil)
    }
}

@Suite struct UsernameRuleTests {
    @Test(arguments: ["admin", "siti.rahma", "kepala-biro", "user_01", "abc", "9lives"])
    func valid(_ name: String) {
        #expect(UsernameRule.isValid(name))
    }

    @Test(arguments: ["ab", "Admin", "-admin", ".x1", "siti rahma", "budi@biro", String(repeating: "a", count: 33), "", "rené"])
    func invalid(_ name: String) {
        #expect(!UsernameRule.isValid(name))
    }

    @Test func normalisationTrimsAndLowercases() {
        #expect(UsernameRule.normalise("  Kepala-Biro \n") == "kepala-biro")
    }
}

@Suite struct SafeRedirectTests {
    @Test(arguments: ["/", "/admin/users", "/calendar?month=2026-11", "/a/b#c"])
    func sameSitePathsAreKept(_ path: String) {
        #expect(SafeRedirect.path(path) == path)
    }

    @Test(arguments: ["https://evil.example/", "//evil.example", "/\\evil.example", "\\\\evil", "javascript:alert(1)",
                      "evil", "", "/a\r\nSet-Cookie: x=y", "/\u{7f}"])
    func everythingElseIsRefused(_ path: String) {
        #expect(SafeRedirect.path(path) == nil)
    }

    @Test func nilIsRefused() {
        #expect(SafeRedirect.path(nil) == nil)
    }
}

@Suite struct LanguageAndRoleTests {
    @Test func languageCodes() {
        #expect(Language(rawValue: "id") == .id)
        #expect(Language(rawValue: "fr") == nil)
        #expect(Language.default == .id)
    }

    @Test func roleSetChecks() {
        let roles: Set<RoleKey> = ["kepala-biro", "admin-medsos"]
        #expect(!roles.isAdmin)
        #expect(Set<RoleKey>(["admin"]).isAdmin)
    }

    @Test(arguments: [("admin", true), ("kepala-biro", true), ("Kepala", false), ("-x", false), ("a", false), ("role_1", false), ("1role", false)])
    func roleKeys(key: String, valid: Bool) {
        #expect(RoleKey.isValid(key) == valid)
    }
}
