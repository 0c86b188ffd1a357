@testable import App

/// Holiday administration models for the snapshots (`SnapshotTests`).
extension AdminHolidaysController.Page {
    static var mock: Self {
        Self(
            year: 2026, years: [.init(value: "2026", label: "2026", selected: true)],
            rows: [.init(id: 9, date: "2026-12-24", day: "Kamis, 24 Desember 2026", name: "Cuti Bersama Hari Raya Natal", kind: "Cuti bersama",
                         isJointLeave: true, deleteAction: "/admin/holidays/9/delete", editHref: "/admin/holidays?year=2026&edit=9#holiday-form")],
            form: .init(), formAction: "/admin/holidays", editing: false, kinds: [.init(value: "libur", label: "Libur nasional", selected: true)], errors: [],
            commemorations: [.init(monthDay: "11-10", date: "10 November", name: "Hari Pahlawan", basis: "Keppres 316/1959",
                                   deleteAction: "/admin/commemorations/4/delete", editHref: "/admin/holidays?year=2026&edit_commemoration=4#commemoration-form")],
            commemorationForm: .init(monthDay: "11-25", name: "Hari Guru Nasional", basis: ""), commemorationAction: "/admin/commemorations/5",
            editingCommemoration: true, importLimitKB: 512)
    }
}
