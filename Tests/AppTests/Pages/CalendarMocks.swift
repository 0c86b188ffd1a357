@testable import App

/// Calendar page models for the snapshots (`SnapshotTests`): one week with a commemoration, an
/// agenda entry and a late content item on the 25th.
extension CalendarController.Page {
    static var mockMonth: Self { mock(view: .month) }
    static var mockWeek: Self { mock(view: .week) }
    static var mockList: Self { mock(view: .list) }

    private static func entries(_ date: String) -> [CalendarController.EntryRow] {
        [
            .init(kind: "peringatan", date: date, kindLabel: "Hari peringatan", time: nil, title: "Hari Guru Nasional", href: nil, detail: "Keppres 78/1994",
                  statusKey: nil, status: nil, channels: nil, latestStart: nil, late: false, warnings: [],
                  actions: [.init(label: "Buat ucapan", href: "/content/new?plan=ucapan&date=\(date)&name=Hari%20Guru%20Nasional")],
                  needsCoverage: false, hasGreeting: false),
            .init(kind: "agenda", date: date, kindLabel: "Agenda pimpinan", time: "09.00–11.00", title: "Rapat Koordinasi Humas", href: "/agenda/3",
                  detail: "Kepala Biro · Balai Kota", statusKey: nil, status: nil, channels: nil, latestStart: nil, late: false, warnings: [],
                  actions: [.init(label: "Buat liputan", href: "/content/new?agenda=3&plan=liputan")], needsCoverage: true, hasGreeting: false),
            .init(kind: "content", date: date, kindLabel: "Konten", time: "13.00", title: "Liputan: Rapat Koordinasi Humas", href: "/content/7",
                  detail: nil, statusKey: "in_review", status: "Dalam pemeriksaan", channels: "Instagram, X", latestStart: "Mulai paling lambat 25 Nov 2026 10.25",
                  late: true, warnings: ["Aturan waktu SOP: Konten kegiatan diunggah pada hari kegiatan, setelah kegiatan selesai."], actions: [],
                  needsCoverage: false, hasGreeting: false),
        ]
    }

    private static func mock(view: CalendarController.View) -> Self {
        let days: [CalendarController.DayCell] = (23...29).map { number in
            let date = "2026-11-\(number)"
            return .init(date: date, number: number, label: "Hari \(number) November 2026", weekday: "Hari", isToday: number == 25, outside: false,
                         isWeekend: number >= 28, isDayOff: number >= 28, entries: number == 25 ? entries(date) : [],
                         createHref: "/content/new?date=\(date)")
        }
        return Self(
            view: view.rawValue, isMonth: view == .month, isWeek: view == .week, isList: view == .list,
            heading: view == .month ? "November 2026" : "Pekan 48: 23 November 2026 – 29 November 2026",
            previousHref: "/calendar?month=2026-10", nextHref: "/calendar?month=2026-12", todayHref: "/calendar?month=2026-11",
            monthHref: "/calendar?month=2026-11", weekHref: "/calendar?week=2026-W48", listHref: "/calendar?view=list&from=2026-11-01&to=2026-11-30",
            weekdayNames: ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"],
            weeks: view == .month ? [.init(label: "P48", days: days)] : [],
            days: view == .list ? days.filter { !$0.entries.isEmpty } : days,
            channelOptions: [.init(value: "instagram", label: "Instagram", selected: true)],
            statusOptions: [.init(value: "in_review", label: "Dalam pemeriksaan", selected: false)],
            kindOptions: [.init(value: "kegiatan", label: "Liputan kegiatan", selected: false)],
            hiddenView: [.init(name: "month", value: "2026-11")], filtered: true, clearHref: "/calendar?month=2026-11",
            lateCount: 1, warningCount: 1,
            legend: [.init(value: "agenda", label: "Agenda pimpinan", selected: false), .init(value: "content", label: "Konten", selected: false)])
    }
}
