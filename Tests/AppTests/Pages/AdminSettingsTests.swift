import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
@testable import App

/// The institution's settings (`/admin/settings`): office hours, caption limits, the four-eyes
/// setting, the timing rules, the account picture, and the form sent nonsense.
@Suite struct AdminSettingsTests {
    @Test func officeHoursAndCaptionLimitAreInstitutionSettings() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get("/admin/settings").contains("value=\"07:30\""))
            // action
            let saved = try await browser.post("/admin/settings", [
                ("name", "Biro KSD"), ("time_zone", "Asia/Makassar"), ("language", "id"), ("caption_limit", "150"),
                ("office_opens", "08:00"), ("office_closes", "15:00"), ("office_days", "2"), ("office_days", "3"), ("office_days", "7"),
                ("channels", "instagram"), ("channels", "x"), ("account_name", "biroksd.jakarta"),
                ("limit_x", "300"), ("limit_instagram", "2200"), ("limit_tiktok", "4000"), ("limit_facebook", "63206"),
                ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
            ])
            // check
            #expect(saved.location == "/admin/settings?ok=settings_saved")
            // action
            let bad = try await browser.post("/admin/settings", [
                ("name", ""), ("time_zone", "Mars/Olympus"), ("language", "id"), ("caption_limit", "0"), ("office_opens", "16:00"), ("office_closes", "08:00"),
            ])
            // check
            #expect(bad.status == .unprocessableContent)
            #expect(bad.contains("Zona waktu tidak dikenal."))
            #expect(bad.contains("Pilih paling sedikit satu hari kerja."))
        }
        let settings = app.services.institution.settings
        #expect(settings.captionLimit == 150)
        #expect(settings.officeOpens == 8 * 60)
        #expect(settings.officeDays == [2, 3, 7])
        #expect(settings.channels == [.instagram, .x])
        #expect(settings.timeZone.identifier == "Asia/Makassar")
        #expect(settings.platformLimits.x == 300)
        #expect(settings.platformLimits.tiktok == 4000)
        #expect(settings.accountName == "biroksd.jakarta")
        // action
        // The new limit applies at once.
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.post("/content", Fixtures.itemFields(caption: String(repeating: "a", count: 151), channels: ["instagram"]))
            // check: saved, with the new limit in its warning
            let item = try #require(page.location?.components(separatedBy: "?").first)
            #expect(try await browser.get(item).contains("Keterangan melebihi batas 150 karakter untuk Instagram: kurangi 1 karakter sebelum diajukan."))
        }
        // action
        try await app.as("kepala-biro") { browser async throws in
            // check
            #expect(try await browser.get("/admin/settings").status == .forbidden)
        }
    }

    @Test func theSettingIsACheckboxOnTheSettingsPage() async throws {
        // setup
        let app = try await TestApp.dki()
        let fields: [(String, String)] = [
            ("name", "Biro KSD"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
            ("office_opens", "07:30"), ("office_closes", "16:00"), ("office_days", "2"), ("channels", "instagram"),
            ("limit_x", "280"), ("limit_instagram", "2200"), ("limit_tiktok", "2200"), ("limit_facebook", "63206"),
            ("limit_youtubeTitle", "100"), ("limit_youtubeDescription", "5000"),
        ]
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            // check
            #expect(try await browser.get("/admin/settings").contains("name=\"separate_deciders\" value=\"1\" checked"), "on by default")
            // A form that does not show the box (an older page) leaves the rule as it is.
            #expect(try await browser.post("/admin/settings", fields).location == "/admin/settings?ok=settings_saved")
            #expect(app.services.institution.settings.separateDeciders)
            // Unticked on the page: off.
            #expect(try await browser.post("/admin/settings", fields + [("four_eyes_shown", "1")]).location == "/admin/settings?ok=settings_saved")
            #expect(!app.services.institution.settings.separateDeciders)
            #expect(try await browser.get("/admin/settings").contains("name=\"separate_deciders\" value=\"1\" aria-describedby"))
            // Ticked again: on.
            let on = fields + [("four_eyes_shown", "1"), ("separate_deciders", "1")]
            #expect(try await browser.post("/admin/settings", on).location == "/admin/settings?ok=settings_saved")
            #expect(app.services.institution.settings.separateDeciders)
        }
        // action
        try await app.as("kepala-biro") { browser in
            try await browser.get("/")
            // check
            #expect(try await browser.post("/admin/settings", fields + [("four_eyes_shown", "1")]).status == .forbidden)
        }
        #expect(app.services.institution.settings.separateDeciders, "only administrators change it")
    }

    @Test func switchedOffRulesLetTheSameSubmissionThrough() async throws {
        // setup
        let app = try await TestApp.dki()
        let settings = app.services.institution.settings
        func hm(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
        var form: [(String, String)] = [
            ("name", settings.name), ("time_zone", settings.timeZone.identifier), ("language", settings.defaultLanguage.rawValue),
            ("caption_limit", "\(settings.captionLimit)"), ("office_opens", hm(settings.officeOpens)), ("office_closes", hm(settings.officeCloses)),
            ("account_name", settings.accountName),
        ]
        form += settings.officeDays.sorted().map { ("office_days", "\($0)") }
        form += settings.channels.map { ("channels", $0.rawValue) }
        form += AdminSettingsController.limitKeys.map { ("limit_\($0.key)", "\(settings.platformLimits[keyPath: $0.path])") }
        let typed = form
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            let page = try await browser.get("/admin/settings")
            // check
            #expect(page.contains("name=\"timing_rules\" value=\"kegiatan-hari-sama\" checked"))
            // action
            let saved = try await browser.post("/admin/settings", typed)
            // check
            #expect(saved.location == "/admin/settings?ok=settings_saved", "\(saved.status) \(saved.body.components(separatedBy: "role=\"alert\"").dropFirst().first?.prefix(400) ?? "")")
            #expect(!(try await browser.get("/admin/settings")).contains("value=\"kegiatan-hari-sama\" checked"))
        }
        #expect(app.services.institution.settings.timingRules.isEmpty)
        // action
        let coverage = try await app.createItem(fields: Fixtures.contentFields(
            title: "Liputan rapat", kind: "kegiatan", publishAt: "2026-11-25T10:00", eventAt: "2026-11-25T09:00", eventEndAt: "2026-11-25T11:00"))
        // check
        #expect(try await app.act("admin-medsos", "submit", on: coverage).status == .seeOther)
        // action
        let infographic = try await app.createItem(fields: Fixtures.contentFields(
            title: "Infografis", kind: "infografis-rencana", publishAt: "2026-11-28T00:00", eventAt: "2026-11-30T10:00"))
        // check
        #expect(try await app.act("admin-medsos", "submit", on: infographic).status == .seeOther)
        // action
        let greeting = try await app.createItem(fields: Fixtures.contentFields(
            title: "Ucapan", kind: "ucapan", publishAt: "2026-11-26T00:00", dueOn: "2026-11-25"))
        // check
        #expect(try await app.act("admin-medsos", "submit", on: greeting).status == .seeOther)
        // action
        // And the calendar no longer warns.
        try await app.as("admin-medsos") { browser in
            let calendar = try await browser.get("/calendar?month=2026-11")
            // check
            #expect(CalendarReader.entries(calendar.body).filter { $0.kind == "content" }.count == 3)
            #expect(!calendar.contains("has-warning"))
        }
    }

    @Test func theAccountPictureComesFromTheSettings() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.createItem()
        // action
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/settings")
            var fields: [(String, String)] = [("name", "Biro KSD"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
                                              ("office_opens", "07:30"), ("office_closes", "16:00"), ("office_days", "2"), ("channels", "instagram"),
                                              ("channels", "facebook"), ("account_name", "biroksd")]
            for key in ["x", "instagram", "tiktok", "facebook", "youtubeTitle", "youtubeDescription"] { fields.append(("limit_\(key)", "2200")) }
            let saved = try await browser.postMultipart("/admin/settings", fields, files: [("avatar", "logo.png", "image/png", Fixtures.png)])
            // check
            #expect(saved.location == "/admin/settings?ok=settings_saved")
            // action
            let refused = try await browser.postMultipart("/admin/settings", fields, files: [("avatar", "logo.png", "image/png", Fixtures.htmlFile)])
            // check
            #expect(refused.status == .unsupportedMediaType)
        }
        let sha = try #require(app.services.institution.settings.avatarSha256)
        // action
        try await app.as("kepala-biro") { browser async throws in
            // check
            #expect(try await browser.get(item).contains("<span class=\"pv-avatar\" aria-hidden=\"true\"><img src=\"/media/\(sha)\" alt=\"\"></span>"))
        }
    }

    // MARK: - Sent nonsense

    @Test func adminSettingsNewFieldsWithJunk() async throws {
        // setup
        let app = try await TestApp.dki()
        let tally = Garbage.Tally("admin settings")
        let before = app.services.institution.settings
        let typedName = "Biro <b>uji</b> & \"kutip\""
        /// The valid form with some fields replaced; the typed name only where the form must be refused.
        @Sendable func with(_ replaced: [(String, String)], name: String = typedName) -> [(String, String)] {
            let names = Set(replaced.map(\.0))
            return [("name", name)] + Fixtures.validSettings.filter { !names.contains($0.0) && $0.0 != "name" } + replaced
        }
        let cases: [(String, [(String, String)], [String])] = [
            ("timing rule unknown", [("timing_rules", "ucapan-sebelum-hari-99")], ["Aturan waktu", "tidak dikenal"]),
            ("timing rule markup", [("timing_rules", "<script>alert(1)</script>")], ["Aturan waktu"]),
            ("timing rule repeated junk", [("timing_rules", "ucapan-sebelum-hari"), ("timing_rules", "ucapan-sebelum-hari"), ("timing_rules", "x"), ("timing_rules", "")], ["Aturan waktu"]),
            ("timing rule 10k", [("timing_rules", String(repeating: "r", count: 10_000))], ["Aturan waktu"]),
            ("domains 500", [("website_domains", (0..<500).map { "d\($0).go.id" }.joined(separator: "\n"))], ["Domain situs web tidak sah"]),
            ("domains 21", [("website_domains", (0..<21).map { "d\($0).go.id" }.joined(separator: ","))], ["Domain situs web tidak sah"]),
            ("update policy junk", [("update_policy", "sometimes")], ["Cara pemutakhiran tidak dikenal."]),
            ("update policy case", [("update_policy", "WORKFLOW")], ["Cara pemutakhiran tidak dikenal."]),
            ("update policy 10k", [("update_policy", String(repeating: "p", count: 10_000))], ["Cara pemutakhiran tidak dikenal."]),
            ("everything new wrong", [("timing_rules", "x"), ("website_domains", "x.y,"), ("update_policy", "x"), ("city", String(repeating: "c", count: 10_000))],
             ["Aturan waktu", "Cara pemutakhiran tidak dikenal."]),
            ("time zone path", [("time_zone", "../../etc/passwd")], ["Zona waktu tidak dikenal."]),
        ]
        // action
        try await app.asAdmin { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/admin/settings")
            for (label, fields, texts) in cases {
                let page = try await probe.post("/admin/settings", with(fields))
                // check
                Garbage.refused(page, "settings \(label)", status: 422, says: [Garbage.words.formErrors] + texts)
                Garbage.kept(page, typedName, "settings \(label)")
                #expect(!page.body.contains("<script>alert(1)"), "settings \(label) reflected raw")
                if let domains = fields.first(where: { $0.0 == "website_domains" })?.1, domains.count <= 2000 {
                    Garbage.kept(page, domains, "settings \(label) domains")
                }
            }
            // Entries that are not host names are refused by name (they were once dropped without a word, which with
            // none left switched the own-domain check off).
            let junkDomains = ["bukan domain", "javascript:alert(1)", String(repeating: "a", count: 250) + ".com", String(repeating: "a", count: 10_000) + ".go.id",
                               "<script>alert(1)</script>", "x", "例え.テスト", "-bad-.go.id", "a..b.go.id"]
            // action
            for domains in junkDomains {
                let page = try await probe.post("/admin/settings", with([("website_domains", domains)], name: "Biro Kerja Sama Daerah"))
                // check
                #expect(page.status.code < 500)
                #expect(!page.body.contains("<script>alert(1)"))
                Garbage.refused(page, "settings domains \(domains.prefix(30)) (saved as \(app.services.institution.settings.websiteDomains))", status: 422,
                                says: [Garbage.words.formErrors, "Domain situs web tidak sah"])
                Garbage.kept(page, String(domains.prefix(2000)), "settings domains \(domains.prefix(30))")
                #expect(app.services.institution.settings.websiteDomains == before.websiteDomains, "the stored domains are untouched")
            }
            // action
            // The city is cut to 100 characters; a 10,000-character one should be refused, not cut silently.
            let longCity = try await probe.post("/admin/settings", with([("city", String(repeating: "c", count: 10_000))], name: "Biro Kerja Sama Daerah"))
            // check
            #expect(longCity.status.code < 500)
            do {
                Garbage.refused(longCity, "settings 10k city", status: 422, says: [Garbage.words.formErrors])
            }
            // Domains past the 2,000-character cut are dropped before they are checked.
            // Fifteen valid domains of ~150 characters (labels under 63): 2,265 characters in all.
            let longDomains = (0..<15).map { "\(String(repeating: "a", count: 50)).\(String(repeating: "b", count: 50)).\(String(repeating: "c", count: 40))\($0).go.id" }
                .joined(separator: "\n")
            // action
            let cut = try await probe.post("/admin/settings", with([("website_domains", longDomains)], name: "Biro Kerja Sama Daerah"))
            // check
            #expect(cut.status.code < 500)
            let savedDomains = app.services.institution.settings.websiteDomains
            do {
                if cut.status == .seeOther {
                    #expect(savedDomains.count == 15, "15 valid domains typed, \(savedDomains.count) saved")
                } else {
                    Garbage.kept(cut, longDomains, "15 long domains")
                }
            }
            // Without CSRF, as multipart, malformed.
            Garbage.refused(try await probe.post("/admin/settings", Fixtures.validSettings, csrf: false), "settings without token", status: 403, says: [Garbage.words.csrf])
            // action
            try await probe.get("/admin/settings")
            // check
            Garbage.refused(try await probe.raw("/admin/settings", body: "name=%ZZ&csrf_token=\(browser.csrfToken)"), "settings malformed", status: 400, says: [Garbage.words.malformed])
        }
        // action
        // Not the administrator.
        try await app.as("kepala-biro") { browser async throws in
            let probe = Garbage.Probe(browser, tally)
            try await probe.get("/agenda")
            // check
            Garbage.refused(try await probe.post("/admin/settings", Fixtures.validSettings), "kepala-biro settings", status: 403, says: [Garbage.words.adminOnly])
            Garbage.refused(try await probe.get("/admin/settings"), "kepala-biro GET settings", status: 403, says: [Garbage.words.adminOnly])
        }
        let after = app.services.institution.settings
        #expect(after.updatePolicy == before.updatePolicy)
        #expect(after.name != typedName, "no refused form saved the typed name")
        tally.report()
    }
}
