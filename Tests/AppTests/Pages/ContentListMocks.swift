@testable import App

/// Content list models for the snapshots (`SnapshotTests`).
extension ContentListController.ListPage {
    static var mock: Self {
        Self(
            rows: [.init(href: "/content/1", title: "Rapat koordinasi", kind: "Liputan kegiatan", statusKey: "published", status: "Tayang", step: "–",
                         creator: "Budi", updated: "21 Nov 2026 10.00")],
            filters: [.init(value: "published", label: "Tayang", selected: true)], canCreate: true, nextHref: "/content?page=2", previousHref: nil)
    }
}
