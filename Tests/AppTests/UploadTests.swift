import Domain
import Foundation
import HTTPTypes
import Hummingbird
import GRDB
import Testing
@testable import App

@Suite struct UploadTests {
    /// A real 1×1 PNG.
    static let png: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0, 0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00,
        0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]
    static let html = Array("<!doctype html><script>alert(document.cookie)</script>".utf8)

    static func fields(title: String = "Foto rapat") -> [(String, String)] {
        WorkflowRouterTests.itemFields(title: title)
    }

    @Test func aPNGNamedJpgIsStoredAsPNGAndServedOnlyToSignedInPeople() async throws {
        let app = try await WorkflowRouterTests.dki()
        let box = WorkflowRouterTests.ItemPath()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Self.fields(), files: [("media_files", "foto.jpg", "image/jpeg", Self.png)])
            #expect(answer.status == .seeOther)
            box.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let id = try #require(Int64(box.value.components(separatedBy: "/").last ?? ""))
        let media = try app.database.media(itemId: id)
        #expect(media.count == 1)
        #expect(media.first?.contentType == "image/png", "decided by the bytes, not the name")
        #expect(media.first?.originalName == "foto.jpg")
        let sha = try #require(media.first?.sha256)
        #expect(FileManager.default.fileExists(atPath: app.services.media.path(of: sha)))
        try await app.as("kepala-biro") { browser in
            let file = try await browser.get("/media/\(sha)")
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "image/png")
            #expect(file.headers[.xContentTypeOptions] == "nosniff")
            #expect(file.headers[.contentDisposition]?.hasPrefix("inline; filename=\"foto.jpg\"") == true)
            let page = try await browser.get(box.value)
            #expect(page.contains("<img src=\"/media/\(sha)\" alt=\"\">"), "the image appears in the previews")
        }
        try await app.run { anonymous in
            let refused = try await anonymous.get("/media/\(sha)")
            #expect(refused.status == .seeOther)
            #expect(refused.location?.hasPrefix("/login") == true)
        }
    }

    @Test func anHTMLFileNamedPngIsRefusedWith415AndTheFormIsKept() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.postMultipart("/content", Self.fields(title: "Judul yang diketik"), files: [("media_files", "poster.png", "image/png", Self.html)])
            #expect(page.status == .unsupportedMediaType)
            #expect(page.contains("Berkas &quot;poster.png&quot; bukan JPEG, PNG, WebP atau MP4"))
            #expect(page.contains("value=\"Judul yang diketik\""), "the rest of the form is kept")
        }
        #expect(try app.database.items(status: nil, limit: 5, offset: 0).isEmpty)
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: app.services.config.mediaPath)) ?? []
        #expect(stored.filter { !$0.hasPrefix("tmp") }.isEmpty, "nothing of it is kept on disk")
    }

    @Test func oversizeFilesGet413AndEarlierUploadsAreKeptForTheNextTry() async throws {
        let app = try await WorkflowRouterTests.dki()  // default limits
        let small = try await TestApp.make { $0.uploadLimits = UploadLimits(image: 100, video: 1000) }
        for role in SOPPreset.dkiKSD.roles { try await small.addUser(role.key.rawValue + "-s", roles: [role.key]) }
        _ = app
        try await small.as("admin-medsos-s") { browser in
            try await browser.get("/content/new")
            let big = Self.png + Array(repeating: 0, count: 200)
            let page = try await browser.postMultipart("/content", Self.fields(), files: [
                ("media_files", "kecil.png", "image/png", Self.png), ("media_files", "besar.png", "image/png", big),
            ])
            #expect(page.status == .contentTooLarge)
            #expect(page.contains("besar.png"))
            #expect(page.contains("name=\"uploaded\""), "the file that fitted is kept in the form")
            // Sending the form again without the big file keeps the first upload.
            let sha = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"uploaded\" value=\""))
            let again = try await browser.postMultipart("/content", Self.fields() + [("uploaded", sha)], files: [])
            #expect(again.status == .seeOther)
        }
        let item = try #require(try small.database.items(status: nil, limit: 1, offset: 0).first)
        #expect(try small.database.media(itemId: item.item.id!).map(\.originalName) == ["kecil.png"])
    }

    @Test func filesNeedTheCSRFTokenFirst() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.postMultipart("/content", Self.fields(), files: [("media_files", "foto.png", "image/png", Self.png)], csrf: false)
            #expect(page.status == .forbidden)
        }
        #expect(try app.database.items(status: nil, limit: 5, offset: 0).isEmpty)
    }

    @Test func multipartBodiesAreRefusedWhereNoFilesAreTaken() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("kepala-biro") { browser in
            try await browser.get("/")
            let page = try await browser.postMultipart("/logout", [], files: [])
            #expect(page.status == .unsupportedMediaType, "no way around the CSRF check through another content type")
            #expect(try await browser.get("/").status == .ok, "still logged in")
        }
    }

    @Test func unusedUploadsAreCleanedUpAfterADay() async throws {
        let app = try await WorkflowRouterTests.dki()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            // A refused form (no title): the file stays for a second try, but nothing refers to it.
            let page = try await browser.postMultipart("/content", Self.fields(title: ""), files: [("media_files", "foto.png", "image/png", Self.png)])
            #expect(page.status == .unprocessableContent)
        }
        let sha = try #require(try await app.database.writer.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM mediaFile") })
        #expect(FileManager.default.fileExists(atPath: app.services.media.path(of: sha)))
        SessionJanitor(services: app.services).sweep()
        #expect(FileManager.default.fileExists(atPath: app.services.media.path(of: sha)), "kept during the day")
        app.clock.advance(minutes: 60 * 25)
        SessionJanitor(services: app.services).sweep()
        #expect(!FileManager.default.fileExists(atPath: app.services.media.path(of: sha)))
        #expect(try app.database.mediaFile(sha256: sha) == nil)
    }
}

