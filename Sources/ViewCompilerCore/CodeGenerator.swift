/// Writes Swift render functions for parsed templates.
public struct GeneratorOptions: Sendable {
    /// The enum holding the render functions: `Templates.home(page:chrome:t:into:)`.
    public var namespace = "Templates"
    /// The type of the layout data every template receives as `chrome`.
    public var chromeType = "Chrome"
    /// The module of `HTMLWriter` and `SafeHTML`, imported by the generated file; nil when the
    /// runtime is compiled together with it (the build-failure test).
    public var runtimeModule: String? = "ViewRuntime"

    public init() {}
}

let swiftKeywords: Set<String> = [
    "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
    "internal", "let", "open", "operator", "private", "protocol", "public", "rethrows", "static", "struct",
    "subscript", "typealias", "var", "break", "case", "continue", "default", "defer", "do", "else", "fallthrough",
    "for", "guard", "if", "in", "repeat", "return", "switch", "where", "while", "as", "Any", "catch", "false", "is",
    "nil", "super", "self", "Self", "throw", "throws", "true", "try",
]

func swiftName(_ name: String) -> String { swiftKeywords.contains(name) ? "`\(name)`" : name }

/// `partials/calendar-entry` → `partialsCalendarEntry`.
public func functionName(forTemplate name: String) -> String {
    let words = name.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "_" })
    var result = ""
    for (i, word) in words.enumerated() {
        result += i == 0 ? word.prefix(1).lowercased() + word.dropFirst() : word.prefix(1).uppercased() + word.dropFirst()
    }
    return swiftName(result)
}

/// A Swift string literal of `text`.
func swiftLiteral(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        default:
            if scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
    }
    return out + "\""
}

func swiftExpression(_ expr: Expr) -> String {
    switch expr {
    case .path(let components):
        return components.map(swiftName).joined(separator: ".")
    case .textCall(let name, let arguments):
        let args = arguments.map { ($0.label.map { "\($0): " } ?? "") + swiftExpression($0.value) }
        return "t.\(swiftName(name))(\(args.joined(separator: ", ")))"
    }
}

struct CodeGenerator {
    let options: GeneratorOptions
    let templates: [String: Template]
    var lines: [String] = []

