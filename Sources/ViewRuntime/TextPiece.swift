/// A catalogue text with placeholders, split once at build time: literal runs and argument slots.
public enum TextPiece: Sendable {
    case literal(String)
    case argument(Int)
}

/// Fills a catalogue text's placeholders with `arguments`, in the generated `Texts` functions.
public func fillText(_ pieces: [TextPiece], _ arguments: [String]) -> String {
    var result = ""
    for piece in pieces {
        switch piece {
        case .literal(let text): result += text
        case .argument(let index): result += arguments[index]
        }
    }
    return result
}
