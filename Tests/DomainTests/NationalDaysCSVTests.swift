import Foundation
import Testing
@testable import Domain

@Suite struct NationalDaysCSVTests {
    static func data(_ name: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try String(contentsOf: root.appendingPathComponent("Data").appendingPathComponent(name), encoding: .utf8)
    }

    @Test func theShippedFilesParseWhole() throws {
        let holidays = try NationalDaysCSV.parse(try Self.data("holidays-2025-2027.csv"))
        #expect(holidays.holidays.count > 40)
        #expect(holidays.holidays.contains { $0.day == Day(year: 2026, month: 12, day: 25) && $0.kind == .libur })
        #expect(holidays.commemorations.isEmpty)
        let commemorations = try NationalDaysCSV.parse(try Self.data("commemoration-days.csv"))
        #expect(commemorations.commemorations.contains { $0.monthDay == "11-10" && $0.name == "Hari Pahlawan" })
        #expect(commemorations.holidays.isEmpty)
    }

    @Test func quotedNamesAndAByteOrderMark() throws {
        let parsed = try NationalDaysCSV.parse("\u{FEFF}date,name_id,kind\r\n2027-03-10,\"Hari Raya Nyepi, Tahun Baru Saka\",libur\r\n")
        #expect(parsed.holidays == [.init(day: Day(year: 2027, month: 3, day: 10), name: "Hari Raya Nyepi, Tahun Baru Saka", kind: .libur)])
    }

    @Test func indonesianHeadersAndTheSemicolonsOfAnIndonesianExcel() throws {
        let holidays = try NationalDaysCSV.parse("tanggal;nama;jenis\r\n2026-12-25;Hari Raya Natal;libur\r\n2026-12-24;\"Cuti Bersama; Natal\";cuti_bersama\r\n")
        #expect(holidays.holidays == [
            .init(day: Day(year: 2026, month: 12, day: 25), name: "Hari Raya Natal", kind: .libur),
            .init(day: Day(year: 2026, month: 12, day: 24), name: "Cuti Bersama; Natal", kind: .cutiBersama),
        ])
        let commemorations = try NationalDaysCSV.parse("Bulan_Tanggal,Nama,Jenis,Dasar\n11-10,\"Hari Pahlawan, nasional\",peringatan,Keppres 316/1959\n")
        #expect(commemorations.commemorations.map(\.name) == ["Hari Pahlawan, nasional"])
        #expect(commemorations.commemorations.map(\.monthDay) == ["11-10"])
        #expect(throws: NationalDaysCSV.Problem.unknownHeader("tanggal,nama")) { try NationalDaysCSV.parse("tanggal;nama\n2026-12-25;Natal\n") }
    }

    @Test func aBadRowRefusesTheWholeFileAndNamesTheRow() {
        #expect(throws: NationalDaysCSV.Problem.badRow(row: 2, reason: .date)) {
            try NationalDaysCSV.parse("date,name_id,kind\n2026-12-25,Natal,libur\n2026-02-30,Salah,libur\n")
        }
        #expect(throws: NationalDaysCSV.Problem.badRow(row: 1, reason: .kind)) {
            try NationalDaysCSV.parse("date,name_id,kind\n2026-12-25,Natal,merah\n")
        }
        #expect(throws: NationalDaysCSV.Problem.badRow(row: 1, reason: .name)) {
            try NationalDaysCSV.parse("month_day,name_id,kind,basis\n11-10,,peringatan,\n")
        }
        #expect(throws: NationalDaysCSV.Problem.badRow(row: 1, reason: .date)) {
            try NationalDaysCSV.parse("month_day,name_id,kind,basis\n13-10,Hari X,peringatan,\n")
        }
    }

    @Test func unknownFilesAreRefused() {
        #expect(throws: NationalDaysCSV.Problem.empty) { try NationalDaysCSV.parse("") }
        #expect(throws: NationalDaysCSV.Problem.unknownHeader("tanggal,nama")) { try NationalDaysCSV.parse("tanggal,nama\n2026-01-01,Tahun Baru\n") }
        #expect(throws: NationalDaysCSV.Problem.unknownHeader("<html><body>oops</body></html>")) {
            try NationalDaysCSV.parse("<html><body>oops</body></html>")
        }
    }
}
