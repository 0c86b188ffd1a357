import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// Findings (issue 15, control and improvement): `/evaluasi/temuan`, raised pre-filled from the
/// report, edited by their owner, heads and administrators, shown in "Tugas saya", and cited by a
/// workflow edit.
@Suite struct FindingsPageTests {
    static let subject = "Persetujuan akhir: p90 3× Mutu Baku"

    /// The new-finding form's fields, as a browser sends them.
    static func fields(subject: String = subject, owner: Int64, due: String = "2026-12-05", status: String = "open", cause: String = "",
                       action: String = "", formKey: String = UUID().uuidString, version: String = "1", step: String = "5") -> [(String, String)] {
        [("form_key", formKey), ("workflow_version", version), ("step", step), ("subject", subject), ("figure", "p90 180 menit"),
         ("period_from", "2026-10-01"), ("period_to", "2026-12-31"), ("cause", cause), ("corrective_action", action),
         ("owner", "\(owner)"), ("due_on", due), ("status", status)]
    }

    static func editFields(rowVersion: Int, owner: Int64, due: String = "2026-12-05", status: String = "in_progress",
                           cause: String = "Kepala Biro sering dinas luar", action: String = "") -> [(String, String)] {
        [("row_version", "\(rowVersion)"), ("cause", cause), ("corrective_action", action), ("owner", "\(owner)"), ("due_on", due), ("status", status)]
    }

    /// Raises a finding as `user` and gives back its id.
    static func raise(_ app: TestApp, as user: String = "kepala-biro", owner: String = "admin-medsos", due: String = "2026-12-05") async throws -> Int64 {
        let ownerId = try app.userId(owner)
        let location = try await app.runAs(user) { browser in
            try await browser.get("/evaluasi/temuan/baru")
            return try await browser.post("/evaluasi/temuan", Self.fields(owner: ownerId, due: due)).location ?? ""
        }
        let path = location.split(separator: "?").first.map(String.init) ?? ""
        return try #require(Int64(path.split(separator: "/").last ?? ""), "\(location)")
    }

