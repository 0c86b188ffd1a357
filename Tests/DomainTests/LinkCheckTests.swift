import Testing
@testable import Domain

@Suite struct LinkCheckTests {
    @Test(arguments: [
        (200, LinkStatus.active), (204, .active), (299, .active),
        (301, .unknown), (302, .unknown),
        (404, .dead), (410, .dead),
        (400, .unknown), (401, .unknown), (403, .unknown), (429, .unknown),
        (500, .unknown), (502, .unknown), (503, .unknown), (999, .unknown),
    ])
    func classification(_ code: Int, _ status: LinkStatus) {
        #expect(LinkCheck.classify(statusCode: code) == status)
    }

    @Test func noAnswerIsUnknown() {
        #expect(LinkCheck.classify(statusCode: nil) == .unknown)
    }

    @Test func storedValues() {
        #expect(LinkStatus.allCases.map(\.rawValue) == ["aktif", "mati", "tidak-dapat-dicek", "belum-dicek"])
    }

    @Test func hostsGroupChecks() {
        #expect(LinkCheck.host(of: "https://www.instagram.com/p/C1a2B3c4D5e/") == "instagram.com")
        #expect(LinkCheck.host(of: "https://instagram.com/p/X/") == "instagram.com")
        #expect(LinkCheck.host(of: "http://Humas.UI.ac.id:8080/berita") == "humas.ui.ac.id")
        #expect(LinkCheck.host(of: "https://x.com/a/status/1") == "x.com")
        #expect(LinkCheck.host(of: "javascript:alert(1)") == nil)
        #expect(LinkCheck.host(of: "bukan tautan") == nil)
    }
}
