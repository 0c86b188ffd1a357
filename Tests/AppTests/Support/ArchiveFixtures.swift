import Domain
import Foundation
import GRDB
import HTTPTypes
import Hummingbird
import Testing
@testable import App

/// One row of the archive table, read back from the page.
struct ArchiveRow: Sendable, Equatable {
    let status: String
    let replaced: Bool
    let title: String
    let kind: String
    let channel: String
    let url: String
    let replacedText: String?
}

/// Reads the archive page.
enum ArchiveReader {
    static func rows(_ body: String) -> [ArchiveRow] {
        body.components(separatedBy: "<tr data-link-status=\"").dropFirst().map { piece in
            let status = String(piece.prefix { $0 != "\"" })
            let row = piece.components(separatedBy: "</tr>")[0]
            let cells = HTMLText.cells(row)
            let titleCell = HTMLText.between(row, "<td><a href=\"/content/", "</a>") ?? ""
            let title = HTMLText.unescape(titleCell.components(separatedBy: "\">").dropFirst().joined(separator: "\">"))
            return ArchiveRow(
                status: status, replaced: piece.hasPrefix(status + "\" class=\"replaced\""), title: title,
                kind: cells.count > 2 ? cells[2] : "", channel: cells.count > 3 ? cells[3] : "",
                url: HTMLText.unescape(HTMLText.between(row, "class=\"url\">", "</a>") ?? ""),
                replacedText: HTMLText.between(row, "<span class=\"badge warn\">", "</span>").map(HTMLText.unescape))
        }
    }

    /// The page's range line ("1–50 dari 120 tautan (halaman 1 dari 3)").
    static func range(_ page: TestBrowser.Page) -> String? {
        HTMLText.between(page.body, "<p class=\"muted\" id=\"archive-range\">", "</p>")
    }
}

/// One link written straight into the database by `seedArchive`, with what the archive should show for it.
struct ArchiveSeed: Sendable {
    let linkId: Int64
    let itemId: Int64
    let index: Int
    let title: String
    let kind: ContentKind
    let channel: Channel
    let url: String
    let at: Date
    var month: String { LocalDateTime.format(at, timeZone: Fixtures.jakarta).prefix(7).description }

    static let emojiTitle = "Rapat koordinasi Kerja Sama Daerah — Sinergi Jakarta–Bandung 🇮🇩🎉👨‍👩‍👧"

    static func title(_ index: Int) -> String {
        switch index {
        case 3: "=HYPERLINK(\"x\")"
        case 5: emojiTitle
        case 7: "Diskon 100% untuk_semua peserta"
        case 8: "+62 Layanan Pengaduan"
        case 9: "-5 Langkah Aman Berkendara"
        case 10: "@biroksd menyapa warga"
        case 11: "Promo 1000 untukXsemua peserta"  // what `%` or `_` as wildcards would also find
        default: String(format: "Kegiatan nomor %02d", index)
        }
    }

    /// Newest first, as the archive and the export list them.
    static func newestFirst(_ seeds: [ArchiveSeed]) -> [ArchiveSeed] {
        seeds.sorted { ($0.at, $0.linkId) > ($1.at, $1.linkId) }
    }

    /// SQLite's NOCASE: bytes, with ASCII letters folded.
    static func nocase(_ text: String) -> [UInt8] {
        text.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }
    }
}

extension TestApp {
    /// 48 published items with 120 links: Instagram and X for each, Facebook for every second;
    /// items 0–19 in October 2026 (the last at 23:30 on the 31st), 20–47 in November (the first
    /// at 00:10 on the 1st); every third item an `ucapan`, the others `kegiatan`.
    func seedArchive() throws -> [ArchiveSeed] {
        let author = try #require(try database.userRecord(username: "admin-medsos")?.id ?? database.userRecord(username: "admin")?.id)
        return try database.writer.write { db in
            var seeds: [ArchiveSeed] = []
            for index in 0..<48 {
                let at: Date
                switch index {
                case 0..<19: at = Fixtures.local(String(format: "2026-10-%02dT09:00", index + 1))
                case 19: at = Fixtures.local("2026-10-31T23:30")
                case 20: at = Fixtures.local("2026-11-01T00:10")
                default: at = Fixtures.local("2026-11-01T09:00").addingTimeInterval(Double(index - 21) * 12 * 3600)
                }
                let kind: ContentKind = index % 3 == 0 ? .ucapan : .kegiatan
                var channels: [Channel] = [.instagram, .x]
                if index % 2 == 0 { channels.insert(.facebook, at: 1) }
                var item = ContentItemRecord(
                    id: nil, workflowVersion: 1, position: 6, status: .published, stepRoleKey: nil, stepEnteredAt: at, version: 9, revision: 1,
                    title: ArchiveSeed.title(index), kind: kind, publishAt: at, createdBy: author, createdAt: at.addingTimeInterval(-86_400),
                    updatedAt: at, publishedAt: at, channels: ChannelList(channels))
                try item.insert(db)
                for channel in channels {
                    let offset: Double = channel == .instagram ? 0 : channel == .facebook ? 60 : 120
                    let url = switch channel {
                    case .instagram: String(format: "https://www.instagram.com/p/seed%02d/", index)
                    case .facebook: "https://www.facebook.com/biroksd/posts/\(1000 + index)"
                    default: "https://x.com/biroksd/status/\(5000 + index)"
                    }
                    var link = ContentLinkRecord(id: nil, itemId: item.id!, channel: channel, url: url, createdBy: author,
                                                 createdAt: at.addingTimeInterval(offset))
                    try link.insert(db)
                    seeds.append(ArchiveSeed(linkId: link.id!, itemId: item.id!, index: index, title: item.title, kind: kind, channel: channel, url: url,
                                             at: link.createdAt))
                }
            }
            return seeds
        }
    }

    /// The archive page's rows and its range line, as `username`.
    func archive(_ query: String, as username: String = "tim-pengelola") async throws -> (TestBrowser.Page, [ArchiveRow]) {
        let box = PageBox()
        try await self.as(username) { browser in
            box.page = try await browser.get("/archive" + (query.isEmpty ? "" : "?" + query))
        }
        let page = try #require(box.page)
        return (page, ArchiveReader.rows(page.body))
    }
}
