import CCmark
import Foundation
import ViewRuntime

/// Markdown through cmark (libcmark-dev), always in safe mode: raw HTML is dropped and
/// `javascript:`, `vbscript:`, `file:` and most `data:` links are removed, so the output may be
/// inserted into a page unescaped.
public enum Markdown {
    /// CommonMark to HTML. Line breaks inside a paragraph are kept, as captions are written.
    public static func html(_ markdown: String) -> SafeHTML {
        let options = CMARK_OPT_SAFE | CMARK_OPT_HARDBREAKS
        let bytes = Array(markdown.utf8)
        guard let rendered = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_markdown_to_html($0, buffer.count, options) }
            } ?? cmark_markdown_to_html("", 0, options)
        }) else { return .empty }
        defer { free(rendered) }
        // cmark in safe mode: raw HTML and unsafe link schemes are left out.
        return SafeHTML(trusted: String(cString: rendered))
    }
}

extension Markdown {
    /// The caption as it gets posted: no Markdown syntax, links as their URL, line breaks kept,
    /// paragraphs separated by a blank line, list items on lines of their own ("• " or "1. ").
    public static func plainText(_ markdown: String) -> String {
        let bytes = Array(markdown.utf8)
        let parsed: OpaquePointer? = bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return cmark_parse_document("", 0, CMARK_OPT_SAFE) }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_parse_document($0, buffer.count, CMARK_OPT_SAFE) }
        }
        guard let document = parsed else { return "" }
        defer { cmark_node_free(document) }
        guard let iterator = cmark_iter_new(document) else { return "" }
        defer { cmark_iter_free(iterator) }

        var output = ""
        var itemNumbers: [Int] = []  // per open list: the next number, or -1 for bullets
        var tightLists: [Bool] = []
        var afterBullet = false

        func separateBlock() {
            guard !output.isEmpty, !afterBullet else { return }
            let tight = tightLists.last ?? false
            let separator = tight ? "\n" : "\n\n"
            while output.hasSuffix("\n") { output.removeLast() }
            output += separator
        }
        func literal(_ node: OpaquePointer) -> String {
            cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
        }

        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard let node = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(node)
            let entering = event == CMARK_EVENT_ENTER
            switch type {
            case CMARK_NODE_TEXT, CMARK_NODE_CODE:
                if entering { output += literal(node); afterBullet = false }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                if entering { output += "\n" }
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if entering {
                    output += cmark_node_get_url(node).map { String(cString: $0) } ?? ""
                    afterBullet = false
                    cmark_iter_reset(iterator, node, CMARK_EVENT_EXIT)  // the URL stands for the link text
                }
            case CMARK_NODE_PARAGRAPH, CMARK_NODE_HEADING:
                if entering { separateBlock() }
            case CMARK_NODE_CODE_BLOCK:
                if entering {
                    separateBlock()
                    var code = literal(node)
                    while code.hasSuffix("\n") { code.removeLast() }
                    output += code
                    afterBullet = false
                }
            case CMARK_NODE_THEMATIC_BREAK:
                if entering { separateBlock() }
            case CMARK_NODE_LIST:
                if entering {
                    separateBlock()
                    itemNumbers.append(cmark_node_get_list_type(node) == CMARK_ORDERED_LIST ? Int(cmark_node_get_list_start(node)) : -1)
                    tightLists.append(cmark_node_get_list_tight(node) != 0)
                } else {
                    itemNumbers.removeLast()
                    tightLists.removeLast()
                }
            case CMARK_NODE_ITEM:
                if entering {
                    if !output.isEmpty, !output.hasSuffix("\n") { output += (tightLists.last ?? true) ? "\n" : "\n\n" }
                    if let number = itemNumbers.last, number >= 0 {
                        output += "\(number). "
                        itemNumbers[itemNumbers.count - 1] = number + 1
                    } else {
                        output += "• "
                    }
                    afterBullet = true
                }
            default:
                break  // raw HTML is dropped in safe mode; emphasis, quotes and the document add nothing
            }
        }
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
