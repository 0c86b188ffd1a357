import Foundation
import Testing
@testable import Domain

/// Issue 10, item 2: expanding a recurrence is bounded work, whatever the rule says.
@Suite struct RecurrenceBoundsTests {
    let jakarta = TimeZone(identifier: "Asia/Jakarta")!

    func calendar(_ lines: [String]) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Uji//ID"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
    }

    /// One event, its RRULE on line 7 of the calendar.
    func event(_ start: String, _ rule: String, uid: String = "a", extra: [String] = []) -> [String] {
        ["BEGIN:VEVENT", "UID:\(uid)", "DTSTART:\(start)", "RRULE:\(rule)"] + extra + ["DTEND:\(end(of: start))", "END:VEVENT"]
    }

    func end(of start: String) -> String {
        start.count == 8 ? start : String(start.prefix(9)) + "10" + String(start.dropFirst(11))
    }

    func parseError(_ lines: [String]) -> ICSError? {
        do {
            _ = try ICalendarReader.parse(calendar(lines), defaultTimeZone: jakarta)
            return nil
        } catch {
            return error
        }
    }

    func series(_ start: String, _ rule: String, exdates: [String] = []) -> ICSEvent {
        let day = ICSTime.parse(Substring(start))
        var event: ICSEvent
        switch day {
        case .date(let d)?:
            event = ICSEvent(uid: "s", summary: "S", allDayFrom: d, to: d.adding(days: 1), timeZone: jakarta)
        case .dateTime(let d, let second, _)?:
            let begin = ICSTime.instant(dayNumber: d.dayNumber, second: second, in: jakarta)
            event = ICSEvent(uid: "s", summary: "S", start: begin, end: begin.addingTimeInterval(5400), timeZone: jakarta)
        case nil:
            fatalError("bad start \(start)")
        }
        event.rrule = rule
        event.exdates = exdates.map { ICSTime.instant(dayNumber: Day($0)!.dayNumber, second: 9 * 3600, in: jakarta) }
        return event
    }

    func date(_ day: String) -> Date { ICSTime.instant(dayNumber: Day(day)!.dayNumber, second: 0, in: jakarta) }

    // MARK: the issue's rule

    @Test func theIssuesRuleIsRefusedAtParse() {
        #expect(parseError(event("19000101T090000", "FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30")) == .ruleNeverRecurs(line: 7))
        // Without COUNT, or with other rules that can never match, just the same.
        #expect(parseError(event("19000101T090000", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30")) == .ruleNeverRecurs(line: 7))
        #expect(parseError(event("20260101T090000", "FREQ=MONTHLY;BYMONTH=4;BYMONTHDAY=31")) == .ruleNeverRecurs(line: 7))
        #expect(parseError(event("20260101T090000", "FREQ=WEEKLY;BYMONTH=2;BYDAY=MO;INTERVAL=52")) == nil, "sparse but real")
        // The whole file is refused on the first bad event, however many follow.
        let many = (0..<1_111).flatMap { event("19000101T090000", "FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30", uid: "x\($0)") }
        #expect(parseError(many) == .ruleNeverRecurs(line: 7))
    }

    @Test func theIssuesRuleExpandedAnywayStopsAfterBoundedWork() throws {
        for rule in ["FREQ=DAILY;COUNT=2;BYMONTH=2;BYMONTHDAY=30", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30;INTERVAL=1"] {
            let event = series("19000101T090000", rule)
            let parsed = try RecurrenceRule(parsing: rule, timeZone: jakarta)
            var days = 0
            let walk = parsed.forEachDay(startDay: Day("1900-01-01")!.dayNumber, lastDay: RecurrenceRule.lastDayNumber) { _ in days += 1; return true }
            #expect(walk.exhausted, "\(rule)")
            #expect(walk.periods <= RecurrenceRule.maximumEmptyPeriods, "\(rule)")
            #expect(days == 1, "only DTSTART")
            #expect(event.occurrences(from: date("2026-11-01"), to: date("2026-12-01")).isEmpty)
            #expect(event.occurrences(from: date("1900-01-01"), to: date("9999-12-31")).count == 1)
            let extent = event.seriesExtent(line: 3)
            #expect(extent.problem == .ruleNeverRecurs(line: 3))
            #expect(extent.periods <= RecurrenceRule.maximumEmptyPeriods)
        }
    }

    @Test func aCountOutOfReachIsRefused() {
        #expect(parseError(event("20000229T090000", "FREQ=YEARLY;COUNT=5000")) == .countUnreachable(count: 5000, line: 7))
        #expect(parseError(event("20260131T090000", "FREQ=DAILY;BYMONTHDAY=31;COUNT=5000")) == .countUnreachable(count: 5000, line: 7))
        #expect(parseError(event("99991201T090000", "FREQ=DAILY;COUNT=100")) == .countUnreachable(count: 100, line: 7))
        // UNTIL before COUNT is reached: a complete series, not a problem.
        #expect(parseError(event("20000229T090000", "FREQ=YEARLY;COUNT=5000;UNTIL=20300101T000000Z")) == nil)
        // A series trimmed to its first occurrence by UNTIL (Google's "delete all following") is fine.
        #expect(parseError(event("20261116T090000", "FREQ=WEEKLY;BYDAY=FR;UNTIL=20261117T000000Z")) == nil)
        #expect(parseError(event("20260131T090000", "FREQ=MONTHLY;COUNT=100")) == nil, "months without a 31st are skipped")
        #expect(parseError(event("20260101T090000", "FREQ=DAILY;COUNT=5000")) == nil)
    }

    @Test func aFilesRulesShareABudget() {
        let heavy = (0...(ICalendarReader.maxRecurrencePeriods / 5_001)).flatMap { event("20260101T090000", "FREQ=DAILY;COUNT=5000", uid: "h\($0)") }
        #expect(parseError(heavy) == .tooMuchRecurrence(limit: ICalendarReader.maxRecurrencePeriods))
        let light = (0..<50).flatMap { event("20260101T090000", "FREQ=DAILY;COUNT=5000", uid: "l\($0)") }
        #expect(parseError(light) == nil)
    }

    // MARK: sparse rules still work

    @Test func twentyNinthOfFebruaryAcross2100() throws {
        for rule in ["FREQ=YEARLY", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29", "FREQ=MONTHLY;BYMONTHDAY=29;BYMONTH=2",
                     "FREQ=YEARLY;COUNT=4", "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29;COUNT=4"] {
            #expect(parseError(event("20960229T090000", rule)) == nil, "\(rule)")
            let event = series("20960229T090000", rule)
            let days = event.occurrences(from: date("2096-01-01"), to: date("2113-01-01")).map { ICSTime.dateText(Day(dayNumber: ICSTime.local($0.start, in: jakarta).day)) }
            let expected = rule.contains("COUNT=4") ? ["20960229", "21040229", "21080229", "21120229"] : ["20960229", "21040229", "21080229", "21120229"]
            #expect(days == expected, "\(rule)")
            // Seen from a range after the gap, with the walk jumping there.
            let extent = event.seriesExtent()
            #expect(extent.problem == nil)
            let late = event.occurrences(from: date("2104-01-01"), to: date("2105-01-01"), seriesEndsAt: extent.endsAt)
            #expect(late.count == 1, "\(rule)")
        }
    }

    // MARK: COUNT resolved to an end

    @Test func aCountSeriesCutAtItsEndIsTheSameAsCountingFromDTSTART() throws {
        let starts = ["20260131T090000", "20240229T070000", "20261116", "19990101T235900", "20261231T090000"]
        let rules = [
            "FREQ=DAILY;COUNT=40", "FREQ=DAILY;INTERVAL=3;COUNT=25", "FREQ=DAILY;BYDAY=MO,WE,FR;COUNT=30", "FREQ=DAILY;BYMONTH=2,3;COUNT=70",
            "FREQ=WEEKLY;COUNT=20", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH;COUNT=15", "FREQ=WEEKLY;BYDAY=SU;WKST=SU;COUNT=9",
            "FREQ=MONTHLY;COUNT=14", "FREQ=MONTHLY;BYMONTHDAY=31;COUNT=9", "FREQ=MONTHLY;BYMONTHDAY=-1,15;COUNT=20",
            "FREQ=MONTHLY;BYDAY=-1FR;COUNT=12", "FREQ=MONTHLY;BYDAY=2TU,4TU;INTERVAL=2;COUNT=11",
            "FREQ=YEARLY;COUNT=6", "FREQ=YEARLY;BYMONTH=8;BYMONTHDAY=17;COUNT=5", "FREQ=YEARLY;BYDAY=1MO;COUNT=7",
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", "FREQ=DAILY;COUNT=30;UNTIL=20300101T000000Z", "FREQ=WEEKLY;COUNT=1",
        ]
        let ranges = [("1999-01-01", "2000-06-01"), ("2026-01-01", "2026-03-01"), ("2026-11-01", "2027-12-31"), ("2024-02-01", "2024-04-01"),
                      ("2027-06-01", "2030-01-01"), ("2025-12-31", "2026-02-02"), ("2036-01-01", "2037-01-01")]
        var compared = 0
        for start in starts {
            for rule in rules {
                let event = series(start, rule, exdates: ["2026-02-04", "2024-03-01"])
                let extent = event.seriesExtent()
                guard extent.problem == nil else { continue }
                let end = try #require(extent.endsAt, "\(rule)")
                // As it comes back from the database: milliseconds.
                let stored = Date(timeIntervalSince1970: (end.timeIntervalSince1970 * 1000).rounded() / 1000)
                for (from, to) in ranges {
                    let walked = event.occurrences(from: date(from), to: date(to))
                    let jumped = event.occurrences(from: date(from), to: date(to), seriesEndsAt: stored)
                    #expect(walked == jumped, "\(start) \(rule) \(from)…\(to)")
                    compared += walked.count
                }
                // The end is that of the last occurrence.
                let all = event.occurrences(from: date("1990-01-01"), to: date("2200-01-01"), limit: 10_000)
                let last = try #require(all.last)
                if !event.exdates.contains(last.start) { #expect(last.end == end, "\(start) \(rule)") }
            }
        }
        #expect(compared > 1_000)
    }

    // MARK: arithmetic

    @Test func hugeIntervalsDoNotTrap() throws {
        for freq in ["DAILY", "WEEKLY", "MONTHLY", "YEARLY"] {
            for start in ["19000101T090000", "99991201T090000"] {
                let rule = "FREQ=\(freq);INTERVAL=10000"
                let event = series(start, rule)
                _ = event.seriesExtent()
                _ = event.occurrences(from: date("1900-01-01"), to: date("9999-12-31"))
                _ = event.occurrences(from: date("9999-01-01"), to: date("9999-12-31"))
                let parsed = try RecurrenceRule(parsing: rule, timeZone: jakarta)
                let startDay = ICSTime.local(event.start, in: jakarta).day
                let walk = parsed.forEachDay(startDay: startDay, lastDay: Int.max, skipBefore: Int.max) { _ in true }
                #expect(!walk.exhausted)
                let far = parsed.forEachDay(startDay: startDay, lastDay: Int.max, skipBefore: Int.max - 1, countResolved: true) { _ in true }
                #expect(far.periods <= 3)
            }
        }
    }
}
