import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// Uploaded files: uploads through the content form, `/media/{sha256}` for signed-in people, the
/// uploader's `media.zip`, hostile file names, and the cleanup of unused uploads.
@Suite struct MediaTests {
    // MARK: - Uploads

    @Test func aPNGNamedJpgIsStoredAsPNGAndServedOnlyToSignedInPeople() async throws {
        // setup
        let app = try await TestApp.dki()
        let box = ItemPath()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Fixtures.uploadFields(), files: [("media_files", "foto.jpg", "image/jpeg", Fixtures.png)])
            // check
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
        // action
        try await app.as("kepala-biro") { browser in
            let file = try await browser.get("/media/\(sha)")
            // check
            #expect(file.status == .ok)
            #expect(file.headers[.contentType] == "image/png")
            #expect(file.headers[.xContentTypeOptions] == "nosniff")
            #expect(file.headers[.contentDisposition]?.hasPrefix("inline; filename=\"foto.jpg\"") == true)
            // action
            let page = try await browser.get(box.value)
            // check
            #expect(page.contains("<img src=\"/media/\(sha)\" alt=\"\">"), "the image appears in the previews")
        }
        // action
        try await app.run { anonymous in
            let refused = try await anonymous.get("/media/\(sha)")
            // check
            #expect(refused.status == .seeOther)
            #expect(refused.location?.hasPrefix("/login") == true)
        }
    }

    @Test func anHTMLFileNamedPngIsRefusedWith415AndTheFormIsKept() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.postMultipart("/content", Fixtures.uploadFields(title: "Judul yang diketik"), files: [("media_files", "poster.png", "image/png", Fixtures.htmlFile)])
            // check
            #expect(page.status == .unsupportedMediaType)
            #expect(page.contains("Berkas &quot;poster.png&quot; bukan JPEG, PNG, WebP atau MP4"))
            #expect(page.contains("value=\"Judul yang diketik\""), "the rest of the form is kept")
        }
        #expect(try app.database.items(status: nil, limit: 5, offset: 0).isEmpty)
        let stored = (try? FileManager.default.subpathsOfDirectory(atPath: app.services.config.mediaPath)) ?? []
        #expect(stored.filter { !$0.hasPrefix("tmp") }.isEmpty, "nothing of it is kept on disk")
    }

    @Test func oversizeFilesGet413AndEarlierUploadsAreKeptForTheNextTry() async throws {
        // setup
        let app = try await TestApp.dki()  // default limits
        let small = try await TestApp.make { $0.uploadLimits = UploadLimits(image: 100, video: 1000) }
        for role in SOPPreset.dkiKSD.roles { try await small.addUser(role.key.rawValue + "-s", roles: [role.key]) }
        _ = app
        // action
        try await small.as("admin-medsos-s") { browser in
            try await browser.get("/content/new")
            let big = Fixtures.png + Array(repeating: 0, count: 200)
            let page = try await browser.postMultipart("/content", Fixtures.uploadFields(), files: [
                ("media_files", "kecil.png", "image/png", Fixtures.png), ("media_files", "besar.png", "image/png", big),
            ])
            // check
            #expect(page.status == .contentTooLarge)
            #expect(page.contains("besar.png"))
            #expect(page.contains("name=\"uploaded\""), "the file that fitted is kept in the form")
            // Sending the form again without the big file keeps the first upload.
            let sha = try #require(TestBrowser.firstMatch(in: page.body, after: "name=\"uploaded\" value=\""))
            // action
            let again = try await browser.postMultipart("/content", Fixtures.uploadFields() + [("uploaded", sha)], files: [])
            // check
            #expect(again.status == .seeOther)
        }
        let item = try #require(try small.database.items(status: nil, limit: 1, offset: 0).first)
        #expect(try small.database.media(itemId: item.item.id!).map(\.originalName) == ["kecil.png"])
    }

    @Test func filesNeedTheCSRFTokenFirst() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let page = try await browser.postMultipart("/content", Fixtures.uploadFields(), files: [("media_files", "foto.png", "image/png", Fixtures.png)], csrf: false)
            // check
            #expect(page.status == .forbidden)
        }
        #expect(try app.database.items(status: nil, limit: 5, offset: 0).isEmpty)
    }

    @Test func unusedUploadsAreCleanedUpAfterADay() async throws {
        // setup
        let app = try await TestApp.dki()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            // A refused form (no title): the file stays for a second try, but nothing refers to it.
            let page = try await browser.postMultipart("/content", Fixtures.uploadFields(title: ""), files: [("media_files", "foto.png", "image/png", Fixtures.png)])
            // check
            #expect(page.status == .unprocessableContent)
        }
        let sha = try #require(try await app.database.writer.read { db in try String.fetchOne(db, sql: "SELECT sha256 FROM mediaFile") })
        #expect(FileManager.default.fileExists(atPath: app.services.media.path(of: sha)))
        // action
        SessionJanitor(services: app.services).sweep()
        // check
        #expect(FileManager.default.fileExists(atPath: app.services.media.path(of: sha)), "kept during the day")
        // action
        app.clock.advance(minutes: 60 * 25)
        SessionJanitor(services: app.services).sweep()
        // check
        #expect(!FileManager.default.fileExists(atPath: app.services.media.path(of: sha)))
        #expect(try app.database.mediaFile(sha256: sha) == nil)
    }

    // MARK: - media.zip

    @Test func theUploaderDownloadsEveryFileAndTheCaptionAsOneValidZip() async throws {
        // setup
        let app = try await TestApp.dki()
        let box = ItemPath()
        // action
        try await app.as("admin-medsos") { browser in
            try await browser.get("/content/new")
            let answer = try await browser.postMultipart("/content", Fixtures.uploadFields(), files: [
                ("media_files", "foto rapat.png", "image/png", Fixtures.png), ("media_files", "kedua.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF] + Array(repeating: 7, count: 50)),
            ])
            box.value = try #require(answer.location?.components(separatedBy: "?").first)
        }
        let zipBox = PageBox()
        try await app.as("kepala-biro") { browser in
            zipBox.page = try await browser.get("\(box.value)/media.zip")
        }
        // check
        let page = try #require(zipBox.page)
        #expect(page.status == .ok)
        #expect(page.headers[.contentType] == "application/zip")
        // The body is binary: fetch it again as bytes rather than text.
        let file = NSTemporaryDirectory() + "warta-test-\(UUID().uuidString).zip"
        // action
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
        // check
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0, "a valid ZIP whose CRCs check out")
        #expect(text.contains("01-foto rapat.png|02-kedua.jpg|keterangan.txt|tautan-media.txt"))
        #expect(text.contains("Kepala Biro memimpin rapat koordinasi kerja sama daerah. #KerjaSamaDaerah"))
    }

    // MARK: - Hostile file names

    @Test func aNameOfFortyThousandCombiningMarksIsStoredShortAndEveryArchiveAndHeaderHoldsIt() async throws {
        // setup
        let app = try await TestApp.dki()
        let hostile = "a" + String(repeating: "\u{0301}", count: 40_000) + ".png"
        // action
        let item = try await app.itemWithUpload(named: hostile)
        // check: stored once, bounded in bytes.
        let id = try #require(Int64(item.split(separator: "/").last ?? ""))
        let media = try app.database.media(itemId: id)
        let stored = try #require(media.first)
        #expect(stored.originalName.utf8.count <= UploadName.maximumBytes)
        #expect(stored.originalName.hasSuffix(".png"))
        try await app.as("kepala-biro") { browser in
            let file = try await browser.rawGet("/media/\(stored.sha256)")
            #expect(file.status == .ok)
            let disposition = try #require(file.headers[.contentDisposition])
            #expect(disposition.utf8.count < 1024, "the header stays small: \(disposition.utf8.count) bytes")
            #expect(disposition.unicodeScalars.allSatisfy { $0.isASCII }, "filename* is percent-encoded")
            for suffix in ["media.zip", "record.zip"] {
                let zip = try await browser.rawGet("\(item)/\(suffix)")
                #expect(zip.status == .ok, "\(suffix)")
                let entries = try ZipReader.entries(zip.bytes)
                let image = try #require(entries.first { $0.bytes == Fixtures.png }, "\(suffix) holds the image")
                #expect(image.name.utf8.count <= UploadName.maximumBytes + 10)
                #expect(image.name.hasSuffix(".png"))
            }
            #expect(try await browser.get("/healthz").status == .ok, "still up")
        }
    }

    @Test func bothArchivesNameAHostileFileByOneRule() async throws {
        // setup
        let app = try await TestApp.dki()
        let item = try await app.itemWithUpload(named: "..\\..\\..\\evil\u{202E}gnp.png")
        // action
        try await app.as("kepala-biro") { browser in
            let media = try ZipReader.entries(try await browser.rawGet("\(item)/media.zip").bytes)
            let record = try ZipReader.entries(try await browser.rawGet("\(item)/record.zip").bytes)
            // check
            let mediaName = try #require(media.first { $0.bytes == Fixtures.png }?.name)
            let recordName = try #require(record.first { $0.bytes == Fixtures.png }?.name)
            #expect(mediaName == "01-evilgnp.png")
            #expect(recordName == "media/" + mediaName, "one rule, under the record's media/ folder")
            for name in (media + record).map(\.name) {
                #expect(!name.contains("..") && !name.contains("\\") && !name.hasPrefix("/"), "\(name)")
            }
        }
    }
}
