/// What the link checker found at a recorded live link.
public enum LinkStatus: String, Sendable, Codable, CaseIterable {
    /// 2xx: the post is there.
    case active = "aktif"
    /// 404 or 410: the post was removed.
    case dead = "mati"
    /// Anything else: login walls (401/403), rate limits (429), server errors, timeouts, leftover
    /// redirects. Platforms often answer bots like this, so it is not taken as removal.
    case unknown = "tidak-dapat-dicek"
    /// Not checked yet.
    case unchecked = "belum-dicek"
}

/// The pure part of the link checker: classification and grouping; the fetching lives in App.
public enum LinkCheck {
    /// The status for an HTTP answer after redirects were followed; nil means no answer (timeout,
    /// DNS or connection failure).
    public static func classify(statusCode: Int?) -> LinkStatus {
        guard let statusCode else { return .unknown }
        switch statusCode {
        case 200...299: return .active
        case 404, 410: return .dead
        default: return .unknown
        }
    }

    /// The host a link's check is counted against, to space out requests per host: lower-cased,
    /// without port or a leading `www.` (so `www.instagram.com` and `instagram.com` share a queue).
    /// Nil when the text is not an absolute http(s) link.
    public static func host(of url: String) -> String? {
        guard case .success(let link) = ParsedLink.parse(url) else { return nil }
        var host = link.host
        if host.hasPrefix("www."), host.split(separator: ".").count > 2 { host.removeFirst(4) }
        return host
    }
}
