import Domain
import Foundation
import HTTPTypes
import Testing
@testable import App

extension TestApp {
    /// A Kendal institution (monitoring rounds on) with one account per role, named after it:
    /// `pengelola-ti` is the monitor, `bidang` a division member.
    static func kendalRounds() async throws -> TestApp {
        let app = try await TestApp.make(preset: .kendal)
        for role in SOPPreset.kendal.roles { try await app.addUser(role.key.rawValue, roles: [role.key]) }
        return app
    }
}

/// Monitoring rounds (`/pesan/ronde`) and "Tugas saya"'s round reminder.
@Suite struct IncomingRoundsTests {
    @Test func theMonitorRecordsTheCurrentRoundOnceAndHomeStopsAsking() async throws {
        // setup: Monday 23 November 2026, 08:30, inside the pagi window
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T08:30")
        try await app.as("pengelola-ti") { browser in
            // check
            let home = try await browser.get("/")
            #expect(home.contains("id=\"round-due\"") && home.contains("data-round=\"pagi\""))
            let before = try await browser.get("/pesan/ronde")
            #expect(before.status == .ok)
            #expect(before.contains("data-round=\"pagi\" data-status=\"current\""))
            // action
            let recorded = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("channels", "x"), ("new_messages", "2"), ("note", "")])
            // check
            #expect(recorded.location == "/pesan/ronde?ok=round_recorded")
            let after = try await browser.get("/pesan/ronde")
            #expect(after.contains("data-round=\"pagi\" data-status=\"done\""))
            #expect(after.contains("2 pesan baru"))
            let answer1 = try await browser.get("/")
            #expect(!answer1.contains("id=\"round-due\""))
            // action: a double submit
            let again = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("new_messages", "2")])
            // check
            #expect(again.status == .conflict)
            #expect(again.contains("Putaran ini sudah dicatat."))
        }
        let rows = try app.database.monitoringRounds(from: Day("2026-11-23")!, through: Day("2026-11-23")!)
        #expect(rows.count == 1)
        #expect(rows.first?.round.newMessages == 2)
    }

    @Test func zeroNewMessagesIsAValidRound() async throws {
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T11:45")
        try await app.as("pengelola-ti") { browser in
            _ = try await browser.get("/pesan/ronde")
            let recorded = try await browser.post("/pesan/ronde", [("round", "siang"), ("channels", "website"), ("new_messages", "0")])
            #expect(recorded.location == "/pesan/ronde?ok=round_recorded")
        }
    }

    @Test func aRoundNotRecordedInItsWindowIsMissedAndLateOnceRecorded() async throws {
        // setup: 10:30, the pagi window (08:00–10:00) is over
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T10:30")
        try await app.as("pengelola-ti") { browser in
            // check
            let page = try await browser.get("/pesan/ronde")
            #expect(page.contains("data-round=\"pagi\" data-status=\"missed\""))
            #expect(page.contains("Terlewat"))
            #expect(page.contains("data-round=\"sore\" data-status=\"upcoming\""))
            // action
            let recorded = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("new_messages", "1")])
            // check
            #expect(recorded.location == "/pesan/ronde?ok=round_recorded")
            let answer2 = try await browser.get("/pesan/ronde")
            #expect(answer2.contains("data-round=\"pagi\" data-status=\"late\""))
        }
    }

    @Test func badInputKeepsTheFormWith422AndOthersGet403() async throws {
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T08:30")
        try await app.as("pengelola-ti") { browser in
            _ = try await browser.get("/pesan/ronde")
            let bad = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("new_messages", "dua"), ("note", "akun IG dicek")])
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Isi jumlah pesan baru dengan angka 0 atau lebih."))
            #expect(bad.contains("value=\"dua\"") && bad.contains("akun IG dicek"))
            let negative = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("new_messages", "-3")])
            #expect(negative.status == .unprocessableContent)
            let noChannel = try await browser.post("/pesan/ronde", [("round", "pagi"), ("new_messages", "1")])
            #expect(noChannel.status == .unprocessableContent)
            #expect(noChannel.contains("Centang paling sedikit satu kanal"))
            let unknown = try await browser.post("/pesan/ronde", [("round", "malam"), ("channels", "instagram"), ("new_messages", "1")])
            #expect(unknown.status == .unprocessableContent)
            // A round of today may be recorded before its window (the domain counts early as done).
            let early = try await browser.post("/pesan/ronde", [("round", "sore"), ("channels", "instagram"), ("new_messages", "1")])
            #expect(early.location == "/pesan/ronde?ok=round_recorded")
        }
        try await app.as("bidang") { browser in
            let page = try await browser.get("/pesan/ronde")
            #expect(page.status == .ok)
            #expect(!page.contains("id=\"round-form\""))
            let answer3 = try await browser.get("/")
            #expect(!answer3.contains("id=\"round-due\""))
            let refused = try await browser.post("/pesan/ronde", [("round", "pagi"), ("channels", "instagram"), ("new_messages", "1")])
            #expect(refused.status == .forbidden)
        }
        #expect(try app.database.monitoringRounds(from: Day("2026-11-23")!, through: Day("2026-11-23")!).map(\.round.roundKey) == ["sore"])
    }

    @Test func roundsOffRefusesInWords() async throws {
        let app = try await TestApp.dki()
        app.clock.set("2026-11-23T08:30")
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/pesan/ronde")
            #expect(page.status == .ok)
            #expect(page.contains("id=\"rounds-off\""))
        }
    }
}

