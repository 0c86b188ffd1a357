import Testing
@testable import Domain

/// Links to comments and direct messages, and the "paste" field that finds the channel.
@Suite struct IncomingLinkTests {
    static let domains = ["dinarpus.kendalkab.go.id"]

    @Test(arguments: [
        // Instagram comment permalinks and a reply; a DM thread; a post still passes
        ("https://www.instagram.com/p/C1a2B3c4D5e/c/17912345678901234/", Channel.instagram,
         "https://www.instagram.com/p/C1a2B3c4D5e/c/17912345678901234/"),
        ("https://instagram.com/reels/C1a2B3c4D5e/c/17912345678901234/r/17998765432101234/?igsh=abc", .instagram,
         "https://www.instagram.com/reel/C1a2B3c4D5e/c/17912345678901234/r/17998765432101234/"),
        ("https://www.instagram.com/direct/t/340282366841710300949128171234567890/", .instagram,
         "https://www.instagram.com/direct/t/340282366841710300949128171234567890/"),
        ("https://www.instagram.com/p/C1a2B3c4D5e/", .instagram, "https://www.instagram.com/p/C1a2B3c4D5e/"),
        // Facebook comment_id kept (and a reply's), tracking dropped; a Messenger thread
        ("https://www.facebook.com/dinarpus.kendal/posts/1234567890?comment_id=987654321&mibextid=abc", .facebook,
         "https://www.facebook.com/dinarpus.kendal/posts/1234567890?comment_id=987654321"),
        ("https://m.facebook.com/permalink.php?story_fbid=111&id=222&comment_id=333&reply_comment_id=444", .facebook,
         "https://www.facebook.com/permalink.php?story_fbid=111&id=222&comment_id=333&reply_comment_id=444"),
        ("https://www.facebook.com/messages/t/100064123456789", .facebook, "https://www.facebook.com/messages/t/100064123456789"),
        // YouTube lc= kept, on a video and a Short
        ("https://youtu.be/dQw4w9WgXcQ?lc=UgwAbC-123_xyz.9Zz&si=track", .youtube,
         "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgwAbC-123_xyz.9Zz"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ?lc=Ugz123", .youtube, "https://www.youtube.com/shorts/dQw4w9WgXcQ?lc=Ugz123"),
        // X: a reply is a status; a DM thread
        ("https://twitter.com/warga_kendal/status/1860000000000000099?s=20", .x, "https://x.com/warga_kendal/status/1860000000000000099"),
        ("https://x.com/messages/123456-789012", .x, "https://x.com/messages/123456-789012"),
        // TikTok: the video
        ("https://www.tiktok.com/@warga.kendal/video/7440000000000000001?lang=id", .tiktok,
         "https://www.tiktok.com/@warga.kendal/video/7440000000000000001"),
    ])
    func commentAndMessageFormsAreAccepted(text: String, channel: Channel, expected: String) {
        #expect(IncomingLinks.validate(text, channel: channel, ownDomains: Self.domains) == .success(expected))
    }

    @Test func theArchiveValidatorStillRefusesCommentForms() {
        // The live link of a post must be the post: the comment forms are for incoming messages only.
        #expect(PlatformLinks.validate("https://www.instagram.com/p/C1a2B3c4D5e/c/179/", channel: .instagram, ownDomains: []) == .failure(.wrongForm(.instagram)))
        #expect(PlatformLinks.validate("https://www.facebook.com/messages/t/1", channel: .facebook, ownDomains: []) == .failure(.wrongForm(.facebook)))
    }

    @Test(arguments: [
        ("https://www.instagram.com/p/C1a2B3c4D5e/c/abc/", Channel.instagram, PlatformLinkProblem.wrongForm(.instagram)),
        ("https://www.instagram.com/p/C1a2B3c4D5e/c/179/x/1/", .instagram, .wrongForm(.instagram)),
        ("https://www.facebook.com/dinarpus.kendal/posts/1?comment_id=<script>", .facebook, .wrongForm(.facebook)),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=a%20b c", .youtube, .containsWhitespace),
        ("https://x.com/messages/abc-def", .x, .wrongForm(.x)),
        // a link of the wrong platform
        ("https://x.com/warga/status/1", .instagram, .wrongHost(expected: ["instagram.com"])),
        ("https://www.instagram.com/p/C1a2B3c4D5e/c/179/", .facebook, .wrongHost(expected: ["facebook.com", "fb.watch"])),
        ("javascript:alert(1)", .x, .unsupportedScheme),
    ])
    func badLinksAreRefused(text: String, channel: Channel, problem: PlatformLinkProblem) {
        #expect(IncomingLinks.validate(text, channel: channel, ownDomains: Self.domains) == .failure(problem))
    }

    @Test func pastingFindsTheChannel() throws {
        // action and check
        let comment = try IncomingLinks.paste(" https://www.instagram.com/p/C1a2B3c4D5e/c/17912345678901234/ ", ownDomains: Self.domains).get()
        #expect(comment.channel == .instagram && comment.link == "https://www.instagram.com/p/C1a2B3c4D5e/c/17912345678901234/")
        #expect(try IncomingLinks.paste("https://fb.watch/abcDEF/", ownDomains: []).get().channel == .facebook)
        #expect(try IncomingLinks.paste("https://vt.tiktok.com/ZSabc123/", ownDomains: []).get().channel == .tiktok)
        #expect(try IncomingLinks.paste("https://youtu.be/dQw4w9WgXcQ", ownDomains: []).get().channel == .youtube)
        #expect(try IncomingLinks.paste("https://mobile.twitter.com/a/status/5", ownDomains: []).get().channel == .x)
        #expect(try IncomingLinks.paste("https://www.instagram.com/stories/dinarpus/3512345678901234567/", ownDomains: []).get().channel == .instagramStory)
        #expect(try IncomingLinks.paste("https://dinarpus.kendalkab.go.id/layanan/kontak", ownDomains: Self.domains).get().channel == .website)
        // unknown sites, and garbage
        #expect(throws: PlatformLinkProblem.notOwnDomain(allowed: ["dinarpus.kendalkab.go.id"])) {
            try IncomingLinks.paste("https://example.com/a", ownDomains: Self.domains).get()
        }
        #expect(throws: PlatformLinkProblem.notAURL) { try IncomingLinks.paste("https://example.com/a", ownDomains: []).get() }
        #expect(throws: PlatformLinkProblem.empty) { try IncomingLinks.paste("  ", ownDomains: []).get() }
        #expect(IncomingLinks.channel(of: "bukan tautan", ownDomains: []) == nil)
        // a recognised host with a bad form
        #expect(throws: PlatformLinkProblem.wrongForm(.instagram)) { try IncomingLinks.paste("https://www.instagram.com/dinarpus/", ownDomains: []).get() }
    }

