import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The SOP document (`/workflow/sop`), its comparison, its approval and its texts' editor
/// (`/admin/sop`), issue 16.
@Suite struct SOPPageTests {
    @Test func everySignedInUserReadsTheDocumentAndAnonymousVisitorsAreSentToLogin() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.run { browser in
            // action
            let anonymous = try await browser.get("/workflow/sop")
            // check
            #expect(anonymous.status == .seeOther || anonymous.status == .found)
            // action
            _ = try await browser.login("admin-medsos", "password-admin-medsos")
            let page = try await browser.get("/workflow/sop")
            // check
            #expect(page.status == .ok)
            #expect(page.contains(SOPDocumentTexts.dkiKSD.sopNumber))
            for step in SOPPreset.dkiKSD.steps { #expect(page.contains(step.name), "\(step.name) in the drawing's titles") }
            #expect(page.contains("Caption kegiatan maksimal 200 karakter"))
            #expect(page.contains("class=\"sop-flowchart\""))
            #expect(page.contains("Belum disahkan"))
            #expect(!page.contains("id=\"sop-approve\""), "Admin Medsos may not approve")
            #expect(try await browser.get("/workflow").contains("href=\"/workflow/sop\""))
            // action
            let refused = try await browser.post("/workflow/sop", [("version", "1"), ("action", "approve")])
            // check
            #expect(refused.status == .forbidden)
            #expect(try await browser.get("/admin/sop").status == .forbidden)
        }
    }

