import Foundation

/// One language's catalogue: `Locales/<language>.json`, a flat object of strings with `{name}`
/// placeholders.
public struct Catalogue: Sendable {
    public var language: String
    public var file: String
    public var source: String
    public var entries: [String: String]

    public init(language: String, file: String, source: String) throws(Diagnostic) {
        self.language = language
        self.file = file
        self.source = source
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(source.utf8))
        } catch {
            throw Diagnostic(file: file, line: 1, message: "not valid JSON: \(error.localizedDescription)")
        }
        guard let dictionary = object as? [String: Any] else {
            throw Diagnostic(file: file, line: 1, message: "a catalogue is one flat JSON object of strings")
        }
        var entries: [String: String] = [:]
        for (key, value) in dictionary {
            guard let text = value as? String else {
                throw Diagnostic(file: file, line: Catalogue.line(of: key, in: source), message: "'\(key)' is not a string: a catalogue is flat")
            }
            entries[key] = text
        }
        self.entries = entries
    }

    static func line(of key: String, in source: String) -> Int {
        guard let range = source.range(of: "\"\(key)\"") else { return 1 }
        return source[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
    }

    func line(of key: String) -> Int { Catalogue.line(of: key, in: source) }
}

/// A catalogue text split at its `{name}` placeholders.
enum TextPart: Equatable {
    case literal(String)
    case placeholder(String)
}

func textParts(_ text: String) -> [TextPart] {
    var parts: [TextPart] = []
    var literal = ""
    var rest = Substring(text)
    while let open = rest.firstIndex(of: "{") {
        let afterOpen = rest.index(after: open)
        if let close = rest[afterOpen...].firstIndex(of: "}"), isIdentifier(String(rest[afterOpen..<close])) {
            literal += rest[..<open]
            if !literal.isEmpty { parts.append(.literal(literal)) }
            literal = ""
            parts.append(.placeholder(String(rest[afterOpen..<close])))
            rest = rest[rest.index(after: close)...]
        } else {
            literal += rest[...open]
            rest = rest[afterOpen...]
        }
    }
    literal += rest
    if !literal.isEmpty { parts.append(.literal(literal)) }
    return parts
}

func placeholders(_ parts: [TextPart]) -> [String] {
    var seen: [String] = []
    for case .placeholder(let name) in parts where !seen.contains(name) { seen.append(name) }
    return seen
}

/// `final class Texts`: a stored `String` per plain key, a function with one `String` argument per
/// placeholder for the others, and one `static let` per language. A class, so that handing the
/// texts to a template or a helper costs one reference count, not one per text. The first catalogue decides
/// the order of a function's arguments.
func generateTexts(_ catalogues: [Catalogue]) -> (code: String, diagnostics: [Diagnostic]) {
    var diagnostics: [Diagnostic] = []
    guard let primary = catalogues.first else {
        return ("", [Diagnostic(file: "Locales", line: 1, message: "no catalogue (*.json) found")])
    }
    let allKeys = Set(catalogues.flatMap(\.entries.keys)).sorted()
    for catalogue in catalogues {
        for key in allKeys where catalogue.entries[key] == nil {
            let owner = catalogues.first { $0.entries[key] != nil }!
            diagnostics.append(Diagnostic(file: catalogue.file, line: 1,
                message: "key '\(key)' is missing in \(catalogue.language) (it is in \(owner.language) at \(owner.file):\(owner.line(of: key)))"))
        }
    }
    var names: [String: String] = [:]  // Swift name -> key
    var code = "final class Texts: Sendable {\n"
    var members: [String] = []  // "name: Type", in order, for the initialiser
    var signatures: [String: [String]] = [:]
    for key in allKeys {
        let name = key.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        guard isIdentifier(name) else {
            diagnostics.append(Diagnostic(file: primary.file, line: primary.line(of: key), message: "key '\(key)' cannot be a Swift name"))
            continue
        }
        if let other = names[name] {
            diagnostics.append(Diagnostic(file: primary.file, line: primary.line(of: key), message: "keys '\(other)' and '\(key)' both become t.\(name)"))
            continue
        }
        names[name] = key
        guard let owner = catalogues.first(where: { $0.entries[key] != nil }) else { continue }
        let wanted = placeholders(textParts(owner.entries[key]!))
        for catalogue in catalogues {
            guard let text = catalogue.entries[key] else { continue }
            let found = placeholders(textParts(text))
            if Set(found) != Set(wanted) {
                diagnostics.append(Diagnostic(file: catalogue.file, line: catalogue.line(of: key),
                    message: "placeholders of '\(key)' differ: {\(found.sorted().joined(separator: "}, {"))} in \(catalogue.language), {\(wanted.sorted().joined(separator: "}, {"))} in \(owner.language)"))
            }
        }
        if wanted.isEmpty {
            code += "    let `\(name)`: String\n"
            members.append(name + ": String")
        } else {
            signatures[key] = wanted
            let parameters = wanted.map { "\(swiftName($0)): String" }.joined(separator: ", ")
            let arguments = wanted.map(swiftName).joined(separator: ", ")
            code += "    let `_pieces_\(name)`: [TextPiece]\n"
            members.append("_pieces_" + name + ": [TextPiece]")
            code += "    func `\(name)`(\(parameters)) -> String { fillText(`_pieces_\(name)`, [\(arguments)]) }\n"
        }
    }
    if !diagnostics.isEmpty { return ("", diagnostics) }
    code += "\n    init(\(members.map { "`" + $0.replacingOccurrences(of: ": ", with: "`: ") }.joined(separator: ", "))) {\n"
    for member in members {
        let name = String(member.prefix { $0 != ":" })
        code += "        self.`\(name)` = `\(name)`\n"
    }
    code += "    }\n"
    for catalogue in catalogues {
        code += "\n    static let \(swiftName(catalogue.language.replacingOccurrences(of: "-", with: "_"))) = Texts(\n"
        var arguments: [String] = []
        for key in allKeys {
            let name = key.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
            let text = catalogue.entries[key]!
            if let signature = signatures[key] {
                let pieces = textParts(text).map { part -> String in
                    switch part {
                    case .literal(let literal): ".literal(\(swiftLiteral(literal)))"
                    case .placeholder(let placeholder): ".argument(\(signature.firstIndex(of: placeholder)!))"
                    }
                }
                arguments.append("        _pieces_\(name): [\(pieces.joined(separator: ", "))]")
            } else {
                arguments.append("        \(name): \(swiftLiteral(text))")
            }
        }
        code += arguments.joined(separator: ",\n") + "\n    )\n"
    }
    code += "}\n"
    return (code, diagnostics)
}
