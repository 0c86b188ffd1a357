import Domain
import Foundation

/// How one channel would show the post: what approvers decide on.
struct ChannelPreview: Sendable {
    struct Piece: Sendable {
        let text: String
        let hashtag: Bool
        let mention: Bool
        let link: Bool
        let over: Bool
    }

    let key: String
    let name: String
    let account: String
    let initials: String
    let avatarHref: String?
    let title: [Piece]
    let titleCount: Int
    let titleLimit: Int?
    let titleOver: Bool
    let caption: [Piece]
    /// Instagram's feed cuts long captions before "… selengkapnya".
    let truncated: Bool
    let count: Int
    let limit: Int?
    let over: Bool
    let date: String
    /// The first uploaded image, shown where the platform shows the media.
    let imageHref: String?
    let isInstagram: Bool
    let isStory: Bool
    let isFacebook: Bool
    let isX: Bool
    let isTiktok: Bool
    let isYoutube: Bool
    let isWebsite: Bool
}

extension AppServices {
    /// One preview per selected channel, from the plain text that will be posted.
    func previews(title: String, caption markdown: String, channels: [Channel], publishAt: Date?, imageHref: String?,
                  context: AppRequestContext) -> [ChannelPreview] {
        ChannelPreview.build(title: title, caption: markdown, channels: channels, settings: institution.settings,
                             date: dateText(context).date(publishAt ?? now), imageHref: imageHref)
    }
}

extension ChannelPreview {
    static func build(title: String, caption markdown: String, channels: [Channel], settings: InstitutionSettings, date: String,
                      imageHref: String? = nil) -> [ChannelPreview] {
        let plain = Markdown.plainText(markdown)
        let limits = settings.platformLimits
        let account = settings.accountName.isEmpty ? settings.name : settings.accountName
        let initials = String(account.split(separator: " ").prefix(2).compactMap(\.first)).uppercased()
        return channels.map { channel in
            let platformLimit = channel == .youtube ? limits.youtubeDescription : limits.captionLimit(for: channel)
            // The institution's own limit applies on every channel; the tighter one marks the text.
            let limit = [platformLimit, settings.captionLimit].compactMap { $0 }.min()
            var shown = plain
            var truncated = false
            switch channel {
            case .instagram:
                (shown, truncated) = CaptionSegments.prefix(plain, characters: 125)
            case .website:
                (shown, truncated) = CaptionSegments.prefix(plain.replacingOccurrences(of: "\n", with: " "), characters: 160)
            default:
                break
            }
            let pieces = CaptionSegments.split(shown, limit: truncated ? nil : limit).map { segment in
                ChannelPreview.Piece(
                    text: segment.kind == .link && channel == .x ? CaptionSegments.displayLink(segment.text) : segment.text,
                    hashtag: segment.kind == .hashtag, mention: segment.kind == .mention,
                    link: segment.kind == .link && channel != .instagram && channel != .instagramStory && channel != .tiktok,
                    over: segment.over)
            }
            let titleLimit = channel == .youtube ? limits.youtubeTitle : nil
            let titlePieces = CaptionSegments.split(title, limit: titleLimit).map {
                ChannelPreview.Piece(text: $0.text, hashtag: false, mention: false, link: false, over: $0.over)
            }
            let count = plain.count
            return ChannelPreview(
                key: channel.rawValue, name: channel.displayName, account: account, initials: initials,
                avatarHref: settings.avatarSha256.map { SiteURL.media($0).path },
                title: titlePieces, titleCount: title.count, titleLimit: titleLimit, titleOver: titleLimit.map { title.count > $0 } ?? false,
                caption: pieces, truncated: truncated, count: count, limit: limit, over: limit.map { count > $0 } ?? false, date: date,
                imageHref: imageHref,
                isInstagram: channel == .instagram, isStory: channel == .instagramStory, isFacebook: channel == .facebook, isX: channel == .x,
                isTiktok: channel == .tiktok, isYoutube: channel == .youtube, isWebsite: channel == .website)
        }
    }
}
