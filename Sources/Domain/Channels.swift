/// The channels an institution publishes on.
public enum Channel: String, CaseIterable, Sendable, Codable {
    case instagram
    case instagramStory = "instagram-story"
    case facebook
    case x
    case tiktok
    case youtube
    case website

    /// The name shown to people; platform names are the same in both languages.
    public var displayName: String {
        switch self {
        case .instagram: "Instagram"
        case .instagramStory: "Instagram Story"
        case .facebook: "Facebook"
        case .x: "X (Twitter)"
        case .tiktok: "TikTok"
        case .youtube: "YouTube"
        case .website: "Website"
        }
    }

    /// What a post on this channel must carry besides its text.
    ///
    /// - Instagram feed, Instagram Story and TikTok posts are a photo or a video: `.photoOrVideo`.
    /// - A YouTube post is a video: `.video` (a photo does not do).
    /// - Facebook, X and the website publish text on its own: `.none`.
    public var mediaNeed: MediaNeed {
        switch self {
        case .instagram, .instagramStory, .tiktok: .photoOrVideo
        case .youtube: .video
        case .facebook, .x, .website: .none
        }
    }

    /// Whether a post on this channel can go out as text only when the publisher confirms it.
    ///
    /// Facebook, X and the website publish text on its own anyway. Of the channels that need
    /// media, only an Instagram Story has a text-only form (Instagram's "Create" text story on a
    /// coloured background). An Instagram feed post, a TikTok and a YouTube video cannot be
    /// published without a photo or video, so their publication waits for media.
    public var allowsTextOnly: Bool {
        switch self {
        case .facebook, .x, .website, .instagramStory: true
        case .instagram, .tiktok, .youtube: false
        }
    }
}

/// What a channel needs besides the caption.
public enum MediaNeed: String, Sendable, Equatable, CaseIterable {
    /// Text alone is a post.
    case none
    /// A photo or a video.
    case photoOrVideo
    /// A video.
    case video
}

/// The media an item carries: uploaded photos and videos, and links to media kept elsewhere
/// (a Google Drive folder and the like), whose kind the portal cannot see.
public struct AttachedMedia: Sendable, Equatable {
    public var photos: Int
    public var videos: Int
    public var links: Int

    public init(photos: Int = 0, videos: Int = 0, links: Int = 0) {
        self.photos = photos
        self.videos = videos
        self.links = links
    }

    /// Whether this media meets `need`. A link may hold a photo or a video, so it counts for both.
    public func meets(_ need: MediaNeed) -> Bool {
        switch need {
        case .none: true
        case .photoOrVideo: photos + videos + links > 0
        case .video: videos + links > 0
        }
    }
}

/// The media rule: a post for a channel that needs a photo or a video has one. Warned about at
/// submission and at each decision; publishing waits for the media, or for the publisher's
/// confirmation of a text-only post where the channel has one.
public enum MediaRule {
    /// The channels, in the order given, whose media need `media` does not meet.
    public static func missing(channels: [Channel], media: AttachedMedia) -> [Channel] {
        channels.filter { !media.meets($0.mediaNeed) }
    }

    /// Why publishing must wait, per channel.
    public enum Refusal: Equatable, Sendable {
        /// The channel cannot publish without media: attach some first.
        case needsMedia(Channel)
        /// The channel could go out as text only, but the publisher has not confirmed it.
        case textOnlyNotConfirmed(Channel)
    }

    /// What stops publishing `channels` with `media`; empty when it may go ahead. With
    /// `textOnlyConfirmed`, channels that allow a text-only post no longer wait for media.
    public static func publishRefusals(channels: [Channel], media: AttachedMedia, textOnlyConfirmed: Bool) -> [Refusal] {
        missing(channels: channels, media: media).compactMap { channel in
            if !channel.allowsTextOnly { return .needsMedia(channel) }
            return textOnlyConfirmed ? nil : .textOnlyNotConfirmed(channel)
        }
    }
}
