import Foundation

/// Parses a template's tokens into a tree, checking every name's root.
public struct Parser {
    let file: String
    let name: String
    var tokens: [Token]
    var position = 0
    var scope: [String] = []

    static let blockKinds: Set<String> = ["if", "unless", "each", "let"]

    public static func parse(_ source: String, name: String, file: String) throws(Diagnostic) -> Template {
        // A partial ends where its last line ends: the file's final newline is not part of it, so
        // `{{> partials/x }}` inline writes no line break, and on a line of its own writes one.
        var source = source
        if name.hasPrefix("partials/"), source.hasSuffix("\n") { source.removeLast() }
        var parser = Parser(file: file, name: name, tokens: try scan(source, file: file))
        return try parser.parseTemplate()
    }

    func error(_ line: Int, _ message: String) -> Diagnostic {
        Diagnostic(file: file, line: line, message: message)
    }

    mutating func parseTemplate() throws(Diagnostic) -> Template {
        // The header: the first tag, a comment naming the parameters.
        var header: (content: String, line: Int)?
        if let first = tokens.firstIndex(where: { if case .tag = $0 { true } else { false } }),
           case .tag(let content, false, let line) = tokens[first], content.hasPrefix("!") {
            let before = tokens[..<first].allSatisfy { if case .text(let t, _) = $0 { trimmed(t).isEmpty } else { false } }
            if before {
                header = (trimmed(content.dropFirst()), line)
                tokens.removeSubrange(...first)
            }
        }
        guard let header else {
            throw error(1, "missing header: a template must start with {{! page: TypeName }} naming its parameters (or {{! none }}, {{! layout }})")
        }
        let (parameters, isLayout) = try parseHeader(header.content, line: header.line)
        scope = ["t", "chrome"] + parameters.map(\.name)

        var layout: String?
        var body: [Node]
        // `{{< layout }} … {{/layout}}`: the first tag after the header.
        let firstTag = tokens.firstIndex(where: { if case .tag = $0 { true } else { false } })
        if let firstTag, case .tag(let content, false, let line) = tokens[firstTag], content.hasPrefix("<") {
            try expectBlank(tokens[..<firstTag], "text before {{< layout }}")
            let layoutName = trimmed(content.dropFirst())
            guard isPathName(layoutName) else { throw error(line, "bad layout name '\(layoutName)'") }
            position = firstTag + 1
            layout = layoutName
            let (inner, end) = try parseNodes(until: ["/" + layoutName], opened: "{{< \(layoutName) }}", line: line)
            guard end != nil else { throw error(line, "unclosed section: {{< \(layoutName) }} has no {{/\(layoutName)}}") }
            try expectBlank(tokens[position...], "text after {{/\(layoutName)}}")
            body = inner
        } else {
            let (nodes, _) = try parseNodes(until: [], opened: "", line: 0)
            body = nodes
        }
        if isLayout, !containsSlot(body) {
            throw error(header.line, "a layout needs a {{$content}} slot")
        }
        return Template(name: name, file: file, parameters: parameters, isLayout: isLayout, layout: layout, body: body)
    }

    func expectBlank(_ slice: ArraySlice<Token>, _ what: String) throws(Diagnostic) {
        for token in slice {
            switch token {
            case .text(let text, let line) where !trimmed(text).isEmpty:
                throw error(line, "\(what): a page with a layout writes only inside it")
            case .tag(let content, _, let line) where !content.hasPrefix("!"):
                throw error(line, "\(what): a page with a layout writes only inside it")
            default: continue
            }
        }
    }

    func containsSlot(_ nodes: [Node]) -> Bool {
        nodes.contains { node in
            switch node {
            case .slot: true
            case .condition(_, _, let a, let b, _), .each(_, _, _, let a, let b, _), .bind(_, _, let a, let b, _):
                containsSlot(a) || containsSlot(b)
            default: false
            }
        }
    }

    func parseHeader(_ content: String, line: Int) throws(Diagnostic) -> ([Parameter], Bool) {
        var rest = Substring(content)
        var isLayout = false
        if rest == "none" { return ([], false) }
        if rest.hasPrefix("layout"), rest.dropFirst(6).first.map({ $0 == " " || $0 == "," }) ?? true {
            isLayout = true
            rest = rest.dropFirst(6)
            while let f = rest.first, f == " " || f == "," { rest.removeFirst() }
            if rest.isEmpty { return ([], true) }
        }
        var parameters: [Parameter] = []
        for part in splitTopLevel(rest, on: ",") {
            guard let colon = part.firstIndex(of: ":") else {
                throw error(line, "missing header: expected {{! name: Type, … }}, found '{{! \(content) }}'")
            }
            let name = trimmed(part[..<colon])
            let type = trimmed(part[part.index(after: colon)...])
            guard isIdentifier(name), !type.isEmpty else {
                throw error(line, "bad header parameter '\(trimmed(part))': expected name: Type")
            }
            guard !["t", "chrome", "out"].contains(name) else {
                throw error(line, "'\(name)' is given to every template; it cannot be a parameter")
            }
            parameters.append(Parameter(name: name, type: type))
        }
        return (parameters, isLayout)
    }

