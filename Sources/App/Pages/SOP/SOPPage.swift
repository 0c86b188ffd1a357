import Domain
import Foundation

/// What `/workflow/sop` and `/workflow/sop/compare` show around the document.
extension SOPController {
    struct VersionLink: Sendable {
        let number: Int
        let href: String
        let date: String
        let shown: Bool
        let current: Bool
        /// The findings the revision answers: "diubah karena temuan #N: subject" (issue 15).
        var findings: [WorkflowController.FindingLink] = []
    }
    struct Page: Sendable {
        let document: SOPDocument
        let isCurrent: Bool
        /// The viewer may set "Tgl. efektif" and mark the version "disahkan".
        let canApprove: Bool
        let approved: Bool
        /// The date field as stored (`YYYY-MM-DD`) or as typed after a refusal.
        let effectiveValue: String
        let errors: [String]
        let versions: [VersionLink]
        let compareFrom: [ChoiceOption]
        let compareTo: [ChoiceOption]
        let isAdmin: Bool
    }
    struct ComparePage: Sendable {
        let from: Int
        let to: Int
        let fromHref: String
        let toHref: String
        let changes: [String]
    }
}