    @Test(arguments: ["abc", "-1", "0", "1.5", "99999999999999999999", "%00"])
    func aGarbledVersionIsA400InWords(_ version: String) async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            // action
            let page = try await browser.get("/workflow/sop?version=\(version)")
            // check
            #expect(page.status == .badRequest)
            #expect(page.contains("Versi harus berupa nomor versi alur."))
            #expect(try await browser.get("/workflow/sop/compare?from=1&to=\(version)").status == .badRequest)
        }
    }

    @Test func anUnknownVersionIsA404InWords() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            // action
            let page = try await browser.get("/workflow/sop?version=7")
            // check
            #expect(page.status == .notFound)
            #expect(page.contains("Versi alur itu tidak ada."))
            #expect(try await browser.get("/workflow/sop/compare?from=1&to=7").status == .notFound)
            #expect(try await browser.get("/workflow/sop/compare?from=1").status == .badRequest)
        }
    }

    @Test func theLastDecideStepsRoleApprovesAndSetsTheEffectiveDate() async throws {
        // setup
        let app = try await TestApp.dki()
        try await app.run { browser in
            _ = try await browser.login("kepala-biro", "password-kepala-biro")
            #expect(try await browser.get("/workflow/sop").contains("id=\"sop-approve\""))
            // action
            let bad = try await browser.post("/workflow/sop", [("version", "1"), ("effective_on", "2026-02-31"), ("action", "effective")])
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Tanggal efektif harus tanggal yang sah"))
            #expect(bad.contains("value=\"2026-02-31\""), "the typed date is kept")
            // action
            let saved = try await browser.post("/workflow/sop", [("version", "1"), ("effective_on", "2026-01-15"), ("action", "effective")])
            // check
            #expect(saved.location == "/workflow/sop?version=1&ok=sop_effective_saved")
            // action
            let approved = try await browser.post("/workflow/sop", [("version", "1"), ("effective_on", ""), ("action", "approve")])
            // check
            #expect(approved.location == "/workflow/sop?version=1&ok=sop_approved")
            let page = try await browser.get("/workflow/sop")
            #expect(page.contains("Disahkan: Ibu Kepala Biro"))
            #expect(page.contains("15 Januari 2026"))
        }
        let revision = try app.database.sopRevision(1)
        #expect(revision.approvedByName == "Ibu Kepala Biro")
        #expect(revision.approvedAt == app.clock.now)
        #expect(revision.effectiveOn == "2026-01-15", "approving keeps the effective date")
    }

    @Test func theComparisonNamesTheChangedStepRoleMinutesAndTexts() async throws {
        // setup
        let app = try await TestApp.dki()
        var edited = Workflow(preset: .dkiKSD)
        edited.steps[1].standardMinutes = 30
        edited.steps[2].roleKey = "kepala-bagian"
        edited.steps.insert(WorkflowStep(name: "Periksa ejaan", roleKey: "tim-pengelola", kind: .work, standardMinutes: 10), at: 1)
        for index in edited.steps.indices { if let target = edited.steps[index].rejectTo, target > 1 { edited.steps[index].rejectTo = target + 1 } }
        let fields = WorkflowPageTests.fields(edited)
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/workflow")
            let saved = try await browser.post("/admin/workflow", fields)
            #expect(saved.location == "/admin/workflow?ok=workflow_saved", "\(saved.body.components(separatedBy: "workflow-errors").dropFirst().first?.prefix(600) ?? "")")
            // action
            let document = try await browser.get("/workflow/sop")
            // check
            #expect(document.contains("Versi 2"))
            #expect(document.contains("30 menit"))
            // action
            let compare = try await browser.get("/workflow/sop/compare?from=1&to=2")
            // check
            #expect(compare.status == .ok)
            #expect(compare.contains("Langkah ditambahkan: Periksa ejaan"))
            #expect(compare.contains("Tanggapi dan koreksi: waktu 1 jam → 30 menit"))
            #expect(compare.contains("Terima konten, putuskan platform: pelaksana Kepala Subbagian Tata Usaha → Kepala Bagian"))
            #expect(try await browser.get("/workflow/sop?version=1").contains("1 jam"))
        }
    }

    static func adminFields(_ texts: SOPDocumentTexts, steps: [SOPStepTexts], override: [String: String] = [:]) -> [(String, String)] {
        var fields: [(String, String)] = [
            ("institution_lines", texts.institutionLines.joined(separator: "\n")), ("sop_number", texts.sopNumber), ("sop_name", texts.sopName),
            ("created_on", texts.createdOn), ("approver_position", texts.approverPosition), ("approver_name", texts.approverName),
            ("approver_nip", texts.approverNIP), ("approval_note", texts.approvalNote),
        ]
        for (name, box) in zip(AdminSOPController.boxNames, texts.boxes) { fields.append((name, box.lines.joined(separator: "\n"))) }
        for (index, step) in steps.enumerated() {
            fields += [("step_\(index)_requirements", step.requirements.joined(separator: "\n")), ("step_\(index)_output", step.output)]
        }
        return fields.map { ($0.0, override[$0.0] ?? $0.1) }
    }

    @Test func anAdminEditsTheTextsAndTheDocumentShowsThem() async throws {
        // setup
        let app = try await TestApp.dki()
        let texts = try app.database.sopDocument()
        let steps = try app.database.sopRevision(1).steps
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            #expect(try await browser.get("/admin/sop").contains("Caption kegiatan maksimal 200 karakter"))
            // action
            let saved = try await browser.post("/admin/sop", Self.adminFields(texts, steps: steps, override: [
                "box_warnings": "1. Jangan unggah tanpa persetujuan\n\n2. Periksa hak cipta", "step_0_output": "Konsep siap diperiksa",
            ]))
            // check
            #expect(saved.location == "/admin/sop?ok=sop_saved")
            let document = try await browser.get("/workflow/sop")
            #expect(document.contains("2. Periksa hak cipta"))
            #expect(document.contains("Konsep siap diperiksa"))
        }
        #expect(try app.database.sopDocument().warnings == ["1. Jangan unggah tanpa persetujuan", "2. Periksa hak cipta"])
        #expect(try app.database.auditEvents(beforeId: nil, action: .settingsUpdate, limit: 50).contains { $0.target == "sop" })
    }

    enum BadInput: String, CaseIterable, Sendable {
        case longNumber, emptyName, twoLineName, longBox, manyLines, longOutput
        var override: [String: String] {
            switch self {
            case .longNumber: ["sop_number": String(repeating: "9", count: 301)]
            case .emptyName: ["sop_name": "  "]
            case .twoLineName: ["sop_name": "Satu\r\nDua"]
            case .longBox: ["box_legal": String(repeating: "x", count: 4001)]
            case .manyLines: ["box_records": (1...41).map { "\($0)." }.joined(separator: "\n")]
            case .longOutput: ["step_2_output": String(repeating: "o", count: 301)]
            }
        }
    }

    @Test(arguments: BadInput.allCases)
    func badTextsAreRefusedWith422AndTheFormKept(_ bad: BadInput) async throws {
        // setup
        let app = try await TestApp.dki()
        let texts = try app.database.sopDocument()
        let steps = try app.database.sopRevision(1).steps
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/sop")
            // action
            let page = try await browser.post("/admin/sop", Self.adminFields(texts, steps: steps, override: bad.override.merging(["box_warnings": "Tetap diketik"]) { a, _ in a }))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("id=\"sop-errors\""))
            #expect(page.contains("Tetap diketik"), "the form keeps what was typed")
        }
        #expect(try app.database.sopDocument() == texts, "nothing saved")
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif

