import Testing
@testable import Domain

/// One row of the table: what was pasted, into which channel, and what must come out.
struct LinkCase: Sendable, CustomTestStringConvertible {
    let input: String
    let channel: Channel
    let domains: [String]
    let expected: Result<String, PlatformLinkProblem>

    var testDescription: String { "\(channel.rawValue): \(input.debugDescription)" }
}

private func ok(_ input: String, _ channel: Channel, _ output: String, domains: [String] = ["ui.ac.id"]) -> LinkCase {
    LinkCase(input: input, channel: channel, domains: domains, expected: .success(output))
}

private func bad(_ input: String, _ channel: Channel, _ problem: PlatformLinkProblem, domains: [String] = ["ui.ac.id"]) -> LinkCase {
    LinkCase(input: input, channel: channel, domains: domains, expected: .failure(problem))
}

private let instagramHost = PlatformLinkProblem.wrongHost(expected: ["instagram.com"])
private let facebookHost = PlatformLinkProblem.wrongHost(expected: ["facebook.com", "fb.watch"])
private let xHost = PlatformLinkProblem.wrongHost(expected: ["x.com", "twitter.com"])
private let tiktokHost = PlatformLinkProblem.wrongHost(expected: ["tiktok.com"])
private let youtubeHost = PlatformLinkProblem.wrongHost(expected: ["youtube.com", "youtu.be"])

