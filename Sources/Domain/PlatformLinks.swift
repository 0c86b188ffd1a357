import Foundation

/// Why a pasted live link was refused.
public enum PlatformLinkProblem: Error, Equatable, Sendable {
    /// Nothing was typed (or only spaces).
    case empty
    /// Longer than `PlatformLinks.maximumLength` (2,048 bytes), before or after normalising.
    case tooLong
    /// Spaces, line breaks, control or invisible format characters inside the link:
    /// usually a link pasted together with some text.
    case containsWhitespace
    /// Not an absolute `scheme://host/…` URL at all (no scheme, no `//`, no usable host, a
    /// backslash, a bad port, an IPv6 or non-ASCII host).
    case notAURL
    /// An absolute URL whose scheme is not http or https (`javascript:`, `ftp:`, `data:` …).
    case unsupportedScheme
    /// A user name or password before the host (`https://instagram.com@evil.com/…`).
    case hasCredentials
    /// The host does not belong to the channel's platform; `expected` lists its domains.
    case wrongHost(expected: [String])
    /// The platform's host, but not the address of one post (a profile page, a search, a code missing).
    case wrongForm(Channel)
    /// A website link outside the institution's own domains; `allowed` is the normalised list.
    case notOwnDomain(allowed: [String])
}

/// Checks and normalises the live link of a published post, one channel at a time.
///
/// Normalisation (every channel):
/// - surrounding whitespace and invisible characters are trimmed; whitespace, control or format
///   characters inside are refused;
/// - the scheme must be http or https; scheme and host are lower-cased, a trailing dot on the
///   host is dropped, the default port is dropped, user info (`user@host`) is refused;
/// - the fragment is dropped (website: except hash routes `#/…` and `#!…`, which address a page).
///
/// Platform channels (Instagram, Instagram Story, Facebook, X, TikTok, YouTube) rebuild the link
/// from the parts that identify the post, so one post always gives the same text (dedupe):
/// - always `https`, on the platform's canonical host: `www.instagram.com`, `www.facebook.com`,
///   `x.com` (twitter.com, mobile., www. too), `www.tiktok.com`, `www.youtube.com`; short-link
///   hosts `fb.watch`, `vm.tiktok.com` and `vt.tiktok.com` stay as they are, with a trailing slash
///   as the platforms share them; `youtu.be/ID` becomes `https://www.youtube.com/watch?v=ID`;
/// - only the query parameters that identify the post are kept (YouTube `v`; Facebook `v`,
///   `story_fbid`, `id`, `fbid`); everything else (`igsh`, `si`, `utm_*`, `s`, `t`, `mibextid`,
///   `is_from_webapp`, `list`, YouTube's time `t` …) is dropped;
/// - Instagram keeps its trailing slash (`/p/CODE/`), `/reels/CODE/` and `/USER/p/CODE/` become
///   `/reel/CODE/` and `/p/CODE/`; Facebook paths lose the trailing slash except `/watch/?v=` and
///   `/photo/?fbid=`, and `/PAGE/videos/SLUG/ID` becomes `/PAGE/videos/ID`; X drops a trailing
///   `/photo/N` or `/video/N`; YouTube `/live/ID` and `/embed/ID` become `watch?v=ID`, Shorts stay
///   `/shorts/ID`;
/// - a non-default port on a platform host is refused as `wrongHost`.
///
/// Channel forms: `.instagram` takes feed posts, reels and IGTV; `.instagramStory` takes
/// `/stories/USER/ID/` (and highlights, `/stories/highlights/ID/`, where a story is kept after a day).
///
/// Website: the host must be one of `ownDomains` or a subdomain of one (`ui.ac.id` allows
/// `humas.ui.ac.id`, not `evilui.ac.id` nor `ui.ac.id.evil.com`). When the institution configured
/// no domains, any absolute http(s) link is accepted. The scheme and the host (with or without
/// `www.`) are kept as given, http is not upgraded (a small site may not serve https), a
/// non-default port is kept, the path is kept (characters that must be escaped are percent-encoded,
/// non-ASCII as UTF-8), and only unambiguous tracking parameters are dropped (`utm_*`, `fbclid`,
/// `gclid`, `igsh`, `mibextid` …); generic names such as `s`, `ref` or `p` are kept because a site
/// may use them (WordPress search and post ids). Internationalised (non-ASCII) hosts are refused.
public enum PlatformLinks {
    /// The longest link accepted, in UTF-8 bytes.
    public static let maximumLength = 2_048