/// The drawings inside each preset's document are well-formed XML, and the rows stay level with them.
@Suite struct SOPDocumentModelTests {
    static func svgs(in html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + ($0.components(separatedBy: "</svg>").first ?? "") + "</svg>" }
    }

    @Test(arguments: SOPPreset.all.map(\.key))
    func everySVGParsesAsXML(_ key: String) throws {
        // setup
        let document = SOPDocument.mock(SOPPreset.named(key)!)
        // action
        let html = String(decoding: SOPExport.html(document, css: nil, institutionName: "X", language: .id), as: UTF8.self)
        let drawings = Self.svgs(in: html)
        // check
        #expect(drawings.count == document.pages.count + SOPLegend.entries.count)
        for svg in drawings {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "\(parser.parserError.map(String.init(describing:)) ?? "") in \(svg.prefix(200))")
        }
    }

    @Test func stepNamesAndTextsAreEscapedInTheTableAndTheDrawing() throws {
        // setup
        var workflow = Workflow(preset: .dkiKSD)
        workflow.steps[0].name = "<script>alert(1)</script> & \"x\""
        var texts = SOPDocumentTexts.dkiKSD
        texts.steps[0].activity = ""
        texts.steps[0].output = "<img src=x onerror=alert(1)>"
        // action
        let document = SOPDocument(version: 1, workflow: workflow, createdAt: SOPDocument.mockDate, document: texts,
                                   revision: SOPRevisionRecord(number: 1, steps: texts.steps), roles: SOPPreset.dkiKSD.allRoles,
                                   dates: DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jakarta")!), t: .id)
        let html = String(decoding: SOPExport.html(document, css: nil, institutionName: "X", language: .id), as: UTF8.self)
        // check
        #expect(!html.contains("<script>alert(1)</script>"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "in the Kegiatan column and the drawing's title")
        for svg in Self.svgs(in: html) { #expect(XMLParser(data: Data(svg.utf8)).parse()) }
    }

    @Test(arguments: SOPPreset.all.map(\.key))
    func theDrawingIsAsTallAsItsRowsAndEveryStepHasARow(_ key: String) throws {
        // setup
        let preset = SOPPreset.named(key)!
        // action
        let document = SOPDocument.mock(preset)
        // check
        let texts = SOPDocumentTexts.preset(key)!
        #expect(document.pages.flatMap(\.rows).count == preset.steps.count + texts.leadingExtras.count + texts.trailingExtras.count)
        for page in document.pages {
            let heights = page.rows.map(\.height)
            for height in heights { #expect(SOPDocument.rowHeights.contains(height), "a class the stylesheet has") }
            let total = heights.reduce(0, +)
            #expect(page.svg.description.contains("height=\"\(total)\""), "page \(page.number): the drawing is as tall as its rows")
            #expect(total <= SOPDocument.pageRowsHeight || page.rowCount == 1)
        }
        // A page break only where the next row would not fit.
        for (page, next) in zip(document.pages, document.pages.dropFirst()) {
            #expect(page.rows.map(\.height).reduce(0, +) + next.rows[0].height > SOPDocument.pageRowsHeight, "page \(page.number)")
        }
    }

    @Test func textsWrapWordByWord() {
        // 55 px: 10 characters a line.
        #expect(SOPDocument.wrappedLines(["aaaa bbbb"], width: 55) == 1)
        #expect(SOPDocument.wrappedLines(["aaaa bbbbbb"], width: 55) == 2, "the second word does not fit beside the first")
        #expect(SOPDocument.wrappedLines(["aaaa", "bbbb"], width: 55) == 2, "each paragraph on its own line")
        #expect(SOPDocument.wrappedLines([String(repeating: "x", count: 25)], width: 55) == 3, "a long word breaks")
        #expect(SOPDocument.wrappedLines(["ab " + String(repeating: "x", count: 25)], width: 55) == 4)
        #expect(SOPDocument.wrappedLines([], width: 55) == 1)
    }

    @Test func eachRowIsAsTallAsItsOwnTexts() {
        let short = SOPDocument.rowHeight(activity: "Unggah", requirements: [], time: ["5 menit"], output: "", note: [])
        #expect(short == 72, "the least height, for the symbol")
        let long = SOPDocument.rowHeight(activity: "Unggah", requirements: Array(repeating: "Caption kegiatan maksimal 200 karakter", count: 6),
                                         time: ["5 menit"], output: "", note: [])
        #expect(long > 144)
        #expect(long % 12 == 0)
        let huge = SOPDocument.rowHeight(activity: String(repeating: "kata ", count: 2000), requirements: [], time: [], output: "", note: [])
        #expect(huge == SOPDocument.rowHeights.last)
        // DKI's first row is long, the others are short: they are not as tall as it.
        let dki = SOPDocument.mock(.dkiKSD)
        let heights = dki.pages.flatMap(\.rows).map(\.height)
        #expect(heights.count == 6)
        #expect(Set(heights).count > 1, "\(heights)")
        #expect(heights.min()! < heights.max()!)
    }
}

/// The extra activities edited at `/admin/sop`, and Kendal's incoming rows from the running follow-up.
@Suite struct SOPExtrasTests {
    static func extraFields(_ texts: SOPDocumentTexts, override: [String: String] = [:]) -> [(String, String)] {
        var fields: [(String, String)] = [("extras_shown", "1")]
        for (key, extras) in [("lead", texts.leadingExtras), ("trail", texts.trailingExtras)] {
            for (index, extra) in extras.enumerated() {
                let prefix = "\(key)_\(index)"
                fields += [("\(prefix)_name", extra.name), ("\(prefix)_role", extra.roleKey.rawValue),
                           ("\(prefix)_minutes", extra.standardMinutes.map(String.init) ?? ""), ("\(prefix)_requirements", extra.requirements),
                           ("\(prefix)_output", extra.output), ("\(prefix)_note", extra.note),
                           ("\(prefix)_incoming", extra.incomingRow?.rawValue ?? ""), ("\(prefix)_symbol", extra.symbol == .document ? "document" : "")]
            }
            // The blank rows.
            for index in extras.count..<(extras.count + 2) {
                let prefix = "\(key)_\(index)"
                fields += [("\(prefix)_name", ""), ("\(prefix)_role", ""), ("\(prefix)_minutes", ""), ("\(prefix)_requirements", ""),
                           ("\(prefix)_output", ""), ("\(prefix)_note", ""), ("\(prefix)_incoming", ""), ("\(prefix)_symbol", "")]
            }
        }
        var seen = Set<String>()
        var result = fields.map { ($0.0, override[$0.0] ?? $0.1) }
        for (name, value) in override where !fields.contains(where: { $0.0 == name }) && seen.insert(name).inserted { result.append((name, value)) }
        return result
    }

    @Test func anAdminEditsAddsAndRemovesExtraActivities() async throws {
        // setup
        let app = try await TestApp.kendalRounds()
        let texts = try app.database.sopDocument()
        let steps = try app.database.sopRevision(1).steps
        #expect(texts.trailingExtras.count == 5)
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            let form = try await browser.get("/admin/sop")
            #expect(form.contains("name=\"trail_4_name\""))
            #expect(form.contains("value=\"Melaksanakan pemutakhiran data/informasi ke media sosial jika terjadi perubahan data/informasi\""))
            #expect(form.contains("name=\"trail_5_name\""), "a blank row to add one")
            // action: the last row's minutes and note changed, a new row added at the front, one added at the end
            let saved = try await browser.post("/admin/sop", SOPPageTests.adminFields(texts, steps: steps) + Self.extraFields(texts, override: [
                "trail_4_minutes": "90", "trail_4_note": "Setiap ada perubahan\nDicatat di buku kendali",
                "lead_0_name": "Penetapan prosedur media sosial", "lead_0_role": "kepala-dinas",
                "trail_5_name": "Evaluasi bulanan", "trail_5_role": "pengelola-ti", "trail_5_minutes": "30",
                "trail_5_output": "Laporan evaluasi",
            ]))
            // check
            #expect(saved.location == "/admin/sop?ok=sop_saved")
            let document = try await browser.get("/workflow/sop")
            #expect(document.contains("Penetapan prosedur media sosial"))
            #expect(document.contains("Evaluasi bulanan"))
            #expect(document.contains("Laporan evaluasi"))
            #expect(document.contains("Dicatat di buku kendali"))
        }
        let stored = try app.database.sopDocument()
        #expect(stored.leadingExtras.map(\.name) == ["Penetapan prosedur media sosial"])
        #expect(stored.trailingExtras.count == 6)
        #expect(stored.trailingExtras[4].standardMinutes == 90)
        #expect(stored.trailingExtras[4].note == "Setiap ada perubahan\nDicatat di buku kendali")
        #expect(stored.trailingExtras.prefix(4).map(\.incomingRow) == [.round, .forward, .followUp, .post], "the marks are kept")
        #expect(stored.trailingExtras[5].standardMinutes == 30)
        // action: a cleared name removes the row
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/sop")
            let saved = try await browser.post("/admin/sop", SOPPageTests.adminFields(stored, steps: steps) + Self.extraFields(stored, override: ["trail_5_name": ""]))
            #expect(saved.location == "/admin/sop?ok=sop_saved")
        }
        let removed = try app.database.sopDocument()
        #expect(removed.trailingExtras.count == 5)
        #expect(!removed.trailingExtras.contains { $0.name == "Evaluasi bulanan" })
    }

    enum BadExtra: String, CaseIterable, Sendable {
        case minutesNotANumber, minutesTooMany, unknownRole, noRole, longName, twoLineName, longNote
        var override: [String: String] {
            switch self {
            case .minutesNotANumber: ["trail_4_minutes": "dua jam"]
            case .minutesTooMany: ["trail_4_minutes": "\(Workflow.maximumStandardMinutes + 1)"]
            case .unknownRole: ["trail_5_name": "Baru", "trail_5_role": "bukan-peran"]
            case .noRole: ["trail_5_name": "Baru", "trail_5_role": ""]
            case .longName: ["trail_0_name": String(repeating: "n", count: 301)]
            case .twoLineName: ["trail_0_name": "Satu\nDua"]
            case .longNote: ["trail_1_note": String(repeating: "k", count: 1001)]
            }
        }
    }

    @Test(arguments: BadExtra.allCases)
    func badExtrasAreRefusedWith422AndTheFormKept(_ bad: BadExtra) async throws {
        // setup
        let app = try await TestApp.kendalRounds()
        let texts = try app.database.sopDocument()
        let steps = try app.database.sopRevision(1).steps
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            _ = try await browser.get("/admin/sop")
            // action
            let page = try await browser.post("/admin/sop", SOPPageTests.adminFields(texts, steps: steps)
                + Self.extraFields(texts, override: bad.override.merging(["trail_2_output": "Tetap diketik"]) { a, _ in a }))
            // check
            #expect(page.status == .unprocessableContent)
            #expect(page.contains("id=\"sop-errors\""))
            #expect(page.contains("value=\"Tetap diketik\""), "the form keeps what was typed")
        }
        #expect(try app.database.sopDocument() == texts, "nothing saved")
    }

    @Test func kendalsDocumentShowsTheFollowUpWorkflowAsSet() async throws {
        // setup
        let app = try await TestApp.kendalRounds()
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            let before = try await browser.get("/workflow/sop")
            #expect(before.contains("Catat informasi yang masuk"), "the running follow-up's step names")
            #expect(before.contains("Keluhan/aduan: 1 hari kerja"), "the follow-up's minutes per category")
            // action: /admin/pesan with a 45-minute round, 12 minutes to forward and 300 for a complaint
            _ = try await browser.get("/admin/pesan")
            var fields = AdminIncomingTests.fields([("pagi", "Pagi", "08:00", "10:00")], standard: "45")
            fields = fields.map { $0.0 == "step_minutes_forward" ? ($0.0, "12") : $0 }
            fields = fields.map { $0.0 == "step_name_forward" ? ($0.0, "Teruskan ke bidang yang menangani") : $0 }
            let saved = try await browser.post("/admin/pesan", fields)
            #expect(saved.location == "/admin/pesan?ok=settings_saved")
            // check
            let after = try await browser.get("/workflow/sop")
            #expect(after.contains("Teruskan ke bidang yang menangani"))
            #expect(after.contains("12 menit"))
            #expect(after.contains("45 menit"), "the round's standard")
            #expect(after.contains("Keluhan/aduan: 5 jam"))
            #expect(after.contains("Data/informasi yang masuk, media sosial, komputer"), "the seed's texts kept for the forward step")
            #expect(after.contains("Melaksanakan pemutakhiran data/informasi"), "the seed's last row stays")
        }
        // With incoming messages off, the seed's rows.
        var settings = try app.database.incomingSettings()
        settings.monitoring.enabled = false
        try app.database.updateIncomingSettings(settings)
        try await app.run { browser in
            _ = try await browser.login("admin", TestApp.adminPassword)
            let off = try await browser.get("/workflow/sop")
            #expect(off.contains("Meneruskan informasi yang masuk ke bidang terkait"))
            #expect(!off.contains("Teruskan ke bidang yang menangani"))
        }
    }
}
