import Testing
@testable import App

@Suite struct MarkdownTests {
    @Test func rendersCommonMark() {
        #expect(Markdown.html("**Rapat koordinasi** hari ini") == "<p><strong>Rapat koordinasi</strong> hari ini</p>\n")
        #expect(Markdown.html("baris satu\nbaris dua") == "<p>baris satu<br />\nbaris dua</p>\n")
        #expect(Markdown.html("") == "")
    }

    @Test func safeModeDropsRawHTMLAndDangerousLinks() {
        let html = Markdown.html("<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>")
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func keepsIndonesianTextAndEmoji() {
        #expect(Markdown.html("Selamat Hari Pahlawan 🇮🇩 — *Jakarta*") == "<p>Selamat Hari Pahlawan 🇮🇩 — <em>Jakarta</em></p>\n")
    }
}
