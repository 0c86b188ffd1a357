import CCmark
import Foundation

/// Markdown through cmark (libcmark-dev), always in safe mode: raw HTML is dropped and
/// `javascript:`, `vbscript:`, `file:` and most `data:` links are removed, so the output may be
/// inserted into a page unescaped.
public enum Markdown {
    /// CommonMark to HTML. Line breaks inside a paragraph are kept, as captions are written.
    public static func html(_ markdown: String) -> String {
        let options = CMARK_OPT_SAFE | CMARK_OPT_HARDBREAKS
        let bytes = Array(markdown.utf8)
        guard let rendered = bytes.withUnsafeBufferPointer({ buffer in
            buffer.baseAddress.map { base in
                base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { cmark_markdown_to_html($0, buffer.count, options) }
            } ?? cmark_markdown_to_html("", 0, options)
        }) else { return "" }
        defer { free(rendered) }
        return String(cString: rendered)
    }
}