    /// The normalised link, or why it is refused.
    public static func validate(_ text: String, channel: Channel, ownDomains: [String]) -> Result<String, PlatformLinkProblem> {
        let link: ParsedLink
        switch ParsedLink.parse(text) {
        case .success(let parsed): link = parsed
        case .failure(let problem): return .failure(problem)
        }
        let result: Result<String, PlatformLinkProblem>
        switch channel {
        case .instagram, .instagramStory: result = instagram(link, channel: channel)
        case .facebook: result = facebook(link)
        case .x: result = x(link)
        case .tiktok: result = tiktok(link)
        case .youtube: result = youtube(link)
        case .website: result = website(link, ownDomains: ownDomains)
        }
        if case .success(let normalised) = result, normalised.utf8.count > maximumLength { return .failure(.tooLong) }
        return result
    }

    /// An example of the accepted forms, for error messages. URLs are the same in both languages;
    /// only the placeholders (`KODE`/`CODE`, `AKUN`/`ACCOUNT` …) follow `language`.
    public static func expectedForm(_ channel: Channel, language: Language = .default) -> String {
        let id = language == .id
        let code = id ? "KODE" : "CODE"
        let account = id ? "AKUN" : "ACCOUNT"
        let page = id ? "HALAMAN" : "PAGE"
        let domain = id ? "DOMAIN-LEMBAGA" : "INSTITUTION-DOMAIN"
        switch channel {
        case .instagram:
            return "https://www.instagram.com/p/\(code)/ · /reel/\(code)/ · /tv/\(code)/"
        case .instagramStory:
            return "https://www.instagram.com/stories/\(account)/ID/ · /stories/highlights/ID/"
        case .facebook:
            return "https://www.facebook.com/\(page)/posts/ID · /\(page)/videos/ID · /reel/ID · /watch/?v=ID · /share/p/\(code) · https://fb.watch/\(code)/"
        case .x:
            return "https://x.com/\(account)/status/ID"
        case .tiktok:
            return "https://www.tiktok.com/@\(account)/video/ID · /@\(account)/photo/ID · https://vm.tiktok.com/\(code)/"
        case .youtube:
            return "https://www.youtube.com/watch?v=ID · /shorts/ID · https://youtu.be/ID"
        case .website:
            return "https://\(domain)/…"
        }
    }

    /// The institution's configured domains as they are compared: trimmed, lower-cased, without a
    /// scheme, path, port, leading `*.`, `.` or `www.`, or trailing dot; blanks and duplicates dropped.
    public static func normalisedDomains(_ domains: [String]) -> [String] {
        var result: [String] = []
        for raw in domains {
            var domain = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
            if let range = domain.range(of: "://") { domain = String(domain[range.upperBound...]) }
            if let cut = domain.firstIndex(where: { "/?#".contains($0) }) { domain = String(domain[..<cut]) }
            if let at = domain.lastIndex(of: "@") { domain = String(domain[domain.index(after: at)...]) }
            if let colon = domain.firstIndex(of: ":") { domain = String(domain[..<colon]) }
            if domain.hasPrefix("*.") { domain.removeFirst(2) }
            while domain.hasPrefix(".") { domain.removeFirst() }
            while domain.hasSuffix(".") { domain.removeLast() }
            if domain.hasPrefix("www."), domain.split(separator: ".").count > 2 { domain.removeFirst(4) }
            guard ParsedLink.isHostName(domain), !result.contains(domain) else { continue }
            result.append(domain)
        }
        return result
    }

    // MARK: - Hosts

