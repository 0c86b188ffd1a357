/// A word-level difference between two texts, for showing what a revision changed.
public enum TextDiff {
    public enum Kind: String, Sendable, Equatable {
        case same
        case added
        case removed
    }

    public struct Segment: Sendable, Equatable {
        public var kind: Kind
        public var text: String

        public init(_ kind: Kind, _ text: String) {
            self.kind = kind
            self.text = text
        }
    }

    /// Splits into words and the white space between them, so that joining the tokens gives back
    /// the text exactly.
    static func tokens(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let isSpace = text[index].isWhitespace
            var end = text.index(after: index)
            while end < text.endIndex, text[end].isWhitespace == isSpace { end = text.index(after: end) }
            result.append(text[start..<end])
            start = end
            index = end
        }
        return result
    }

    /// The segments that turn `old` into `new`, by the longest common subsequence of tokens.
    /// Texts too long for a quadratic comparison are shown as one removal and one addition.
    public static func words(from old: String, to new: String, maximumTokens: Int = 3000) -> [Segment] {
        if old == new { return old.isEmpty ? [] : [Segment(.same, old)] }
        let a = tokens(old), b = tokens(new)
        guard a.count * b.count <= maximumTokens * maximumTokens / 4, a.count <= maximumTokens, b.count <= maximumTokens else {
            return [Segment(.removed, old), Segment(.added, new)].filter { !$0.text.isEmpty }
        }
        // lengths[i][j]: LCS length of a[i...] and b[j...]
        var lengths = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                lengths[i][j] = a[i] == b[j] ? lengths[i + 1][j + 1] + 1 : max(lengths[i + 1][j], lengths[i][j + 1])
            }
        }
        var segments: [Segment] = []
        func append(_ kind: Kind, _ text: Substring) {
            if let last = segments.last, last.kind == kind {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(kind, String(text)))
            }
        }
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                append(.same, a[i]); i += 1; j += 1
            } else if j < b.count, i == a.count || lengths[i][j + 1] >= lengths[i + 1][j] {
                append(.added, b[j]); j += 1
            } else {
                append(.removed, a[i]); i += 1
            }
        }
        return segments
    }
}
