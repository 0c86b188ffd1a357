import Domain

/// A text to show later, in whatever language the page is rendered in: a typed text of the
/// compiled catalogues, `LocalizedMessage { $0.content_error_title_required }`.
struct LocalizedMessage: Sendable {
    let text: @Sendable (Texts) -> String

    init(_ text: @escaping @Sendable (Texts) -> String) {
        self.text = text
    }
}
