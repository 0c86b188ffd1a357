import Domain
import Foundation
import ViewRuntime

/// The "Kinerja" section of the item page: per archived link, its recorded snapshots and, for
/// those who may enter figures, a small form.
struct PostMetricsItemSection: Sendable {
    struct Field: Sendable {
        let name: String
        let id: String
        let label: String
        let value: String
    }
    struct Snapshot: Sendable {
        let asOf: String
        let source: String
        let recordedBy: String
        let values: [String]
        let rate: String
    }
    struct LinkBlock: Sendable {
        let linkId: Int64
        let anchor: String
        let headingId: String
        let channel: String
        let url: String
        let replaced: Bool
        let action: String
        let asOfId: String
        let asOf: String
        /// "H+1: 22 November 2026 · H+7: 28 November 2026"
        let hint: String
        let fields: [Field]
        let snapshots: [Snapshot]
        let errors: [String]
        /// The form was sent and refused: it opens with what was typed.
        let open: Bool
    }
    let canEnter: Bool
    let whoMayEnter: String
    let headers: [String]
    let links: [LinkBlock]
    /// `/evaluasi/kinerja`: how this post ranks among the others.
    var rankingHref: String = SiteURL.evaluationPerformance.path
}

/// What was typed into a link's "Kinerja" form, kept when it is refused.
struct PostMetricsInput: Sendable {
    var linkId: Int64
    var asOf: String
    var values: [PostMetrics.Field: String]
    var errors: [String]
}

/// The post-performance part of the evaluation: top and bottom posts by engagement rate per
/// channel and kind, and engagement by publishing hour and weekday. Its own page
/// (`/evaluasi/kinerja`) renders it with `partials/eval-performance`; the evaluation report can
/// include the same partial with the same model.
struct PerformanceSection: Sendable {
    struct PostRow: Sendable {
        let title: String
        let href: String
        let url: String
        let published: String
        let asOf: String
        let reach: String
        let engagements: String
        let rate: String
    }
    struct Group: Sendable {
        let id: String
        let heading: String
        let top: [PostRow]
        let bottom: [PostRow]
        let withoutRate: String?
    }
    struct TimingRow: Sendable {
        let label: String
        let posts: Int
        let rate: String
    }
    let period: String
    let postCount: Int
    /// "1 Oktober 2026 – 31 Desember 2026: 12 unggahan dengan angka kinerja."
    let summary: String
    let groups: [Group]
    let byHour: [TimingRow]
    let byWeekday: [TimingRow]
    /// The hour × weekday heat map, drawn by `PerformanceHeatmap`; its figures are `byHour`,
    /// `byWeekday` and `grid`.
    let heatmap: SafeHTML
    let grid: [TimingRow]
    let rateNote: String
}

/// `/evaluasi/kinerja`: the section, the period form, and the CSV import with its preview.
struct PerformancePage: Sendable {
    struct Shortcut: Sendable {
        let label: String
        let href: String
    }
    struct MatchRow: Sendable {
        let row: Int
        let title: String
        let href: String
        let channel: String
        let url: String
        let values: [String]
    }
    struct UnmatchedRow: Sendable {
        let row: Int
        let label: String
        let reason: String
    }
    struct Preview: Sendable {
        let fileName: String
        let platform: String
        let asOf: String
        let asOfValue: String
        let token: String
        let matched: [MatchRow]
        let unmatched: [UnmatchedRow]
        let summary: String
        let confirmAction: String
        let canConfirm: Bool
    }
    let from: String
    let to: String
    let action: String
    let shortcuts: [Shortcut]
    let section: PerformanceSection
    let canImport: Bool
    let importAction: String
    let importHint: String
    let asOf: String
    let importErrors: [String]
    let headers: [String]
    let preview: Preview?
}