/// `/admin/pesan`: rounds, follow-up steps and divisions; administrators only.
@Suite struct AdminIncomingTests {
    @Test func onlyAdministratorsSeeTheSettings() async throws {
        let app = try await TestApp.kendalRounds()
        try await app.as("pengelola-ti") { browser in
            let answer4 = try await browser.get("/admin/pesan")
            #expect(answer4.status == .forbidden)
            let answer5 = try await browser.post("/admin/pesan", [("monitoring_enabled", "on")])
            #expect(answer5.status == .forbidden)
            let answer6 = try await browser.post("/admin/pesan/bidang", [("name", "Bidang X")])
            #expect(answer6.status == .forbidden)
        }
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/pesan")
            #expect(page.status == .ok)
            #expect(page.contains("name=\"round_name\" value=\"Pagi\""))
            #expect(page.contains("href=\"/admin/pesan\""), "linked in the admin menu")
        }
    }

    static func fields(_ rounds: [(String, String, String, String)], standard: String = "60") -> [(String, String)] {
        var fields: [(String, String)] = [("monitoring_enabled", "on"), ("standard_minutes", standard)]
        for round in rounds {
            fields += [("round_key", round.0), ("round_name", round.1), ("round_start", round.2), ("round_end", round.3)]
        }
        let workflow = FollowUpWorkflow.kendal()
        for step in workflow.steps {
            fields += [("step_name_\(step.kind.rawValue)", step.name), ("step_role_\(step.kind.rawValue)", step.roleKey?.rawValue ?? ""),
                       ("step_minutes_\(step.kind.rawValue)", step.standardMinutes.map(String.init) ?? "")]
        }
        fields += [("category_minutes_keluhan", "300")]
        return fields
    }

    @Test func roundsAreSavedAndBadTimesKeepTheFormWith422() async throws {
        let app = try await TestApp.kendalRounds()
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/pesan")
            // action: a new round on the blank row
            let saved = try await browser.post("/admin/pesan", Self.fields([("pagi", "Pagi", "08:00", "10:00"), ("", "Malam Hari", "19:00", "21:00")]))
            // check
            #expect(saved.location == "/admin/pesan?ok=settings_saved")
            // action
            let bad = try await browser.post("/admin/pesan", Self.fields([("pagi", "Pagi", "10:00", "08:00"), ("", "Sore", "25:00", "16:00")], standard: "x"))
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Putaran 1: jam selesai harus setelah jam mulai."))
            #expect(bad.contains("Putaran 2: tulis jam mulai dan selesai"))
            #expect(bad.contains("value=\"25:00\""), "the form is kept")
        }
        let settings = try app.database.incomingSettings()
        #expect(settings.monitoring.rounds.map(\.key) == ["pagi", "malam-hari"])
        #expect(settings.monitoring.round(key: "malam-hari")?.start == 19 * 60)
        #expect(settings.followUp.categoryMinutes[.keluhan] == 300)
    }

    @Test func divisionsAreAddedRenamedAndRefusedDeletionWhenInUse() async throws {
        let app = try await TestApp.kendalRounds()
        let member = try #require(try app.database.users().first { $0.username == "bidang" }?.id)
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/pesan")
            let answer7 = try await browser.post("/admin/pesan/bidang", [("name", "Bidang Layanan"), ("whatsapp", "0812-3456-7890")])
            #expect(answer7.status == .seeOther)
            let taken = try await browser.post("/admin/pesan/bidang", [("name", "bidang layanan"), ("whatsapp", "")])
            #expect(taken.status == .unprocessableContent)
            #expect(taken.contains("value=\"bidang layanan\""))
            let id = try #require(try app.database.divisions().first?.division.id)
            let renamed = try await browser.post("/admin/pesan/bidang/\(id)", [("name", "Bidang Layanan Publik"), ("whatsapp", ""), ("members", "\(member)")])
            #expect(renamed.status == .seeOther)
            #expect(try app.database.divisionMembers(divisionId: id).map(\.id) == [member])
            #expect(try app.database.division(id: id)?.name == "Bidang Layanan Publik")
            let answer8 = try await browser.post("/admin/pesan/bidang/99999", [("name", "x")])
            #expect(answer8.status == .notFound)
            let answer9 = try await browser.post("/admin/pesan/bidang/abc/delete")
            #expect(answer9.status == .notFound)
        }
        // In use: a message forwarded to it.
        let monitor = try #require(try app.database.users().first { $0.username == "pengelola-ti" }?.id)
        let calendar = app.services.institution.officeCalendar
        let message = try app.database.logMessage(
            IncomingDraft(channel: .instagram, sender: "@warga", receivedAt: app.clock.now.addingTimeInterval(-600), kind: .comment, category: .keluhan, text: "Jam buka?"),
            by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        let id = try #require(try app.database.divisions().first?.division.id)
        _ = try app.database.applyFollowUp(.forward(divisionId: id), messageId: message.id!, expectedVersion: message.version,
                                           by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/pesan")
            let refused = try await browser.post("/admin/pesan/bidang/\(id)/delete")
            #expect(refused.status == .conflict)
            #expect(refused.contains("Bidang ini sudah menerima pesan, jadi tidak dapat dihapus."))
        }
        #expect(try app.database.division(id: id) != nil)
    }
}

