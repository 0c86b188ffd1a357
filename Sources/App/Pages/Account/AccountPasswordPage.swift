import Domain
import Foundation

/// What `/account/password` shows: whether a change is required, the errors, and the policy's bounds.
extension AccountPasswordController {
    struct Page: Sendable {
        var mustChange: Bool
        var errors: [String] = []
        var minimum: Int = PasswordPolicy.standard.minimumCharacters
        var maximum: Int = PasswordPolicy.standard.maximumCharacters
    }
}
