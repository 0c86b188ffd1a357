import Domain
import Foundation
import Testing
@testable import App

@Suite struct LabelTests {
    /// Both catalogues hold the same keys (the build checks that too) and no empty text.
    @Test func cataloguesAreCompleteAndNotEmpty() throws {
        func load(_ code: String) throws -> [String: String] {
            try JSONDecoder().decode([String: String].self, from: Data(contentsOf: URL(fileURLWithPath: projectRoot + "/Locales/\(code).json")))
        }
        let id = try load("id"), en = try load("en")
        #expect(Set(id.keys) == Set(en.keys))
        #expect(id.values.allSatisfy { !$0.isEmpty })
        #expect(en.values.allSatisfy { !$0.isEmpty })
    }

    /// Every value's label comes from its type; within a language no two share one.
    @Test func labelsComeFromTheirTypes() {
        for t in [Texts.id, Texts.en] {
            let audit = AuditAction.allCases.map { $0.label(t) }
            #expect(Set(audit).count == audit.count && !audit.contains(""))
            let statuses = ItemStatus.allCases.map { $0.label(t) }
            #expect(Set(statuses).count == statuses.count && !statuses.contains(""))
            let kinds = ContentKind.allCases.map { $0.label(t) }
            #expect(Set(kinds).count == kinds.count && !kinds.contains(""))
            let links = LinkStatus.allCases.map { $0.label(t) }
            #expect(Set(links).count == links.count && !links.contains(""))
        }
        #expect(ItemStatus.inReview.label(.id) == "Dalam pemeriksaan")
        #expect(ItemStatus.inReview.label(.en) != ItemStatus.inReview.label(.id))
    }

    /// Values stored as text from another version, or a crafted `?ok=`, never show a catalogue key.
    @Test func storedValuesWithoutALabelShowThemselves() {
        #expect(StoredLabel.flash("content_saved", .id) == Texts.id.flash_content_saved)
        #expect(StoredLabel.flash("<script>", .id) == nil)
        #expect(StoredLabel.error(404, .id).title == Texts.id.error_title_404)
        #expect(StoredLabel.error(418, .id).title == Texts.id.error_title_500)
    }
}
