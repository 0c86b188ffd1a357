import Domain
import Foundation

/// What `/login` shows: the name typed, where to go next, and an error or a notice.
extension LoginController {
    struct Page: Sendable {
        var username: String = ""
        var next: String = ""
        var error: String?
        var notice: String?
    }
}