let platformLinkCases: [LinkCase] = [
    // MARK: Instagram (feed)
    ok("https://www.instagram.com/p/C1a2B3c4D5e/", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    ok("https://instagram.com/p/C1a2B3c4D5e/?igsh=MWQ1ZGUxMzBkMA==", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    ok("http://www.instagram.com/reel/C9xYz_-AbCd", .instagram, "https://www.instagram.com/reel/C9xYz_-AbCd/"),
    ok("https://WWW.Instagram.COM/reels/C9xYz_-AbCd/?utm_source=ig_web_copy_link", .instagram, "https://www.instagram.com/reel/C9xYz_-AbCd/"),
    ok("https://m.instagram.com/tv/B8aBcDeFgHi/#comments", .instagram, "https://www.instagram.com/tv/B8aBcDeFgHi/"),
    ok("https://www.instagram.com/humasui/p/C1a2B3c4D5e/?img_index=2", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    ok("https://www.instagram.com/humas.ui/reel/C9xYz_-AbCd/", .instagram, "https://www.instagram.com/reel/C9xYz_-AbCd/"),
    ok("  https://instagr.am/p/C1a2B3c4D5e/\n", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    ok("https://www.instagram.com:443/p/C1a2B3c4D5e/", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    ok("https://www.instagram.com./p/C1a2B3c4D5e/", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
    bad("https://www.instagram.com/humasui/", .instagram, .wrongForm(.instagram)),
    bad("https://www.youtube.com/watch?v=dQw4w9WgXcQ", .instagram, instagramHost),
    bad("https://instagram.com.evil.id/p/C1a2B3c4D5e/", .instagram, instagramHost),
    bad("https://notinstagram.com/p/C1a2B3c4D5e/", .instagram, instagramHost),
    bad("https://www.instagram.com/p/", .instagram, .wrongForm(.instagram)),
    bad("https://www.instagram.com/p/C1a2B3c4D5e!/", .instagram, .wrongForm(.instagram)),
    bad("javascript:alert(document.cookie)", .instagram, .unsupportedScheme),
    bad("https://instagram.com@evil.com/p/x", .instagram, .hasCredentials),
    bad("lihat https://www.instagram.com/p/C1a2B3c4D5e/", .instagram, .containsWhitespace),
    bad("www.instagram.com/p/C1a2B3c4D5e/", .instagram, .notAURL),
    bad("https://www.instagram.com:8443/p/C1a2B3c4D5e/", .instagram, instagramHost),
    bad("https://www.instagram.com/stories/humasui/3512345678901234567/", .instagram, .wrongForm(.instagram)),

    // MARK: Instagram Story
    ok("https://www.instagram.com/stories/humasui/3512345678901234567/?utm_source=ig_story_item_share&igsh=abc", .instagramStory,
       "https://www.instagram.com/stories/humasui/3512345678901234567/"),
    ok("https://instagram.com/stories/humas.ui/3512345678901234567", .instagramStory, "https://www.instagram.com/stories/humas.ui/3512345678901234567/"),
    ok("https://www.instagram.com/stories/highlights/17912345678901234/", .instagramStory, "https://www.instagram.com/stories/highlights/17912345678901234/"),
    bad("https://www.instagram.com/p/C1a2B3c4D5e/", .instagramStory, .wrongForm(.instagramStory)),
    bad("https://www.instagram.com/stories/humasui/", .instagramStory, .wrongForm(.instagramStory)),
    bad("https://www.instagram.com/stories/humasui/abc/", .instagramStory, .wrongForm(.instagramStory)),

    // MARK: Facebook
    ok("https://www.facebook.com/humasui/posts/pfbid02abcDEF123xyz?mibextid=Nif5oz", .facebook, "https://www.facebook.com/humasui/posts/pfbid02abcDEF123xyz"),
    ok("https://m.facebook.com/humasui/posts/1234567890123456/", .facebook, "https://www.facebook.com/humasui/posts/1234567890123456"),
    ok("https://web.facebook.com/humasui/videos/hari-pahlawan-2025/1234567890123456/?__tn__=xx", .facebook, "https://www.facebook.com/humasui/videos/1234567890123456"),
    ok("https://www.facebook.com/humasui/videos/1234567890123456", .facebook, "https://www.facebook.com/humasui/videos/1234567890123456"),
    ok("https://www.facebook.com/watch?v=1234567890123456&ref=sharing", .facebook, "https://www.facebook.com/watch/?v=1234567890123456"),
    ok("https://facebook.com/reel/1234567890123456?fs=e&s=TIeQ9V", .facebook, "https://www.facebook.com/reel/1234567890123456"),
    ok("https://mbasic.facebook.com/permalink.php?id=100064123456789&story_fbid=pfbid0xyzABC&__cft__=abc", .facebook,
       "https://www.facebook.com/permalink.php?story_fbid=pfbid0xyzABC&id=100064123456789"),
    ok("https://m.facebook.com/story.php?story_fbid=1234567890&id=100064123456789&mibextid=abc", .facebook,
       "https://www.facebook.com/story.php?story_fbid=1234567890&id=100064123456789"),
    ok("https://www.facebook.com/photo.php?fbid=1234567890&set=a.123&type=3", .facebook, "https://www.facebook.com/photo.php?fbid=1234567890"),
    ok("https://www.facebook.com/photo/?fbid=1234567890&set=a.123", .facebook, "https://www.facebook.com/photo/?fbid=1234567890"),
    ok("https://www.facebook.com/share/p/1AbCdEfGh2/?mibextid=WC7FNe", .facebook, "https://www.facebook.com/share/p/1AbCdEfGh2"),
    ok("https://www.facebook.com/share/v/1XyZ/", .facebook, "https://www.facebook.com/share/v/1XyZ"),
    ok("https://www.facebook.com/share/r/1XyZ", .facebook, "https://www.facebook.com/share/r/1XyZ"),
    ok("https://fb.watch/oAbC12dEf/?mibextid=abc", .facebook, "https://fb.watch/oAbC12dEf/"),
    ok("https://www.facebook.com/humasui/photos/a.123456789/987654321/", .facebook, "https://www.facebook.com/humasui/photos/a.123456789/987654321"),
    bad("https://www.facebook.com/humasui", .facebook, .wrongForm(.facebook)),
    bad("https://www.facebook.com/profile.php?id=100064123456789", .facebook, .wrongForm(.facebook)),
    bad("https://www.facebook.com/watch/?v=abc", .facebook, .wrongForm(.facebook)),
    bad("https://www.facebook.com/permalink.php?story_fbid=1234567890", .facebook, .wrongForm(.facebook)),
    bad("https://facebook.com.evil.id/humasui/posts/123", .facebook, facebookHost),
    bad("https://fb.watch/", .facebook, .wrongForm(.facebook)),
    bad("https://x.com/humasUI/status/1856234567890123456", .facebook, facebookHost),

    // MARK: X
    ok("https://x.com/humasUI/status/1856234567890123456", .x, "https://x.com/humasUI/status/1856234567890123456"),
    ok("https://twitter.com/humasUI/status/1856234567890123456?s=20&t=AbCdEf", .x, "https://x.com/humasUI/status/1856234567890123456"),
    ok("https://mobile.twitter.com/humasUI/status/1856234567890123456", .x, "https://x.com/humasUI/status/1856234567890123456"),
    ok("http://www.x.com/humasUI/status/1856234567890123456/photo/1", .x, "https://x.com/humasUI/status/1856234567890123456"),
    ok("https://X.COM/humasUI/status/1856234567890123456/video/1#m", .x, "https://x.com/humasUI/status/1856234567890123456"),
    ok("https://x.com/i/web/status/1856234567890123456?ref_src=twsrc%5Etfw", .x, "https://x.com/i/web/status/1856234567890123456"),
    ok("https://twitter.com/i/status/1856234567890123456", .x, "https://x.com/i/status/1856234567890123456"),
    bad("https://x.com/humasUI", .x, .wrongForm(.x)),
    bad("https://x.com/humasUI/status/", .x, .wrongForm(.x)),
    bad("https://x.com/humasUI/status/abc", .x, .wrongForm(.x)),
    bad("https://x.com/humasUI/status/1856234567890123456/analytics", .x, .wrongForm(.x)),
    bad("https://x.com/search?q=ui", .x, .wrongForm(.x)),
    bad("https://x.com.evil.id/humasUI/status/1856234567890123456", .x, xHost),
    bad("https://nitter.net/humasUI/status/1856234567890123456", .x, xHost),

    // MARK: TikTok
    ok("https://www.tiktok.com/@humas.ui/video/7312345678901234567", .tiktok, "https://www.tiktok.com/@humas.ui/video/7312345678901234567"),
    ok("https://tiktok.com/@humas.ui/video/7312345678901234567?is_from_webapp=1&sender_device=pc&_r=1", .tiktok,
       "https://www.tiktok.com/@humas.ui/video/7312345678901234567"),
    ok("https://m.tiktok.com/@humas_ui/photo/7312345678901234567/", .tiktok, "https://www.tiktok.com/@humas_ui/photo/7312345678901234567"),
    ok("https://vm.tiktok.com/ZMabc123/", .tiktok, "https://vm.tiktok.com/ZMabc123/"),
    ok("http://vt.tiktok.com/ZSxyz789", .tiktok, "https://vt.tiktok.com/ZSxyz789/"),
    ok("https://www.tiktok.com/t/ZTabc123/", .tiktok, "https://www.tiktok.com/t/ZTabc123/"),
    bad("https://www.tiktok.com/@humas.ui", .tiktok, .wrongForm(.tiktok)),
    bad("https://www.tiktok.com/@humas.ui/video/", .tiktok, .wrongForm(.tiktok)),
    bad("https://www.tiktok.com/humas.ui/video/7312345678901234567", .tiktok, .wrongForm(.tiktok)),
    bad("https://vm.tiktok.com/", .tiktok, .wrongForm(.tiktok)),
    bad("https://tiktok.com.evil.id/@humas.ui/video/7312345678901234567", .tiktok, tiktokHost),
    bad("https://www.instagram.com/p/C1a2B3c4D5e/", .tiktok, tiktokHost),

    // MARK: YouTube
    ok("https://www.youtube.com/watch?v=dQw4w9WgXcQ", .youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ok("https://youtube.com/watch?v=dQw4w9WgXcQ&t=42s&list=PL123&feature=share", .youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ok("https://m.youtube.com/watch?feature=youtu.be&v=dQw4w9WgXcQ", .youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ok("https://youtu.be/dQw4w9WgXcQ?si=AbCdEfGhIj", .youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    ok("https://www.youtube.com/shorts/aBcDeFgHiJk?feature=share", .youtube, "https://www.youtube.com/shorts/aBcDeFgHiJk"),
    ok("https://www.youtube.com/live/aBcDeFgHiJk?si=x", .youtube, "https://www.youtube.com/watch?v=aBcDeFgHiJk"),
    ok("https://music.youtube.com/watch?v=dQw4w9WgXcQ", .youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ"),
    bad("https://www.youtube.com/@humasui", .youtube, .wrongForm(.youtube)),
    bad("https://www.youtube.com/channel/UC1234567890", .youtube, .wrongForm(.youtube)),
    bad("https://www.youtube.com/watch?v=short", .youtube, .wrongForm(.youtube)),
    bad("https://www.youtube.com/watch", .youtube, .wrongForm(.youtube)),
    bad("https://youtu.be/", .youtube, .wrongForm(.youtube)),
    bad("https://youtube.com.evil.id/watch?v=dQw4w9WgXcQ", .youtube, youtubeHost),
    bad("ftp://youtube.com/watch?v=dQw4w9WgXcQ", .youtube, .unsupportedScheme),

    // MARK: Website
    ok("https://www.ui.ac.id/berita/hari-pahlawan/", .website, "https://www.ui.ac.id/berita/hari-pahlawan/"),
    ok("http://humas.ui.ac.id/berita?id=12&utm_source=ig&fbclid=abc", .website, "http://humas.ui.ac.id/berita?id=12"),
    ok("https://UI.AC.ID", .website, "https://ui.ac.id/"),
    ok("https://ui.ac.id:443/?s=pahlawan#komentar", .website, "https://ui.ac.id/?s=pahlawan"),
    ok("https://ui.ac.id/#/berita/12", .website, "https://ui.ac.id/#/berita/12"),
    ok("https://ui.ac.id/berita/hari-pahlawan-🇮🇩", .website, "https://ui.ac.id/berita/hari-pahlawan-%F0%9F%87%AE%F0%9F%87%A9"),
    ok("https://ui.ac.id:8080/berita", .website, "https://ui.ac.id:8080/berita"),
    ok("https://humas.ui.ac.id/x", .website, "https://humas.ui.ac.id/x", domains: [" https://www.UI.ac.id/ "]),
    ok("https://example.org/a?b=1", .website, "https://example.org/a?b=1", domains: []),
    ok("https://jakarta.go.id/berita", .website, "https://jakarta.go.id/berita", domains: ["ui.ac.id", "jakarta.go.id"]),
    bad("https://evilui.ac.id/berita", .website, .notOwnDomain(allowed: ["ui.ac.id"])),
    bad("https://ui.ac.id.evil.com/berita", .website, .notOwnDomain(allowed: ["ui.ac.id"])),
    bad("https://www.instagram.com/p/C1a2B3c4D5e/", .website, .notOwnDomain(allowed: ["ui.ac.id"])),
    bad("javascript:alert(1)", .website, .unsupportedScheme),
    bad("data:text/html,<script>alert(1)</script>", .website, .unsupportedScheme),
    bad("https://user:pass@ui.ac.id/", .website, .hasCredentials),
    bad("https://ui.ac.id/berita lengkap", .website, .containsWhitespace),
    bad("https://ui.ac.id/\u{200B}berita", .website, .containsWhitespace),
    bad("https://ui.ac.id\\@evil.com/", .website, .notAURL),
    bad("https:///berita", .website, .notAURL),
    bad("https:ui.ac.id/berita", .website, .notAURL),
    bad("https://localhost/", .website, .notAURL, domains: []),
    bad("https://ui.ac.id:99999/", .website, .notAURL),
    bad("https://[::1]/", .website, .notAURL, domains: []),
    bad("", .website, .empty),
    bad("  \n ", .website, .empty),
    bad("https://ui.ac.id/" + String(repeating: "a", count: 2_040), .website, .tooLong),
]

@Suite struct PlatformLinkTests {
    @Test(arguments: platformLinkCases)
    func table(_ row: LinkCase) {
        #expect(PlatformLinks.validate(row.input, channel: row.channel, ownDomains: row.domains) == row.expected)
    }

    @Test func tableCoversEveryChannel() {
        #expect(platformLinkCases.count >= 60)
        for channel in Channel.allCases {
            let rows = platformLinkCases.filter { $0.channel == channel }
            let valid = rows.filter { if case .success = $0.expected { true } else { false } }
            #expect(valid.count >= (channel == .instagramStory ? 3 : 5), "\(channel)")
            #expect(rows.count - valid.count >= 3, "\(channel)")
        }
    }

    /// A normalised link is accepted again as it is: stored links re-validate and dedupe.
    @Test(arguments: platformLinkCases.filter { if case .success = $0.expected { true } else { false } })
    func normalisedIsStable(_ row: LinkCase) throws {
        let once = try PlatformLinks.validate(row.input, channel: row.channel, ownDomains: row.domains).get()
        #expect(PlatformLinks.validate(once, channel: row.channel, ownDomains: row.domains) == .success(once))
    }

    @Test func sameTweetGivesOneLink() {
        let forms = [
            "https://twitter.com/humasUI/status/1856234567890123456?s=20",
            "https://mobile.x.com/humasUI/status/1856234567890123456/photo/1",
            "https://www.x.com/humasUI/status/1856234567890123456",
        ]
        let results = Set(forms.map { try? PlatformLinks.validate($0, channel: .x, ownDomains: []).get() })
        #expect(results == ["https://x.com/humasUI/status/1856234567890123456"])
    }

    @Test func configuredDomainsAreNormalised() {
        #expect(PlatformLinks.normalisedDomains([" https://www.UI.ac.id/berita ", "*.jakarta.go.id", "ui.ac.id", "", "localhost", "bpbd.go.id."])
            == ["ui.ac.id", "jakarta.go.id", "bpbd.go.id"])
    }

    @Test func expectedFormsNameTheHost() {
        #expect(PlatformLinks.expectedForm(.instagram) == "https://www.instagram.com/p/KODE/ · /reel/KODE/ · /tv/KODE/")
        #expect(PlatformLinks.expectedForm(.instagram, language: .en) == "https://www.instagram.com/p/CODE/ · /reel/CODE/ · /tv/CODE/")
        #expect(PlatformLinks.expectedForm(.x) == "https://x.com/AKUN/status/ID")
        for channel in Channel.allCases {
            #expect(PlatformLinks.expectedForm(channel).hasPrefix("https://"))
        }
    }
}
