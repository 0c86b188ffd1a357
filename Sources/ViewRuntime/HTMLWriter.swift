/// Appends a page's bytes: static runs of the template as they are, everything else escaped.
///
/// Generated render functions take an `inout HTMLWriter`; nothing is parsed, reflected or looked up
/// while writing. The buffer is reserved once, up front.
public struct HTMLWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init(reservingCapacity capacity: Int = 16_384) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    // MARK: Unescaped output: only template literals and SafeHTML

    /// A static run of the template, written with one copy.
    public mutating func raw(_ run: StaticString) {
        run.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// `{{{ … }}}`: compiles only for `SafeHTML`, never for a `String`.
    public mutating func rawHTML(_ html: SafeHTML) {
        bytes.append(contentsOf: html.utf8)
    }

    // MARK: Escaped output: `{{ … }}`

    public mutating func escaped(_ text: String) {
        var text = text
        text.withUTF8 { appendEscaping($0) }
    }

    public mutating func escaped(_ text: Substring) {
        var text = text
        text.withUTF8 { appendEscaping($0) }
    }

    public mutating func escaped<Integer: BinaryInteger>(_ number: Integer) {
        // Digits and '-' need no escaping.
        bytes.append(contentsOf: String(number).utf8)
    }

    /// An absent value writes nothing, as in Mustache.
    public mutating func escaped(_ text: String?) {
        if let text { escaped(text) }
    }

    public mutating func escaped<Integer: BinaryInteger>(_ number: Integer?) {
        if let number { escaped(number) }
    }

    public mutating func escaped(_ value: some HTMLWritable) {
        value.write(to: &self)
    }

    /// Escapes `& < > " '` from a 256-entry table; runs needing no escape are copied whole.
    mutating func appendEscaping(_ input: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in 0..<input.count {
            let entity = HTMLWriter.entityIndex[Int(input[index])]
            if entity == 0 { continue }
            if runStart < index {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart..<index]))
            }
            bytes.append(contentsOf: HTMLWriter.entities[Int(entity)])
            runStart = index + 1
        }
        if runStart < input.count {
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: input[runStart...]))
        }
    }

    static let entities: [[UInt8]] = [[], Array("&amp;".utf8), Array("&lt;".utf8), Array("&gt;".utf8),
                                      Array("&quot;".utf8), Array("&#39;".utf8)]

    /// For each byte, 0 (write as is) or the index of its entity in `entities`.
    static let entityIndex: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        table[Int(UInt8(ascii: "&"))] = 1
        table[Int(UInt8(ascii: "<"))] = 2
        table[Int(UInt8(ascii: ">"))] = 3
        table[Int(UInt8(ascii: "\""))] = 4
        table[Int(UInt8(ascii: "'"))] = 5
        return table
    }()
}

extension HTMLWriter {
    /// The page as a `String` (tests and diagnostics; serving writes `bytes` into the response).
    public var string: String { String(decoding: bytes, as: UTF8.self) }
}

/// A value that writes itself escaped, e.g. a date or a label: `{{ page.due }}`.
public protocol HTMLWritable {
    func write(to out: inout HTMLWriter)
}
