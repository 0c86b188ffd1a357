import Foundation

/// Dates written the way Indonesian offices write them ("Sabtu, 21 November 2026"), and the same
/// in English ("Saturday, 21 November 2026"), always in the institution's time zone.
public struct DateText: Sendable {
    public let language: Language
    public let timeZone: TimeZone

    public init(language: Language, timeZone: TimeZone) {
        self.language = language
        self.timeZone = timeZone
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

    /// The local day, hour and minute of an instant, by integer arithmetic on the zone's offset at
    /// that instant (as `OfficeCalendar.local`): these run for every date on the busiest pages, where
    /// `Calendar.dateComponents` was a tenth of the time.
    func local(_ date: Date) -> (day: Day, dayNumber: Int, hour: Int, minute: Int) {
        let (dayNumber, second) = WallClock.local(date, in: timeZone)
        return (Day(dayNumber: dayNumber), dayNumber, second / 3600, second % 3600 / 60)
    }

    /// "21 November 2026"
    public func date(_ date: Date) -> String {
        self.date(day: local(date).day)
    }

    /// "21 November 2026" for a calendar day (no time zone involved).
    public func date(day: Day) -> String { "\(day.day) \(monthName(day.month)) \(day.year)" }

    /// "Sabtu, 21 November 2026" for a calendar day.
    public func longDate(day: Day) -> String { "\(dayName(weekday: day.weekday)), \(date(day: day))" }

    /// "Sabtu, 21 November 2026"
    public func longDate(_ date: Date) -> String {
        longDate(day: local(date).day)
    }

    /// "14.05" in Indonesian (the dot is the Indonesian time separator), "14:05" in English.
    public func time(_ date: Date) -> String {
        let local = local(date)
        return time(hour: local.hour, minute: local.minute)
    }

    func time(hour: Int, minute: Int) -> String {
        Digits.padded(hour, 2) + (language == .id ? "." : ":") + Digits.padded(minute, 2)
    }

    /// "Sabtu, 21 November 2026, 14.05 WIB"
    public func dateTime(_ date: Date) -> String {
        "\(longDate(date)), \(time(date)) \(zoneAbbreviation(at: date))"
    }

    /// "21 Nov 2026 14.05": for dense tables.
    public func shortDateTime(_ date: Date) -> String {
        // The zone's offset is looked up once: every row of the inbox and the archive shows one.
        let local = local(date)
        return String(local.day.day) + " " + monthName(local.day.month).prefix(3) + " " + String(local.day.year) + " "
            + time(hour: local.hour, minute: local.minute)
    }

    /// "21-11-2026 14.05": day, month and year as numbers, for printed tables where every
    /// character of width counts (the control sheet, the monthly report).
    public func numericDateTime(_ date: Date) -> String {
        let local = local(date)
        return Digits.padded(local.day.day, 2) + "-" + Digits.padded(local.day.month, 2) + "-" + String(local.day.year) + " "
            + time(hour: local.hour, minute: local.minute)
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

extension DateText {
    /// A date or date-and-time field's value in Indonesian words, whatever the page's language:
    /// "Kamis, 3 Desember 2026" for `2026-12-03`, "Kamis, 3 Desember 2026 pukul 13.00 WIB" for
    /// `2026-12-03T13:00` (the wall-clock time as typed, with the institution's `zone`). Empty for
    /// an empty or unreadable value. Public/js/app.js writes the same as the value changes.
    public static func fieldWords(_ value: String, zone: String) -> String {
        let words = DateText(language: .id, timeZone: TimeZone(identifier: "UTC")!)
        if value.contains("T") {
            guard let date = LocalDateTime.parse(value, timeZone: words.timeZone) else { return "" }
            return words.longDate(date) + " pukul " + words.time(date) + (zone.isEmpty ? "" : " " + zone)
        }
        return Day(value).map { words.longDate(day: $0) } ?? ""
    }
}
