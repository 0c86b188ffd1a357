import Domain
import Foundation
@testable import App
import ViewRuntime

/// Post-performance models for the snapshots (`SnapshotTests`).
extension ContentItemPage {
    /// Published, with a "Kinerja" section: an Instagram link with H+1 and H+7 figures and a
    /// refused form (a bad number), and a replaced Facebook link with none yet.
    static var mockPerformance: Self {
        var page = mockPublished
        page.performance = .mock
        return page
    }
}

extension PostMetricsItemSection {
    static var mock: Self {
        let headers = ["Jangkauan", "Tayangan", "Suka", "Komentar", "Dibagikan", "Disimpan", "Ditonton"]
        func fields(_ link: Int64, _ values: [String]) -> [Field] {
            zip(PostMetrics.Field.allCases, zip(headers, values)).map { field, pair in
                Field(name: field.rawValue, id: "kinerja-\(link)-\(field.rawValue)", label: pair.0, value: pair.1)
            }
        }
        return Self(
            canEnter: true, whoMayEnter: "Angka kinerja dicatat oleh: Administrator Sistem, Admin Medsos, Kepala Biro.", headers: headers,
            links: [
                .init(linkId: 7, anchor: "kinerja-7", headingId: "kinerja-7-heading", channel: "Instagram", url: "https://www.instagram.com/p/Cabc123/",
                      replaced: false, action: "/content/3/kinerja", asOfId: "kinerja-7-as-of", asOf: "2026-11-28",
                      hint: "Biasanya dibaca H+1 (22 November 2026) dan H+7 (28 November 2026).",
                      fields: fields(7, ["1.912", "", "231", "12", "17", "4O", ""]),
                      snapshots: [
                        .init(asOf: "22 November 2026", source: "manual", recordedBy: "Budi", values: ["1.204", "–", "150", "8", "9", "22", "–"], rate: "15,7%"),
                        .init(asOf: "28 November 2026", source: "impor", recordedBy: "Budi", values: ["1.912", "2.480", "231", "12", "17", "40", "–"], rate: "15,8%"),
                      ],
                      errors: ["Disimpan: \"4O\" bukan bilangan bulat 0 atau lebih (contoh 1250 atau 1.250)."], open: true),
                .init(linkId: 8, anchor: "kinerja-8", headingId: "kinerja-8-heading", channel: "Facebook", url: "https://www.facebook.com/biroksd/posts/42",
                      replaced: true, action: "/content/3/kinerja", asOfId: "kinerja-8-as-of", asOf: "2026-11-22",
                      hint: "Biasanya dibaca H+1 (22 November 2026) dan H+7 (28 November 2026).",
                      fields: fields(8, Array(repeating: "", count: 7)), snapshots: [], errors: [], open: false),
            ])
    }
}

