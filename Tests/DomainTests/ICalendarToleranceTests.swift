import Foundation
import Testing
@testable import Domain

/// Issue 13, items 18 and 19: what real exports write that the reader now accepts, the import's
/// lenient reading, and the feed's series written once with RRULE/EXDATE and read back by our own
/// reader.
@Suite struct ICalendarToleranceTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    let newYork = TimeZone(identifier: "America/New_York")!

    func calendar(_ lines: [String], head: [String] = []) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pemprov//Agenda//ID"] + head + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    func event(_ uid: String, _ lines: [String]) -> [String] { ["BEGIN:VEVENT", "UID:" + uid, "SUMMARY:Acara " + uid] + lines + ["END:VEVENT"] }

    func utc(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    // MARK: - Reading real exports

    @Test func bydayWithSpacesAndATrailingSemicolonIsRead() throws {
        // setup
        let text = calendar(event("a", ["DTSTART;TZID=Asia/Jakarta:20261102T090000", "RRULE:FREQ=WEEKLY; BYDAY=MO, TU ;COUNT=4;"]))
        // action
        let events = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
        let days = events[0].occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-01T00:00:00Z")).map(\.start)
        // check
        #expect(days == ["2026-11-02T02:00:00Z", "2026-11-03T02:00:00Z", "2026-11-09T02:00:00Z", "2026-11-10T02:00:00Z"].map(utc))
        #expect(try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=MO, TU", timeZone: jakarta).byDay.map(\.weekday) == [.monday, .tuesday])
        // A part that is really wrong is still refused, spaces or not.
        #expect(throws: ICSError.badRule(part: " BYDAY=MO, XX", line: 0)) { try RecurrenceRule(parsing: "FREQ=WEEKLY; BYDAY=MO, XX", timeZone: jakarta) }
    }

    @Test func aDateStartWithADateTimeEndIsAnAllDayEventOverTheDaysTheEndTouches() throws {
        // setup
        let text = calendar(
            event("a", ["DTSTART;VALUE=DATE:20261117", "DTEND:20261118T090000Z"])  // 16:00 WIB on the 18th: through the 18th
            + event("b", ["DTSTART;VALUE=DATE:20261117", "DTEND;TZID=Asia/Jakarta:20261118T000000"])  // midnight: the 17th only
            + event("c", ["DTSTART:20261117T090000", "DTEND;VALUE=DATE:20261118"])  // a timed start, a date end: until midnight
            + event("d", ["DTSTART;VALUE=DATE:20261120T000000"])  // a date written with a midnight time
            + event("e", ["DTSTART:2026-11-21T09:00:00", "DTEND:2026-11-21T10:00:00"]))  // separators
        // action
        let events = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
        // check
        #expect(events.count == 5)
        #expect(events[0].isAllDay && events[0].allDayStart == Day(year: 2026, month: 11, day: 17) && events[0].allDayEnd == Day(year: 2026, month: 11, day: 19))
        #expect(events[1].isAllDay && events[1].allDayEnd == Day(year: 2026, month: 11, day: 18))
        #expect(!events[2].isAllDay && events[2].start == utc("2026-11-17T02:00:00Z") && events[2].end == utc("2026-11-17T17:00:00Z"))
        #expect(events[3].isAllDay && events[3].allDayStart == Day(year: 2026, month: 11, day: 20))
        #expect(events[4].start == utc("2026-11-21T02:00:00Z") && events[4].end == utc("2026-11-21T03:00:00Z"))
    }

    @Test func outlookOffsetZoneNamesAreRead() throws {
        // setup
        let text = calendar(
            event("a", ["DTSTART;TZID=\"(UTC+07:00) Bangkok, Hanoi, Jakarta\":20261117T090000"])
            + event("b", ["DTSTART;TZID=GMT+8:20261117T090000"])
            + event("c", ["DTSTART;TZID=\"UTC-05:30\":20261117T090000"]))
        // action
        let events = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
        // check
        #expect(events.map(\.start) == ["2026-11-17T02:00:00Z", "2026-11-17T01:00:00Z", "2026-11-17T14:30:00Z"].map(utc))
        #expect(ICalendarReader.offsetZoneSeconds("(UTC+07:00) Bangkok") == 7 * 3600)
        #expect(ICalendarReader.offsetZoneSeconds("Waktu Kantor") == nil)
        #expect(ICalendarReader.offsetZoneSeconds("GMT+99") == nil)
    }

    @Test func readLeavesUnreadableEventsOutAndSaysWhy() throws {
        // setup
        let text = calendar(
            event("ok", ["DTSTART:20261117T090000"])
            + event("no-start", ["DTEND:20261117T090000"])
            + event("bad-rule", ["DTSTART:20261117T090000", "RRULE:FREQ=HOURLY"])
            + event("bad-zone", ["DTSTART;TZID=Waktu Kantor:20261117T090000"]),
            head: ["X-WR-CALNAME:Agenda Gubernur", "X-WR-RELCALID:abc-123"])
        // action
        let file = try ICalendarReader.read(text, defaultTimeZone: jakarta)
        // check
        #expect(file.events.map(\.uid) == ["ok"])
        #expect(file.eventCount == 4)
        #expect(file.skipped.count == 3)
        #expect(file.skipped.contains(.missingProperty(name: "DTSTART", line: 11)))
        #expect(file.skipped.contains { if case .badRule = $0 { true } else { false } })
        #expect(file.skipped.contains { if case .unknownTimeZone = $0 { true } else { false } })
        #expect(file.name == "Agenda Gubernur" && file.relationID == "abc-123" && file.productID == "-//Pemprov//Agenda//ID")
        // The strict reader still refuses the same file.
        #expect(throws: ICSError.self) { try ICalendarReader.parse(text, defaultTimeZone: jakarta) }
        // A broken structure refuses the file in both.
        #expect(throws: ICSError.self) { try ICalendarReader.read("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", defaultTimeZone: jakarta) }
    }

    @Test func aMostlyUnreadableFileIsRefusedWithItsFirstProblem() throws {
        // setup
        let never = (0..<(ICalendarReader.maxCostlySkipped + 1)).flatMap { n in
            event("n\(n)", ["DTSTART:20260101T090000", "RRULE:FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30"])
        }
        let undated = (0..<(ICalendarReader.maxSkipped + 1)).flatMap { n in event("u\(n)", ["DTEND:20260101T090000"]) }
        // check
        #expect(throws: ICSError.ruleNeverRecurs(line: 8)) { try ICalendarReader.read(calendar(never), defaultTimeZone: jakarta) }
        #expect(throws: ICSError.missingProperty(name: "DTSTART", line: 4)) { try ICalendarReader.read(calendar(undated), defaultTimeZone: jakarta) }
        // One fewer of each is read, the events left out named.
        #expect(try ICalendarReader.read(calendar(Array(never.dropLast(6))), defaultTimeZone: jakarta).skipped.count == ICalendarReader.maxCostlySkipped)
    }

    @Test func aCalendarsIdentityPrefersItsStableIdentifier() throws {
        // setup
        func identity(_ head: [String]) throws -> String {
            try ICalendarReader.read(calendar([], head: head), defaultTimeZone: jakarta).identity(fallback: "agenda.ics")
        }
        // check
        #expect(try identity(["X-WR-RELCALID:abc", "X-WR-CALNAME:Agenda"]) == "relcalid:abc")
        #expect(try identity(["X-WR-CALNAME:Agenda\\, Biro"]) == "name:Agenda, Biro|-//Pemprov//Agenda//ID")
        #expect(try identity([]) == "prodid:-//Pemprov//Agenda//ID")
        let bare = ICSCalendar(events: [], skipped: [], name: nil, relationID: nil, productID: nil, eventCount: 0)
        #expect(bare.identity(fallback: "Agenda Biro (2).ics") == "file:agenda biro")
        #expect(bare.identity(fallback: "agenda biro.ics") == "file:agenda biro")
    }

    // MARK: - Writing series

    func writer() -> ICalendarWriter {
        ICalendarWriter(name: "Uji", timeZone: jakarta, stamp: utc("2026-11-01T00:00:00Z"))
    }

    @Test func aTimedSeriesIsOneEventWithItsTZIDRuleAndExdatesAndReadsBackTheSame() throws {
        // setup
        var apel = ICSEvent(uid: "apel@humas.example.go.id", summary: "Apel pagi", start: utc("2026-11-02T00:30:00Z"),
                            end: utc("2026-11-02T01:30:00Z"), timeZone: jakarta)
        apel.rrule = "FREQ=WEEKLY; BYDAY=MO ;UNTIL=20261130"
        apel.exdates = [utc("2026-11-09T00:30:00Z")]
        apel.excludedDays = [Day(year: 2026, month: 11, day: 23)]
        let w = writer()
        // action
        let text = w.header() + w.timeZoneComponent(jakarta, from: apel.start, to: utc("2027-12-01T00:00:00Z")) + w.event(apel) + w.footer()
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        // check
        #expect(unfolded.contains("DTSTART;TZID=Asia/Jakarta:20261102T073000\r\n"))
        #expect(unfolded.contains("DTEND;TZID=Asia/Jakarta:20261102T083000\r\n"))
        #expect(unfolded.contains("RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20261130T165959Z\r\n"), "UNTIL in UTC, the last second of the 30th in Jakarta")
        #expect(unfolded.contains("EXDATE;TZID=Asia/Jakarta:20261109T073000,20261123T073000\r\n"))
        #expect(unfolded.contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Jakarta\r\n"))
        #expect(unfolded.contains("TZOFFSETTO:+0700\r\n"))
        #expect(unfolded.components(separatedBy: "BEGIN:VEVENT").count == 2, "one event for the whole series")
        // action
        let back = try ICalendarReader.parse(text, defaultTimeZone: TimeZone(identifier: "UTC")!)
        let range = (utc("2026-10-01T00:00:00Z"), utc("2027-01-01T00:00:00Z"))
        // check
        #expect(back.count == 1)
        #expect(back[0].occurrences(from: range.0, to: range.1).map(\.start) == apel.occurrences(from: range.0, to: range.1).map(\.start))
        #expect(back[0].occurrences(from: range.0, to: range.1).map(\.start) == ["2026-11-02T00:30:00Z", "2026-11-16T00:30:00Z", "2026-11-30T00:30:00Z"].map(utc))
    }

    @Test func aSeriesInAZoneWithDaylightSavingKeepsItsWallClockTimeInBothReaders() throws {
        // setup
        var call = ICSEvent(uid: "call@x", summary: "Rapat daring", start: utc("2026-10-26T13:00:00Z"), end: utc("2026-10-26T14:00:00Z"),
                            timeZone: newYork)  // 09:00 EDT
        call.rrule = "FREQ=WEEKLY;COUNT=3"
        let w = writer()
        // action
        let text = w.header() + w.timeZoneComponent(newYork, from: call.start, to: utc("2027-12-01T00:00:00Z")) + w.event(call) + w.footer()
        let back = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
        let starts = back[0].occurrences(from: utc("2026-10-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z")).map(\.start)
        // check
        #expect(text.contains("DTSTART;TZID=America/New_York:20261026T090000\r\n"))
        #expect(text.contains("BEGIN:STANDARD\r\nDTSTART:20261101T020000\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nEND:STANDARD"),
                "the change back to standard time, at 02:00 daylight time")
        #expect(starts == ["2026-10-26T13:00:00Z", "2026-11-02T14:00:00Z", "2026-11-09T14:00:00Z"].map(utc), "09:00 local before and after the change")
    }

    @Test func anAllDaySeriesAndASingleEventKeepTheirShapes() throws {
        // setup
        var piket = ICSEvent(uid: "piket@x", summary: "Piket", allDayFrom: Day(year: 2026, month: 11, day: 2),
                             to: Day(year: 2026, month: 11, day: 3), timeZone: jakarta)
        piket.rrule = "FREQ=MONTHLY;BYMONTHDAY=2;UNTIL=20270102T000000Z"
        piket.excludedDays = [Day(year: 2026, month: 12, day: 2)]
        let single = ICSEvent(uid: "s@x", summary: "Rapat", start: utc("2026-11-02T02:00:00Z"), end: utc("2026-11-02T03:00:00Z"), timeZone: jakarta)
        // action
        let text = writer().calendar([piket, single])
        // check
        #expect(text.contains("DTSTART;VALUE=DATE:20261102\r\nDTEND;VALUE=DATE:20261103\r\n"))
        #expect(text.contains("RRULE:FREQ=MONTHLY;BYMONTHDAY=2;UNTIL=20270102\r\n"), "UNTIL as a date, like DTSTART")
        #expect(text.contains("EXDATE;VALUE=DATE:20261202\r\n"))
        #expect(text.contains("DTSTART:20261102T020000Z\r\n"), "a single timed event stays in UTC")
        #expect(!text.contains("VTIMEZONE"))
        // action
        let back = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
        // check
        #expect(back[0].occurrences(from: utc("2026-10-01T00:00:00Z"), to: utc("2027-03-01T00:00:00Z")).compactMap(\.allDayStart)
                == [Day(year: 2026, month: 11, day: 2), Day(year: 2027, month: 1, day: 2)])
    }

    @Test func descriptionsAreEscapedAndFolded() throws {
        // setup
        let notes = "Agenda milik: Sekda; Perlu diliput, dengan foto\nCatatan: bawa \\ map — " + String(repeating: "é", count: 60)
        let event = ICSEvent(uid: "n@x", summary: "Rapat", description: notes, start: utc("2026-11-02T02:00:00Z"), end: utc("2026-11-02T03:00:00Z"))
        // action
        let text = writer().calendar([event])
        // check
        for line in text.components(separatedBy: "\r\n") { #expect(line.utf8.count <= 75) }
        #expect(text.replacingOccurrences(of: "\r\n ", with: "").contains("DESCRIPTION:Agenda milik: Sekda\\; Perlu diliput\\, dengan foto\\nCatatan: bawa \\\\ map"))
        #expect(try ICalendarReader.parse(text, defaultTimeZone: jakarta)[0].description == notes)
    }
}
