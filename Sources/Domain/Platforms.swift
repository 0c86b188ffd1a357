/// The caption limits of the platforms themselves, beside the institution's own limit.
///
/// Defaults, as the platforms' help pages state them (checked November 2026; they change, so
/// they are institution settings):
/// - X: 280 characters per post for accounts without a subscription.
/// - Instagram: 2,200 characters per caption (feed and reels); a story has no caption.
/// - TikTok: 2,200 characters, the figure the SOP's guidance uses; TikTok has since allowed up
///   to 4,000 in its app, so institutions may raise it.
/// - Facebook: 63,206 characters per post.
/// - YouTube: 100 characters of title and 5,000 of description.
/// X counts every link as 23 characters and some scripts double; Warta counts characters as
/// people see them, which is exact for Indonesian text without links.
public struct PlatformLimits: Sendable, Equatable, Codable {
    public var x: Int = 280
    public var instagram: Int = 2_200
    public var tiktok: Int = 2_200
    public var facebook: Int = 63_206
    public var youtubeTitle: Int = 100
    public var youtubeDescription: Int = 5_000

    public init() {}

    enum CodingKeys: String, CodingKey {
        case x, instagram, tiktok, facebook, youtubeTitle, youtubeDescription
    }

    /// Missing figures take their defaults, so stored settings survive new platforms.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = PlatformLimits()
        x = try container.decodeIfPresent(Int.self, forKey: .x) ?? defaults.x
        instagram = try container.decodeIfPresent(Int.self, forKey: .instagram) ?? defaults.instagram
        tiktok = try container.decodeIfPresent(Int.self, forKey: .tiktok) ?? defaults.tiktok
        facebook = try container.decodeIfPresent(Int.self, forKey: .facebook) ?? defaults.facebook
        youtubeTitle = try container.decodeIfPresent(Int.self, forKey: .youtubeTitle) ?? defaults.youtubeTitle
        youtubeDescription = try container.decodeIfPresent(Int.self, forKey: .youtubeDescription) ?? defaults.youtubeDescription
    }

    /// The caption limit on `channel`; nil where the channel has no caption of its own.
    public func captionLimit(for channel: Channel) -> Int? {
        switch channel {
        case .x: x
        case .instagram: instagram
        case .tiktok: tiktok
        case .facebook: facebook
        case .youtube: youtubeDescription
        case .instagramStory, .website: nil
        }
    }
}

/// A caption cut into the pieces a preview styles differently.
public enum CaptionSegments {
    public enum Kind: String, Sendable, Equatable {
        case text
        case hashtag
        case mention
        case link
    }

    public struct Segment: Sendable, Equatable {
        public var kind: Kind
        public var text: String
        /// Past the limit: highlighted in the preview.
        public var over: Bool

        public init(_ kind: Kind, _ text: String, over: Bool = false) {
            self.kind = kind
            self.text = text
            self.over = over
        }
    }

    /// Splits plain text into hashtags (`#HariPahlawan`), mentions (`@pemprovdki`), links
    /// (`https://…`) and the text between; every character after the first `limit` is marked over.
    public static func split(_ plain: String, limit: Int? = nil) -> [Segment] {
        var segments: [Segment] = []
        var position = 0
        func emit(_ kind: Kind, _ characters: Substring) {
            guard !characters.isEmpty else { return }
            // A piece that straddles the limit is cut in two.
            if let limit, position < limit, position + characters.count > limit {
                let cut = characters.index(characters.startIndex, offsetBy: limit - position)
                append(kind, characters[..<cut], over: false)
                append(kind, characters[cut...], over: true)
            } else {
                append(kind, characters, over: limit.map { position >= $0 } ?? false)
            }
            position += characters.count
        }
        func append(_ kind: Kind, _ text: Substring, over: Bool) {
            if let last = segments.last, last.kind == kind, last.over == over, kind == .text {
                segments[segments.count - 1].text += text
            } else {
                segments.append(Segment(kind, String(text), over: over))
            }
        }
        var index = plain.startIndex
        var textStart = index
        while index < plain.endIndex {
            let character = plain[index]
            let previous = index > plain.startIndex ? plain[plain.index(before: index)] : nil
            let atWordStart = previous.map { !($0.isLetter || $0.isNumber || $0 == "_") } ?? true
            var end: String.Index?
            var kind = Kind.text
            if atWordStart, character == "#" || character == "@" {
                var cursor = plain.index(after: index)
                while cursor < plain.endIndex, plain[cursor].isLetter || plain[cursor].isNumber || plain[cursor] == "_" || (character == "@" && plain[cursor] == ".") {
                    cursor = plain.index(after: cursor)
                }
                // A mention does not end with a dot ("@pemprovdki." ends a sentence).
                while character == "@", cursor > plain.index(after: index), plain[plain.index(before: cursor)] == "." {
                    cursor = plain.index(before: cursor)
                }
                if cursor > plain.index(after: index) {
                    end = cursor
                    kind = character == "#" ? .hashtag : .mention
                }
            } else if atWordStart, plain[index...].hasPrefix("http://") || plain[index...].hasPrefix("https://") {
                var cursor = index
                while cursor < plain.endIndex, !plain[cursor].isWhitespace { cursor = plain.index(after: cursor) }
                // Trailing punctuation belongs to the sentence, not the link.
                while cursor > index, let last = plain[plain.index(before: cursor)].unicodeScalars.first, ".,;:!?)".unicodeScalars.contains(last) {
                    cursor = plain.index(before: cursor)
                }
                end = cursor
                kind = .link
            }
            if let end {
                emit(.text, plain[textStart..<index])
                emit(kind, plain[index..<end])
                index = end
                textStart = end
            } else {
                index = plain.index(after: index)
            }
        }
        emit(.text, plain[textStart..<plain.endIndex])
        return segments
    }

    /// The first `characters` of the text, cut at a word boundary when one is near: where
    /// Instagram's feed cuts a caption before "… more".
    public static func prefix(_ plain: String, characters: Int) -> (shown: String, cut: Bool) {
        guard plain.count > characters else { return (plain, false) }
        let firstLine = plain.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? plain
        if firstLine.count < characters { return (firstLine, true) }  // the feed shows the first line only
        var shown = String(plain.prefix(characters))
        if let space = shown.lastIndex(of: " "), shown.distance(from: space, to: shown.endIndex) < 20, shown.distance(from: shown.startIndex, to: space) > 0 {
            shown = String(shown[..<space])
        }
        return (shown, true)
    }

    /// How a link reads in a post on X: scheme and "www." dropped, long paths cut with "…".
    public static func displayLink(_ url: String) -> String {
        var text = url
        for prefix in ["https://", "http://"] where text.hasPrefix(prefix) { text.removeFirst(prefix.count) }
        if text.hasPrefix("www.") { text.removeFirst(4) }
        return text.count > 27 ? String(text.prefix(26)) + "…" : text
    }
}
