import Foundation
import Testing
@testable import Domain

@Suite struct ICalendarTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!
    let makassar = TimeZone(identifier: "Asia/Makassar")!
    let jayapura = TimeZone(identifier: "Asia/Jayapura")!

    /// A calendar around `lines`: BEGIN:VCALENDAR is line 1, the first of `lines` is line 4.
    func calendar(_ lines: [String], eol: String = "\r\n") -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Pemprov//Agenda//ID"] + lines + ["END:VCALENDAR"]).joined(separator: eol) + eol
    }

    func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text)!
    }

    func parse(_ lines: [String], zone: TimeZone? = nil) throws -> [ICSEvent] {
        try ICalendarReader.parse(calendar(lines), defaultTimeZone: zone ?? jakarta)
    }

    func error(_ text: String) -> ICSError? {
        do {
            let events = try ICalendarReader.parse(text, defaultTimeZone: jakarta)
            Issue.record("expected an error, got \(events.count) events")
            return nil
        } catch {
            return error
        }
    }

    /// The local (year, month, day, hour, minute) of an instant in a zone, by Foundation's calendar.
    func wallClock(_ date: Date, _ zone: TimeZone) -> [Int] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return [c.year!, c.month!, c.day!, c.hour!, c.minute!]
    }

    let weeklyMeeting = [
        "BEGIN:VEVENT",
        "UID:rapat-mingguan@humas.example.go.id",
        "SUMMARY:Rapat Koordinasi Humas",
        "DTSTART;TZID=Asia/Jakarta:20261116T090000",
        "DTEND;TZID=Asia/Jakarta:20261116T100000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
        "END:VEVENT",
    ]

    // MARK: Reading

    @Test func readsATimedEventWithCRLF() throws {
        let events = try parse([
            "BEGIN:VEVENT",
            "UID:20261117-rakor@humas.example.go.id",
            "DTSTAMP:20261101T000000Z",
            "SUMMARY:Rapat Koordinasi Humas",
            "DESCRIPTION:Agenda: evaluasi konten minggu ini",
            "LOCATION:Ruang Rapat Lt. 2\\, Balai Kota",
            "DTSTART;TZID=Asia/Jakarta:20261117T090000",
            "DTEND;TZID=Asia/Jakarta:20261117T103000",
            "URL:https://humas.example.go.id/agenda/17",
            "ORGANIZER;CN=Biro Humas:mailto:humas@example.go.id",
            "SEQUENCE:2",
            "END:VEVENT",
        ])
        let event = try #require(events.first)
        #expect(events.count == 1)
        #expect(event.uid == "20261117-rakor@humas.example.go.id")
        #expect(event.summary == "Rapat Koordinasi Humas")
        #expect(event.location == "Ruang Rapat Lt. 2, Balai Kota")
        #expect(event.start == utc("2026-11-17T02:00:00Z"))
        #expect(event.end == utc("2026-11-17T03:30:00Z"))
        #expect(event.timeZone == jakarta)
        #expect(!event.isAllDay && event.allDayStart == nil)
        #expect(event.url == "https://humas.example.go.id/agenda/17")
        #expect(event.organizer == "mailto:humas@example.go.id")
        #expect(event.sequence == 2)
        #expect(event.rrule == nil)
    }

    @Test func lfOnlyAndCRLFReadTheSame() throws {
        let lines = [
            "BEGIN:VEVENT", "UID:a", "SUMMARY:Kunjungan Kerja Kepala Biro", "DTSTART:20261117T010000Z",
            "DESCRIPTION:baris satu\\nbaris dua", "END:VEVENT",
        ]
        let crlf = try ICalendarReader.parse(calendar(lines), defaultTimeZone: jakarta)
        let lf = try ICalendarReader.parse(calendar(lines, eol: "\n"), defaultTimeZone: jakarta)
        #expect(crlf == lf)
        #expect(try ICalendarReader.parse("\u{FEFF}" + calendar(lines), defaultTimeZone: jakarta) == crlf)  // byte-order mark
        #expect(lf.first?.description == "baris satu\nbaris dua")
    }

    @Test func unfoldsContinuationLinesRemovingOneSpaceOrTab() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:fold", "DTSTART:20261117T010000Z",
            "SUMMARY:Kunjungan Kerja Kepala",
            "  Biro",  // the fold removes one space; the second is content
            "DESCRIPTION:Peninjauan lokasi",
            "\tbanjir",
            "END:VEVENT",
        ])
        #expect(events.first?.summary == "Kunjungan Kerja Kepala Biro")
        #expect(events.first?.description == "Peninjauan lokasibanjir")
    }

    @Test func unfoldsAFoldInsideAMultiByteCharacter() throws {
        let summary = "Peringatan Hari Pahlawan — Surabaya 🇮🇩"
        var line = Array("SUMMARY:\(summary)".utf8)
        // Fold inside the flag's first scalar (4 bytes) after 2 bytes, then inside the dash after 1.
        let flag = try #require(line.firstIndex(of: 0xF0))
        line.insert(contentsOf: [0x0D, 0x0A, 0x20], at: flag + 2)
        let dash = try #require(line.firstIndex(of: 0xE2))
        line.insert(contentsOf: [0x0D, 0x0A, 0x20], at: dash + 1)
        #expect(String(validating: line, as: UTF8.self) == nil)  // no longer valid text on its own
        let head = Array("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:pahlawan\r\nDTSTART;VALUE=DATE:20261110\r\n".utf8)
        let tail = Array("\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".utf8)
        let events = try ICalendarReader.parse(bytes: head + line + tail, defaultTimeZone: jakarta)
        #expect(events.first?.summary == summary)
    }

    @Test func quotedParametersMayHoldColonsAndSemicolons() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:quoted",
            "DTSTART;TZID=\"Asia/Jakarta\":20261117T090000",
            "LOCATION;ALTREP=\"http://peta.example.go.id/a;b:c\";LANGUAGE=id:Balai Kota",
            "SUMMARY;X-NOTE=\"a,b\",c:Apel Pagi",
            "END:VEVENT",
        ])
        let event = try #require(events.first)
        #expect(event.location == "Balai Kota")
        #expect(event.summary == "Apel Pagi")
        #expect(event.start == utc("2026-11-17T02:00:00Z"))
    }

    @Test func readsJakartaMakassarUTCAndFloatingTimes() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:wib", "DTSTART;TZID=Asia/Jakarta:20261117T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:wita", "DTSTART;TZID=Asia/Makassar:20261117T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:utc", "DTSTART:20261117T090000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:floating", "DTSTART:20261117T090000", "END:VEVENT",
        ], zone: jayapura)
        #expect(events.map(\.start) == [
            utc("2026-11-17T02:00:00Z"), utc("2026-11-17T01:00:00Z"), utc("2026-11-17T09:00:00Z"), utc("2026-11-17T00:00:00Z"),
        ])
        #expect(events.map(\.timeZone) == [jakarta, makassar, ICSEvent.utc, jayapura])
        #expect(events.allSatisfy { $0.end == $0.start })  // no DTEND, no DURATION: zero length
    }

    @Test func mapsWindowsAndPathLikeZoneNames() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:outlook", "DTSTART;TZID=SE Asia Standard Time:20261117T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:sg", "DTSTART;TZID=Singapore Standard Time:20261117T090000", "END:VEVENT",
            "BEGIN:VEVENT", "UID:moz", "DTSTART;TZID=/mozilla.org/20050126_1/Asia/Makassar:20261117T090000", "END:VEVENT",
        ])
        #expect(events.map(\.start) == [utc("2026-11-17T02:00:00Z"), utc("2026-11-17T01:00:00Z"), utc("2026-11-17T01:00:00Z")])
    }

    @Test func unknownZoneIsAnErrorUnlessTheFileDefinesIt() throws {
        let lines = ["BEGIN:VEVENT", "UID:x", "DTSTART;TZID=Waktu Kantor:20261117T090000", "END:VEVENT"]
        #expect(error(calendar(lines)) == .unknownTimeZone(tzid: "Waktu Kantor", line: 6))

        let defined = try parse([
            "BEGIN:VTIMEZONE", "TZID:Waktu Kantor",
            "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0800", "TZOFFSETTO:+0800", "TZNAME:WITA", "END:STANDARD",
            "END:VTIMEZONE",
        ] + lines)
        #expect(defined.first?.start == utc("2026-11-17T01:00:00Z"))  // +08:00 from the VTIMEZONE
    }

    @Test func allDayEventWithoutEndLastsOneDay() throws {
        let event = try #require(try parse(["BEGIN:VEVENT", "UID:hut", "SUMMARY:HUT Kota", "DTSTART;VALUE=DATE:20261117", "END:VEVENT"]).first)
        #expect(event.isAllDay)
        #expect(event.allDayStart == Day("2026-11-17"))
        #expect(event.allDayEnd == Day("2026-11-18"))
        #expect(event.start == utc("2026-11-16T17:00:00Z"))  // midnight WIB
        #expect(event.end == utc("2026-11-17T17:00:00Z"))
    }

    @Test func multiDayAllDayEndIsExclusive() throws {
        let event = try #require(try parse([
            "BEGIN:VEVENT", "UID:pameran", "SUMMARY:Pameran Pembangunan Daerah",
            "DTSTART;VALUE=DATE:20261117", "DTEND;VALUE=DATE:20261120", "END:VEVENT",
        ]).first)
        #expect(event.allDayStart == Day("2026-11-17"))
        #expect(event.allDayEnd == Day("2026-11-20"))  // 17, 18 and 19 November
        #expect(event.end.timeIntervalSince(event.start) == 3 * 86_400)
        let days = event.occurrences(from: utc("2026-11-19T10:00:00Z"), to: utc("2026-11-19T11:00:00Z"))
        #expect(days.count == 1)
        #expect(event.occurrences(from: utc("2026-11-20T00:00:00Z"), to: utc("2026-11-21T00:00:00Z")).isEmpty)
    }

    @Test func durationTakesThePlaceOfDTEND() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:a", "DTSTART:20261117T020000Z", "DURATION:PT1H30M", "END:VEVENT",
            "BEGIN:VEVENT", "UID:b", "DTSTART:20261117T020000Z", "DURATION:P1D", "END:VEVENT",
            "BEGIN:VEVENT", "UID:c", "DTSTART:20261117T020000Z", "DURATION:P1W", "END:VEVENT",
            "BEGIN:VEVENT", "UID:d", "DTSTART;VALUE=DATE:20261117", "DURATION:P2D", "END:VEVENT",
            "BEGIN:VEVENT", "UID:e", "DTSTART:20261117T020000Z", "DURATION:+P1DT2H", "END:VEVENT",
        ])
        let start = utc("2026-11-17T02:00:00Z")
        #expect([0, 1, 2, 4].map { events[$0].end.timeIntervalSince(start) } == [5400, 86_400, 7 * 86_400, 93_600])
        #expect(events[3].end == utc("2026-11-18T17:00:00Z"))  // midnight WIB after two days
        #expect(events[3].allDayEnd == Day("2026-11-19"))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:f", "DTSTART:20261117T020000Z", "DURATION:-PT1H", "END:VEVENT"]))
            == .badDuration(value: "-PT1H", line: 7))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:g", "DTSTART:20261117T020000Z", "DURATION:PT", "END:VEVENT"]))
            == .badDuration(value: "PT", line: 7))
    }

    @Test func unescapesText() throws {
        let event = try #require(try parse([
            "BEGIN:VEVENT", "UID:esc", "DTSTART:20261117T020000Z",
            "SUMMARY:Rapat\\, evaluasi\\; tindak lanjut",
            "DESCRIPTION:Baris 1\\nBaris 2\\NBaris 3 C:\\\\Arsip \\x",
            "END:VEVENT",
        ]).first)
        #expect(event.summary == "Rapat, evaluasi; tindak lanjut")
        #expect(event.description == "Baris 1\nBaris 2\nBaris 3 C:\\Arsip \\x")
    }

    @Test func splitsCategoriesOnUnescapedCommasOnly() throws {
        let event = try #require(try parse([
            "BEGIN:VEVENT", "UID:cat", "DTSTART:20261117T020000Z",
            "CATEGORIES:Humas,Protokol\\, Pimpinan", "CATEGORIES:Publik", "END:VEVENT",
        ]).first)
        #expect(event.categories == ["Humas", "Protokol, Pimpinan", "Publik"])
    }

    @Test func skipsNestedAndOtherComponents() throws {
        let events = try parse([
            "BEGIN:VTIMEZONE", "TZID:Asia/Jakarta",
            "BEGIN:STANDARD", "DTSTART:19700101T000000", "TZOFFSETFROM:+0700", "TZOFFSETTO:+0700", "END:STANDARD",
            "END:VTIMEZONE",
            "BEGIN:VTODO", "UID:todo", "SUMMARY:Bukan acara", "END:VTODO",
            "BEGIN:VEVENT", "UID:alarm", "SUMMARY:Upacara Hari Pahlawan", "DTSTART;TZID=Asia/Jakarta:20261110T073000",
            "BEGIN:VALARM", "ACTION:DISPLAY", "DESCRIPTION:Pengingat", "TRIGGER:-PT30M", "END:VALARM",
            "END:VEVENT",
            "BEGIN:X-WARTA-CATATAN", "BEGIN:VEVENT", "UID:nested", "END:VEVENT", "END:X-WARTA-CATATAN",
        ])
        #expect(events.map(\.uid) == ["alarm"])
        #expect(events.first?.description == "")
        #expect(events.first?.start == utc("2026-11-10T00:30:00Z"))
    }

    @Test func cancelledEventsAreReturnedFlagged() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:batal", "SUMMARY:Konferensi Pers", "STATUS:cancelled", "DTSTART:20261117T020000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:jadi", "SUMMARY:Konferensi Pers", "STATUS:CONFIRMED", "DTSTART:20261118T020000Z", "END:VEVENT",
        ])
        #expect(events.map(\.isCancelled) == [true, false])
        let range = (utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z"))
        #expect(events.occurrences(from: range.0, to: range.1).map(\.event.uid) == ["jadi"])
        #expect(events.occurrences(from: range.0, to: range.1, includeCancelled: true).count == 2)
    }

    @Test func missingUIDGetsAStableGeneratedOne() throws {
        let lines = ["BEGIN:VEVENT", "SUMMARY:Apel Pagi", "DTSTART;TZID=Asia/Jakarta:20261117T073000", "END:VEVENT"]
        let first = try #require(try parse(lines).first)
        let again = try #require(try parse(lines).first)
        let other = try #require(try parse(["BEGIN:VEVENT", "SUMMARY:Apel Sore", "DTSTART;TZID=Asia/Jakarta:20261117T073000", "END:VEVENT"]).first)
        #expect(first.uid.hasPrefix("generated-"))
        #expect(first.uid.count == "generated-".count + 16)
        #expect(first.uid == again.uid)
        #expect(first.uid != other.uid)
    }

    // MARK: Refusals

    @Test func emptyHTMLAndGarbageAreNotCalendars() {
        #expect(error("") == .notCalendar)
        #expect(error("\r\n\r\n") == .notCalendar)
        #expect(error("<!DOCTYPE html>\n<html><head><title>Login</title></head><body>BEGIN:VCALENDAR</body></html>\n") == .notCalendar)
        #expect(error("PK\u{3}\u{4}\u{14}\u{0}\u{8}\u{0}garbage") == .notCalendar)
        #expect(error("Tanggal,Acara\n2026-11-17,Rapat\n") == .notCalendar)
        #expect((try? ICalendarReader.parse(bytes: [0xFF, 0xD8, 0xFF, 0xE0, 0x00], defaultTimeZone: jakarta)) == nil)
    }

    @Test func structuralErrorsNameTheComponentAndLine() {
        // Truncated download: the event opened on line 4 never closes.
        let truncated = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20261117T020000Z\r\n"
        #expect(error(truncated) == .unterminated(component: "VEVENT", line: 4))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:a", "DTSTART:20261117T020000Z"])) == .unexpectedEnd(component: "VCALENDAR", line: 7))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:a", "SUMMARY:Tanpa waktu", "END:VEVENT"])) == .missingProperty(name: "DTSTART", line: 4))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:a", "this line has no colon", "END:VEVENT"])) == .malformedLine(line: 6))
    }

    @Test func badDatesReportTheFileLineOfFoldedContent() {
        let text = calendar([
            "BEGIN:VEVENT", "UID:a",
            "SUMMARY:Rapat Koordinasi", " Humas",  // lines 6 and 7
            "DTSTART:20261131T090000Z",  // line 8: 31 November
            "END:VEVENT",
        ])
        #expect(error(text) == .badDate(value: "20261131T090000Z", line: 8))
        #expect(error(calendar(["BEGIN:VEVENT", "UID:a", "DTSTART;VALUE=DATE:20261117T090000", "END:VEVENT"]))
            == .badDate(value: "20261117T090000", line: 6))
        // A DATE start with a DATE-TIME end is read (issue 13), see ICalendarToleranceTests.
    }

    @Test func unsupportedRulePartsAreNamed() {
        func ruleError(_ rule: String) -> ICSError? {
            error(calendar(["BEGIN:VEVENT", "UID:a", "DTSTART:20261117T020000Z", "RRULE:\(rule)", "END:VEVENT"]))
        }
        #expect(ruleError("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1") == .badRule(part: "BYSETPOS=-1", line: 7))
        #expect(ruleError("FREQ=HOURLY;INTERVAL=2") == .badRule(part: "FREQ=HOURLY", line: 7))
        #expect(ruleError("FREQ=DAILY;BYHOUR=9,15") == .badRule(part: "BYHOUR=9,15", line: 7))
        #expect(ruleError("INTERVAL=2") == .badRule(part: "FREQ", line: 7))
        #expect(ruleError("FREQ=WEEKLY;BYDAY=1MO") == .badRule(part: "BYDAY=1MO", line: 7))
        #expect(ruleError("FREQ=WEEKLY;COUNT=0") == .badRule(part: "COUNT=0", line: 7))
        #expect(ruleError("FREQ=MONTHLY;BYMONTHDAY=32") == .badRule(part: "BYMONTHDAY=32", line: 7))
    }

    @Test func refusesOversizedFilesAndTooManyEvents() {
        #expect(error(String(repeating: "A", count: ICalendarReader.maxBytes + 1)) == .tooLarge(limit: ICalendarReader.maxBytes))
        var lines: [String] = []
        for n in 0...ICalendarReader.maxEvents {
            lines += ["BEGIN:VEVENT", "UID:\(n)", "DTSTART:20261117T020000Z", "END:VEVENT"]
        }
        #expect(error(calendar(lines)) == .tooManyEvents(limit: 5_000))
        #expect((try? ICalendarReader.parse(calendar(Array(lines.dropLast(4))), defaultTimeZone: jakarta))?.count == 5_000)
    }

    // MARK: Recurrence

    @Test func weeklyByDayWithCount() throws {
        let event = try #require(try parse([
            "BEGIN:VEVENT", "UID:rakor", "SUMMARY:Rapat Koordinasi Humas",
            "DTSTART;TZID=Asia/Jakarta:20261116T090000", "DTEND;TZID=Asia/Jakarta:20261116T100000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO,WE;COUNT=6", "END:VEVENT",
        ]).first)
        let all = event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"))
        #expect(all.map { wallClock($0.start, jakarta) } == [
            [2026, 11, 16, 9, 0], [2026, 11, 18, 9, 0], [2026, 11, 23, 9, 0],
            [2026, 11, 25, 9, 0], [2026, 11, 30, 9, 0], [2026, 12, 2, 9, 0],
        ])
        #expect(all.allSatisfy { $0.end.timeIntervalSince($0.start) == 3600 })
        #expect(all.first?.occurrenceKey == "rakor/20261116T020000Z")
    }

    @Test func everyOtherWeekOnTuesdayAndThursday() throws {
        var event = ICSEvent(uid: "piket", summary: "Piket Media Sosial", start: utc("2026-11-17T01:00:00Z"), end: utc("2026-11-17T02:00:00Z"), timeZone: jakarta)
        event.rrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH"
        let days = event.occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-20T00:00:00Z")).map { wallClock($0.start, jakarta)[2] }
        #expect(days == [17, 19, 1, 3, 15, 17])
    }

    @Test func monthlyOnTheLastFriday() throws {
        let event = try #require(try parse([
            "BEGIN:VEVENT", "UID:evaluasi", "SUMMARY:Evaluasi Bulanan Konten",
            "DTSTART;TZID=Asia/Jakarta:20260130T140000", "RRULE:FREQ=MONTHLY;BYDAY=-1FR", "END:VEVENT",
        ]).first)
        let occurrences = event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z"))
        #expect(occurrences.map { wallClock($0.start, jakarta)[2] } == [30, 27, 27, 24, 29, 26, 31, 28, 25, 30, 27, 25])
        #expect(occurrences.allSatisfy { wallClock($0.start, jakarta)[3] == 14 })
    }

    @Test func monthlyOnThe31stSkipsShortMonths() throws {
        var event = ICSEvent(uid: "laporan", summary: "Laporan Akhir Bulan", start: utc("2026-01-31T02:00:00Z"), end: utc("2026-01-31T03:00:00Z"), timeZone: jakarta)
        event.rrule = "FREQ=MONTHLY;COUNT=4"
        let months = event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z")).map { wallClock($0.start, jakarta)[1] }
        #expect(months == [1, 3, 5, 7])
        event.rrule = "FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3"
        #expect(event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z")).map { wallClock($0.start, jakarta)[2] } == [31, 28, 31])
    }

    @Test func yearlyAllDayAndByMonth() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:pahlawan", "SUMMARY:Hari Pahlawan", "DTSTART;VALUE=DATE:20251110", "RRULE:FREQ=YEARLY", "END:VEVENT",
            "BEGIN:VEVENT", "UID:hut-ri", "SUMMARY:Upacara HUT RI", "DTSTART;TZID=Asia/Jakarta:20260817T070000",
            "RRULE:FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17;UNTIL=20280817T000000Z", "END:VEVENT",
        ])
        let from = utc("2025-12-31T17:00:00Z"), to = utc("2028-12-31T17:00:00Z")
        let pahlawan = events[0].occurrences(from: from, to: to)
        #expect(pahlawan.map(\.allDayStart) == [Day("2026-11-10"), Day("2027-11-10"), Day("2028-11-10")])
        #expect(pahlawan.map(\.allDayEnd) == [Day("2026-11-11"), Day("2027-11-11"), Day("2028-11-11")])
        #expect(pahlawan.map(\.occurrenceKey) == ["pahlawan/20261110", "pahlawan/20271110", "pahlawan/20281110"])
        #expect(pahlawan.first?.start == utc("2026-11-09T17:00:00Z"))
        // 17 August 2028 07:00 WIB is 00:00 UTC: UNTIL is inclusive.
        #expect(events[1].occurrences(from: from, to: to).map { wallClock($0.start, jakarta) } == [
            [2026, 8, 17, 7, 0], [2027, 8, 17, 7, 0], [2028, 8, 17, 7, 0],
        ])
    }

    @Test func yearlyOnTheFirstMondayOfFebruary() {
        var event = ICSEvent(uid: "raker", summary: "Rapat Kerja Tahunan", start: utc("2026-02-02T01:00:00Z"), end: utc("2026-02-02T09:00:00Z"), timeZone: jakarta)
        event.rrule = "FREQ=YEARLY;BYMONTH=2;BYDAY=1MO"
        #expect(event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2029-01-01T00:00:00Z")).map { wallClock($0.start, jakarta) } == [
            [2026, 2, 2, 8, 0], [2027, 2, 1, 8, 0], [2028, 2, 7, 8, 0],
        ])
    }

    @Test func anAbsurdCountIsRefusedByName() throws {
        #expect(throws: ICSError.badRule(part: "COUNT=999999999", line: 0)) {
            try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=999999999", timeZone: jakarta)
        }
        let largest = try RecurrenceRule(parsing: "FREQ=DAILY;COUNT=\(RecurrenceRule.maximumCount)", timeZone: jakarta)
        #expect(largest.count == RecurrenceRule.maximumCount)
    }

    @Test func oldSeriesExpandTheSameWhetherOrNotEveryOccurrenceIsCounted() {
        // Without COUNT the expansion may start near the range; with one it must count from 1995.
        let rules = [
            "FREQ=DAILY;INTERVAL=5", "FREQ=WEEKLY;INTERVAL=3;BYDAY=MO,TH", "FREQ=WEEKLY;WKST=SU;INTERVAL=2;BYDAY=SU,SA",
            "FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;INTERVAL=4;BYMONTHDAY=15,-1", "FREQ=YEARLY;BYMONTH=11;BYMONTHDAY=10",
        ]
        for rule in rules {
            let timed = ICSEvent(uid: "lama", summary: "Siaran", start: utc("1995-03-06T02:00:00Z"), end: utc("1995-03-22T03:00:00Z"), timeZone: jakarta)
            let allDay = ICSEvent(uid: "lama", summary: "Pameran", allDayFrom: Day("1995-03-06")!, to: Day("1995-03-10")!, timeZone: jakarta)
            for var event in [timed, allDay] {
                var seen = 0
                for offset in stride(from: 0, to: 120, by: 3) {  // windows of 12 days starting on different days
                    let from = utc("2026-11-01T00:00:00Z").addingTimeInterval(Double(offset) * 86_400)
                    let to = from.addingTimeInterval(12 * 86_400)
                    event.rrule = rule
                    let open = event.occurrences(from: from, to: to).map(\.start)
                    event.rrule = rule + ";COUNT=\(RecurrenceRule.maximumCount)"
                    let counted = event.occurrences(from: from, to: to).map(\.start)
                    #expect(open == counted, "\(rule) from \(from)")
                    seen += open.count
                }
                #expect(seen > 0, "\(rule)")
            }
        }
    }

    @Test func untilIsInclusiveInEveryForm() throws {
        func count(_ rule: String) -> Int {
            var event = ICSEvent(uid: "u", summary: "Rapat", start: utc("2026-11-16T02:00:00Z"), end: utc("2026-11-16T03:00:00Z"), timeZone: jakarta)
            event.rrule = rule
            return event.occurrences(from: utc("2026-01-01T00:00:00Z"), to: utc("2027-01-01T00:00:00Z")).count
        }
        #expect(count("FREQ=WEEKLY;UNTIL=20261130T020000Z") == 3)
        #expect(count("FREQ=WEEKLY;UNTIL=20261130T015959Z") == 2)
        #expect(count("FREQ=WEEKLY;UNTIL=20261130") == 3)
        #expect(count("FREQ=WEEKLY;UNTIL=20261130T090000") == 3)  // floating: 09:00 WIB
        #expect(count("FREQ=WEEKLY;UNTIL=20261130T085959") == 2)
    }

    @Test func exdateRemovesOccurrencesInEveryForm() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:apel", "SUMMARY:Apel Pagi",
            "DTSTART;TZID=Asia/Jakarta:20261116T073000", "DTEND;TZID=Asia/Jakarta:20261116T080000",
            "RRULE:FREQ=DAILY;COUNT=10",
            "EXDATE;TZID=Asia/Jakarta:20261117T073000,20261118T073000",
            "EXDATE:20261120T003000Z",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:libur", "SUMMARY:Siaran Pagi", "DTSTART;VALUE=DATE:20261116",
            "RRULE:FREQ=DAILY;COUNT=5", "EXDATE;VALUE=DATE:20261117,20261119", "END:VEVENT",
        ])
        #expect(events[0].exdates.count == 3)
        let range = (utc("2026-11-01T00:00:00Z"), utc("2026-12-01T00:00:00Z"))
        #expect(events[0].occurrences(from: range.0, to: range.1).map { wallClock($0.start, jakarta)[2] } == [16, 19, 21, 22, 23, 24, 25])
        #expect(events[1].excludedDays == [Day("2026-11-17")!, Day("2026-11-19")!])
        #expect(events[1].occurrences(from: range.0, to: range.1).compactMap(\.allDayStart) == [Day("2026-11-16")!, Day("2026-11-18")!, Day("2026-11-20")!])
    }

    @Test func countIsCountedFromDTSTARTNotFromTheRange() throws {
        var event = ICSEvent(uid: "c", summary: "Rapat", start: utc("2026-11-16T02:00:00Z"), end: utc("2026-11-16T03:00:00Z"), timeZone: jakarta)
        event.rrule = "FREQ=DAILY;COUNT=5"  // 16 … 20 November
        let later = event.occurrences(from: utc("2026-11-19T00:00:00Z"), to: utc("2026-12-31T00:00:00Z"))
        #expect(later.map { wallClock($0.start, jakarta)[2] } == [19, 20])
        #expect(event.occurrences(from: utc("2026-11-21T00:00:00Z"), to: utc("2026-12-31T00:00:00Z")).isEmpty)
    }

    @Test func expansionStaysInsideTheRangeAndTheLimit() throws {
        var event = ICSEvent(uid: "harian", summary: "Pantauan Media", start: utc("2026-01-01T01:00:00Z"), end: utc("2026-01-01T02:00:00Z"), timeZone: jakarta)
        event.rrule = "FREQ=DAILY"
        let week = event.occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-11-08T00:00:00Z"))
        #expect(week.count == 7)
        #expect(week.allSatisfy { $0.start >= utc("2026-11-01T00:00:00Z") && $0.start < utc("2026-11-08T00:00:00Z") })
        #expect(event.occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-11-08T00:00:00Z"), limit: 3).count == 3)
        // An occurrence running across the range start is in it; one ending exactly at it is not.
        #expect(event.occurrences(from: utc("2026-11-01T01:30:00Z"), to: utc("2026-11-01T01:45:00Z")).count == 1)
        #expect(event.occurrences(from: utc("2026-11-01T02:00:00Z"), to: utc("2026-11-02T01:00:00Z")).isEmpty)
        #expect(event.occurrences(from: utc("2100-01-01T00:00:00Z"), to: utc("2100-01-02T00:00:00Z")).count == 1)
    }

    @Test func singleEventsOverlapTheRange() {
        let event = ICSEvent(uid: "kunker", summary: "Kunjungan Kerja Kepala Biro", location: "Balai Kota",
                             start: utc("2026-11-17T02:00:00Z"), end: utc("2026-11-17T04:00:00Z"), timeZone: jakarta)
        #expect(event.occurrences(from: utc("2026-11-17T03:00:00Z"), to: utc("2026-11-17T05:00:00Z")).first?.occurrenceKey == "kunker/20261117T020000Z")
        #expect(event.occurrences(from: utc("2026-11-17T04:00:00Z"), to: utc("2026-11-17T05:00:00Z")).isEmpty)
        #expect(event.occurrences(from: utc("2026-11-17T01:00:00Z"), to: utc("2026-11-17T02:00:00Z")).isEmpty)
        let instant = ICSEvent(uid: "tenggat", summary: "Tenggat", start: utc("2026-11-17T02:00:00Z"), end: utc("2026-11-17T02:00:00Z"))
        #expect(instant.occurrences(from: utc("2026-11-17T02:00:00Z"), to: utc("2026-11-17T03:00:00Z")).count == 1)
        #expect(instant.occurrences(from: utc("2026-11-17T01:00:00Z"), to: utc("2026-11-17T02:00:00Z")).isEmpty)
    }

    @Test func wallClockTimeSurvivesDaylightSaving() throws {
        let events = try parse([
            "BEGIN:VEVENT", "UID:kjri", "SUMMARY:Rapat Daring KJRI New York",
            "DTSTART;TZID=America/New_York:20261026T090000", "DTEND;TZID=America/New_York:20261026T100000",
            "RRULE:FREQ=WEEKLY;COUNT=3", "END:VEVENT",
        ])
        let newYork = TimeZone(identifier: "America/New_York")!
        let occurrences = events[0].occurrences(from: utc("2026-10-01T00:00:00Z"), to: utc("2026-12-01T00:00:00Z"))
        #expect(occurrences.map(\.start) == [utc("2026-10-26T13:00:00Z"), utc("2026-11-02T14:00:00Z"), utc("2026-11-09T14:00:00Z")])
        #expect(occurrences.allSatisfy { wallClock($0.start, newYork)[3] == 9 })
    }

    @Test func recurrenceIdOverridesReplaceOccurrences() throws {
        let events = try parse(weeklyMeeting + [
            // 23 November moves to Tuesday 24th, 13:00.
            "BEGIN:VEVENT", "UID:rapat-mingguan@humas.example.go.id", "SUMMARY:Rapat Koordinasi Humas (dipindah)",
            "RECURRENCE-ID;TZID=Asia/Jakarta:20261123T090000", "SEQUENCE:1",
            "DTSTART;TZID=Asia/Jakarta:20261124T130000", "DTEND;TZID=Asia/Jakarta:20261124T140000", "END:VEVENT",
            // 7 December moves into November.
            "BEGIN:VEVENT", "UID:rapat-mingguan@humas.example.go.id", "SUMMARY:Rapat Koordinasi Humas (dimajukan)",
            "RECURRENCE-ID:20261207T020000Z",
            "DTSTART;TZID=Asia/Jakarta:20261128T090000", "DTEND;TZID=Asia/Jakarta:20261128T100000", "END:VEVENT",
        ])
        #expect(events[1].recurrenceId == utc("2026-11-23T02:00:00Z"))
        let november = events.occurrences(from: utc("2026-10-31T17:00:00Z"), to: utc("2026-11-30T17:00:00Z"))
        #expect(november.map { wallClock($0.start, jakarta)[2] } == [16, 24, 28, 30])
        #expect(november[1].event.summary == "Rapat Koordinasi Humas (dipindah)")
        #expect(november[1].isOverride && !november[0].isOverride)
        #expect(november[1].occurrenceKey == "rapat-mingguan@humas.example.go.id/20261123T020000Z")
        #expect(november[2].occurrenceKey == "rapat-mingguan@humas.example.go.id/20261207T020000Z")
        #expect(november[2].originalStart == utc("2026-12-07T02:00:00Z"))
        // December no longer has the 7th: it moved.
        let december = events.occurrences(from: utc("2026-11-30T17:00:00Z"), to: utc("2026-12-31T17:00:00Z"))
        #expect(december.isEmpty)
    }

    @Test func cancelledOverrideRemovesOneOccurrence() throws {
        let events = try parse(weeklyMeeting + [
            "BEGIN:VEVENT", "UID:rapat-mingguan@humas.example.go.id", "STATUS:CANCELLED",
            "RECURRENCE-ID;TZID=Asia/Jakarta:20261130T090000",
            "DTSTART;TZID=Asia/Jakarta:20261130T090000", "END:VEVENT",
        ])
        let from = utc("2026-11-01T00:00:00Z"), to = utc("2027-01-01T00:00:00Z")
        #expect(events.occurrences(from: from, to: to).count == 3)
        let all = events.occurrences(from: from, to: to, includeCancelled: true)
        #expect(all.count == 4)
        #expect(all.filter(\.event.isCancelled).map(\.occurrenceKey) == ["rapat-mingguan@humas.example.go.id/20261130T020000Z"])
    }

    @Test func ruleParsingExposesItsParts() throws {
        let rule = try RecurrenceRule(parsing: "RRULE:FREQ=YEARLY;INTERVAL=2;BYMONTH=11;BYDAY=2MO,-1FR;WKST=SU;COUNT=3", timeZone: jakarta)
        #expect(rule.frequency == .yearly)
        #expect(rule.interval == 2)
        #expect(rule.count == 3)
        #expect(rule.byMonth == [11])
        #expect(rule.byDay == [.init(.monday, ordinal: 2), .init(.friday, ordinal: -1)])
        #expect(rule.weekStart == .sunday)
        #expect(throws: ICSError.badRule(part: "BYWEEKNO=20", line: 3)) {
            try RecurrenceRule(parsing: "FREQ=YEARLY;BYWEEKNO=20", timeZone: jakarta, line: 3)
        }
    }

    // MARK: Writing

    func sampleEvents() -> [ICSEvent] {
        var rapat = ICSEvent(
            uid: "konten-42@warta.example.go.id",
            summary: "Rapat Koordinasi Humas; persiapan \"Hari Pahlawan\", Surabaya 🇮🇩",
            description: "Agenda:\n1. Evaluasi konten — Instagram & TikTok\n2. Jadwal siaran langsung, Balai Kota\nCatatan: C:\\Arsip\\2026",
            location: "Ruang Rapat Lt. 2, Balai Kota",
            start: utc("2026-11-17T02:00:00Z"), end: utc("2026-11-17T03:30:00Z"))
        rapat.url = "https://warta.example.go.id/konten/42?tab=jadwal&lang=id"
        rapat.categories = ["Humas", "Protokol, Pimpinan"]
        rapat.sequence = 3
        var pameran = ICSEvent(uid: "pameran-2026", summary: "Pameran Pembangunan Daerah",
                               allDayFrom: Day("2026-11-17")!, to: Day("2026-11-20")!, timeZone: jakarta)
        pameran.status = "CONFIRMED"
        var apel = ICSEvent(uid: "apel", summary: "Apel Pagi", start: utc("2026-11-16T00:30:00Z"), end: utc("2026-11-16T01:00:00Z"))
        apel.rrule = "FREQ=WEEKLY;BYDAY=MO;COUNT=10"
        apel.exdates = [utc("2026-11-23T00:30:00Z"), utc("2026-11-30T00:30:00Z")]
        apel.organizer = "mailto:humas@example.go.id"
        var dipindah = ICSEvent(uid: "apel", summary: "Apel Pagi (halaman belakang)", start: utc("2026-12-08T00:30:00Z"), end: utc("2026-12-08T01:00:00Z"))
        dipindah.recurrenceId = utc("2026-12-07T00:30:00Z")
        var libur = ICSEvent(uid: "siaran", summary: "Siaran Pagi", allDayFrom: Day("2026-11-16")!, to: Day("2026-11-16")!, timeZone: jakarta)
        libur.rrule = "FREQ=DAILY;COUNT=5"
        libur.excludedDays = [Day("2026-11-17")!]
        let tenggat = ICSEvent(uid: "tenggat", summary: "Tenggat unggah", start: utc("2026-11-20T09:00:00Z"), end: utc("2026-11-20T09:00:00Z"))
        return [rapat, pameran, apel, dipindah, libur, tenggat]
    }

    func writer() -> ICalendarWriter {
        ICalendarWriter(name: "Agenda Humas Pemprov, Jawa Timur", timeZone: jakarta, stamp: utc("2026-11-01T00:00:00Z"))
    }

    @Test func writerHeaderAndFooter() {
        let text = writer().calendar([])
        #expect(text == """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//Warta//Warta//ID\r
            CALSCALE:GREGORIAN\r
            METHOD:PUBLISH\r
            X-WR-CALNAME:Agenda Humas Pemprov\\, Jawa Timur\r
            X-WR-TIMEZONE:Asia/Jakarta\r
            END:VCALENDAR\r

            """)
    }

    @Test func writerEscapesText() {
        #expect(ICalendarWriter.escaped("Rapat, evaluasi; C:\\Arsip\r\nbaris\rdua\nbaris tiga\u{7}") == "Rapat\\, evaluasi\\; C:\\\\Arsip\\nbaris\\ndua\\nbaris tiga")
        let lines = writer().event(sampleEvents()[0]).components(separatedBy: "\r\n")
        #expect(lines.contains("CATEGORIES:Humas,Protokol\\, Pimpinan"))
        #expect(lines.contains("LOCATION:Ruang Rapat Lt. 2\\, Balai Kota"))
        #expect(lines.contains("DTSTART:20261117T020000Z"))
        #expect(lines.contains("DTSTAMP:20261101T000000Z"))
        let allDay = writer().event(sampleEvents()[1]).components(separatedBy: "\r\n")
        #expect(allDay.contains("DTSTART;VALUE=DATE:20261117"))
        #expect(allDay.contains("DTEND;VALUE=DATE:20261120"))
    }

    @Test func writerFoldsAt75OctetsWithoutSplittingCharacters() throws {
        let text = writer().calendar(sampleEvents())
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                lines.append(current)
                current = []
                index += 2
            } else {
                current.append(bytes[index])
                index += 1
            }
        }
        #expect(current.isEmpty)  // ends with CRLF
        #expect(lines.allSatisfy { $0.count <= 75 })
        #expect(lines.allSatisfy { String(validating: $0, as: UTF8.self) != nil })  // no split UTF-8 sequence
        #expect(lines.contains { $0.first == 0x20 })  // something was folded
        #expect(lines.contains { $0.count == 75 })  // and folded as late as allowed
    }

    @Test func writerUsesOnlyCRLF() {
        let bytes = Array(writer().calendar(sampleEvents()).utf8)
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { #expect(index > 0 && bytes[index - 1] == 0x0D) }
            if byte == 0x0D { #expect(index + 1 < bytes.count && bytes[index + 1] == 0x0A) }
        }
        #expect(String(decoding: bytes, as: UTF8.self).hasSuffix("END:VEVENT\r\nEND:VCALENDAR\r\n"))
    }

    @Test func writerOutputReadsBackEqual() throws {
        let events = sampleEvents()
        let parsed = try ICalendarReader.parse(writer().calendar(events), defaultTimeZone: jakarta)
        #expect(parsed == events)
        // Bytes and text give the same result.
        #expect(try ICalendarReader.parse(bytes: Array(writer().calendar(events).utf8), defaultTimeZone: jakarta) == events)
        // And the recurring parts survive: Apel Pagi on Mondays without the 23rd and 30th, with 7 December moved.
        let december = parsed.occurrences(from: utc("2026-11-01T00:00:00Z"), to: utc("2026-12-15T00:00:00Z"))
            .filter { $0.event.uid == "apel" }.map { wallClock($0.start, jakarta)[1...2] }
        #expect(december.map(Array.init) == [[11, 16], [12, 8], [12, 14]])
    }

    @Test func streamingPiecesMakeTheWholeCalendar() {
        let w = writer()
        let events = sampleEvents()
        #expect(w.header() + events.map(w.event).joined() + w.footer() == w.calendar(events))
        #expect(w.event(events[5]).contains("DTEND") == false)  // zero-length: no DTEND
    }
}