    init(options: GeneratorOptions, templates: [Template]) {
        self.options = options
        self.templates = Dictionary(templates.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    /// Checks what only the whole set of templates knows: partials and layouts exist and fit.
    func check(_ template: Template) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        if let layout = template.layout {
            if templates[layout]?.isLayout != true {
                diagnostics.append(Diagnostic(file: template.file, line: 1, message: templates[layout] == nil
                    ? "unknown layout '\(layout)'" : "'\(layout)' is not a layout: its header must be {{! layout }}"))
            }
        }
        func walk(_ nodes: [Node]) {
            for node in nodes {
                switch node {
                case .partial(let name, let arguments, let line):
                    guard let partial = templates[name] else {
                        diagnostics.append(Diagnostic(file: template.file, line: line, message: "unknown partial '\(name)'"))
                        continue
                    }
                    if partial.isLayout {
                        diagnostics.append(Diagnostic(file: template.file, line: line, message: "'\(name)' is a layout, not a partial"))
                    }
                    let given = arguments.compactMap(\.label)
                    let wanted = partial.parameters.map(\.name)
                    if given != wanted {
                        diagnostics.append(Diagnostic(file: template.file, line: line, message:
                            "partial '\(name)' takes (\(wanted.map { "\($0):" }.joined(separator: ", "))), given (\(given.map { "\($0):" }.joined(separator: ", ")))"))
                    }
                case .slot(let line) where !template.isLayout:
                    diagnostics.append(Diagnostic(file: template.file, line: line, message: "{{$content}} belongs in a layout; declare it with {{! layout }}"))
                case .condition(_, _, let a, let b, _), .each(_, _, _, let a, let b, _), .bind(_, _, let a, let b, _):
                    walk(a)
                    walk(b)
                default: break
                }
            }
        }
        walk(template.body)
        return diagnostics
    }

    mutating func emit(_ line: String, _ depth: Int) {
        lines.append(line.isEmpty ? "" : String(repeating: "    ", count: depth) + line)
    }

    mutating func location(_ template: Template, _ line: Int) {
        lines.append("#sourceLocation(file: \(swiftLiteral(template.file)), line: \(line))")
    }

    mutating func generate(_ template: Template) {
        var parameters = template.parameters.map { "\(swiftName($0.name)): \($0.type)" }
        parameters += ["chrome: \(options.chromeType)", "t: Texts", "into out: inout HTMLWriter"]
        if template.isLayout { parameters.append("content: (inout HTMLWriter) -> Void") }
        emit("", 1)
        emit("/// `\(template.name)`", 1)
        emit("static func \(functionName(forTemplate: template.name))(\(parameters.joined(separator: ", "))) {", 1)
        if let layout = template.layout {
            location(template, 1)
            let layoutParameters = (templates[layout]?.parameters ?? []).map { "\(swiftName($0.name)): \(swiftName($0.name))" }
            let args = (layoutParameters + ["chrome: chrome", "t: t", "into: &out"]).joined(separator: ", ")
            emit("\(options.namespace).\(functionName(forTemplate: layout))(\(args)) { out in", 2)
            generate(template.body, in: template, depth: 3)
            emit("}", 2)
        } else {
            generate(template.body, in: template, depth: 2)
        }
        lines.append("#sourceLocation()")
        emit("}", 1)
    }

    mutating func generate(_ nodes: [Node], in template: Template, depth: Int) {
        if nodes.isEmpty { return }
        for node in nodes {
            switch node {
            case .text(let text, let line):
                location(template, line)
                emit("out.raw(\(swiftLiteral(text)))", depth)
            case .escaped(let expr, let line):
                location(template, line)
                emit("out.escaped(\(swiftExpression(expr)))", depth)
            case .raw(let expr, let line):
                location(template, line)
                emit("out.rawHTML(\(swiftExpression(expr)))", depth)
            case .condition(let expr, let negated, let then, let otherwise, let line):
                location(template, line)
                emit("if \(negated ? "!" : "")viewCondition(\(swiftExpression(expr))) {", depth)
                generate(then, in: template, depth: depth + 1)
                if !otherwise.isEmpty {
                    emit("} else {", depth)
                    generate(otherwise, in: template, depth: depth + 1)
                }
                emit("}", depth)
            case .each(let expr, let item, let index, let body, let otherwise, let line):
                location(template, line)
                let sequence = swiftExpression(expr)
                if !otherwise.isEmpty {
                    emit("if viewCondition(\(sequence)) {", depth)
                }
                let inner = otherwise.isEmpty ? depth : depth + 1
                if let index {
                    emit("for (\(swiftName(index)), \(swiftName(item))) in \(sequence).enumerated() {", inner)
                } else {
                    emit("for \(swiftName(item)) in \(sequence) {", inner)
                }
                generate(body, in: template, depth: inner + 1)
                emit("}", inner)
                if !otherwise.isEmpty {
                    emit("} else {", depth)
                    generate(otherwise, in: template, depth: depth + 1)
                    emit("}", depth)
                }
            case .bind(let expr, let name, let body, let otherwise, let line):
                location(template, line)
                emit("if let \(swiftName(name)) = \(swiftExpression(expr)) {", depth)
                generate(body, in: template, depth: depth + 1)
                if !otherwise.isEmpty {
                    emit("} else {", depth)
                    generate(otherwise, in: template, depth: depth + 1)
                }
                emit("}", depth)
            case .partial(let name, let arguments, let line):
                location(template, line)
                let args = arguments.map { "\(swiftName($0.label ?? "_")): \(swiftExpression($0.value))" }
                    + ["chrome: chrome", "t: t", "into: &out"]
                emit("\(options.namespace).\(functionName(forTemplate: name))(\(args.joined(separator: ", ")))", depth)
            case .slot(let line):
                location(template, line)
                emit("content(&out)", depth)
            }
        }
    }
}
