import Foundation

/// The national days as administrators import them: the shipped files' columns, either
/// `date,name_id,kind` (holidays and joint leave, one date each) or `month_day,name_id,kind,basis`
/// (commemorations, every year), or the same in Indonesian words (`tanggal,nama,jenis` and
/// `bulan_tanggal,nama,jenis,dasar`), separated by commas or, as an Indonesian-locale Excel saves
/// them, semicolons. A file is taken whole or not at all.
public enum NationalDaysCSV {
    public struct Holiday: Sendable, Equatable {
        public var day: Day
        public var name: String
        /// `libur` or `cuti_bersama`
        public var kind: HolidayKind
    }

    public struct Parsed: Sendable, Equatable {
        public var holidays: [Holiday] = []
        public var commemorations: [Commemoration] = []
    }

    public enum Problem: Error, Equatable, Sendable {
        case empty
        /// The first line is not one of the two known headers.
        case unknownHeader(String)
        /// A data row (1 = the first row after the header) that cannot be used, and why.
        case badRow(row: Int, reason: RowReason)
        case tooManyRows(limit: Int)
    }

    public enum RowReason: String, Sendable, Equatable {
        case fieldCount = "jumlah-kolom"
        case date = "tanggal"
        case name = "nama"
        case kind = "jenis"
    }

    public static let maximumRows = 2_000

    public static func parse(_ text: String) throws(Problem) -> Parsed {
        // An Indonesian-locale Excel saves CSV with ";" between fields: the header line says which.
        let headerLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let separator: Unicode.Scalar = headerLine.contains(";") && !headerLine.contains(",") ? ";" : ","
        let records = Commemoration.csvRecords(text, separator: separator)
        guard let header = records.first else { throw .empty }
        let columns = header.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let rows = records.dropFirst()
        guard rows.count <= maximumRows else { throw .tooManyRows(limit: maximumRows) }
        var parsed = Parsed()
        if columns.starts(with: ["date", "name_id", "kind"]) || columns.starts(with: ["tanggal", "nama", "jenis"]) {
            for (index, fields) in rows.enumerated() {
                let row = index + 1
                guard fields.count >= 3 else { throw .badRow(row: row, reason: .fieldCount) }
                let values = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                guard let day = Day(values[0]) else { throw .badRow(row: row, reason: .date) }
                guard !values[1].isEmpty, values[1].count <= 200 else { throw .badRow(row: row, reason: .name) }
                guard let kind = HolidayKind(rawValue: values[2]) else { throw .badRow(row: row, reason: .kind) }
                parsed.holidays.append(Holiday(day: day, name: values[1], kind: kind))
            }
        } else if columns.starts(with: ["month_day", "name_id", "kind"]) || columns.starts(with: ["bulan_tanggal", "nama", "jenis"]) {
            for (index, fields) in rows.enumerated() {
                let row = index + 1
                guard fields.count >= 3 else { throw .badRow(row: row, reason: .fieldCount) }
                let values = fields.map { $0.trimmingCharacters(in: .whitespaces) }
                guard values[2] == "peringatan" else { throw .badRow(row: row, reason: .kind) }
                guard !values[1].isEmpty, values[1].count <= 200 else { throw .badRow(row: row, reason: .name) }
                guard let day = Commemoration(monthDay: values[0], name: values[1], basis: values.count > 3 ? String(values[3].prefix(200)) : "") else {
                    throw .badRow(row: row, reason: .date)
                }
                parsed.commemorations.append(day)
            }
        } else {
            throw .unknownHeader(String(header.joined(separator: ",").prefix(80)))
        }
        return parsed
    }
}
