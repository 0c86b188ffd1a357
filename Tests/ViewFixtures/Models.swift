import ViewRuntime

/// Layout data every fixture template receives as `chrome`.
struct Chrome: Sendable {
    var lang: String
    var title: String
}

struct HomePage: Sendable {
    struct Task: Sendable {
        var title: String
        var href: String
        var overdue: Bool
        var due: Int?
    }
    struct Range: Sendable {
        var first: String
        var last: String
        var total: String
    }
    var userName: String
    var tasks: [Task]
    var range: Range?
    var note: String?
    var captionHTML: SafeHTML
}