    static let instagramHosts: Set<String> = ["instagram.com", "www.instagram.com", "m.instagram.com", "instagr.am", "www.instagr.am"]
    static let facebookHosts: Set<String> = ["facebook.com", "www.facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"]
    static let facebookShortHosts: Set<String> = ["fb.watch", "www.fb.watch"]
    static let xHosts: Set<String> = ["x.com", "www.x.com", "mobile.x.com", "twitter.com", "www.twitter.com", "mobile.twitter.com"]
    static let tiktokHosts: Set<String> = ["tiktok.com", "www.tiktok.com", "m.tiktok.com"]
    static let tiktokShortHosts: Set<String> = ["vm.tiktok.com", "vt.tiktok.com"]
    static let youtubeHosts: Set<String> = ["youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"]
    static let youtubeShortHosts: Set<String> = ["youtu.be", "www.youtu.be"]

    /// The domains named in `wrongHost`, per channel.
    static func expectedHosts(_ channel: Channel) -> [String] {
        switch channel {
        case .instagram, .instagramStory: ["instagram.com"]
        case .facebook: ["facebook.com", "fb.watch"]
        case .x: ["x.com", "twitter.com"]
        case .tiktok: ["tiktok.com"]
        case .youtube: ["youtube.com", "youtu.be"]
        case .website: []
        }
    }

    // MARK: - Platforms

    private static func instagram(_ link: ParsedLink, channel: Channel) -> Result<String, PlatformLinkProblem> {
        guard link.port == nil, instagramHosts.contains(link.host) else { return .failure(.wrongHost(expected: expectedHosts(channel))) }
        let s = link.segments
        let base = "https://www.instagram.com"
        if channel == .instagramStory {
            if s.count == 3, s[0] == "stories", isInstagramUser(s[1]), isDigits(s[2]) {
                return .success("\(base)/stories/\(s[1])/\(s[2])/")
            }
            return .failure(.wrongForm(channel))
        }
        let kinds = ["p": "p", "reel": "reel", "reels": "reel", "tv": "tv"]
        if s.count == 2, let kind = kinds[s[0]], isCode(s[1]) {
            return .success("\(base)/\(kind)/\(s[1])/")
        }
        if s.count == 3, isInstagramUser(s[0]), s[0] != "stories", s[1] == "p" || s[1] == "reel", isCode(s[2]) {
            return .success("\(base)/\(s[1])/\(s[2])/")
        }
        return .failure(.wrongForm(channel))
    }

    private static func facebook(_ link: ParsedLink) -> Result<String, PlatformLinkProblem> {
        let wrongHost = PlatformLinkProblem.wrongHost(expected: expectedHosts(.facebook))
        guard link.port == nil else { return .failure(wrongHost) }
        let s = link.segments
        if facebookShortHosts.contains(link.host) {
            if s.count == 1, isCode(s[0]) { return .success("https://fb.watch/\(s[0])/") }
            return .failure(.wrongForm(.facebook))
        }
        guard facebookHosts.contains(link.host) else { return .failure(wrongHost) }
        let base = "https://www.facebook.com"
        switch s.count {
        case 1:
            switch s[0] {
            case "watch":
                if let v = link.query("v"), isDigits(v) { return .success("\(base)/watch/?v=\(v)") }
            case "permalink.php", "story.php":
                if let story = link.query("story_fbid"), isFacebookPostID(story), let id = link.query("id"), isDigits(id) {
                    return .success("\(base)/\(s[0])?story_fbid=\(story)&id=\(id)")
                }
            case "photo.php":
                if let fbid = link.query("fbid"), isDigits(fbid) { return .success("\(base)/photo.php?fbid=\(fbid)") }
            case "photo":
                if let fbid = link.query("fbid"), isDigits(fbid) { return .success("\(base)/photo/?fbid=\(fbid)") }
            default: break
            }
        case 2:
            if s[0] == "reel", isDigits(s[1]) { return .success("\(base)/reel/\(s[1])") }
            if s[0] == "share", isCode(s[1]) { return .success("\(base)/share/\(s[1])") }
        case 3:
            if s[0] == "share", ["p", "v", "r"].contains(s[1]), isCode(s[2]) { return .success("\(base)/share/\(s[1])/\(s[2])") }
            if isFacebookPage(s[0]), s[1] == "posts", isFacebookPostID(s[2]) { return .success("\(base)/\(s[0])/posts/\(s[2])") }
            if isFacebookPage(s[0]), s[1] == "videos", isDigits(s[2]) { return .success("\(base)/\(s[0])/videos/\(s[2])") }
            if isFacebookPage(s[0]), s[1] == "photos", isDigits(s[2]) { return .success("\(base)/\(s[0])/photos/\(s[2])") }
        case 4:
            if isFacebookPage(s[0]), s[1] == "videos", !s[2].isEmpty, isDigits(s[3]) { return .success("\(base)/\(s[0])/videos/\(s[3])") }
            if isFacebookPage(s[0]), s[1] == "photos", isFacebookPage(s[2]), isDigits(s[3]) { return .success("\(base)/\(s[0])/photos/\(s[2])/\(s[3])") }
            if s[0] == "groups", isFacebookPage(s[1]), s[2] == "posts" || s[2] == "permalink", isFacebookPostID(s[3]) {
                return .success("\(base)/groups/\(s[1])/\(s[2])/\(s[3])")
            }
        default: break
        }
        return .failure(.wrongForm(.facebook))
    }

