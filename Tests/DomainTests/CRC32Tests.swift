import Testing
@testable import Domain

@Suite struct CRC32Tests {
    @Test func knownValues() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
        #expect(CRC32().value == 0)
    }

    @Test func piecesGiveTheSameResult() {
        var whole = CRC32(), parts = CRC32()
        whole.update(Array("The quick brown fox jumps over the lazy dog".utf8))
        parts.update(Array("The quick brown ".utf8))
        parts.update(Array("fox jumps over the lazy dog".utf8))
        #expect(whole.value == 0x414F_A339)
        #expect(parts.value == whole.value)
    }
}
