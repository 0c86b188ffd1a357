/// One piece of a template: a run of text or one `{{ … }}` tag.
public enum Token: Equatable, Sendable {
    case text(String, line: Int)
    /// `content` is what stands between the braces, trimmed; `triple` for `{{{ … }}}`.
    case tag(String, triple: Bool, line: Int)

    public var line: Int {
        switch self {
        case .text(_, let line), .tag(_, _, let line): line
        }
    }
}

/// Splits a template into text and tags. Hand-written: the dialect has one delimiter pair.
public func scan(_ source: String, file: String) throws(Diagnostic) -> [Token] {
    var tokens: [Token] = []
    let chars = Array(source.utf8)
    var index = 0
    var line = 1
    var textStart = 0
    var textLine = 1

    func flushText(upTo end: Int) {
        if textStart < end {
            tokens.append(.text(String(decoding: chars[textStart..<end], as: UTF8.self), line: textLine))
        }
    }
    func starts(_ pattern: String, at position: Int) -> Bool {
        let p = Array(pattern.utf8)
        return position + p.count <= chars.count && Array(chars[position..<position + p.count]) == p
    }

    while index < chars.count {
        if starts("{{", at: index) {
            flushText(upTo: index)
            let tagLine = line
            let triple = starts("{{{", at: index)
            let open = triple ? 3 : 2
            let close = triple ? "}}}" : "}}"
            var end = index + open
            while end < chars.count, !starts(close, at: end) {
                if chars[end] == UInt8(ascii: "\n") { line += 1 }
                end += 1
            }
            guard end < chars.count else {
                throw Diagnostic(file: file, line: tagLine, message: "unclosed tag: '\(triple ? "{{{" : "{{")' without '\(close)'")
            }
            let content = String(decoding: chars[(index + open)..<end], as: UTF8.self)
            tokens.append(.tag(trimmed(content), triple: triple, line: tagLine))
            index = end + close.utf8.count
            textStart = index
            textLine = line
        } else {
            if chars[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
    }
    flushText(upTo: chars.count)
    return removingStandaloneLines(tokens)
}

func trimmed(_ s: some StringProtocol) -> String {
    var sub = Substring(s)
    while let first = sub.first, first.isWhitespace { sub.removeFirst() }
    while let last = sub.last, last.isWhitespace { sub.removeLast() }
    return String(sub)
}

/// Tags that write nothing themselves: when one stands alone on its line, the whole line goes,
/// as in Mustache, so templates can put `{{#if}}` on its own line without leaving blank lines.
func isStandaloneKind(_ content: String, triple: Bool) -> Bool {
    guard !triple, let first = content.first else { return false }
    // Not `>`: a partial stands exactly where its tag is, with the whitespace around it.
    return "!#/<$".contains(first) || content == "else"
}

func removingStandaloneLines(_ tokens: [Token]) -> [Token] {
    // Decide on the original tokens first, then trim, so neighbouring standalone tags do not
    // see each other's trimming.
    var trimEnd: [Int: Bool] = [:]    // text index -> trim the whitespace after its last newline
    var trimStart: [Int: Bool] = [:]  // text index -> trim through its first newline
    for (i, token) in tokens.enumerated() {
        guard case .tag(let content, let triple, _) = token, isStandaloneKind(content, triple: triple) else { continue }
        // Before the tag: start of file, or whitespace after a newline.
        var beforeOK = false
        if i == 0 {
            beforeOK = true
        } else if case .text(let text, _) = tokens[i - 1] {
            if let newline = text.lastIndex(of: "\n") {
                beforeOK = text[text.index(after: newline)...].allSatisfy { $0 == " " || $0 == "\t" }
            } else {
                beforeOK = i - 1 == 0 && text.allSatisfy { $0 == " " || $0 == "\t" }
            }
        }
        guard beforeOK else { continue }
        // After the tag: end of file, or whitespace up to a newline.
        var afterOK = false
        if i == tokens.count - 1 {
            afterOK = true
        } else if case .text(let text, _) = tokens[i + 1] {
            if let newline = text.firstIndex(of: "\n") {
                afterOK = text[..<newline].allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" }
            } else {
                afterOK = i + 1 == tokens.count - 1 && text.allSatisfy { $0 == " " || $0 == "\t" }
            }
        }
        guard afterOK else { continue }
        if i > 0 { trimEnd[i - 1] = true }
        if i < tokens.count - 1 { trimStart[i + 1] = true }
    }
    var result: [Token] = []
    for (i, token) in tokens.enumerated() {
        guard case .text(var text, var line) = token else { result.append(token); continue }
        if trimEnd[i] == true {
            if let newline = text.lastIndex(of: "\n") {
                text = String(text[...newline])
            } else {
                text = ""
            }
        }
        if trimStart[i] == true {
            if let newline = text.firstIndex(of: "\n") {
                text = String(text[text.index(after: newline)...])
                line += 1
            } else {
                text = ""
            }
        }
        if !text.isEmpty { result.append(.text(text, line: line)) }
    }
    return result
}