    @Test func theFormIsPrefilledFromTheReportsFigure() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.as("kepala-biro") { browser in
            // action
            let page = try await browser.get("/evaluasi/temuan/baru?from=2026-10-01&to=2026-12-31&subject=Persetujuan%20akhir%3A%20p90%203%C3%97%20Mutu%20Baku&step=5&version=1")
            // check
            #expect(page.status == .ok)
            #expect(page.contains("name=\"subject\" value=\"Persetujuan akhir: p90 3× Mutu Baku\""))
            #expect(page.contains("name=\"workflow_version\" value=\"1\""))
            #expect(page.contains("name=\"step\" value=\"5\""))
            #expect(page.contains("5. Persetujuan akhir (versi 1)"))
            #expect(page.contains("id=\"period_from\" name=\"period_from\" type=\"date\" value=\"2026-10-01\""))
            #expect(page.contains("<output class=\"date-words\" for=\"period_to\">Kamis, 31 Desember 2026</output>"))
            // The due date starts two weeks on, with its words; the owner is the one raising it.
            #expect(page.contains("value=\"2026-12-05\""))
            #expect(page.contains("<output class=\"date-words\" for=\"due_on\">Sabtu, 5 Desember 2026</output>"))
            #expect(page.contains("<option value=\"\(try app.userId("kepala-biro"))\" selected>"))
            // action: what does not fit is left out, never refused
            let odd = try await browser.get("/evaluasi/temuan/baru?from=kemarin&subject=&step=99&version=1")
            // check
            #expect(odd.status == .ok)
            #expect(odd.contains("name=\"step\" value=\"\""))
            #expect(odd.contains("name=\"period_from\" type=\"date\" value=\"\""))
            #expect(try await browser.get("/evaluasi/temuan/baru?step=abc&version=-1").status == .ok)
        }
    }

    @Test func headsAndAdminsRaiseFindingsOthersMayNot() async throws {
        // setup
        let app = try await TestApp.dki()
        let owner = try app.userId("admin-medsos")
        try await app.as("admin-medsos") { browser in
            // action and check
            #expect(try await browser.get("/evaluasi/temuan/baru").status == .forbidden)
            try await browser.get("/evaluasi/temuan")
            #expect(try await browser.post("/evaluasi/temuan", Self.fields(owner: owner)).status == .forbidden)
        }
        try await app.as("kepala-bagian") { browser in
            let page = try await browser.get("/evaluasi/temuan/baru")
            #expect(page.status == .forbidden)
        }
        #expect(try app.count("finding") == 0)
        // action: the head and the admin may
        _ = try await Self.raise(app, as: "kepala-biro")
        try await app.asAdmin { browser in
            #expect(try await browser.get("/evaluasi/temuan/baru").status == .ok)
            let saved = try await browser.post("/evaluasi/temuan", Self.fields(owner: owner))
            #expect(saved.status == .seeOther)
        }
        // check
        #expect(try app.count("finding") == 2)
        let audited = try await app.database.writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM auditEvent WHERE action = 'finding.create'") }
        #expect(audited == 2)
        // check: logged out, the list asks for a login
        try await app.run { browser in
            let page = try await browser.get("/evaluasi/temuan")
            #expect(page.status == .seeOther && (page.location ?? "").hasPrefix("/login"))
        }
    }

    @Test func theOwnerHeadsAndAdminsSeeAndEditOthersMayNot() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await Self.raise(app)
        let owner = try app.userId("admin-medsos")
        // check: the owner sees it in their list and edits it
        try await app.as("admin-medsos") { browser in
            #expect(try await browser.get("/evaluasi/temuan").contains(Self.subject))
            #expect(try await browser.get("/evaluasi/temuan/\(id)").status == .ok)
            let saved = try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 1, owner: owner))
            #expect(saved.location == "/evaluasi/temuan/\(id)?ok=finding_saved")
        }
        // check: someone else sees neither the finding nor it in the list, and cannot change it
        try await app.as("tim-pengelola") { browser in
            let list = try await browser.get("/evaluasi/temuan")
            #expect(list.status == .ok && !list.contains(Self.subject))
            #expect(try await browser.get("/evaluasi/temuan/\(id)").status == .forbidden)
            #expect(try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 2, owner: owner, status: "done", action: "x")).status == .forbidden)
        }
        // check: heads and admins see every finding
        try await app.as("kepala-biro") { browser in
            let list = try await browser.get("/evaluasi/temuan")
            #expect(list.contains(Self.subject))
            #expect(try await browser.get("/evaluasi/temuan/\(id)").status == .ok)
        }
        try await app.asAdmin { browser in
            let all = try await browser.get("/evaluasi/temuan?status=all")
            #expect(all.contains(Self.subject))
            #expect(try await browser.get("/evaluasi/temuan?status=done").contains("Tidak ada temuan"))
            #expect(try await browser.get("/evaluasi/temuan?status=nanti").status == .badRequest)
            #expect(try await browser.get("/evaluasi/temuan/999").status == .notFound)
            #expect(try await browser.get("/evaluasi/temuan/abc").status == .notFound)
        }
        let stored = try #require(try app.database.finding(id: id))
        #expect(stored.record.status == .inProgress && stored.record.version == 2)
        #expect(stored.record.cause == "Kepala Biro sering dinas luar")
    }

    @Test func aStaleFormIsRefusedWithAConflictAndTheSameFormTwiceIsNot() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await Self.raise(app)
        let owner = try app.userId("admin-medsos")
        try await app.as("admin-medsos") { browser in
            try await browser.get("/evaluasi/temuan/\(id)")
            // action: the first save, then the same form again (a double click)
            let first = try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 1, owner: owner))
            let again = try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 1, owner: owner))
            // check
            #expect(first.status == .seeOther && again.status == .seeOther)
            // action: another change from the form shown before the first save
            let stale = try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 1, owner: owner, cause: "Lain"))
            // check
            #expect(stale.status == .conflict)
            #expect(stale.contains("id=\"finding-conflict\""))
            #expect(stale.contains("sudah diubah orang lain"))
            #expect(stale.contains(">Lain</textarea>"))
            #expect(stale.contains("name=\"row_version\" value=\"2\""))
        }
        #expect(try app.database.finding(id: id)?.record.cause == "Kepala Biro sering dinas luar")
        #expect(try app.database.finding(id: id)?.record.version == 2)
        // check: the new-finding form sent twice makes one finding
        let kabiro = try app.userId("kepala-biro")
        try await app.as("kepala-biro") { browser in
            try await browser.get("/evaluasi/temuan/baru")
            let fields = Self.fields(owner: kabiro, formKey: "form-key-1")
            let first = try await browser.post("/evaluasi/temuan", fields)
            let second = try await browser.post("/evaluasi/temuan", fields)
            #expect(first.location != nil && first.location == second.location)
        }
        #expect(try app.count("finding") == 2)
    }

    @Test func aBrokenFormComesBackInWordsWithWhatWasTyped() async throws {
        // setup
        let app = try await TestApp.dki()
        let kabiro = try app.userId("kepala-biro")
        try await app.as("kepala-biro") { browser in
            try await browser.get("/evaluasi/temuan/baru")
            // action and check: no subject, a due date that is no date
            let empty = try await browser.post("/evaluasi/temuan", Self.fields(subject: " ", owner: kabiro, due: "31-12-2026", cause: "Tetap ada"))
            #expect(empty.status == .unprocessableContent)
            #expect(empty.contains("Temuan wajib diisi."))
            #expect(empty.contains("Tenggat: tanggal tidak dikenali"))
            #expect(empty.contains(">Tetap ada</textarea>"))
            // done without a corrective action
            let done = try await browser.post("/evaluasi/temuan", Self.fields(owner: kabiro, status: "done"))
            #expect(done.status == .unprocessableContent && done.contains("Isi tindakan perbaikan sebelum"))
            // too long, an unknown owner, an unknown status, a step that does not exist
            let long = try await browser.post("/evaluasi/temuan", Self.fields(owner: kabiro, cause: String(repeating: "a", count: 5000)))
            #expect(long.status == .unprocessableContent && long.contains("Penyebab paling banyak 2000 karakter."))
            #expect(try await browser.post("/evaluasi/temuan", Self.fields(owner: 9999)).status == .unprocessableContent)
            #expect(try await browser.post("/evaluasi/temuan", Self.fields(owner: kabiro, status: "lupa")).status == .unprocessableContent)
            let step = try await browser.post("/evaluasi/temuan", Self.fields(owner: kabiro, version: "7", step: "2"))
            #expect(step.status == .unprocessableContent && step.contains("Langkah atau versi alur yang dirujuk tidak ada."))
            #expect(try await browser.post("/evaluasi/temuan", [("subject", "x")]).status == .unprocessableContent)
        }
        #expect(try app.count("finding") == 0)
        // check: an edit without its version is a malformed form, not a 500
        let id = try await Self.raise(app)
        try await app.as("kepala-biro") { browser in
            try await browser.get("/evaluasi/temuan/\(id)")
            #expect(try await browser.post("/evaluasi/temuan/\(id)", [("cause", "x")]).status == .badRequest)
            let bad = try await browser.post("/evaluasi/temuan/\(id)", Self.editFields(rowVersion: 1, owner: kabiro, due: ""))
            #expect(bad.status == .unprocessableContent && bad.contains("Tenggat wajib diisi."))
        }
    }

    @Test func openFindingsShowInTheOwnersTasksOverdueFlagged() async throws {
        // setup: one due in the past (the test clock stands at 21 November 2026), one later
        let app = try await TestApp.dki()
        let late = try await Self.raise(app, due: "2026-11-20")
        let later = try await Self.raise(app, due: "2026-12-20")
        try await app.as("admin-medsos") { browser in
            // action
            let home = try await browser.get("/")
            // check: oldest due first, the late one flagged, counted in the navigation
            let first = try #require(home.body.range(of: "/evaluasi/temuan/\(late)\""))
            let second = try #require(home.body.range(of: "/evaluasi/temuan/\(later)\""))
            #expect(first.lowerBound < second.lowerBound)
            #expect(home.contains("id=\"finding-tasks\""))
            #expect(home.contains("lewat tenggat"))
            #expect(home.contains("<span class=\"count-pill\">2</span>"))
            // The navigation counts them with the items waiting (none here), and links the list.
            #expect(home.contains("<a href=\"/\" aria-current=\"page\">Tugas saya <span class=\"count\""))
            #expect(home.contains(">2</span></a>"))
            #expect(home.contains("<a href=\"/evaluasi/temuan\">Temuan</a>"))
        }
        // check: someone without findings who is no head has no link; a head has
        try await app.as("tim-pengelola") { browser in
            let home = try await browser.get("/")
            #expect(!home.contains("<a href=\"/evaluasi/temuan\">"))
        }
        try await app.as("kepala-biro") { browser in
            let home = try await browser.get("/")
            #expect(home.contains("<a href=\"/evaluasi/temuan\">Temuan</a>"))
        }
        // check: a finding done leaves the tasks
        let owner = try app.userId("admin-medsos")
        try await app.as("kepala-biro") { browser in
            try await browser.get("/evaluasi/temuan/\(late)")
            #expect(try await browser.post("/evaluasi/temuan/\(late)", Self.editFields(rowVersion: 1, owner: owner, due: "2026-11-20", status: "done",
                                                                                        action: "Delegasi persetujuan")).status == .seeOther)
            #expect(!(try await browser.get("/").contains("id=\"finding-tasks\"")))
        }
        #expect(try app.database.finding(id: late)?.record.closedAt != nil)
        try await app.as("admin-medsos") { browser in
            let home = try await browser.get("/")
            #expect(!home.contains("/evaluasi/temuan/\(late)\""))
            #expect(home.contains("/evaluasi/temuan/\(later)\""))
        }
    }

    @Test func aWorkflowEditCitesFindingsAndTheHistorySaysWhy() async throws {
        // setup
        let app = try await TestApp.dki()
        let id = try await Self.raise(app)
        var changed = Workflow(preset: .dkiKSD)
        changed.steps[4].standardMinutes = 120
        let edited = changed
        let fields = WorkflowPageTests.fields(edited)
        try await app.asAdmin { browser in
            // check: the editor offers the open finding
            let editor = try await browser.get("/admin/workflow")
            #expect(editor.contains("Perubahan ini menjawab temuan"))
            #expect(editor.contains("name=\"finding\" value=\"\(id)\""))
            // action: citing without a reason is refused, the choice kept
            let refused = try await browser.post("/admin/workflow", fields + [("finding", "\(id)")])
            // check
            #expect(refused.status == .unprocessableContent)
            #expect(refused.contains("perubahan yang menjawab temuan perlu alasan"))
            #expect(refused.contains("name=\"finding\" value=\"\(id)\" checked"))
            // action
            let saved = try await browser.post("/admin/workflow", WorkflowPageTests.fields(edited, note: "Standar persetujuan akhir 2 jam")
                                                + [("finding", "\(id)"), ("finding", "999")])
            // check
            #expect(saved.location == "/admin/workflow?ok=workflow_saved")
            let history = try await browser.get("/workflow")
            #expect(history.contains("diubah karena temuan <a href=\"/evaluasi/temuan/\(id)\">#\(id): \(Self.subject)</a>"))
            #expect(try await browser.get("/admin/workflow").contains("diubah karena temuan"))
            let sop = try await browser.get("/workflow/sop?version=2")
            #expect(sop.contains("diubah karena temuan <a href=\"/evaluasi/temuan/\(id)\">#\(id): \(Self.subject)</a>"))
            let finding = try await browser.get("/evaluasi/temuan/\(id)")
            #expect(finding.contains("<a href=\"/workflow?version=2\">Dijawab oleh versi 2</a>"))
        }
        // check: linked, moved in progress, the unknown id ignored, the audit line names it
        let links = try await app.database.writer.read { db in try Row.fetchAll(db, sql: "SELECT workflowVersion, findingId FROM workflowVersionFinding") }
        #expect(links.map { [$0[0] as Int64, $0[1] as Int64] } == [[2, id]])
        #expect(try app.database.finding(id: id)?.record.status == .inProgress)
        let detail = try await app.database.writer.read { db in
            try String.fetchOne(db, sql: "SELECT detail FROM auditEvent WHERE action = 'workflow.update' ORDER BY id DESC")
        }
        #expect(detail == "#\(id) Standar persetujuan akhir 2 jam")
    }

    @Test func theUpgradeKeepsTheAuditLogAndLearnsTheFindingsActions() throws {
        // setup: a database as it stood before v15-findings, with an audit row
        let queue = try DatabaseQueue()
        try AppDatabase.migrator.migrate(queue, upTo: "v12-sop-document")
        try queue.write { db in
            try db.execute(sql: "INSERT INTO auditEvent (at, action, target) VALUES ('2026-11-01 00:00:00.000', 'workflow.update', 'v2')")
        }
        // action
        try AppDatabase.migrator.migrate(queue)
        // check: the row is kept, the new actions pass, an unknown one still does not
        try queue.write { db in
            #expect(try String.fetchAll(db, sql: "SELECT target FROM auditEvent") == ["v2"])
            try db.execute(sql: "INSERT INTO auditEvent (at, action) VALUES ('2026-11-02 00:00:00.000', 'finding.create')")
            #expect(throws: DatabaseError.self) {
                try db.execute(sql: "INSERT INTO auditEvent (at, action) VALUES ('2026-11-02 00:00:00.000', 'finding.vanish')")
            }
            let indexes = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'auditEvent' AND sql IS NOT NULL")
            #expect(indexes.contains("auditEvent_on_action"))
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
        }
    }
}
