/// Links to incoming messages: a post's link as `PlatformLinks` takes it, plus the forms a comment
/// or a direct message has where the platform gives it an address.
///
/// - Instagram: a comment `/p/CODE/c/ID/` (or `/reel/CODE/c/ID/`, a reply `…/c/ID/r/ID/`); a DM
///   thread `/direct/t/ID/`.
/// - Facebook: any post link with `comment_id` (and `reply_comment_id`) kept; a DM thread `/messages/t/ID`.
/// - YouTube: a video or Short with `lc` (the comment) kept.
/// - X: a reply is a post (`/ACCOUNT/status/ID`); a DM thread `/messages/ID-ID`.
/// - TikTok: comments have no address of their own: the video's link.
/// - Website: as `PlatformLinks` (the institution's own domains).
public enum IncomingLinks {
    /// The normalised link, or why it is refused.
    public static func validate(_ text: String, channel: Channel, ownDomains: [String]) -> Result<String, PlatformLinkProblem> {
        let link: ParsedLink
        switch ParsedLink.parse(text) {
        case .success(let parsed): link = parsed
        case .failure(let problem): return .failure(problem)
        }
        let s = link.segments
        switch channel {
        case .instagram:
            guard link.port == nil, PlatformLinks.instagramHosts.contains(link.host) else { break }
            let kinds = ["p": "p", "reel": "reel", "reels": "reel", "tv": "tv"]
            if s.count == 4 || s.count == 6, let kind = kinds[s[0]], PlatformLinks.isCode(s[1]), s[2] == "c", PlatformLinks.isDigits(s[3]) {
                var result = "https://www.instagram.com/\(kind)/\(s[1])/c/\(s[3])/"
                if s.count == 6 {
                    guard s[4] == "r", PlatformLinks.isDigits(s[5]) else { return .failure(.wrongForm(.instagram)) }
                    result += "r/\(s[5])/"
                }
                return .success(result)
            }
            if s.count == 3, s[0] == "direct", s[1] == "t", PlatformLinks.isDigits(s[2], max: 40) {
                return .success("https://www.instagram.com/direct/t/\(s[2])/")
            }
        case .facebook:
            guard link.port == nil, PlatformLinks.facebookHosts.contains(link.host) else { break }
            if s.count == 3, s[0] == "messages", s[1] == "t", PlatformLinks.isFacebookPage(s[2]) {
                return .success("https://www.facebook.com/messages/t/\(s[2])")
            }
            guard let comment = link.query("comment_id") else { break }
            guard isCommentID(comment) else { return .failure(.wrongForm(.facebook)) }
            guard case .success(let post) = PlatformLinks.validate(text, channel: .facebook, ownDomains: ownDomains) else { break }
            var result = post + (post.contains("?") ? "&" : "?") + "comment_id=" + comment
            if let reply = link.query("reply_comment_id") {
                guard isCommentID(reply) else { return .failure(.wrongForm(.facebook)) }
                result += "&reply_comment_id=" + reply
            }
            return .success(result)
        case .youtube:
            guard let comment = link.query("lc") else { break }
            guard case .success(let video) = PlatformLinks.validate(text, channel: .youtube, ownDomains: ownDomains) else { break }
            guard isCommentID(comment) else { return .failure(.wrongForm(.youtube)) }
            return .success(video + (video.contains("?") ? "&" : "?") + "lc=" + comment)
        case .x:
            guard link.port == nil, PlatformLinks.xHosts.contains(link.host) else { break }
            if s.count == 2, s[0] == "messages" {
                let parts = s[1].split(separator: "-", omittingEmptySubsequences: false)
                if parts.count == 2, parts.allSatisfy({ PlatformLinks.isDigits($0, max: 20) }) {
                    return .success("https://x.com/messages/\(s[1])")
                }
                return .failure(.wrongForm(.x))
            }
        case .instagramStory, .tiktok, .website:
            break
        }
        return PlatformLinks.validate(text, channel: channel, ownDomains: ownDomains)
    }

    /// The forms an incoming message's link may take, for the error message: a comment's or a
    /// direct message's address first, where the platform has one, then the post's.
    public static func expectedForm(_ channel: Channel, language: Language = .default) -> String {
        let id = language == .id
        let code = id ? "KODE" : "CODE"
        let post = PlatformLinks.expectedForm(channel, language: language)
        switch channel {
        case .instagram:
            return "https://www.instagram.com/p/\(code)/c/ID/ · /reel/\(code)/c/ID/ · /direct/t/ID/ · " + post
        case .facebook:
            return "… ?comment_id=ID · https://www.facebook.com/messages/t/ID · " + post
        case .youtube:
            return "https://www.youtube.com/watch?v=ID&lc=ID · " + post
        case .x:
            return "https://x.com/messages/ID-ID · " + post
        case .instagramStory, .tiktok, .website:
            return post
        }
    }

    /// The channel a pasted link belongs to, by its host (and, for Instagram, a story's path):
    /// what the "paste" field fills in. A website link counts only on one of `ownDomains`.
    public static func channel(of text: String, ownDomains: [String]) -> Channel? {
        guard case .success(let link) = ParsedLink.parse(text) else { return nil }
        let host = link.host
        if PlatformLinks.instagramHosts.contains(host) {
            return link.segments.first == "stories" ? .instagramStory : .instagram
        }
        if PlatformLinks.facebookHosts.contains(host) || PlatformLinks.facebookShortHosts.contains(host) { return .facebook }
        if PlatformLinks.xHosts.contains(host) { return .x }
        if PlatformLinks.tiktokHosts.contains(host) || PlatformLinks.tiktokShortHosts.contains(host) { return .tiktok }
        if PlatformLinks.youtubeHosts.contains(host) || PlatformLinks.youtubeShortHosts.contains(host) { return .youtube }
        let domains = PlatformLinks.normalisedDomains(ownDomains)
        if domains.contains(where: { host == $0 || host.hasSuffix("." + $0) }) { return .website }
        return nil
    }

    /// A pasted link: its channel and its normalised form. `.notAURL` when it is a link of no
    /// channel the portal knows (nor the institution's own site).
    public static func paste(_ text: String, ownDomains: [String]) -> Result<(channel: Channel, link: String), PlatformLinkProblem> {
        if case .failure(let problem) = ParsedLink.parse(text) { return .failure(problem) }
        guard let channel = channel(of: text, ownDomains: ownDomains) else {
            let allowed = PlatformLinks.normalisedDomains(ownDomains)
            return .failure(allowed.isEmpty ? .notAURL : .notOwnDomain(allowed: allowed))
        }
        return validate(text, channel: channel, ownDomains: ownDomains).map { (channel, $0) }
    }

    /// Comment ids: digits, or the platforms' opaque ids (`Ugw…`, base64 with `%3D`), at most 200.
    static func isCommentID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 200
            && text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "_-.%".unicodeScalars.contains($0) }
    }
}
