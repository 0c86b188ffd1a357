import Testing
@testable import App

@Suite struct MarkdownTests {
    @Test func rendersCommonMark() {
        // check
        #expect(Markdown.html("**Rapat koordinasi** hari ini").description == "<p><strong>Rapat koordinasi</strong> hari ini</p>\n")
        #expect(Markdown.html("baris satu\nbaris dua").description == "<p>baris satu<br />\nbaris dua</p>\n")
        #expect(Markdown.html("").description == "")
    }

    @Test func safeModeDropsRawHTMLAndDangerousLinks() {
        // action
        let html = Markdown.html("<script>alert(1)</script>\n\n[klik](javascript:alert(1)) <img src=x onerror=alert(1)>").description
        // check
        #expect(!html.contains("<script"))
        #expect(!html.contains("onerror"))
        #expect(!html.contains("javascript:"))
        #expect(html.contains("<!-- raw HTML omitted -->"))
    }

    @Test func keepsIndonesianTextAndEmoji() {
        // check
        #expect(Markdown.html("Selamat Hari Pahlawan 🇮🇩 — *Jakarta*").description == "<p>Selamat Hari Pahlawan 🇮🇩 — <em>Jakarta</em></p>\n")
    }
}

@Suite struct PlainTextTests {
    @Test(arguments: [
        ("**Rapat** _koordinasi_ `kerja sama`", "Rapat koordinasi kerja sama"),
        ("Baris satu\nbaris dua", "Baris satu\nbaris dua"),
        ("Paragraf satu.\n\nParagraf dua.", "Paragraf satu.\n\nParagraf dua."),
        ("Daftar: [formulir](https://jakarta.go.id/form?a=1)", "Daftar: https://jakarta.go.id/form?a=1"),
        ("<https://kerjasama.jakarta.go.id>", "https://kerjasama.jakarta.go.id"),
        ("# Judul\nIsi", "Judul\n\nIsi"),
        ("- satu\n- dua\n- tiga", "• satu\n• dua\n• tiga"),
        ("1. pertama\n2. kedua", "1. pertama\n2. kedua"),
        ("Tanda \\*bintang\\* tetap", "Tanda *bintang* tetap"),
        ("#HariPahlawan @pemprovdki", "#HariPahlawan @pemprovdki"),
        ("<b>tebal</b> teks", "tebal teks"),
        ("> kutipan", "kutipan"),
        ("Emoji 👨‍👩‍👧 tetap", "Emoji 👨‍👩‍👧 tetap"),
        ("", ""),
    ])
    func plainText(markdown: String, expected: String) {
        // check
        #expect(Markdown.plainText(markdown) == expected)
    }
}
