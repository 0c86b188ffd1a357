import Domain
import Testing

@Suite struct UploadNameTests {
    @Test func aNameOfOneCharacterAndFortyThousandMarksIsCutInBytes() {
        // The attack: 2 `Character`s but 80 KB of UTF-8.
        let raw = "a" + String(repeating: "\u{0301}", count: 40_000) + ".png"
        #expect(raw.count == 5, "a handful of characters, 80 KB of bytes")
        let name = UploadName.sanitise(raw)
        #expect(name.utf8.count <= UploadName.maximumBytes)
        // Precomposed to "á", then at most two marks on it; the extension survives.
        #expect(name == "\u{00E1}\u{0301}\u{0301}.png")
    }

    @Test func pathSeparatorsOfBothKindsAndLeadingDotsGo() {
        #expect(UploadName.sanitise("..\\..\\..\\evil.png") == "evil.png")
        #expect(UploadName.sanitise("../../etc/passwd") == "passwd")
        #expect(UploadName.sanitise("C:\\Users\\humas\\Foto Rapat.jpg") == "Foto Rapat.jpg")
        #expect(UploadName.sanitise(".htaccess") == "htaccess")
        #expect(UploadName.sanitise("...") == UploadName.fallback)
        #expect(UploadName.sanitise("foto/") == "foto")
    }

    @Test func controlBidiAndFormatCharactersGo() {
        // "gnp.exe" shown reversed by a right-to-left override.
        #expect(UploadName.sanitise("foto\u{202E}gnp.exe") == "fotognp.exe")
        #expect(UploadName.sanitise("a\u{0000}b\u{001F}c\u{007F}.jpg") == "abc.jpg")
        #expect(UploadName.sanitise("zero\u{200B}width\u{2066}.jpg") == "zerowidth.jpg")
        #expect(UploadName.sanitise("baris\r\nbaru.jpg") == "barisbaru.jpg")
        #expect(UploadName.sanitise("a\"b<c>d:e|f?g*.jpg") == "abcdefg.jpg")
    }

    @Test func ordinaryNamesStayAsTheyAre() {
        for name in ["foto.jpg", "Rapat Koordinasi 2026.png", "café.webp", "ハロー.mp4", "Dies Natalis ke-64 🎉.jpg"] {
            #expect(UploadName.sanitise(name) == name)
        }
        // Decomposed accents are precomposed, not dropped.
        #expect(UploadName.sanitise("cafe\u{0301}.jpg") == "café.jpg")
        #expect(UploadName.sanitise("  banyak    spasi  .jpg") == "banyak spasi .jpg")
    }

    @Test func longNamesKeepTheirExtensionAndACharacterBoundary() {
        let long = String(repeating: "é", count: 200) + ".jpeg"
        let name = UploadName.sanitise(long)
        #expect(name.utf8.count <= UploadName.maximumBytes)
        #expect(name.hasSuffix(".jpeg"))
        #expect(name.dropLast(5).allSatisfy { $0 == "é" })
        let emoji = String(repeating: "👩🏽‍💻", count: 40)
        let cut = UploadName.sanitise(emoji)
        #expect(cut.utf8.count <= UploadName.maximumBytes)
        #expect(cut.allSatisfy { $0 == "👩🏽‍💻" }, "cut between characters, never inside one")
    }

    @Test func theExtensionFollowsTheRealType() {
        #expect(UploadName.withExtension("foto.jpg", .png) == "foto.png")
        #expect(UploadName.withExtension("video", .mp4) == "video.mp4")
        #expect(UploadName.withExtension(String(repeating: "x", count: 200), .webp).utf8.count <= UploadName.maximumBytes)
    }

    @Test func textIsCutInBytesOnCharacterBoundaries() {
        #expect("abc".prefix(utf8Bytes: 10) == "abc")
        #expect("abcdef".prefix(utf8Bytes: 3) == "abc")
        #expect("ééé".prefix(utf8Bytes: 5) == "éé")
        let huge = String(repeating: "x", count: 1_000_000)
        #expect(huge.prefix(utf8Bytes: 64).utf8.count == 64)
    }

    @Test func usernamesFromTheLoginFormAreBounded() {
        #expect(UsernameRule.bounded("  KaBiro ") == "kabiro")
        let huge = String(repeating: "a", count: 1_000_000)
        #expect(UsernameRule.bounded(huge).utf8.count == 64)
        #expect(UsernameRule.bounded(String(repeating: "é", count: 100)).utf8.count <= 64)
    }
}
