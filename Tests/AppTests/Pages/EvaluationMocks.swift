import Domain
import Foundation
@testable import App
import ViewRuntime

/// Evaluation page models for the snapshots (`SnapshotTests`): a head's quarter spanning a
/// workflow change, and an ordinary user's own figures.
extension EvaluationPage {
    static func figure(_ now: String, _ before: String, _ direction: String = "up", _ trend: String = "naik 50%") -> Figure {
        Figure(now: now, before: "sebelumnya \(before)", direction: direction, trend: trend)
    }

    static let sign = ReportSignatures(
        place: "Jakarta", date: "5 Januari 2027", preparer: .init(name: "Admin Sistem", role: "Administrator", nip: nil),
        role: "Kepala Biro", name: "Ibu Kepala Biro", nip: "197001012000031001")

    static var mock: Self {
        let finding = Finding(href: "/evaluasi/temuan/baru?from=2026-10-01&to=2026-12-31&subject=Persetujuan%20akhir%3A%20p90%203%C3%97%20Mutu%20Baku&step=5&version=2",
                              label: "Catat temuan: Persetujuan akhir: p90 3× Mutu Baku")
        let steps: [StepRow] = [
            .init(number: 1, name: "Susun draf", version: nil, passes: figure("40", "30"), median: figure("1 jam", "50 menit"), p90: figure("3 jam", "2 jam"),
                  standard: "2 jam", within: figure("85%", "90%", "down", "turun 6%"), rejections: figure("0", "0", "same", "tetap"), reasons: [],
                  rework: figure("–", "–", "unknown", ""), reworkOpen: nil, finding: finding),
            .init(number: 2, name: "Persetujuan akhir", version: "Versi 1", passes: figure("12", "30"), median: figure("1 jam", "1 jam", "same", "tetap"),
                  p90: figure("3 jam", "2 jam"), standard: "1 jam", within: figure("40%", "60%", "down", "turun 33%"), rejections: figure("3", "2"),
                  reasons: ["Judul kurang jelas (2)", "<b>Foto</b> buram (1)"], rework: figure("5 jam", "4 jam", "up", "naik 25%"),
                  reworkOpen: "1 belum kembali", finding: finding),
            .init(number: 3, name: "Persetujuan akhir", version: "Versi 2", passes: figure("28", "–", "unknown", ""), median: figure("30 menit", "–", "unknown", ""),
                  p90: figure("1 jam", "–", "unknown", ""), standard: "2 jam", within: figure("96%", "–", "unknown", ""), rejections: figure("1", "–", "unknown", ""),
                  reasons: ["Judul kurang jelas (1)"], rework: figure("2 jam", "–", "unknown", ""), reworkOpen: nil, finding: finding),
        ]
        let chartRows = [ChartRow(name: "1. Susun draf", median: "1 jam", p90: "3 jam", standard: "2 jam"),
                         ChartRow(name: "2. Persetujuan akhir (v1)", median: "1 jam", p90: "3 jam", standard: "1 jam"),
                         ChartRow(name: "3. Persetujuan akhir (v2)", median: "30 menit", p90: "1 jam", standard: "2 jam")]
        let stepChart = EvaluationChart.stepTimes([
            .init(label: "1. Susun draf", median: 60, p90: 180, standard: 120),
            .init(label: "2. Persetujuan akhir (v1)", median: 60, p90: 180, standard: 60),
            .init(label: "3. Persetujuan akhir (v2)", median: 30, p90: 60, standard: 120),
        ], id: "chart-steps", title: "Waktu per langkah terhadap Mutu Baku (menit jam kerja)", legend: ("Median", "Persentil ke-90", "Mutu Baku"))
        let monthChart = EvaluationChart.columns([.init(label: "Okt 2026", value: 14), .init(label: "Nov 2026", value: 20), .init(label: "Des 2026", value: 6)],
                                                 id: "chart-months", title: "Volume per bulan: unggahan tayang")
        let incomingRow = IncomingRow(label: "Keluhan/aduan", answered: 4, within: "75%", finding: finding)
        return Self(
            letterhead: Letterhead(name: "Biro Kerja Sama Daerah", addressLines: ["Jl. Medan Merdeka Selatan No. 8-9"], logoHref: nil),
            period: "Q4 2026 (1 Oktober 2026 – 31 Desember 2026)", compared: "Dibandingkan dengan periode sebelumnya: Q3 2026 (1 Juli 2026 – 30 September 2026)",
            all: true, from: "2026-10-01", to: "2026-12-31",
            versions: ["Versi 1 · 1 Juli 2026", "Versi 2 · 16 November 2026 · Mutu Baku persetujuan akhir dinaikkan"], versionsChanged: true,
            steps: steps, stepChart: SafeHTML(trusted: stepChart), chartRows: chartRows,
            channels: [.init(channel: "Instagram", kind: "Liputan kegiatan", published: figure("30", "20"), onPlan: figure("90%", "80%", "up", "naik 13%"),
                             started: figure("70%", "75%", "down", "turun 7%"), violations: figure("2", "1", "up", "naik 100%"),
                             greetingsLate: figure("0", "0", "same", "tetap"), deadLinks: figure("3%", "0%", "up", ""), finding: finding)],
            monthChart: SafeHTML(trusted: monthChart),
            months: [.init(month: "Okt 2026", published: 14, passes: 70), .init(month: "Nov 2026", published: 20, passes: 96), .init(month: "Des 2026", published: 6, passes: 30)],
            people: [.init(name: "Admin Medsos", items: figure("40", "30"), steps: ["Susun draf: 40 naskah, median 1 jam"], finding: finding)],
            incoming: Incoming(received: figure("12", "9"), answeredWithin: figure("75%", "80%", "down", "turun 6%"), roundsEnabled: true,
                               roundsMissed: figure("2", "0", "up", ""), roundsFinding: finding, byCategory: [incomingRow], byDivision: [incomingRow]),
            monthHref: "/evaluasi?month=2027-01", quarterHref: "/evaluasi?quarter=2027-Q1", yearHref: "/evaluasi?year=2027",
            previousHref: "/evaluasi?quarter=2026-Q3", nextHref: "/evaluasi?quarter=2027-Q1",
            xlsxHref: "/evaluasi.xlsx?quarter=2026-Q4", csvHref: "/evaluasi.csv?quarter=2026-Q4", sign: sign,
            performance: PerformanceSection.mock)
    }

    /// An ordinary user: their own row only.
    static var mockOwn: Self {
        let full = mock
        return Self(
            letterhead: full.letterhead, period: full.period, compared: full.compared, all: false, from: full.from, to: full.to, versions: [],
            versionsChanged: false, steps: [], stepChart: SafeHTML(trusted: EvaluationChart.stepTimes([], id: "chart-steps", title: "x", legend: ("a", "b", "c"))),
            chartRows: [], channels: [], monthChart: SafeHTML(trusted: EvaluationChart.columns([], id: "chart-months", title: "x")), months: [],
            people: [.init(name: "Tim Pengelola", items: figure("12", "10"), steps: ["Periksa: 12 naskah, median 20 menit"], finding: full.people[0].finding)],
            incoming: nil, monthHref: full.monthHref, quarterHref: full.quarterHref, yearHref: full.yearHref, previousHref: full.previousHref,
            nextHref: full.nextHref, xlsxHref: full.xlsxHref, csvHref: full.csvHref, sign: sign)
    }
}
