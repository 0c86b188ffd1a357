@testable import App

/// Content list models for the snapshots (`SnapshotTests`).
extension ContentListController.ListPage {
    static var mock: Self {
        Self(
            rows: [.init(href: "/content/1", title: "Rapat koordinasi", kind: "Liputan kegiatan", statusKey: "published", status: "Tayang", step: "–",
                         creator: "Budi", updated: "21 Nov 2026 10.00", planned: "21 Nov 2026 13.00")],
            filters: [.init(value: "published", label: "Tayang", selected: true)],
            kinds: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: true)],
            channels: [.init(value: "instagram", label: "Instagram", selected: false)],
            q: "rapat", from: "2026-11-01", to: "2026-11-30", filtered: true,
            canCreate: true, nextHref: "/content?q=rapat&kind=kegiatan&status=published&from=2026-11-01&to=2026-11-30&page=2", previousHref: nil)
    }
}