    private static func x(_ link: ParsedLink) -> Result<String, PlatformLinkProblem> {
        guard link.port == nil, xHosts.contains(link.host) else { return .failure(.wrongHost(expected: expectedHosts(.x))) }
        let s = link.segments
        if s.count == 4, s[0] == "i", s[1] == "web", s[2] == "status", isDigits(s[3], max: 20) {
            return .success("https://x.com/i/web/status/\(s[3])")
        }
        if s.count == 3 || (s.count == 5 && (s[3] == "photo" || s[3] == "video") && isDigits(s[4], max: 2)),
           isXUser(s[0]), s[1] == "status", isDigits(s[2], max: 20) {
            return .success("https://x.com/\(s[0])/status/\(s[2])")
        }
        return .failure(.wrongForm(.x))
    }

    private static func tiktok(_ link: ParsedLink) -> Result<String, PlatformLinkProblem> {
        guard link.port == nil else { return .failure(.wrongHost(expected: expectedHosts(.tiktok))) }
        let s = link.segments
        if tiktokShortHosts.contains(link.host) {
            if s.count == 1, isAlphanumeric(s[0]) { return .success("https://\(link.host)/\(s[0])/") }
            return .failure(.wrongForm(.tiktok))
        }
        guard tiktokHosts.contains(link.host) else { return .failure(.wrongHost(expected: expectedHosts(.tiktok))) }
        if s.count == 3, s[0].hasPrefix("@"), isTikTokUser(s[0].dropFirst()), s[1] == "video" || s[1] == "photo", isDigits(s[2], max: 25) {
            return .success("https://www.tiktok.com/\(s[0])/\(s[1])/\(s[2])")
        }
        if s.count == 2, s[0] == "t", isAlphanumeric(s[1]) {
            return .success("https://www.tiktok.com/t/\(s[1])/")
        }
        return .failure(.wrongForm(.tiktok))
    }

    private static func youtube(_ link: ParsedLink) -> Result<String, PlatformLinkProblem> {
        guard link.port == nil else { return .failure(.wrongHost(expected: expectedHosts(.youtube))) }
        let s = link.segments
        let watch = "https://www.youtube.com/watch?v="
        if youtubeShortHosts.contains(link.host) {
            if s.count == 1, isYouTubeID(s[0]) { return .success(watch + s[0]) }
            return .failure(.wrongForm(.youtube))
        }
        guard youtubeHosts.contains(link.host) else { return .failure(.wrongHost(expected: expectedHosts(.youtube))) }
        if s == ["watch"], let v = link.query("v"), isYouTubeID(v) { return .success(watch + v) }
        if s.count == 2, isYouTubeID(s[1]) {
            switch s[0] {
            case "shorts": return .success("https://www.youtube.com/shorts/\(s[1])")
            case "live", "embed": return .success(watch + s[1])
            default: break
            }
        }
        return .failure(.wrongForm(.youtube))
    }

    // MARK: - Website

    /// Query parameter names dropped from website links: the unambiguous trackers only.
    static let trackingParameters: Set<String> = [
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ttclid", "twclid",
        "igsh", "igshid", "mibextid", "_ga", "_gl", "mc_cid", "mc_eid",
    ]

