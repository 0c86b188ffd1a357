import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The incoming-message pages (issue 14): logging on `/pesan/baru`, the inbox `/pesan` with its
/// exports, the message page `/pesan/:id` and its follow-up actions, and "Tugas saya".
@Suite struct IncomingPagesTests {
    // MARK: - Happy path

    @Test func monitorLogsForwardsDivisionAnswersMonitorPostsAndTheMessageCloses() async throws {
        // setup
        let app = try await TestApp.kendal()
        let library = try app.divisionId("Bidang Perpustakaan")
        // action: the monitor logs a comment by pasting its link.
        let id = try await app.runAs("monitor") { browser -> Int64 in
            let form = try await browser.get("/pesan/baru")
            #expect(form.status == .ok)
            #expect(form.contains("name=\"paste\""))
            #expect(form.contains("value=\"2026-11-21T10:00\""), "received defaults to now")
            let answer = try await browser.post("/pesan", IncomingForm.fields(channel: "facebook",
                paste: "https://www.instagram.com/p/DContoh01/c/17900000000000001/"))
            #expect(answer.status == .seeOther)
            #expect(answer.location?.hasSuffix("?ok=incoming_logged") == true)
            let id = try #require(IncomingForm.id(answer.location))
            let page = try await browser.get("/pesan/\(id)?ok=incoming_logged")
            #expect(page.status == .ok)
            #expect(page.contains("Pesan masuk dicatat."))
            #expect(page.contains("@warga.kendal"))
            #expect(page.contains("https://www.instagram.com/p/DContoh01/c/17900000000000001/"))
            #expect(page.contains("id=\"form-forward\""))
            #expect(!page.contains("id=\"form-answer\""))
            // forward
            let forward = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(library)")])
            #expect(forward.status == .seeOther)
            let after = try await browser.get("/pesan/\(id)")
            #expect(after.contains("https://wa.me/6281234567890?text="), "the WhatsApp hand-off to the division")
            #expect(!after.contains("id=\"form-forward\""))
            return id
        }
        // check: the message waits for the division, on its member's "Tugas saya".
        try await app.as("perpus") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("id=\"incoming-tasks\""))
            #expect(home.contains("href=\"/pesan/\(id)\""))
            let page = try await browser.get("/pesan/\(id)")
            #expect(page.contains("id=\"form-answer\""))
            #expect(page.contains("id=\"form-decide\""))
            // action: answer
            let answer = try await browser.post("/pesan/\(id)/answer", [("version", "2"), ("text", "Buka pukul 08.00–14.00."), ("reason", "")])
            #expect(answer.status == .seeOther)
        }
        try await app.as("monitor") { browser in
            let page = try await browser.get("/pesan/\(id)")
            #expect(page.contains("id=\"form-post\""))
            #expect(page.contains("Buka pukul 08.00–14.00."))
            let post = try await browser.post("/pesan/\(id)/post", [("version", "3"), ("link", "https://www.instagram.com/p/DContoh01/c/17900000000000002/")])
            #expect(post.status == .seeOther)
            let closed = try await browser.get("/pesan/\(id)")
            #expect(closed.contains("Selesai · Jawaban diunggah"))
            #expect(closed.contains("id=\"reply-link\""))
            #expect(!closed.contains("class=\"card stack decision\""), "no action is left")
            // The history: log, forward, answer, post.
            for action in ["log", "forward", "answer", "post"] { #expect(closed.contains("event-\(action)")) }
        }
        let message = try #require(try app.database.incomingMessage(id: id))
        #expect(message.status == .closed)
        #expect(message.outcome == .posted)
    }

    @Test func messageJSONForAcceptHeaderAndActionsAnswerJSON() async throws {
        // setup
        let app = try await TestApp.kendal()
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            let answer = try await browser.post("/pesan", IncomingForm.fields())
            let id = try #require(IncomingForm.id(answer.location))
            // action
            let json = try await browser.get("/pesan/\(id)", headers: [.accept: "application/json"])
            // check
            #expect(json.status == .ok)
            #expect(json.headers[.contentType] == "application/json; charset=utf-8")
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.body.utf8)) as? [String: Any])
            #expect(object["status"] as? String == "logged")
            #expect(object["step"] as? String == "forward")
            #expect(object["version"] as? Int == 1)
            #expect((object["history"] as? [[String: Any]])?.first?["action"] as? String == "log")
            // A refused action in JSON: the status and the words.
            let refused = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(try app.divisionId("Sekretariat"))")],
                                                 headers: [.accept: "application/json"])
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("belum punya anggota aktif"))
            let moved = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(try app.divisionId("Bidang Kearsipan"))")],
                                               headers: [.accept: "application/json"])
            #expect(moved.status == .ok)
            #expect(moved.contains("\"status\":\"forwarded\""))
            let missing = try await browser.get("/pesan/9999", headers: [.accept: "application/json"])
            #expect(missing.status == .notFound)
        }
    }

    // MARK: - Bad input

    @Test func wrongPlatformLinkAndFutureTimeAreRefusedWithTheFormKept() async throws {
        let app = try await TestApp.kendal()
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            // action: an X link on an Instagram message
            let wrong = try await browser.post("/pesan", IncomingForm.fields(sender: "@salah.platform", link: "https://x.com/warga/status/1860000000000000101"))
            // check
            #expect(wrong.status == .unprocessableContent)
            #expect(wrong.contains("id=\"form-errors\""))
            #expect(wrong.contains("Instagram"))
            #expect(wrong.contains("value=\"@salah.platform\""), "the form is kept")
            // action: an Instagram profile instead of a comment
            let profile = try await browser.post("/pesan", IncomingForm.fields(link: "https://www.instagram.com/warga.kendal/"))
            // check: the message names a comment's and a DM's forms, not only a post's
            #expect(profile.status == .unprocessableContent)
            #expect(profile.contains("bukan tautan komentar, pesan langsung, atau unggahan"))
            #expect(profile.contains("https://www.instagram.com/p/KODE/c/ID/"))
            #expect(profile.contains("/direct/t/ID/"))
            // action: received in the future
            let future = try await browser.post("/pesan", IncomingForm.fields(received: "2026-11-21T12:00"))
            #expect(future.status == .unprocessableContent)
            #expect(future.contains("Waktu diterima tidak boleh di masa depan."))
            // A paste of no known platform
            let paste = try await browser.post("/pesan", IncomingForm.fields(paste: "https://contoh.example/post/1"))
            #expect(paste.status == .unprocessableContent)
            #expect(paste.contains("Tautan yang ditempel bukan tautan"))
            // A channel, kind or category that does not exist, no sender, no text
            let nonsense = try await browser.post("/pesan", IncomingForm.fields(sender: "", text: " ", channel: "myspace", category: "gosip", kind: "telegram"))
            #expect(nonsense.status == .unprocessableContent)
            #expect(nonsense.contains("Pilih saluran."))
            let empty = try await browser.post("/pesan", IncomingForm.fields(sender: "", text: " "))
            #expect(empty.status == .unprocessableContent)
            #expect(empty.contains("Isi nama atau akun pengirim."))
            #expect(empty.contains("Isi teks pesan."))
            let badTime = try await browser.post("/pesan", IncomingForm.fields(received: "kemarin"))
            #expect(badTime.status == .unprocessableContent)
        }
        #expect(try app.database.incomingMessages(IncomingFilter(), limit: 10, offset: 0).total == 0)
    }

    @Test func onlyTheMonitorOrAnAdminLogs() async throws {
        let app = try await TestApp.kendal()
        try await app.as("perpus") { browser in
            #expect(try await browser.get("/pesan/baru").status == .forbidden)
            _ = try await browser.get("/pesan")
            let post = try await browser.post("/pesan", IncomingForm.fields())
            #expect(post.status == .forbidden)
            #expect(post.contains("Pengelola Teknologi Informasi"))
            // Reading is open to every signed-in user.
            #expect(try await browser.get("/pesan").status == .ok)
        }
        try await app.asAdmin { browser in
            #expect(try await browser.get("/pesan/baru").status == .ok)
            let post = try await browser.post("/pesan", IncomingForm.fields())
            #expect(post.status == .seeOther)
        }
    }

    @Test func doubleSubmitsAreHarmless() async throws {
        let app = try await TestApp.kendal()
        let library = try app.divisionId("Bidang Perpustakaan")
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            let first = try await browser.post("/pesan", IncomingForm.fields())
            let second = try await browser.post("/pesan", IncomingForm.fields())
            let id = try #require(IncomingForm.id(first.location))
            #expect(second.status == .seeOther)
            #expect(IncomingForm.id(second.location) == id)
            #expect(second.location?.hasSuffix("ok=incoming_duplicate") == true)
            _ = try await browser.get("/pesan/\(id)")
            let forward = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(library)")])
            let again = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(library)")])
            #expect(forward.status == .seeOther)
            #expect(again.status == .seeOther)
            #expect(again.location == "/pesan/\(id)")
        }
        #expect(try app.database.incomingMessages(IncomingFilter(), limit: 10, offset: 0).total == 1)
        let bundle = try #require(try app.database.incomingBundle(id: 1))
        #expect(bundle.events.map(\.event.action) == [.log, .forward])
    }

    @Test func staleVersionIs409AndOutsiderIs403AndEmptyDivisionAndAnswerWithoutTextAre422() async throws {
        let app = try await TestApp.kendal()
        let library = try app.divisionId("Bidang Perpustakaan")
        let secretariat = try app.divisionId("Sekretariat")
        let id = try await app.runAs("monitor") { browser -> Int64 in
            _ = try await browser.get("/pesan/baru")
            let answer = try await browser.post("/pesan", IncomingForm.fields(category: "keluhan"))
            let id = try #require(IncomingForm.id(answer.location))
            _ = try await browser.get("/pesan/\(id)")
            // action: a division with no members
            let empty = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(secretariat)")])
            // check
            #expect(empty.status == .unprocessableContent)
            #expect(empty.contains("Bidang ini belum punya anggota aktif"))
            #expect(empty.contains("Sekretariat (belum ada anggota)"))
            let none = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "")])
            #expect(none.status == .unprocessableContent)
            let noVersion = try await browser.post("/pesan/\(id)/forward", [("division", "\(library)")])
            #expect(noVersion.status == .badRequest)
            #expect(try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(library)")]).status == .seeOther)
            return id
        }
        try await app.as("arsip") { browser in
            _ = try await browser.get("/pesan/\(id)")
            // action: a member of another division answers
            let outsider = try await browser.post("/pesan/\(id)/answer", [("version", "2"), ("text", "Bukan bidang saya.")])
            // check
            #expect(outsider.status == .forbidden)
            #expect(outsider.contains("Anda bukan anggota bidang yang menangani pesan ini."))
        }
        try await app.as("perpus") { browser in
            _ = try await browser.get("/pesan/\(id)")
            // action: an answer without text
            let blank = try await browser.post("/pesan/\(id)/answer", [("version", "2"), ("text", "  ")])
            #expect(blank.status == .unprocessableContent)
            #expect(blank.contains("Tuliskan jawabannya."))
            // action: a stale version (the page was drawn before the forward)
            let stale = try await browser.post("/pesan/\(id)/answer", [("version", "1"), ("text", "Sudah diperbaiki.")])
            #expect(stale.status == .conflict)
            #expect(stale.contains("Pesan ini sudah diubah oleh Mona Monitor"))
            #expect(stale.contains("Sudah diperbaiki."), "the typed answer is kept")
            // The monitor's step is not theirs either.
            let post = try await browser.post("/pesan/\(id)/post", [("version", "2"), ("link", "https://www.instagram.com/p/DContoh01/c/1/")])
            #expect(post.status == .conflict)
        }
        #expect(try app.database.incomingMessage(id: id)?.status == .forwarded)
    }

    @Test func spamIsDismissedAndComplaintsAreReferred() async throws {
        let app = try await TestApp.kendal()
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            let spam = try #require(IncomingForm.id(try await browser.post("/pesan", IncomingForm.fields(sender: "@promo", category: "spam")).location))
            let page = try await browser.get("/pesan/\(spam)")
            #expect(page.contains("id=\"form-dismiss\""))
            #expect(try await browser.post("/pesan/\(spam)/dismiss", [("version", "1"), ("reason", "")]).status == .unprocessableContent)
            #expect(try await browser.post("/pesan/\(spam)/dismiss", [("version", "1"), ("reason", "Promosi")]).status == .seeOther)
            let complaint = try #require(IncomingForm.id(try await browser.post("/pesan", IncomingForm.fields(sender: "@warga", category: "keluhan")).location))
            _ = try await browser.get("/pesan/\(complaint)")
            #expect(try await browser.post("/pesan/\(complaint)/refer", [("version", "1"), ("tracking_number", "LAPOR-1")]).status == .seeOther)
            let referred = try await browser.get("/pesan/\(complaint)")
            #expect(referred.contains("id=\"form-referral-outcome\""))
            #expect(try await browser.post("/pesan/\(complaint)/referral-outcome", [("version", "2"), ("text", "Selesai"), ("close", "1")]).status == .seeOther)
        }
        #expect(try app.database.incomingMessage(id: 1)?.outcome == .dismissed)
        #expect(try app.database.incomingMessage(id: 2)?.outcome == .referralClosed)
    }

    // MARK: - Inbox and exports

    @Test func inboxFiltersPagesAndRefusesBadValues() async throws {
        let app = try await TestApp.kendal()
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            for (index, category) in ["pertanyaan", "keluhan", "saran"].enumerated() {
                _ = try await browser.post("/pesan", IncomingForm.fields(sender: "@warga\(index)", text: "Pesan nomor \(index)", category: category))
            }
            let all = try await browser.get("/pesan")
            #expect(all.status == .ok)
            #expect(all.body.components(separatedBy: "<tr data-status=").count - 1 == 3)
            #expect(all.contains("data-label=\"Pengirim\""))
            let complaints = try await browser.get("/pesan?category=keluhan")
            #expect(complaints.body.components(separatedBy: "<tr data-status=").count - 1 == 1)
            #expect(complaints.contains("@warga1"))
            let words = try await browser.get("/pesan?q=nomor+2")
            #expect(words.contains("@warga2"))
            #expect(!words.contains("@warga0"))
            let days = try await browser.get("/pesan?from=2026-11-22")
            #expect(days.contains("Belum ada pesan yang sesuai."))
            let today = try await browser.get("/pesan?from=2026-11-21&to=2026-11-21&status=logged")
            #expect(today.body.components(separatedBy: "<tr data-status=").count - 1 == 3)
            for bad in ["status=baru", "channel=myspace", "category=gosip", "division=abc", "from=2026-13-01", "to=kemarin"] {
                let answer = try await browser.get("/pesan?" + bad)
                #expect(answer.status == .badRequest, "\(bad)")
            }
            #expect(try await browser.get("/pesan.csv?status=baru").status == .badRequest)
            let past = try await browser.get("/pesan?page=9")
            #expect(past.contains("id=\"past-end\""))
        }
    }

    @Test func csvAndWorkbookExports() async throws {
        let app = try await TestApp.kendal()
        let answers = try await app.runReturning { browser -> [String: RawAnswer] in
            try await browser.login("monitor", "password-monitor")
            _ = try await browser.get("/pesan/baru")
            _ = try await browser.post("/pesan", IncomingForm.fields(sender: "@warga;kendal", text: "=1+1 baris\nkedua"))
            _ = try await browser.post("/pesan", IncomingForm.fields(sender: "@lain", category: "saran"))
            return ["csv": try await browser.rawGet("/pesan.csv"), "saran": try await browser.rawGet("/pesan.csv?category=saran"),
                    "xlsx": try await browser.rawGet("/pesan.xlsx")]
        }
        let csv = try #require(answers["csv"])
        #expect(csv.status == .ok)
        #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
        #expect(csv.headers[.contentDisposition] == "attachment; filename=\"pesan-masuk.csv\"")
        let text = String(decoding: csv.bytes, as: UTF8.self)
        #expect(text.hasPrefix("\u{FEFF}\"No. pesan\";\"Diterima\";\"Saluran\";\"Pengirim\";\"Jenis\";\"Kategori\";\"Isi pesan\";"))
        #expect(text.contains("\"'@warga;kendal\""), "a cell starting with @ is guarded too")
        #expect(!text.contains("\"=1+1"), "formula injection is guarded")
        let saran = String(decoding: try #require(answers["saran"]).bytes, as: UTF8.self)
        #expect(saran.contains("@lain"))
        #expect(!saran.contains("@warga;kendal"))
        #expect(saran.components(separatedBy: "\r\n").count == 3, "the header, one row, the final line break")
        let xlsx = try #require(answers["xlsx"])
        #expect(xlsx.status == .ok)
        #expect(xlsx.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        let sheet = try PaperTests.sheetXML(xlsx)
        #expect(sheet.contains("@lain"))
        #expect(sheet.contains("Pengirim"))
    }

    // MARK: - Tugas saya and navigation

    @Test func tasksAndNavigationCountIncomingMessages() async throws {
        let app = try await TestApp.kendal()
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            _ = try await browser.post("/pesan", IncomingForm.fields())
            app.clock.advance(minutes: 5)
            _ = try await browser.post("/pesan", IncomingForm.fields(sender: "@kedua", received: "2026-11-20T15:00"))
            let home = try await browser.get("/")
            #expect(home.contains("id=\"incoming-tasks\""))
            // Oldest at its step first: the first logged waits longest.
            let first = try #require(home.body.range(of: "@warga.kendal"))
            let second = try #require(home.body.range(of: "@kedua"))
            #expect(first.lowerBound < second.lowerBound)
            #expect(home.contains("href=\"/pesan\""), "the navigation names the inbox")
            #expect(home.contains("class=\"count\">2<") || home.contains(">2</"), "the navigation counts the messages")
        }
        try await app.as("arsip") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("Tidak ada pesan masuk yang menunggu Anda."))
        }
        // DKI does not log incoming messages: no entry in its navigation.
        let dki = try await TestApp.dki()
        try await dki.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            #expect(!home.contains("href=\"/pesan\""))
            #expect(!home.contains("id=\"incoming-tasks\""))
        }
    }

    @Test func aDelegateActsOnBehalfAndTheSessionCountMatchesTheTasks() async throws {
        // setup: the monitor hands the Pengelola TI role to the archive member for today
        let app = try await TestApp.kendal()
        let monitor = try app.userId("monitor"), arsip = try app.userId("arsip")
        let today = app.services.institution.today(app.clock.now)
        _ = try app.database.createDelegation(from: monitor, to: arsip, roleKey: "pengelola-ti", startsOn: today, endsOn: today, by: monitor,
                                              now: app.clock.now)
        let library = try app.divisionId("Bidang Perpustakaan")
        // action: the delegate logs (a.n.) and forwards to the library
        try await app.as("arsip") { browser in
            #expect(try await browser.get("/pesan/baru").status == .ok)
            let id = try #require(IncomingForm.id(try await browser.post("/pesan", IncomingForm.fields()).location))
            let page = try await browser.get("/pesan/\(id)")
            #expect(page.contains("Anda bertindak atas nama (a.n.) Mona Monitor"))
            _ = try await browser.post("/pesan/\(id)/forward", [("version", "1"), ("division", "\(library)")])
            let after = try await browser.get("/pesan/\(id)")
            #expect(after.contains("Bu Arsip a.n. Mona Monitor"))
        }
        // check: the session's count is what "Tugas saya" lists, for each person
        for (username, id) in [("monitor", monitor), ("arsip", arsip), ("perpus", try app.userId("perpus"))] {
            let tasks = try app.database.incomingTasks(for: id, calendar: app.services.institution.officeCalendar, now: app.clock.now)
            let seen = try await app.runReturning { browser -> (nav: Int, rows: Int) in
                try await browser.login(username, "password-" + username)
                let home = try await browser.get("/")
                let nav = TestBrowser.firstMatch(in: home.body.replacingOccurrences(of: "menunggu: ", with: "menunggu=\""), after: "menunggu=\"")
                return (Int(nav ?? "") ?? 0, home.body.components(separatedBy: "<td><a href=\"/pesan/").count - 1)
            }
            // No content items wait in this institution: the navigation counts the messages alone.
            #expect(seen.nav == tasks.count, "\(username)")
            #expect(seen.rows == tasks.count, "\(username)")
        }
        #expect(try app.database.incomingTasks(for: try app.userId("perpus"), calendar: app.services.institution.officeCalendar, now: app.clock.now).count == 1)
    }

    @Test func screenshotUploadTakesImagesOnly() async throws {
        let app = try await TestApp.kendal()
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 0, count: 64)
        let mp4: [UInt8] = [0, 0, 0, 0x18] + Array("ftypmp42".utf8) + Array(repeating: 0, count: 64)
        try await app.as("monitor") { browser in
            _ = try await browser.get("/pesan/baru")
            let video = try await browser.postMultipart("/pesan", IncomingForm.fields(), files: [(field: "screenshot", name: "a.mp4", type: "video/mp4", bytes: mp4)])
            #expect(video.status == .unsupportedMediaType)
            let image = try await browser.postMultipart("/pesan", IncomingForm.fields(), files: [(field: "screenshot", name: "layar.png", type: "image/png", bytes: png)])
            #expect(image.status == .seeOther)
            let id = try #require(IncomingForm.id(image.location))
            let page = try await browser.get("/pesan/\(id)")
            #expect(page.contains("src=\"/media/"))
        }
    }
}