    /// The error message's forms: every form `validate` takes for a comment or a DM is named, in
    /// both languages, and each named example (with its placeholders filled) is taken.
    @Test func theExpectedFormsNameCommentsAndMessages() throws {
        for channel in Channel.allCases {
            let indonesian = IncomingLinks.expectedForm(channel, language: .id)
            #expect(indonesian.hasSuffix(PlatformLinks.expectedForm(channel, language: .id)), "the post's forms too: \(channel)")
            #expect(IncomingLinks.expectedForm(channel, language: .en).hasSuffix(PlatformLinks.expectedForm(channel, language: .en)))
        }
        #expect(IncomingLinks.expectedForm(.instagram, language: .id).hasPrefix("https://www.instagram.com/p/KODE/c/ID/ · /reel/KODE/c/ID/ · /direct/t/ID/"))
        #expect(IncomingLinks.expectedForm(.youtube, language: .en).contains("&lc=ID"))
        #expect(IncomingLinks.expectedForm(.x, language: .en).contains("https://x.com/messages/ID-ID"))
        #expect(IncomingLinks.expectedForm(.facebook, language: .en).contains("comment_id=ID"))
        // the examples, filled in, are links `validate` accepts
        for (channel, example) in [(Channel.instagram, "https://www.instagram.com/p/ABC123/c/17900000000000001/"),
                                   (.instagram, "https://www.instagram.com/direct/t/340282366841710300949128/"),
                                   (.youtube, "https://www.youtube.com/watch?v=dQw4w9WgXcQ&lc=UgxAbc123"),
                                   (.x, "https://x.com/messages/123-456")] {
            #expect((try? IncomingLinks.validate(example, channel: channel, ownDomains: []).get()) != nil, "\(example)")
        }
    }
}