    private static func website(_ link: ParsedLink, ownDomains: [String]) -> Result<String, PlatformLinkProblem> {
        let allowed = normalisedDomains(ownDomains)
        if !allowed.isEmpty, !allowed.contains(where: { link.host == $0 || link.host.hasSuffix("." + $0) }) {
            return .failure(.notOwnDomain(allowed: allowed))
        }
        var result = "\(link.scheme)://\(link.host)"
        if let port = link.port { result += ":\(port)" }
        result += link.path.isEmpty ? "/" : ParsedLink.escape(link.path)
        let kept = link.queryItems.filter { item in
            let name = item.name.lowercased()
            return !name.isEmpty && !name.hasPrefix("utm_") && !trackingParameters.contains(name)
        }
        if !kept.isEmpty { result += "?" + kept.map { ParsedLink.escape($0.raw) }.joined(separator: "&") }
        if let fragment = link.fragment, fragment.hasPrefix("/") || fragment.hasPrefix("!") {
            result += "#" + ParsedLink.escape(fragment)
        }
        return .success(result)
    }

    // MARK: - Character classes

    private static func all(_ text: some StringProtocol, max: Int = 256, _ allowed: (Unicode.Scalar) -> Bool) -> Bool {
        !text.isEmpty && text.unicodeScalars.count <= max && text.unicodeScalars.allSatisfy(allowed)
    }

    private static func isASCIIAlphanumeric(_ c: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c)
    }

    static func isDigits(_ text: some StringProtocol, max: Int = 30) -> Bool {
        all(text, max: max) { ("0"..."9").contains($0) }
    }

    static func isAlphanumeric(_ text: some StringProtocol) -> Bool {
        all(text, max: 64, isASCIIAlphanumeric)
    }

    /// Post codes: `[A-Za-z0-9_-]+`.
    static func isCode(_ text: some StringProtocol) -> Bool {
        all(text, max: 64) { isASCIIAlphanumeric($0) || $0 == "_" || $0 == "-" }
    }

    static func isInstagramUser(_ text: some StringProtocol) -> Bool {
        all(text, max: 30) { isASCIIAlphanumeric($0) || $0 == "_" || $0 == "." }
    }

    static func isTikTokUser(_ text: some StringProtocol) -> Bool {
        all(text, max: 32) { isASCIIAlphanumeric($0) || $0 == "_" || $0 == "." }
    }

    static func isXUser(_ text: some StringProtocol) -> Bool {
        all(text, max: 15) { isASCIIAlphanumeric($0) || $0 == "_" }
    }

    static func isFacebookPage(_ text: some StringProtocol) -> Bool {
        all(text, max: 100) { isASCIIAlphanumeric($0) || $0 == "_" || $0 == "." || $0 == "-" }
    }

    /// A numeric post id or the newer `pfbid…` form.
    static func isFacebookPostID(_ text: some StringProtocol) -> Bool {
        isDigits(text) || (text.hasPrefix("pfbid") && text.count > 5 && all(text, max: 100, isASCIIAlphanumeric))
    }

    static func isYouTubeID(_ text: some StringProtocol) -> Bool {
        text.unicodeScalars.count == 11 && isCode(text)
    }
}

/// An absolute http(s) URL split into its parts, without Foundation's lenience.
struct ParsedLink: Sendable, Equatable {
    /// `http` or `https`.
    var scheme: String
    /// Lower-cased, without a trailing dot.
    var host: String
    /// Nil when absent or the scheme's default.
    var port: Int?
    /// As typed; may be empty.
    var path: String
    var query: String?
    var fragment: String?

    struct QueryItem: Sendable, Equatable {
        var name: String
        var value: String?
        /// The piece as typed, `name=value`.
        var raw: String
    }

    /// The path's non-empty segments, as typed.
    var segments: [String] {
        path.split(separator: "/").map(String.init)
    }

