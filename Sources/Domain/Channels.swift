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
}
