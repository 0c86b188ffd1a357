import Testing
@testable import Domain

@Suite struct PlatformTests {
    @Test func defaultLimits() {
        let limits = PlatformLimits()
        #expect(limits.captionLimit(for: .x) == 280)
        #expect(limits.captionLimit(for: .instagram) == 2_200)
        #expect(limits.captionLimit(for: .tiktok) == 2_200)
        #expect(limits.captionLimit(for: .facebook) == 63_206)
        #expect(limits.captionLimit(for: .youtube) == 5_000)
        #expect(limits.youtubeTitle == 100)
        #expect(limits.captionLimit(for: .instagramStory) == nil)
    }

    @Test func hashtagsMentionsAndLinksAreFound() {
        let segments = CaptionSegments.split("Selamat #HariPahlawan dari @pemprovdki. Info: https://jakarta.go.id/berita, ya")
        #expect(segments.map(\.kind) == [.text, .hashtag, .text, .mention, .text, .link, .text])
        #expect(segments[1].text == "#HariPahlawan")
        #expect(segments[3].text == "@pemprovdki", "the full stop ends the sentence")
        #expect(segments[5].text == "https://jakarta.go.id/berita", "the comma is not part of the link")
        #expect(segments.map(\.text).joined() == "Selamat #HariPahlawan dari @pemprovdki. Info: https://jakarta.go.id/berita, ya")
    }

    @Test func notHashtags() {
        #expect(CaptionSegments.split("nomor#1 dan email budi@jakarta.go.id").allSatisfy { $0.kind == .text }, "inside words")
        #expect(CaptionSegments.split("# dan @ sendiri").allSatisfy { $0.kind == .text }, "a bare sign")
    }

    @Test func charactersPastTheLimitAreMarked() {
        let segments = CaptionSegments.split("abcdef #tag", limit: 9)
        #expect(segments == [.init(.text, "abcdef ", over: false), .init(.hashtag, "#t", over: false), .init(.hashtag, "ag", over: true)])
        #expect(CaptionSegments.split("abc", limit: 5).allSatisfy { !$0.over })
        #expect(CaptionSegments.split("🇮🇩🇮🇩🇮🇩", limit: 2).last == .init(.text, "🇮🇩", over: true), "counted as people see them")
    }

    @Test func feedTruncation() {
        let long = "Rapat koordinasi kerja sama daerah bersama mitra di Balai Kota Jakarta membahas tindak lanjut nota kesepakatan bidang pendidikan dan kebudayaan."
        let (shown, cut) = CaptionSegments.prefix(long, characters: 125)
        #expect(cut)
        #expect(shown.count <= 125)
        #expect(!shown.hasSuffix(" "))
        #expect(long.hasPrefix(shown))
        #expect(CaptionSegments.prefix("pendek", characters: 125) == ("pendek", false))
        #expect(CaptionSegments.prefix("Baris pertama\nbaris kedua yang panjang " + String(repeating: "x", count: 200), characters: 125).shown == "Baris pertama")
    }

    @Test func linksAsXShowsThem() {
        #expect(CaptionSegments.displayLink("https://www.jakarta.go.id/berita") == "jakarta.go.id/berita")
        #expect(CaptionSegments.displayLink("https://kerjasama.jakarta.go.id/berita/2026/11/rapat-koordinasi") == "kerjasama.jakarta.go.id/be…")
    }
}
