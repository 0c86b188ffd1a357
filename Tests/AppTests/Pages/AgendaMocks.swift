import Foundation
import Domain
@testable import App

/// Agenda page models for the snapshots (`SnapshotTests`).
extension AgendaController.ListPage {
    /// An importer's month, after a refused file.
    static var mock: Self {
        var page = Self(
            heading: "November 2026", month: "2026-11",
            rows: [.init(href: "/agenda/3", date: "Rabu, 25 November 2026", time: "09.00–11.00", title: "Rapat Koordinasi Humas", owner: "Kepala Biro",
                         location: "Balai Kota", needsCoverage: true, recurring: true, imported: true)],
            previousHref: "/agenda?month=2026-10", nextHref: "/agenda?month=2026-12", calendarHref: "/calendar?month=2026-11",
            importErrors: ["Berkas rapat.ics tidak dapat dibaca: bukan berkas iCalendar (tidak ada BEGIN:VCALENDAR)."], importLimitKB: 2048)
        page.canImport = true
        return page
    }

    /// A month fuller than a page: the first entries, a notice, and (not an importer) no import form.
    static var mockTruncated: Self {
        var page = mock
        page.canImport = false
        page.importErrors = []
        page.truncatedNotice = "Terlalu banyak acara agenda dalam rentang ini: hanya 300 yang pertama ditampilkan. Persempit rentangnya."
        return page
    }
}

extension AgendaController.ListPage {
    /// After a file was read: what importing it would do, before anything is stored (issue 13).
    static var mockPreview: Self {
        var page = mock
        page.importErrors = []
        let now = Date(timeIntervalSince1970: 1_795_230_000)
        func record(_ uid: String, _ title: String, hours: Double, location: String = "") -> AgendaItemRecord {
            AgendaItemRecord(id: nil, uid: uid, title: title, startsAt: now.addingTimeInterval(hours * 3600), endsAt: now.addingTimeInterval(hours * 3600 + 3600),
                             isAllDay: false, location: location, owner: "", notes: "", needsCoverage: false, rrule: nil, exdates: "", source: .ics,
                             createdBy: nil, createdAt: now, updatedAt: now)
        }
        var existing = record("1", "Rapat Koordinasi Humas", hours: 48, location: "Balai Kota")
        existing.id = 3
        page.preview = AgendaController.ImportPreview(
            plan: [(record("1", "Rapat Koordinasi Humas (diundur)", hours: 72, location: "Balai Kota"), .update(existing: existing)),
                   (record("2", "Kunjungan kerja ke Kepulauan Seribu", hours: 120), .add),
                   (record("3", "Apel pagi", hours: 24), .unchanged)],
            skipped: ["baris 14: acara tanpa DTSTART"], fileName: "agenda-sekda.ics", token: "tokenpratinjau",
            t: Texts.id, dates: DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jakarta")!))
        return page
    }
}

extension AgendaController.FormPage {
    /// Editing an entry, refused: it ends before it starts.
    static var mock: Self {
        var form = AgendaController.Form()
        form.title = "Rapat Koordinasi Humas"
        form.startsAt = "2026-11-25T09:00"
        form.endsAt = "2026-11-25T11:00"
        form.owner = "Kepala Biro"
        form.needsCoverage = true
        var page = Self(
            isNew: false, action: "/agenda/3", form: form, errors: ["Waktu selesai tidak boleh sebelum waktu mulai."], deleteAction: "/agenda/3/delete",
            recurring: false, imported: false, occurrence: "Rabu, 25 November 2026, 09.00 WIB",
            plans: [.init(label: "Buat liputan", href: "/content/new?agenda=3&plan=liputan", hint: "Konten kegiatan.")],
            linked: [.init(href: "/content/7", title: "Liputan: Rapat Koordinasi Humas", kind: "Liputan kegiatan", status: "Draf", statusKey: "draft")],
            calendarHref: "/calendar?month=2026-11")
        page.zone = "WIB"
        return page
    }
}
