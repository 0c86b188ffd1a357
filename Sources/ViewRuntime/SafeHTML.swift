/// HTML that may be written without escaping: the only thing `{{{ … }}}` accepts.
///
/// There is deliberately no public initialiser from a `String` other than `SafeHTML(trusted:)`,
/// whose name makes every use easy to find and review. Its only callers are cmark's safe-mode
/// renderer and the template compiler.
public struct SafeHTML: Sendable, Hashable {
    let utf8: [UInt8]

    /// Marks `html` as safe to write unescaped. Only cmark's safe-mode output and the template
    /// compiler may call this: `grep -rn 'SafeHTML(trusted:' Sources` lists every use.
    public init(trusted html: String) {
        utf8 = Array(html.utf8)
    }

    /// No HTML at all.
    public static let empty = SafeHTML(trusted: "")

    public var isEmpty: Bool { utf8.isEmpty }
}

extension SafeHTML: CustomStringConvertible {
    /// The HTML as text, for tests and logs.
    public var description: String { String(decoding: utf8, as: UTF8.self) }
}