@Suite struct MediaZipTests {
    @Test func theUploaderDownloadsEveryFileAndTheCaptionAsOneValidZip() async throws {
        let app = try await WorkflowRouterTests.dki()
        let box = WorkflowRouterTests.ItemPath()
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", UploadTests.fields(), files: [
                ("media_files", "foto rapat.png", "image/png", UploadTests.png), ("media_files", "kedua.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF] + Array(repeating: 7, count: 50)),
            ])
            box.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let zipBox = WorkflowRouterTests.PageBox()
        try await app.as("kepala-biro") { browser in
            zipBox.page = try await browser.get("\(box.value)/media.zip")
        }
        let page = try #require(zipBox.page)
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "application/zip")
        // The body is binary: fetch it again as bytes rather than text.
        let file = NSTemporaryDirectory() + "warta-test-\(UUID().uuidString).zip"
        try await app.as("kepala-biro") { browser in
            let response = try await browser.client.execute(uri: "\(box.value)/media.zip", method: .get,
                                                            headers: [.cookie: "warta_session=\(browser.cookie("warta_session") ?? "")"], body: nil)
            try Data(buffer: response.body).write(to: URL(fileURLWithPath: file))
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        check.arguments = ["-c", "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print('|'.join(z.namelist())); print(z.read('keterangan.txt').decode())", file]
        let output = Pipe()
        check.standardOutput = output
        try check.run()
        check.waitUntilExit()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0, "a valid ZIP whose CRCs check out")
        #expect(text.contains("01-foto rapat.png|02-kedua.jpg|keterangan.txt|tautan-media.txt"))
        #expect(text.contains("Kepala Biro memimpin rapat koordinasi kerja sama daerah. #KerjaSamaDaerah"))
    }
}

@Suite struct AvatarTests {
    @Test func theAccountPictureComesFromTheSettings() async throws {
        let app = try await WorkflowRouterTests.dki()
        let item = try await WorkflowRouterTests.createItem(app)
        try await app.run { browser in
            try await browser.login("admin", TestApp.adminPassword)
            try await browser.get("/admin/settings")
            var fields: [(String, String)] = [("name", "Biro KSD"), ("time_zone", "Asia/Jakarta"), ("language", "id"), ("caption_limit", "200"),
                                              ("office_opens", "07:30"), ("office_closes", "16:00"), ("office_days", "2"), ("channels", "instagram"),
                                              ("channels", "facebook"), ("account_name", "biroksd")]
            for key in ["x", "instagram", "tiktok", "facebook", "youtubeTitle", "youtubeDescription"] { fields.append(("limit_\(key)", "2200")) }
            let saved = try await browser.postMultipart("/admin/settings", fields, files: [("avatar", "logo.png", "image/png", UploadTests.png)])
            #expect(saved.location == "/admin/settings?ok=settings_saved")
            let refused = try await browser.postMultipart("/admin/settings", fields, files: [("avatar", "logo.png", "image/png", UploadTests.html)])
            #expect(refused.status == .unsupportedMediaType)
        }
        let sha = try #require(app.services.institution.settings.avatarSha256)
        try await app.as("kepala-biro") { browser async throws in
            #expect(try await browser.get(item).contains("<span class=\"pv-avatar\" aria-hidden=\"true\"><img src=\"/media/\(sha)\" alt=\"\"></span>"))
        }
    }
}