/// `/pesan/laporan`: the monthly report's figures for seeded data.
@Suite struct IncomingReportTests {
    @Test func theReportCountsMessagesStepsAndRounds() async throws {
        // setup: Monday 23 November 2026; the monitor does the pagi round and logs two messages
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T08:30")
        let monitor = try #require(try app.database.users().first { $0.username == "pengelola-ti" }?.id)
        let calendar = app.services.institution.officeCalendar
        let division = try app.database.createDivision(name: "Bidang Layanan", now: app.clock.now)
        try app.database.setDivisionMembers(divisionId: division, userIds: [try #require(try app.database.users().first { $0.username == "bidang" }?.id)])
        try app.database.recordRound(RoundDraft(roundKey: "pagi", day: Day("2026-11-23")!, channels: [.instagram], newMessages: 2),
                                     by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        let first = try app.database.logMessage(
            IncomingDraft(channel: .instagram, sender: "@warga1", receivedAt: app.clock.now.addingTimeInterval(-300), kind: .comment, category: .keluhan, text: "Jam buka?"),
            by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        _ = try app.database.logMessage(
            IncomingDraft(channel: .x, sender: "@warga2", receivedAt: app.clock.now.addingTimeInterval(-200), kind: .mention, category: .pertanyaan, text: "Syarat?"),
            by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        app.clock.advance(minutes: 3)
        _ = try app.database.applyFollowUp(.forward(divisionId: division), messageId: first.id!, expectedVersion: first.version,
                                           by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        app.clock.set("2026-11-24T09:00")
        try await app.as("pengelola-ti") { browser in
            // action
            let page = try await browser.get("/pesan/laporan?month=2026-11")
            // check
            #expect(page.status == .ok)
            #expect(page.contains("id=\"report-total\">2<"))
            #expect(page.contains("Bidang Layanan"))
            #expect(page.contains("Belum diteruskan"))
            #expect(page.contains("href=\"/pesan/\(first.id!)\""))
            #expect(page.contains("<tr data-day=\"2026-11-23\"><td>23 November 2026</td><td class=\"num\">1</td><td class=\"num\">0</td><td class=\"num\">2</td></tr>"))
            #expect(page.contains("<header class=\"kop\">"))
            #expect(page.contains("id=\"report-acknowledged\""))
            // the forward step took 3 office minutes against 5
            #expect(page.contains("Teruskan ke bidang terkait</td><td class=\"num\">1</td><td>3 menit</td>"))
            // each message's row has its own step times: logged 5 minutes after it came in, forwarded 3 later
            #expect(page.contains("<td class=\"step-times\">Catat 5 menit, Teruskan ke bidang 3 menit</td>"), "\(page.body)")
            #expect(page.body.components(separatedBy: "<td class=\"step-times\">").count == 3, "one cell per message")
            let bad = try await browser.get("/pesan/laporan?month=2026-13")
            #expect(bad.status == .badRequest)
            let sheet = try await browser.get("/pesan/laporan.xlsx?month=2026-11")
            #expect(sheet.status == .ok)
            #expect(sheet.headers[.contentType] == XLSXWorkbook.mimeType)
            #expect(sheet.headers[.contentDisposition]?.contains("laporan-informasi-masuk-2026-11.xlsx") == true)
            let badSheet = try await browser.get("/pesan/laporan.xlsx?month=x")
            #expect(badSheet.status == .badRequest)
            let empty = try await browser.get("/pesan/laporan?month=2020-01")
            #expect(empty.contains("id=\"report-total\">0<"))
        }
    }
}

/// The calendar shows each day's monitoring rounds as done or missed, only when rounds are on.
@Suite struct IncomingCalendarTests {
    @Test func roundsShowDoneOrMissedOnTheCalendar() async throws {
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T08:30")
        let monitor = try #require(try app.database.users().first { $0.username == "pengelola-ti" }?.id)
        try app.database.recordRound(RoundDraft(roundKey: "pagi", day: Day("2026-11-23")!, channels: [.instagram], newMessages: 2),
                                     by: ContentActor(userId: monitor), calendar: app.services.institution.officeCalendar, now: app.clock.now)
        app.clock.set("2026-11-23T17:00")
        try await app.as("pengelola-ti") { browser in
            let page = try await browser.get("/calendar?month=2026-11")
            #expect(page.status == .ok)
            #expect(page.contains("status-round-done\" data-kind=\"ronde\" data-date=\"2026-11-23\""))
            #expect(page.contains("status-round-missed\" data-kind=\"ronde\" data-date=\"2026-11-23\""))
            #expect(!page.contains("data-kind=\"ronde\" data-date=\"2026-11-24\""), "no rounds on days to come")
            #expect(!page.contains("data-kind=\"ronde\" data-date=\"2026-11-22\""), "none on a Sunday")
        }
        let dki = try await TestApp.dki()
        try await dki.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/calendar?month=2026-11")
            #expect(!page.contains("data-kind=\"ronde\""))
        }
    }
}

/// `/pesan/{id}/lembar`: a message's control sheet.
@Suite struct IncomingSheetTests {
    @Test func theSheetListsStepsActorsTimesAndStandards() async throws {
        let app = try await TestApp.kendalRounds()
        app.clock.set("2026-11-23T08:30")
        let monitor = try #require(try app.database.users().first { $0.username == "pengelola-ti" }?.id)
        let calendar = app.services.institution.officeCalendar
        let division = try app.database.createDivision(name: "Bidang Layanan", now: app.clock.now)
        try app.database.setDivisionMembers(divisionId: division, userIds: [try #require(try app.database.users().first { $0.username == "bidang" }?.id)])
        let message = try app.database.logMessage(
            IncomingDraft(channel: .instagram, sender: "@warga1", receivedAt: app.clock.now.addingTimeInterval(-300), kind: .comment, category: .keluhan, text: "Jam buka perpustakaan?"),
            by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        app.clock.advance(minutes: 8)
        _ = try app.database.applyFollowUp(.forward(divisionId: division), messageId: message.id!, expectedVersion: message.version,
                                           by: ContentActor(userId: monitor), calendar: calendar, now: app.clock.now)
        try await app.as("bidang") { browser in
            let page = try await browser.get("/pesan/\(message.id!)/lembar")
            #expect(page.status == .ok)
            #expect(page.contains("<header class=\"kop\">"))
            #expect(page.contains("Jam buka perpustakaan?"))
            #expect(page.contains("Teruskan ke bidang terkait"))
            #expect(page.contains("Bidang Layanan"))
            #expect(page.contains("Paraf"))
            // the forward step waited 8 office minutes against 5
            #expect(page.contains("<td>5 menit</td><td>8 menit <strong>(melebihi mutu baku)</strong></td>"))
            #expect(page.contains("id=\"sheet-total\""))
            let missing = try await browser.get("/pesan/99999/lembar")
            #expect(missing.status == .notFound)
            let nonsense = try await browser.get("/pesan/abc/lembar")
            #expect(nonsense.status == .notFound)
            // The message page links its sheet and its record.
            let messagePage = try await browser.get("/pesan/\(message.id!)")
            #expect(messagePage.contains("href=\"/pesan/\(message.id!)/lembar\""))
            #expect(messagePage.contains("href=\"/pesan/\(message.id!)/record.zip\""))
            // The record ZIP: the sheet standalone (stylesheet inline) and the words as text.
            let zip = try await browser.rawGet("/pesan/\(message.id!)/record.zip")
            #expect(zip.status == .ok)
            #expect(zip.headers[.contentType] == "application/zip")
            #expect(zip.headers[.contentDisposition] == "attachment; filename=\"arsip-pesan-\(message.id!).zip\"")
            let entries = try ZipReader.entries(zip.bytes)
            #expect(entries.map(\.name) == ["lembar-kendali.html", "pesan.txt"])
            #expect(entries.allSatisfy { $0.crcMatches })
            let html = String(decoding: try #require(entries.first { $0.name == "lembar-kendali.html" }).bytes, as: UTF8.self)
            #expect(html.lowercased().hasPrefix("<!doctype html>"))
            #expect(html.contains("Teruskan ke bidang terkait") && html.contains("Paraf"))
            #expect(!html.contains("rel=\"stylesheet\""))
            #expect(try #require(HTMLText.between(html, "<style>", "</style>")).count > 500)
            let words = String(decoding: try #require(entries.first { $0.name == "pesan.txt" }).bytes, as: UTF8.self)
            #expect(words.contains("@warga1") && words.contains("Jam buka perpustakaan?"))
            #expect(try await browser.rawGet("/pesan/99999/record.zip").status == .notFound)
        }
    }
}
