/// An expression: a dotted path from a named root, or a call on the texts `t`.
public indirect enum Expr: Equatable, Sendable {
    case path([String])
    case textCall(name: String, arguments: [Argument])

    public struct Argument: Equatable, Sendable {
        public var label: String?
        public var value: Expr
        public init(label: String?, value: Expr) {
            self.label = label
            self.value = value
        }
    }
}

public indirect enum Node: Equatable, Sendable {
    case text(String, line: Int)
    case escaped(Expr, line: Int)
    case raw(Expr, line: Int)
    /// `{{#if}}` (negated: `{{#unless}}`).
    case condition(Expr, negated: Bool, then: [Node], otherwise: [Node], line: Int)
    case each(Expr, item: String, index: String?, body: [Node], otherwise: [Node], line: Int)
    case bind(Expr, name: String, body: [Node], otherwise: [Node], line: Int)
    case partial(name: String, arguments: [Expr.Argument], line: Int)
    /// `{{$content}}` in a layout.
    case slot(line: Int)
}

public struct Parameter: Equatable, Sendable {
    public var name: String
    public var type: String
}

public struct Template: Equatable, Sendable {
    /// The path under the views folder without its extension, e.g. `partials/previews`.
    public var name: String
    public var file: String
    public var parameters: [Parameter]
    /// Declared `{{! layout … }}`: the template has a `{{$content}}` slot.
    public var isLayout: Bool
    /// `{{< layout }} … {{/layout}}`: the layout this page fills.
    public var layout: String?
    public var body: [Node]
}