extension PerformanceSection {
    static var mock: Self {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Jakarta")!
        let posts = [(16, 9, 120), (17, 9, 80), (18, 19, 40), (21, 10, 10)].map { day, hour, likes in
            PostPerformance.Post(linkId: Int64(day), itemId: Int64(day), title: "Post \(day)", channel: .instagram, kind: "kegiatan", url: "u",
                                 publishedAt: calendar.date(from: DateComponents(year: 2026, month: 11, day: day, hour: hour))!,
                                 asOf: Day(year: 2026, month: 11, day: 28), metrics: PostMetrics(reach: 1000, likes: likes))
        }
        let timing = PostPerformance.timing(posts, timeZone: calendar.timeZone)
        let weekdays = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
        let svg = PerformanceHeatmap.svg(timing, title: "Keterlibatan menurut hari dan jam unggah", weekdays: weekdays) { day, hour, bucket in
            "\(weekdays[day]) \(hour): \(bucket.posts) unggahan"
        }
        func row(_ title: String, _ id: Int, _ rate: String) -> PostRow {
            .init(title: title, href: "/content/\(id)#kinerja-\(id)", url: "https://www.instagram.com/p/C\(id)/", published: "16 Nov 2026 09.00",
                  asOf: "28 November 2026", reach: "1.000", engagements: "120", rate: rate)
        }
        return Self(
            period: "1 Oktober 2026 – 31 Desember 2026", postCount: 5,
            summary: "1 Oktober 2026 – 31 Desember 2026: 5 tautan dengan angka kinerja.",
            groups: [
                .init(id: "perf-instagram-kegiatan", heading: "Instagram · Liputan kegiatan",
                      top: [row("Rapat koordinasi", 16, "12,0%"), row("Kunjungan kerja", 17, "8,0%")],
                      bottom: [row("Apel pagi", 21, "1,0%"), row("Penandatanganan <MoU>", 18, "4,0%")],
                      withoutRate: "1 unggahan lain tanpa tingkat keterlibatan (tanpa interaksi atau jangkauan)."),
                .init(id: "perf-youtube-informasi", heading: "YouTube · Informasi", top: [row("Video profil", 30, "6,2%")], bottom: [], withoutRate: nil),
            ],
            byHour: [.init(label: "09.00–09.59", posts: 2, rate: "10,0%"), .init(label: "10.00–10.59", posts: 1, rate: "1,0%"),
                     .init(label: "19.00–19.59", posts: 1, rate: "4,0%")],
            byWeekday: weekdays.enumerated().map { .init(label: $1, posts: $0 < 3 ? 1 : 0, rate: $0 < 3 ? "8,0%" : "–") },
            heatmap: SafeHTML(trusted: svg),
            grid: [.init(label: "Senin 09.00–09.59", posts: 1, rate: "12,0%")],
            rateNote: "Tingkat keterlibatan = (suka + komentar + bagikan + simpan) ÷ jangkauan.")
    }
}

extension PerformancePage {
    static var mock: Self { make(preview: nil, errors: []) }

    /// After an upload: the matched rows and the unmatched one with its reason.
    static var mockPreview: Self {
        make(preview: .init(
            fileName: "insights-meta.csv", platform: "Meta Business Suite", asOf: "28 November 2026", asOfValue: "2026-11-28", token: "tok123",
            matched: [.init(row: 2, title: "Rapat koordinasi", href: "/content/3", channel: "Instagram", url: "https://www.instagram.com/p/Cabc123/",
                            values: ["1.912", "–", "231", "12", "17", "40", "2.480"])],
            unmatched: [.init(row: 3, label: "Unggahan lama", reason: "Tidak ada di arsip tautan: https://www.instagram.com/p/Czzz999/")],
            summary: "1 baris cocok dengan tautan arsip, 1 baris tidak cocok.", confirmAction: "/evaluasi/kinerja/impor/simpan", canConfirm: true),
             errors: [])
    }

    /// A refused file: the message in words.
    static var mockRefused: Self {
        make(preview: nil, errors: ["Baris 3, kolom \"Likes\": \"banyak\" bukan bilangan bulat 0 atau lebih. Perbaiki berkasnya; tidak ada yang disimpan."])
    }

    private static func make(preview: Preview?, errors: [String]) -> Self {
        Self(from: "2026-10-01", to: "2026-12-31", action: "/evaluasi/kinerja",
             shortcuts: [.init(label: "Bulan ini", href: "/evaluasi/kinerja?from=2026-12-01&to=2026-12-04"),
                         .init(label: "Triwulan ini", href: "/evaluasi/kinerja?from=2026-10-01&to=2026-12-04")],
             section: .mock, canImport: true, importAction: "/evaluasi/kinerja/impor",
             importHint: "Berkas CSV ekspor wawasan (insights), paling besar 2048 KB.", asOf: "2026-11-28", importErrors: errors,
             headers: ["Jangkauan", "Tayangan", "Suka", "Komentar", "Dibagikan", "Disimpan", "Ditonton"], preview: preview)
    }
}
