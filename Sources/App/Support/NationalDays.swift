import Domain
import Foundation
import Logging

/// The national days shipped in `Data/` (see `Data/README.md` for their source and licence).
enum NationalDays {
    static let holidaysFile = "holidays-2025-2027.csv"
    static let commemorationsFile = "commemoration-days.csv"

    /// Reads `date,name_id,kind` rows; the header and malformed lines are skipped.
    static func parseHolidays(_ text: String) -> [(day: String, name: String, kind: HolidayKind)] {
        text.split(whereSeparator: \.isNewline).dropFirst().compactMap { line in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard fields.count >= 3, Day(fields[0]) != nil, !fields[1].isEmpty, let kind = HolidayKind(rawValue: fields[2]) else { return nil }
            return (fields[0], fields[1], kind)
        }
    }

    /// Loads the shipped holidays into a database that has never had them.
    static func seedOnce(database: AppDatabase, dataPath: String, logger: Logger) throws {
        let path = (dataPath as NSString).appendingPathComponent(holidaysFile)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            logger.warning("national days file not found; the office clock counts no holidays", metadata: ["path": .string(path)])
            return
        }
        let added = try database.seedHolidaysOnce(parseHolidays(text))
        if added > 0 { logger.info("national days loaded", metadata: ["count": "\(added)"]) }
        let commemorationsPath = (dataPath as NSString).appendingPathComponent(commemorationsFile)
        if let text = try? String(contentsOfFile: commemorationsPath, encoding: .utf8) {
            let count = try database.seedCommemorationsOnce(Commemoration.parseCSV(text))
            if count > 0 { logger.info("commemoration days loaded", metadata: ["count": "\(count)"]) }
        } else {
            logger.warning("commemoration days file not found", metadata: ["path": .string(commemorationsPath)])
        }
    }
}