    /// Parses nodes until one of the closing tags in `until` (or `else` when allowed), returning
    /// the closing tag met, or nil at the end of the file.
    mutating func parseNodes(until closers: Set<String>, opened: String, line openLine: Int,
                             allowElse: Bool = false) throws(Diagnostic) -> ([Node], String?) {
        var nodes: [Node] = []
        while position < tokens.count {
            let token = tokens[position]
            position += 1
            switch token {
            case .text(let text, let line):
                nodes.append(.text(text, line: line))
            case .tag(let content, true, let line):
                nodes.append(.raw(try parseExpression(content, line: line), line: line))
            case .tag(let content, false, let line):
                if content == "else" {
                    guard allowElse else { throw error(line, "{{else}} outside {{#if}}, {{#unless}}, {{#each}} or {{#let}}") }
                    return (nodes, "else")
                }
                guard let sigil = content.first else { throw error(line, "empty tag {{}}") }
                let rest = trimmed(content.dropFirst())
                switch sigil {
                case "!":
                    continue
                case "/":
                    let closer = "/" + rest
                    if closers.contains(closer) { return (nodes, closer) }
                    if closers.isEmpty {
                        throw error(line, "{{/\(rest)}} closes nothing")
                    }
                    throw error(line, "{{/\(rest)}} does not close \(opened) opened at line \(openLine)")
                case "#":
                    nodes.append(try parseBlock(rest, line: line))
                case ">":
                    nodes.append(try parsePartial(rest, line: line))
                case "$":
                    guard rest == "content" else { throw error(line, "unknown slot {{$\(rest)}}: the only slot is {{$content}}") }
                    nodes.append(.slot(line: line))
                case "<":
                    throw error(line, "{{< \(rest) }} must be the first tag after the header")
                case "^", "&", "=":
                    throw error(line, "unknown tag {{\(content)}}: use {{#unless …}}, {{{ … }}} for SafeHTML; there is no implicit context")
                default:
                    nodes.append(.escaped(try parseExpression(content, line: line), line: line))
                }
            }
        }
        if !closers.isEmpty {
            throw error(openLine, "unclosed section: \(opened) has no {{\(closers.sorted().first!)}}")
        }
        return (nodes, nil)
    }

    mutating func parseBlock(_ content: String, line: Int) throws(Diagnostic) -> Node {
        let kind = String(content.prefix { $0.isLetter })
        let argument = trimmed(content.dropFirst(kind.count))
        guard Parser.blockKinds.contains(kind), content.count == kind.count || content.dropFirst(kind.count).first == " " else {
            throw error(line, "unknown tag {{#\(content)}}: expected #if, #unless, #each or #let")
        }
        let opened = "{{#\(content)}}"
        switch kind {
        case "if", "unless":
            let condition = try parseExpression(argument, line: line)
            let (then, otherwise) = try parseBody(kind: kind, opened: opened, line: line)
            return .condition(condition, negated: kind == "unless", then: then, otherwise: otherwise, line: line)
        default:
            // `xs as x` / `xs as x, i` / `opt as x`
            let parts = argument.components(separatedBy: " as ")
            guard parts.count == 2 else { throw error(line, "expected {{#\(kind) expression as name}}, found \(opened)") }
            let names = parts[1].split(separator: ",").map { trimmed($0) }
            let allowed = kind == "each" ? 2 : 1
            guard (1...allowed).contains(names.count), names.allSatisfy(isIdentifier) else {
                throw error(line, kind == "each" ? "expected {{#each items as item}} or {{#each items as item, index}}" : "expected {{#let optional as name}}")
            }
            for name in names where scope.contains(name) {
                throw error(line, "'\(name)' is already a name here; choose another")
            }
            let subject = try parseExpression(parts[0], line: line)
            scope.append(contentsOf: names)
            let body = try parseBody(kind: kind, opened: opened, line: line, otherwiseScope: names.count)
            if kind == "each" {
                return .each(subject, item: names[0], index: names.count > 1 ? names[1] : nil, body: body.then, otherwise: body.otherwise, line: line)
            }
            return .bind(subject, name: names[0], body: body.then, otherwise: body.otherwise, line: line)
        }
    }

