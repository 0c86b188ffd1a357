import Domain
import Foundation
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Every date and time field carries its value in Indonesian words beside it (issue 13, item 10),
/// written by the server from the stored value or the one just sent back on a 422, whatever the
/// page's language; empty when the field is empty.
@Suite struct DateWordsTests {
    @Test func theAgendaFormShowsTheStoredAndTheRefusedValueInWords() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda(Fixtures.agendaFields(start: "2026-12-03T13:00", end: "2026-12-03T15:30"))
        try await app.as("admin-medsos") { browser in
            // check: the stored value
            let page = try await browser.get("/agenda/\(id)")
            #expect(page.contains("<output class=\"date-words\" for=\"starts_at\" data-zone=\"WIB\">Kamis, 3 Desember 2026 pukul 13.00 WIB</output>"))
            #expect(page.contains("<output class=\"date-words\" for=\"ends_at\" data-zone=\"WIB\">Kamis, 3 Desember 2026 pukul 15.30 WIB</output>"))
            // check: a new form has empty words
            #expect(try await browser.get("/agenda/new").contains("for=\"starts_at\" data-zone=\"WIB\"></output>"))
            // action: a refused form comes back with the words of what was sent
            let refused = try await browser.post("/agenda", Fixtures.agendaFields(title: "", start: "2026-12-04T08:05", end: "2026-12-04T09:00"))
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains(">Jumat, 4 Desember 2026 pukul 08.05 WIB</output>"))
        }
    }

    @Test func theWordsAreIndonesianOnAnEnglishPage() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await app.createAgenda(Fixtures.agendaFields(start: "2026-12-03T13:00", end: "2026-12-03T15:30"))
        try await app.as("admin-medsos") { browser in
            try await browser.get("/agenda")
            try await browser.post("/language", [("lang", "en"), ("next", "/agenda")])
            // action
            let page = try await browser.get("/agenda/\(id)")
            // check
            #expect(page.contains("<html lang=\"en\""))
            #expect(page.contains(">Kamis, 3 Desember 2026 pukul 13.00 WIB</output>"))
            let form = try await browser.get("/content/new?date=2026-12-03")
            #expect(form.contains(">Kamis, 3 Desember 2026 pukul 09.00 WIB</output>"))
        }
    }

    @Test func theDelegationFormShowsItsDaysInWords() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.as("kepala-biro") { browser in
            // check: the form starts today (Saturday 21 November 2026 on the test clock)
            #expect(try await browser.get("/delegations").contains("<output class=\"date-words\" for=\"starts_on\">Sabtu, 21 November 2026</output>"))
            // action: refused (ends before it starts), kept with its words
            let page = try await browser.post("/delegations", [("role", "kepala-biro"), ("to_user", "\(try app.userId("kepala-bagian"))"),
                                                                 ("starts_on", "2026-12-03"), ("ends_on", "2026-12-01")])
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("<output class=\"date-words\" for=\"starts_on\">Kamis, 3 Desember 2026</output>"))
            #expect(page.contains("<output class=\"date-words\" for=\"ends_on\">Selasa, 1 Desember 2026</output>"))
        }
    }

    @Test func theHolidayFormShowsItsDayInWords() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/admin/holidays?year=2026").contains("<output class=\"date-words\" for=\"day\"></output>"))
            // action: a refused day (no name) comes back with its words
            let bad = try await browser.post("/admin/holidays", [("day", "2026-12-03"), ("name", ""), ("kind", "libur")])
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("<output class=\"date-words\" for=\"day\">Kamis, 3 Desember 2026</output>"))
            // action: an impossible day has no words
            let impossible = try await browser.post("/admin/holidays", [("day", "2026-02-30"), ("name", "x"), ("kind", "libur")])
            #expect(impossible.contains("<output class=\"date-words\" for=\"day\"></output>"))
        }
    }

    @Test func theContentListFiltersShowTheirDaysInWords() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.as("admin-medsos") { browser in
            // action
            let page = try await browser.get("/content?from=2026-12-01&to=2026-12-03")
            // check
            #expect(page.contains("<output class=\"date-words\" for=\"filter_from\">Selasa, 1 Desember 2026</output>"))
            #expect(page.contains("<output class=\"date-words\" for=\"filter_to\">Kamis, 3 Desember 2026</output>"))
            #expect(try await browser.get("/content").contains("<output class=\"date-words\" for=\"filter_from\"></output>"))
        }
    }

    @Test func fieldWordsReadTheFieldsValues() {
        #expect(DateText.fieldWords("2026-12-03T13:00", zone: "WIB") == "Kamis, 3 Desember 2026 pukul 13.00 WIB")
        #expect(DateText.fieldWords("2026-12-03T00:05", zone: "WITA") == "Kamis, 3 Desember 2026 pukul 00.05 WITA")
        #expect(DateText.fieldWords("2026-12-03", zone: "WIB") == "Kamis, 3 Desember 2026")
        #expect(DateText.fieldWords("", zone: "WIB") == "")
        #expect(DateText.fieldWords("2026-13-03", zone: "WIB") == "")
        #expect(DateText.fieldWords("2026-12-03T25:00", zone: "WIB") == "")
        #expect(DateText.fieldWords("<script>", zone: "WIB") == "")
    }
}
