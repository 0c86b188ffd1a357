import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The days off and commemorations (`/admin/holidays`, `/admin/commemorations`, the CSV import):
/// they move the office clock and the calendar; only administrators change them.
@Suite struct AdminHolidaysTests {
    @Test func holidaysAdminChangesTheOfficeClock() async throws {
        // setup
        let app = try await TestApp.dki()
        // check
        #expect(try app.database.holidays().count > 70, "the shipped days are loaded")
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/holidays?year=2026")
            // check
            #expect(page.contains("Hari Raya Natal"))
            // action
            let added = try await browser.post("/admin/holidays", [("day", "2026-11-23"), ("name", "Libur daerah"), ("kind", "libur")])
            // check
            #expect(added.location == "/admin/holidays?year=2026&ok=holiday_added")
            // action
            let bad = try await browser.post("/admin/holidays", [("day", "2026-02-30"), ("name", ""), ("kind", "x")])
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Tanggal tidak sah."))
        }
        #expect(!app.services.institution.officeCalendar.isWorkingDay(Day("2026-11-23")!))
    }

    @Test func correctingAHolidayMovesItOnTheOfficeClock() async throws {
        // setup
        let app = try await TestApp.dki()
        let christmas = try #require(try app.database.holidays().first { $0.day == "2026-12-25" && $0.kind == .libur })
        let id = try #require(christmas.id)
        // check
        #expect(!app.isWorkingDay("2026-12-25"))
        #expect(app.isWorkingDay("2026-12-28"))
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let form = try await browser.get("/admin/holidays?year=2026&edit=\(id)")
            // check
            #expect(form.contains("action=\"/admin/holidays/\(id)\""))
            #expect(form.contains("value=\"2026-12-25\""))
            // action
            let moved = try await browser.post("/admin/holidays/\(id)", [("day", "2026-12-28"), ("name", christmas.name), ("kind", "libur")])
            // check
            #expect(moved.status == .seeOther)
            #expect(moved.location == "/admin/holidays?year=2026&ok=holiday_corrected")
            // action
            let bad = try await browser.post("/admin/holidays/\(id)", [("day", "2026-12-32"), ("name", christmas.name), ("kind", "libur")])
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Tanggal tidak sah."))
            #expect(try await browser.post("/admin/holidays/999999", [("day", "2026-12-28"), ("name", "X"), ("kind", "libur")]).status == .notFound)
            // action
            let december = try await browser.get("/calendar?month=2026-12")
            // check
            #expect(CalendarReader.entries(december.body, kind: "libur", titled: "Hari Raya Natal").map(\.date) == ["2026-12-28"])
        }
        #expect(app.isWorkingDay("2026-12-25"), "the old day is a working day again")
        #expect(!app.isWorkingDay("2026-12-28"))
        #expect(try app.database.holiday(id: id)?.day == "2026-12-28")
    }

    @Test func aCSVOfDaysIsImportedWholeOrNotAtAll() async throws {
        // setup
        let app = try await TestApp.dki()
        let before = try app.database.holidays().count
        let good = Fixtures.bytes("date,name_id,kind\r\n2026-11-23,Libur daerah uji,libur\r\n2026-11-24,\"Cuti bersama, uji\",cuti_bersama\r\n")
        let bad = Fixtures.bytes("date,name_id,kind\n2026-11-30,Libur yang baik,libur\n2026-02-30,Tanggal salah,libur\n")
        let commemorations = Fixtures.bytes("month_day,name_id,kind,basis\n06-15,Hari Uji Coba,peringatan,Keppres 1/2026\n")
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/holidays")
            let refused = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "libur.csv", "text/csv", bad)])
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("Baris data ke-2: tanggal tidak sah. Tidak ada yang diubah."))
            #expect(try app.database.holidays().count == before)
            #expect(app.isWorkingDay("2026-11-30"), "not even the good row was stored")

            // action
            let header = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "x.csv", "text/csv", Fixtures.bytes("tanggal,nama\n2026-11-30,X\n"))])
            // check
            #expect(header.status == .unprocessableContent)
            #expect(try await browser.postMultipart("/admin/holidays/import", [], files: []).status == .unprocessableContent)

            // action
            let added = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "libur.csv", "text/csv", good)])
            // check
            #expect(added.status == .seeOther)
            #expect(added.location == "/admin/holidays?year=2026&ok=days_imported")
            // action
            let shown = try await browser.get("/admin/holidays?year=2026")
            // check
            #expect(shown.contains("Libur daerah uji"))
            #expect(shown.contains("Cuti bersama, uji"))

            // action
            let days = try await browser.postMultipart("/admin/holidays/import", [], files: [("file", "peringatan.csv", "text/csv", commemorations)])
            // check
            #expect(days.status == .seeOther)
            // action
            let june = try await browser.get("/calendar?month=2026-06")
            // check
            #expect(CalendarReader.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-15"])

            // action
            let forged = try await browser.postMultipart("/admin/holidays/import", [("csrf_token", "forged")],
                                                         files: [("file", "libur.csv", "text/csv", good)], csrf: false)
            // check
            #expect(forged.status == .forbidden)
        }
        #expect(try app.database.holidays().count == before + 2)
        #expect(!app.isWorkingDay("2026-11-23"))
        #expect(!app.isWorkingDay("2026-11-24"))
        // action
        try await app.as("admin-medsos") { browser in
            let november = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(CalendarReader.entries(november.body, kind: "libur", titled: "Libur daerah uji").map(\.date) == ["2026-11-23"])
            #expect(CalendarReader.entries(november.body, kind: "cuti_bersama", titled: "Cuti bersama, uji").map(\.date) == ["2026-11-24"])
        }
    }

    @Test func commemorationsAreAddedEditedAndDeleted() async throws {
        // setup
        let app = try await TestApp.dki()
        let before = try app.database.commemorations().count
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/holidays")
            let added = try await browser.post("/admin/commemorations", [("month_day", "06-15"), ("name", "Hari Uji Coba"), ("basis", "Keppres 1/2026")])
            // check
            #expect(added.status == .seeOther)
            #expect(added.location == "/admin/holidays?ok=commemoration_saved#commemorations")
            let record = try #require(try app.database.commemorations().first { $0.name == "Hari Uji Coba" })
            let id = try #require(record.id)
            #expect(record.monthDay == "06-15")
            #expect(CalendarReader.entries(try await browser.get("/calendar?month=2026-06").body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-15"])
            #expect(CalendarReader.entries(try await browser.get("/calendar?month=2027-06").body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2027-06-15"],
                    "every year")

            // action
            let edit = try await browser.get("/admin/holidays?edit_commemoration=\(id)")
            // check
            #expect(edit.contains("action=\"/admin/commemorations/\(id)\""))
            // action
            // A date field's YYYY-MM-DD is taken as its month and day.
            let moved = try await browser.post("/admin/commemorations/\(id)", [("month_day", "2026-06-16"), ("name", "Hari Uji Coba Diubah"), ("basis", "")])
            // check
            #expect(moved.status == .seeOther)
            // action
            let june = try await browser.get("/calendar?month=2026-06")
            // check
            #expect(CalendarReader.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba Diubah").map(\.date) == ["2026-06-16"])
            #expect(CalendarReader.entries(june.body, kind: "peringatan", titled: "Hari Uji Coba").map(\.date) == ["2026-06-16"], "no copy left on the old day")
            #expect(try app.database.commemorations().count == before + 1, "edited in place")

            // action
            for monthDay in ["13-01", "02-30", "6-15", "xx-yy", ""] {
                let bad = try await browser.post("/admin/commemorations", [("month_day", monthDay), ("name", "Hari Salah"), ("basis", "")])
                // check
                #expect(bad.status == .unprocessableContent, "\(monthDay)")
                #expect(bad.contains("Bulan-tanggal harus berbentuk BB-HH"), "\(monthDay)")
                #expect(bad.contains("value=\"Hari Salah\""), "the form is kept")
            }
            // action
            let noName = try await browser.post("/admin/commemorations/\(id)", [("month_day", "06-16"), ("name", " "), ("basis", "")])
            // check
            #expect(noName.status == .unprocessableContent)
            #expect(try await browser.post("/admin/commemorations/999999", [("month_day", "06-16"), ("name", "X")]).status == .notFound)

            // action
            let deleted = try await browser.post("/admin/commemorations/\(id)/delete")
            // check
            #expect(deleted.status == .seeOther)
            #expect(deleted.location == "/admin/holidays?ok=commemoration_deleted#commemorations")
            #expect(CalendarReader.entries(try await browser.get("/calendar?month=2026-06").body).filter { $0.has("Hari Uji Coba") }.isEmpty)
            #expect(try await browser.post("/admin/commemorations/\(id)/delete").status == .notFound)
        }
        #expect(try app.database.commemorations().count == before)
        #expect(!(try app.database.commemorations().contains { $0.name == "Hari Salah" }))
    }

    @Test func onlyAdministratorsChangeTheDaysOff() async throws {
        // setup
        let app = try await TestApp.dki()
        let christmas = try #require(try app.database.holidays().first { $0.day == "2026-12-25" }?.id)
        let pahlawan = try #require(try app.database.commemorations().first { $0.name == "Hari Pahlawan" }?.id)
        let holidaysBefore = try app.database.holidays()
        let commemorationsBefore = try app.database.commemorations()
        // action
        try await app.as("kepala-biro") { browser in
            // check
            #expect(try await browser.get("/admin/holidays").status == .forbidden)
            // action
            try await browser.get("/agenda")
            // check
            #expect(try await browser.post("/admin/holidays", [("day", "2026-11-23"), ("name", "X"), ("kind", "libur")]).status == .forbidden)
            #expect(try await browser.post("/admin/holidays/\(christmas)", [("day", "2026-12-28"), ("name", "X"), ("kind", "libur")]).status == .forbidden)
            #expect(try await browser.post("/admin/holidays/\(christmas)/delete").status == .forbidden)
            #expect(try await browser.post("/admin/commemorations", [("month_day", "06-15"), ("name", "X")]).status == .forbidden)
            #expect(try await browser.post("/admin/commemorations/\(pahlawan)", [("month_day", "06-15"), ("name", "X")]).status == .forbidden)
            #expect(try await browser.post("/admin/commemorations/\(pahlawan)/delete").status == .forbidden)
            // action
            let upload = try await browser.postMultipart("/admin/holidays/import", [],
                                                         files: [("file", "x.csv", "text/csv", Fixtures.bytes("date,name_id,kind\n2026-11-23,X,libur\n"))])
            // check
            #expect(upload.status == .forbidden)
        }
        #expect(try app.database.holidays() == holidaysBefore)
        #expect(try app.database.commemorations() == commemorationsBefore)
    }

    /// Moved from the browser suite (`test_non_admin_is_refused_the_days_and_settings_pages`, check A4
    /// of issue 12).
    @Test func aNonAdministratorCannotAddADayOff() async throws {
        // setup
        let app = try await TestApp.dki()
        let name = "Uji bukan admin t4b1"
        // action
        let answer = try await app.runAs("kepala-biro") { browser in
            try await browser.get("/")
            return try await browser.post("/admin/holidays", [("day", "2031-07-07"), ("name", name), ("kind", "libur")]).status
        }
        // check
        #expect(answer == .forbidden)
        let stored = try await app.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT day, name FROM holiday WHERE name LIKE ?", arguments: ["%t4b1%"])
        }
        #expect(stored.isEmpty)
    }

    /// Moved from the browser suite (`test_non_admin_is_refused_the_days_and_settings_pages`, check A5
    /// of issue 12).
    @Test func aNonAdministratorCannotAddACommemoration() async throws {
        // setup
        let app = try await TestApp.dki()
        let name = "Uji bukan admin t5c2"
        // action
        let answer = try await app.runAs("kepala-biro") { browser in
            try await browser.get("/")
            return try await browser.post("/admin/commemorations", [("month_day", "07-07"), ("name", name), ("basis", "")]).status
        }
        // check
        #expect(answer == .forbidden)
        let stored = try await app.database.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT monthDay, name FROM commemoration WHERE name LIKE ?", arguments: ["%t5c2%"])
        }
        #expect(stored.isEmpty)
    }

    // MARK: - Sent nonsense

    @Test func adminDaysWithJunk() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("admin days")
        let holiday = try #require(try app.database.holidays().first)
        let holidayId = try #require(holiday.id)
        let commemoration = try #require(try app.database.commemorations().first)
        let commemorationId = try #require(commemoration.id)
        let holidaysBefore = try app.count("holiday")
        let typedName = "Hari <b>uji</b> & \"kutip\""
        // action
        try await app.asAdmin { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/admin/holidays")
            // check
            // Correcting a day: unknown ids, junk fields.
            for junk in Garbage.junkIds {
                Garbage.refused(try await probe.post("/admin/holidays/\(junk)", [("day", "2026-12-25"), ("name", "x"), ("kind", "libur")]),
                                "POST /admin/holidays/\(junk)", status: 404, says: ["Hari itu tidak ada lagi"])
                Garbage.refused(try await probe.post("/admin/commemorations/\(junk)/delete"), "POST /admin/commemorations/\(junk)/delete", status: 404,
                                says: ["Hari itu tidak ada lagi"])
            }
            // An edit address whose id is not a number is taken for the "add" form: a new day is stored.
            for junk in Garbage.junkIds {
                let before = try app.count("commemoration")
                // action
                let page = try await probe.post("/admin/commemorations/\(junk)", [("month_day", "11-10"), ("name", "Sunting \(junk)")])
                // check
                let after = try app.count("commemoration")
                if Int64(junk) != nil {
                    Garbage.refused(page, "POST /admin/commemorations/\(junk)", status: 404, says: ["Hari itu tidak ada lagi"])
                    #expect(after == before)
                } else {
                    do {
                        Garbage.refused(page, "POST /admin/commemorations/\(junk)", status: 404, says: ["Hari itu tidak ada lagi"])
                        #expect(after == before, "POST /admin/commemorations/\(junk) stored a new commemoration")
                    }
                }
            }
            let commemorationsBeforeForms = try app.count("commemoration")
            let holidayCases: [(String, [(String, String)], [String])] = [
                ("empty", [], ["Tanggal tidak sah.", "Nama hari libur wajib diisi.", "Pilih jenis hari libur."]),
                ("Feb 30", [("day", "2026-02-30"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("year 0", [("day", "0000-00-00"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("datetime", [("day", "2026-12-25T00:00"), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
                ("kind junk", [("day", "2026-12-25"), ("name", typedName), ("kind", "<script>")], ["Pilih jenis hari libur."]),
                ("kind repeated", [("day", "2026-12-25"), ("name", typedName), ("kind", "fly"), ("kind", "libur")], ["Pilih jenis hari libur."]),
                ("blank name", [("day", "2026-12-25"), ("name", "   "), ("kind", "libur")], ["Nama hari libur wajib diisi."]),
                ("huge day", [("day", String(repeating: "2", count: 10_000)), ("name", typedName), ("kind", "libur")], ["Tanggal tidak sah."]),
            ]
            // action
            for (label, fields, texts) in holidayCases {
                for path in ["/admin/holidays", "/admin/holidays/\(holidayId)"] {
                    let page = try await probe.post(path, fields)
                    // check
                    Garbage.refused(page, "\(path) \(label)", status: 422, says: texts)
                    if fields.contains(where: { $0 == ("name", typedName) }) { Garbage.kept(page, typedName, "\(path) \(label)") }
                }
            }
            let commemorationCases: [(String, [(String, String)], [String])] = [
                ("02-30", [("month_day", "02-30"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("13-01", [("month_day", "13-01"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("00-00", [("month_day", "00-00"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("1-1", [("month_day", "1-1"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("2026-02-30", [("month_day", "2026-02-30"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("2026-13-01", [("month_day", "2026-13-01"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
                ("empty name", [("month_day", "11-10"), ("name", "")], ["Nama hari libur wajib diisi."]),
                ("both", [("month_day", "99-99"), ("name", " ")], ["Bulan-tanggal harus berbentuk BB-HH", "Nama hari libur wajib diisi."]),
                ("nothing", [], ["Bulan-tanggal harus berbentuk BB-HH", "Nama hari libur wajib diisi."]),
                ("unicode", [("month_day", "１１-１０"), ("name", typedName)], ["Bulan-tanggal harus berbentuk BB-HH"]),
            ]
            // action
            for (label, fields, texts) in commemorationCases {
                for path in ["/admin/commemorations", "/admin/commemorations/\(commemorationId)"] {
                    let page = try await probe.post(path, fields)
                    // check
                    Garbage.refused(page, "\(path) \(label)", status: 422, says: texts)
                    if fields.contains(where: { $0 == ("name", typedName) }) { Garbage.kept(page, typedName, "\(path) \(label)") }
                    if let monthDay = fields.first(where: { $0.0 == "month_day" })?.1 { Garbage.kept(page, monthDay, "\(path) \(label) month_day") }
                }
            }
            #expect(try app.count("holiday") == holidaysBefore)
            #expect(try app.count("commemoration") == commemorationsBeforeForms)
            #expect(try app.database.holidays().first { $0.id == holidayId } == holiday, "refused corrections changed nothing")
            #expect(try app.database.commemorations().first { $0.id == commemorationId } == commemoration, "refused corrections changed nothing")

            // action
            // Any ten characters ending in MM-DD pass for a date field's YYYY-MM-DD.
            for junk in ["xxxxx11-10", "<b>x>11-10", "2026/11-10"] {
                let page = try await probe.post("/admin/commemorations/\(commemorationId)", [("month_day", junk), ("name", typedName)])
                // check
                do {
                    Garbage.refused(page, "month_day \(junk)", status: 422, says: ["Bulan-tanggal harus berbentuk BB-HH"])
                }
            }

            // A 10,000-character name: the field allows 200, the server must not store a silent cut.
            let longName = String(repeating: "n", count: 10_000)
            // action
            let long = try await probe.post("/admin/commemorations", [("month_day", "11-11"), ("name", longName)])
            // check
            #expect(long.status.code < 500)
            do {
                Garbage.refused(long, "10k name", status: 422, says: [Garbage.words.formErrors])
            }
            // action
            let longHoliday = try await probe.post("/admin/holidays", [("day", "2026-12-30"), ("name", longName), ("kind", "libur")])
            // check
            #expect(longHoliday.status.code < 500)
            do {
                Garbage.refused(longHoliday, "10k holiday name", status: 422, says: [Garbage.words.formErrors])
            }
            // action
            // A date field's full YYYY-MM-DD is read as its month and day (by design): accepted.
            let dated = try await probe.post("/admin/commemorations", [("month_day", "2026-11-10"), ("name", "Hari Pahlawan uji")])
            // check
            #expect(dated.status == .seeOther, "YYYY-MM-DD is accepted as MM-DD: \(dated.status)")

            // Days the list page cannot show (it clamps the year to 1900…9999): a day stored there can be neither seen nor deleted.
            for day in ["0000-01-01", "-001-01-01", "1899-12-31", "+999-01-01"] {
                let name = "Libur tahun \(day)"
                // action
                let page = try await probe.post("/admin/holidays", [("day", day), ("name", name), ("kind", "libur")])
                // check
                #expect(page.status.code < 500)
                if let location = page.location {
                    let shown = try await probe.get(location)
                    do {
                        #expect(shown.contains(name), "\(day): the stored day is not on the page the form sends to")
                    }
                } else {
                    Garbage.refused(page, "holiday day=\(day)", status: 422, says: ["Tanggal tidak sah."])
                }
            }
            // A leap day marked every year, over leap and common years.
            #expect(try await probe.post("/admin/commemorations", [("month_day", "02-29"), ("name", "Hari kabisat uji")]).status == .seeOther)
            for month in ["2027-02", "2027-03", "2028-02", "9999-02", "1900-02"] {
                #expect(try await probe.get("/calendar?month=\(month)").status == .ok, "calendar \(month) with a 02-29 commemoration")
            }
            #expect(try await probe.get("/calendar?view=list&from=2027-01-01&to=2027-12-31").status == .ok)

            // Deleting twice.
            let extra = try #require(try app.database.commemorations().first { $0.name == "Hari Pahlawan uji" }?.id)
            #expect(try await probe.post("/admin/commemorations/\(extra)/delete").status == .seeOther)
            Garbage.refused(try await probe.post("/admin/commemorations/\(extra)/delete"), "second commemoration delete", status: 404, says: ["Hari itu tidak ada lagi"])
            Garbage.refused(try await probe.post("/admin/commemorations/\(extra)", [("month_day", "11-10"), ("name", "Sunting yang terhapus")]),
                            "edit of a deleted commemoration", status: 404, says: ["Hari itu tidak ada lagi"])

            // The list page with junk.
            for raw in ["?year=-1", "?year=99999999999999999999", "?year=abc", "?year=0", "?year=10000", "?edit=-1", "?edit=abc", "?edit_commemoration=99999999999999999999",
                        "?edit=\(holidayId)&edit_commemoration=\(commemorationId)&year=x", "?year=%00"] {
                #expect(try await probe.get("/admin/holidays" + raw).status == .ok, "/admin/holidays\(raw)")
            }
        }
        tally.report()
    }

    @Test func adminDaysImportWithJunkFiles() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("admin days import")
        let holidaysBefore = try app.count("holiday")
        let commemorationsBefore = try app.count("commemoration")
        let rows10k = "date,name_id,kind\n" + (0..<10_000).map { "2027-01-\(String(format: "%02d", $0 % 28 + 1)),Hari \($0),libur" }.joined(separator: "\n")
        let files: [(label: String, name: String, bytes: [UInt8], says: [String], status: Int)] = [
            ("empty", "kosong.csv", [], ["Pilih berkas yang akan diimpor."], 422),
            ("BOM only", "bom.csv", [0xEF, 0xBB, 0xBF], ["Berkas kosong."], 422),
            ("BOM and newline", "bom2.csv", [0xEF, 0xBB, 0xBF, 0x0D, 0x0A], ["Berkas kosong."], 422),
            ("binary", "biner.csv", (0..<2048).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }, ["Berkas ini bukan teks UTF-8."], 422),
            ("wrong header", "judul.csv", Array("tgl,nama,jenis\n2027-01-01,Tahun Baru,libur\n".utf8), ["Judul kolom"], 422),
            ("header only junk", "junk.csv", Array("<script>alert(1)</script>\n".utf8), ["Judul kolom"], 422),
            ("HTML page", "page.csv", Array("<!doctype html><html><body>hi</body></html>".utf8), ["Judul kolom"], 422),
            ("bad date row", "tgl.csv", Array("date,name_id,kind\n2027-02-30,Salah,libur\n".utf8), ["Baris data ke-1: tanggal tidak sah."], 422),
            ("bad kind row", "jenis.csv", Array("date,name_id,kind\n2027-01-01,Tahun Baru,pesta\n".utf8), ["jenis tidak sah"], 422),
            ("empty name row", "nama.csv", Array("date,name_id,kind\n2027-01-01,,libur\n".utf8), ["nama tidak sah"], 422),
            ("10k-char name", "panjang.csv", Array(("date,name_id,kind\n2027-01-01," + String(repeating: "n", count: 10_000) + ",libur\n").utf8), ["nama tidak sah"], 422),
            ("too few columns", "kolom.csv", Array("date,name_id,kind\n2027-01-01\n".utf8), ["Baris data ke-1"], 422),
            ("commemoration 02-30", "peringatan.csv", Array("month_day,name_id,kind,basis\n02-30,Salah,peringatan,\n".utf8), ["Baris data ke-1"], 422),
            ("commemoration 13-01", "peringatan2.csv", Array("month_day,name_id,kind,basis\n13-01,Salah,peringatan,\n".utf8), ["Baris data ke-1"], 422),
            ("unclosed quote", "kutip.csv", Array("date,name_id,kind\n2027-01-01,\"Tahun Baru,libur\n".utf8), [], 422),
            ("10,000 rows", "banyak.csv", Array(rows10k.utf8), ["Lebih dari 2000 baris."], 422),
            ("huge", "besar.csv", [UInt8](repeating: 0x61, count: AdminHolidaysController.importLimit + 1), ["Berkas terlalu besar (paling besar 512 KB)."], 413),
            ("3 MB", "besar3.csv", [UInt8](repeating: 0x61, count: 3 * 1024 * 1024), ["Berkas terlalu besar"], 413),
        ]
        // action
        try await app.asAdmin { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/admin/holidays")
            for file in files {
                let page = try await probe.upload("/admin/holidays/import", [], file: file.name, type: "text/csv", bytes: file.bytes)
                // check
                Garbage.refused(page, "days import \(file.label)", status: file.status, says: file.says)
                #expect(!page.body.contains("<script>alert(1)"), "\(file.label) echoed raw")
            }
            Garbage.refused(try await probe.upload("/admin/holidays/import", [], file: nil), "days import without a file", status: 422, says: ["Pilih berkas"])
            Garbage.refused(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n".utf8), csrf: false),
                            "days import without token", status: 403, says: [Garbage.words.csrf])
            // action
            try await probe.get("/admin/holidays")
            // check
            Garbage.refused(try await probe.post("/admin/holidays/import", [("file", "date,name_id,kind")]), "days import urlencoded", status: 400, says: [Garbage.words.malformed])
        }
        #expect(try app.count("holiday") == holidaysBefore, "no refused import stored a holiday")
        #expect(try app.count("commemoration") == commemorationsBefore, "no refused import stored a commemoration")

        // action
        // Not the administrator: refused before anything is read.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda")
            // check
            Garbage.refused(try await probe.upload("/admin/holidays/import", [], file: "a.csv", type: "text/csv", bytes: Array("date,name_id,kind\n2027-01-01,X,libur\n".utf8)),
                            "kepala-biro days import", status: 403, says: [Garbage.words.adminOnly])
            for (path, fields) in [("/admin/holidays/1", [("day", "2027-01-01"), ("name", "X"), ("kind", "libur")]), ("/admin/commemorations", [("month_day", "11-10"), ("name", "X")]),
                                   ("/admin/commemorations/1", [("month_day", "11-10"), ("name", "X")]), ("/admin/commemorations/1/delete", []),
                                   ("/admin/holidays/999999", []), ("/admin/commemorations/abc/delete", [])] {
                Garbage.refused(try await probe.post(path, fields), "kepala-biro \(path)", status: 403, says: [Garbage.words.adminOnly])
            }
        }
        #expect(try app.count("holiday") == holidaysBefore)
        #expect(try app.count("commemoration") == commemorationsBefore)
        tally.report()
    }
}