    /// The body of a block up to its `{{/kind}}`, with an optional `{{else}}` part. Names bound by
    /// the block (`otherwiseScope` of them, on top of the scope) are not visible in the else part.
    mutating func parseBody(kind: String, opened: String, line: Int, otherwiseScope: Int = 0) throws(Diagnostic) -> (then: [Node], otherwise: [Node]) {
        let (then, end) = try parseNodes(until: ["/" + kind], opened: opened, line: line, allowElse: true)
        var otherwise: [Node] = []
        if end == "else" {
            let bound = scope.suffix(otherwiseScope)
            scope.removeLast(otherwiseScope)
            (otherwise, _) = try parseNodes(until: ["/" + kind], opened: opened, line: line)
            scope.append(contentsOf: bound)
        }
        scope.removeLast(otherwiseScope)
        return (then, otherwise)
    }

    func parsePartial(_ content: String, line: Int) throws(Diagnostic) -> Node {
        let name = String(content.prefix { !$0.isWhitespace })
        guard isPathName(name) else { throw error(line, "bad partial name '\(name)'") }
        var arguments: [Expr.Argument] = []
        let rest = trimmed(content.dropFirst(name.count))
        if !rest.isEmpty {
            for part in splitTopLevel(Substring(rest), on: ",") {
                guard let colon = part.firstIndex(of: ":") else {
                    throw error(line, "partial arguments are labelled: {{> \(name) label: expression }}")
                }
                let label = trimmed(part[..<colon])
                guard isIdentifier(label) else { throw error(line, "bad argument label '\(label)'") }
                arguments.append(.init(label: label, value: try parseExpression(trimmed(part[part.index(after: colon)...]), line: line)))
            }
        }
        return .partial(name: name, arguments: arguments, line: line)
    }

    /// `root.a.b` or `t.key(arg, label: arg)`; nothing else.
    func parseExpression(_ text: String, line: Int) throws(Diagnostic) -> Expr {
        let text = trimmed(text)
        func bad(_ why: String) -> Diagnostic {
            error(line, "bad expression '\(text)': \(why)")
        }
        if let open = text.firstIndex(of: "(") {
            guard text.hasSuffix(")") else { throw bad("a call must end with ')'") }
            let callee = String(text[..<open])
            let components = callee.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard components.count == 2, components[0] == "t", isIdentifier(components[1]) else {
                throw bad("the only calls allowed are on the texts, e.g. t.pager_range(first: a, last: b)")
            }
            let inner = text[text.index(after: open)..<text.index(before: text.endIndex)]
            var arguments: [Expr.Argument] = []
            if !trimmed(inner).isEmpty {
                for part in splitTopLevel(inner, on: ",") {
                    var label: String?
                    var valueText = trimmed(part)
                    if let colon = part.firstIndex(of: ":") {
                        label = trimmed(part[..<colon])
                        valueText = trimmed(part[part.index(after: colon)...])
                        guard isIdentifier(label!) else { throw bad("bad argument label '\(label!)'") }
                    }
                    guard !valueText.contains("(") else { throw bad("arguments are paths, not calls") }
                    arguments.append(.init(label: label, value: try parseExpression(valueText, line: line)))
                }
            }
            return .textCall(name: components[1], arguments: arguments)
        }
        let components = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !text.isEmpty, components.allSatisfy(isIdentifier) else {
            throw bad("expected a dotted path such as page.title")
        }
        guard scope.contains(components[0]) else {
            throw bad("unknown name '\(components[0])'; names here are \(scope.reversed().joined(separator: ", "))")
        }
        return .path(components)
    }
}

func isIdentifier(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII) else { return false }
    return s.unicodeScalars.allSatisfy { $0.isASCII && ($0 == "_" || $0.properties.isAlphabetic || ("0"..."9").contains($0)) }
}

/// A template name: `home`, `partials/previews`, `account-password`.
func isPathName(_ s: String) -> Bool {
    !s.isEmpty && s.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/-_".unicodeScalars.contains($0)) }
}

func splitTopLevel(_ s: Substring, on separator: Character) -> [Substring] {
    var parts: [Substring] = []
    var depth = 0
    var start = s.startIndex
    for index in s.indices {
        switch s[index] {
        case "[", "(", "<": depth += 1
        case "]", ")", ">": depth -= 1
        case separator where depth == 0:
            parts.append(s[start..<index])
            start = s.index(after: index)
        default: break
        }
    }
    parts.append(s[start...])
    return parts
}