    /// The `&`-separated pieces of the query, empty pieces dropped.
    var queryItems: [QueryItem] {
        guard let query else { return [] }
        return query.split(separator: "&").map { piece in
            if let equals = piece.firstIndex(of: "=") {
                return QueryItem(name: String(piece[..<equals]), value: String(piece[piece.index(after: equals)...]), raw: String(piece))
            }
            return QueryItem(name: String(piece), value: nil, raw: String(piece))
        }
    }

    /// The first value of the parameter `name` (exact, case-sensitive).
    func query(_ name: String) -> String? {
        queryItems.first { $0.name == name }?.value
    }

    /// Characters trimmed from both ends and refused inside: whitespace, controls, invisible format
    /// characters (zero-width space, byte order mark …).
    static func isBlank(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .format
    }

    static func parse(_ text: String) -> Result<ParsedLink, PlatformLinkProblem> {
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, isBlank(scalars[start]) { start = scalars.index(after: start) }
        while end > start, isBlank(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
        let trimmed = String(scalars[start..<end])
        guard !trimmed.isEmpty else { return .failure(.empty) }
        guard trimmed.utf8.count <= PlatformLinks.maximumLength else { return .failure(.tooLong) }
        guard !trimmed.unicodeScalars.contains(where: isBlank) else { return .failure(.containsWhitespace) }
        guard !trimmed.contains("\\") else { return .failure(.notAURL) }

        guard let colon = trimmed.firstIndex(of: ":") else { return .failure(.notAURL) }
        let schemeText = trimmed[..<colon]
        let scheme = schemeText.lowercased()
        if scheme != "http" && scheme != "https" {
            let isSchemeName = schemeText.first?.isLetter == true
                && schemeText.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "+" || $0 == "-" }
            return .failure(isSchemeName ? .unsupportedScheme : .notAURL)
        }
        var rest = trimmed[trimmed.index(after: colon)...]
        guard rest.hasPrefix("//") else { return .failure(.notAURL) }
        rest = rest.dropFirst(2)

        let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        rest = rest[authorityEnd...]
        guard !authority.contains("@") else { return .failure(.hasCredentials) }
        guard !authority.hasPrefix("[") else { return .failure(.notAURL) }

        var hostText = authority
        var port: Int?
        if let portColon = authority.lastIndex(of: ":") {
            hostText = authority[..<portColon]
            let portText = authority[authority.index(after: portColon)...]
            if !portText.isEmpty {
                guard portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(portText), (1...65_535).contains(number) else {
                    return .failure(.notAURL)
                }
                port = number
            }
        }
        var host = hostText.lowercased()
        if host.hasSuffix(".") { host.removeLast() }
        guard isHostName(host) else { return .failure(.notAURL) }
        if (scheme == "https" && port == 443) || (scheme == "http" && port == 80) { port = nil }

        var fragment: String?
        if let hash = rest.firstIndex(of: "#") {
            fragment = String(rest[rest.index(after: hash)...])
            rest = rest[..<hash]
        }
        var query: String?
        if let question = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: question)...])
            rest = rest[..<question]
        }
        return .success(ParsedLink(scheme: scheme, host: host, port: port, path: String(rest), query: query, fragment: fragment))
    }

    /// A DNS name of ASCII letters, digits and hyphens with at least two labels (an IPv4 address passes).
    static func isHostName(_ host: String) -> Bool {
        guard host.utf8.count <= 253 else { return false }
        let labels = host.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
        }
    }

    /// Percent-encodes what may not appear raw in a path, query or fragment: non-ASCII (as UTF-8),
    /// `"<>^`{|}`, and a `%` not followed by two hex digits. Existing escapes are kept as typed.
    static func escape(_ text: String) -> String {
        let allowedPunctuation = Set("-._~!$&'()*+,;=:@/?".unicodeScalars)
        let bytes = Array(text.utf8)
        var result = ""
        var index = 0
        func isHex(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
        while index < bytes.count {
            let byte = bytes[index]
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || allowedPunctuation.contains(scalar) {
                result.unicodeScalars.append(scalar)
            } else if byte == UInt8(ascii: "%"), index + 2 < bytes.count, isHex(bytes[index + 1]), isHex(bytes[index + 2]) {
                result.unicodeScalars.append(scalar)
            } else {
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
            index += 1
        }
        return result
    }
}
