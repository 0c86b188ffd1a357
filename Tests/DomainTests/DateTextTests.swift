import Foundation
import Testing
@testable import Domain

@Suite struct DateTextTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    /// 2026-11-21 07:05 UTC = 14:05 WIB, a Saturday.
    let saturdayAfternoon = Date(timeIntervalSince1970: 1_795_244_700)

    @Test func indonesianLongDate() {
        let text = DateText(language: .id, timeZone: jakarta)
        #expect(text.longDate(saturdayAfternoon) == "Sabtu, 21 November 2026")
        #expect(text.time(saturdayAfternoon) == "14.05")
        #expect(text.dateTime(saturdayAfternoon) == "Sabtu, 21 November 2026, 14.05 WIB")
        #expect(text.shortDateTime(saturdayAfternoon) == "21 Nov 2026 14.05")
    }

    @Test func englishLongDate() {
        let text = DateText(language: .en, timeZone: jakarta)
        #expect(text.longDate(saturdayAfternoon) == "Saturday, 21 November 2026")
        #expect(text.time(saturdayAfternoon) == "14:05")
    }

    @Test func theDayChangesInTheInstitutionsZoneNotUTC() {
        // 2026-11-21 18:30 UTC is already Sunday 01:30 in Jakarta, and still Saturday in New York.
        let lateUTC = Date(timeIntervalSince1970: 1_795_285_800)
        #expect(DateText(language: .id, timeZone: jakarta).longDate(lateUTC) == "Minggu, 22 November 2026")
        #expect(DateText(language: .id, timeZone: TimeZone(identifier: "America/New_York")!).longDate(lateUTC) == "Sabtu, 21 November 2026")
    }

    @Test func indonesianZoneAbbreviations() {
        #expect(DateText(language: .id, timeZone: jakarta).zoneAbbreviation(at: saturdayAfternoon) == "WIB")
        #expect(DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Makassar")!).zoneAbbreviation(at: saturdayAfternoon) == "WITA")
        #expect(DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jayapura")!).zoneAbbreviation(at: saturdayAfternoon) == "WIT")
        #expect(DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Kolkata")!).zoneAbbreviation(at: saturdayAfternoon) == "UTC+5:30")
    }

    @Test func everyMonthAndDayHasAnIndonesianName() {
        let text = DateText(language: .id, timeZone: jakarta)
        #expect((1...12).map(text.monthName) == ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"])
        #expect((1...7).map { text.dayName(weekday: $0) } == ["Minggu", "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"])
    }
}

@Suite struct DigitsTests {
    /// Zero padding as printf's `%0Nd` does it, which it replaces on the busy paths.
    @Test func padsLikePrintf() {
        for (value, width) in [(0, 2), (7, 2), (12, 2), (123, 2), (5, 4), (2026, 4), (-3, 2), (99_999, 4)] {
            #expect(Digits.padded(value, width) == String(format: "%0\(width)d", value), "\(value) \(width)")
        }
        #expect(Day(year: 2026, month: 3, day: 7).description == "2026-03-07")
        #expect(YearMonth(year: 2026, month: 1).description == "2026-01")
        #expect(DateText(language: .id, timeZone: TimeZone(identifier: "Asia/Jakarta")!).time(Date(timeIntervalSince1970: 1_795_244_700)) == "14.05")
    }
}

@Suite struct DateTextArithmeticTests {
    /// The integer arithmetic gives what Foundation's calendar gives, across zones with and
    /// without daylight saving, half-hour offsets and instants before 1970.
    @Test(arguments: ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata", "UTC"])
    func matchesFoundationsCalendar(_ zone: String) {
        let timeZone = TimeZone(identifier: zone)!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let text = DateText(language: .en, timeZone: timeZone)
        var instant = -1_000_000_000.0  // 1938
        while instant < 2_500_000_000 {  // 2049
            let date = Date(timeIntervalSince1970: instant)
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
            let local = text.local(date)
            #expect(local.day == Day(year: c.year!, month: c.month!, day: c.day!), "\(zone) \(instant)")
            #expect(local.hour == c.hour! && local.minute == c.minute!, "\(zone) \(instant)")
            #expect(local.day.weekday == c.weekday!, "\(zone) \(instant)")
            instant += 7_654_321.5  // about 89 days and a bit: every time of day and season comes round
        }
    }
}
