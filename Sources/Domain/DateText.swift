import Foundation

/// Dates written the way Indonesian offices write them ("Sabtu, 21 November 2026"), and the same
/// in English ("Saturday, 21 November 2026"), always in the institution's time zone.
public struct DateText: Sendable {
    public let language: Language
    public let timeZone: TimeZone
    private let calendar: Calendar

    public init(language: Language, timeZone: TimeZone) {
        self.language = language
        self.timeZone = timeZone
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        calendar.locale = Locale(identifier: "en_US_POSIX")
        self.calendar = calendar
    }

    static let dayNames: [Language: [String]] = [
        .id: ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"],
        .en: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
    ]
    static let monthNames: [Language: [String]] = [
        .id: ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"],
        .en: ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    ]

    public func dayName(weekday: Int) -> String { Self.dayNames[language]![(weekday - 1) % 7] }
    public func monthName(_ month: Int) -> String { Self.monthNames[language]![month - 1] }

    /// "21 November 2026"
    public func date(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(c.day!) \(monthName(c.month!)) \(c.year!)"
    }

    /// "21 November 2026" for a calendar day (no time zone involved).
    public func date(day: Day) -> String { "\(day.day) \(monthName(day.month)) \(day.year)" }

    /// "Sabtu, 21 November 2026" for a calendar day.
    public func longDate(day: Day) -> String { "\(dayName(weekday: day.weekday)), \(date(day: day))" }

    /// "Sabtu, 21 November 2026"
    public func longDate(_ date: Date) -> String {
        let weekday = calendar.component(.weekday, from: date)
        return "\(dayName(weekday: weekday)), \(self.date(date))"
    }

    /// "14.05" in Indonesian (the dot is the Indonesian time separator), "14:05" in English.
    public func time(_ date: Date) -> String {
        let c = calendar.dateComponents([.hour, .minute], from: date)
        let separator = language == .id ? "." : ":"
        return Digits.padded(c.hour!, 2) + separator + Digits.padded(c.minute!, 2)
    }

    /// "Sabtu, 21 November 2026, 14.05 WIB"
    public func dateTime(_ date: Date) -> String {
        "\(longDate(date)), \(time(date)) \(zoneAbbreviation(at: date))"
    }

    /// "21 Nov 2026 14.05": for dense tables.
    public func shortDateTime(_ date: Date) -> String {
        let c = calendar.dateComponents([.year, .month, .day], from: date)
        return "\(c.day!) \(monthName(c.month!).prefix(3)) \(c.year!) \(time(date))"
    }

    /// Indonesia's three zones are written WIB, WITA and WIT; elsewhere a UTC offset.
    public func zoneAbbreviation(at date: Date) -> String {
        switch timeZone.identifier {
        case "Asia/Jakarta", "Asia/Pontianak": return "WIB"
        case "Asia/Makassar": return "WITA"
        case "Asia/Jayapura": return "WIT"
        default:
            let seconds = timeZone.secondsFromGMT(for: date)
            let sign = seconds < 0 ? "-" : "+"
            let minutes = abs(seconds) / 60
            return minutes % 60 == 0 ? "UTC\(sign)\(minutes / 60)" : String(format: "UTC%@%d:%02d", sign, minutes / 60, minutes % 60)
        }
    }
}
