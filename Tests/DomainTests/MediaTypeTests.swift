import Testing
@testable import Domain

@Suite struct MediaTypeTests {
    @Test func magicBytesDecide() {
        #expect(UploadType.sniff([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]) == .jpeg)
        #expect(UploadType.sniff([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0]) == .png)
        #expect(UploadType.sniff(Array("RIFF".utf8) + [1, 2, 3, 4] + Array("WEBPVP8 ".utf8)) == .webp)
        #expect(UploadType.sniff([0, 0, 0, 0x18] + Array("ftypmp42".utf8)) == .mp4)
    }

    @Test func everythingElseIsRefused() {
        #expect(UploadType.sniff(Array("<!doctype html><script>".utf8)) == nil)
        #expect(UploadType.sniff(Array("%PDF-1.7".utf8)) == nil)
        #expect(UploadType.sniff(Array("GIF89a".utf8)) == nil)
        #expect(UploadType.sniff(Array("RIFF".utf8) + [1, 2, 3, 4] + Array("WAVE".utf8)) == nil)
        #expect(UploadType.sniff([0xFF, 0xD8]) == nil, "too short")
        #expect(UploadType.sniff([]) == nil)
    }

    @Test func limitsByKind() {
        let limits = UploadLimits()
        #expect(limits.limit(for: .png) == 10 * 1024 * 1024)
        #expect(limits.limit(for: .mp4) == 200 * 1024 * 1024)
        #expect(UploadType.mp4.mimeType == "video/mp4")
        #expect(UploadType.jpeg.fileExtension == "jpg")
    }
}
