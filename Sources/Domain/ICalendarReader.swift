import Foundation

// MARK: - Reader

/// A calendar as an import reads it: its events, the events it had to leave out and why, and the
/// properties that say which calendar it is.
public struct ICSCalendar: Sendable, Equatable {
    public var events: [ICSEvent]
    /// Why each unreadable event was left out, in file order.
    public var skipped: [ICSError]
    /// `X-WR-CALNAME`, `X-WR-RELCALID`, `PRODID` as written (unescaped, trimmed).
    public var name: String?
    public var relationID: String?
    public var productID: String?
    /// The VEVENTs in the file, read or not.
    public var eventCount: Int

    /// Which calendar this is, to match UIDs within: `X-WR-RELCALID` (a stable identifier), else
    /// `X-WR-CALNAME` with the `PRODID` (the name people gave it, in the program that wrote it), else
    /// the `PRODID` alone (the system that exported it: an e-office export names no calendar, and is
    /// downloaded again under new names), else `fallback` (the file name, without the ` (1)` a
    /// browser adds to a second download). Cut to 300 characters.
    public func identity(fallback: String) -> String {
        let key: String
        if let relationID {
            key = "relcalid:" + relationID
        } else if let name {
            key = "name:" + name + (productID.map { "|" + $0 } ?? "")
        } else if let productID {
            key = "prodid:" + productID
        } else {
            var file = fallback.trimmingCharacters(in: .whitespaces).lowercased()
            if file.hasSuffix(".ics") { file.removeLast(4) }
            if file.hasSuffix(")"), let open = file.lastIndex(of: "("), file[file.index(after: open)..<file.index(before: file.endIndex)].allSatisfy(\.isNumber) {
                file = String(file[..<open]).trimmingCharacters(in: .whitespaces)
            }
            key = "file:" + file
        }
        return String(key.prefix(300))
    }
}

/// Reads VEVENTs from iCalendar text.
public enum ICalendarReader {
    /// Larger files are refused (`ICSError.tooLarge`).
    public static let maxBytes = 5 * 1024 * 1024
    /// Calendars with more events are refused (`ICSError.tooManyEvents`).
    public static let maxEvents = 5_000
    /// Candidate periods all of a file's recurrence rules may take to check (each one is bounded
    /// too, see `RecurrenceRule.Walk`); beyond it the file is refused (`ICSError.tooMuchRecurrence`).
    public static let maxRecurrencePeriods = 1_000_000
    /// Unreadable events `read` leaves out before it refuses the whole file (with the first one's
    /// problem): past this many, the file is broken, or made to cost work.
    public static let maxSkipped = 50
    /// Of those, rules that cost a whole bounded walk to find wanting (never recurring, COUNT out
    /// of reach): a handful is a mistake, more is a file made to cost work (issue 10's 1,111).
    public static let maxCostlySkipped = 5

    /// Parses the events of a calendar's bytes (UTF-8; invalid sequences become U+FFFD).
    ///
    /// Pass the raw bytes when you have them: lines are unfolded before decoding, so a fold that
    /// splits a multi-byte character (which some writers produce) is rejoined intact.
    /// Floating times and all-day dates are placed in `defaultTimeZone`. Cancelled events are
    /// returned too, with `status == "CANCELLED"`.
    public static func parse(bytes: some Collection<UInt8>, defaultTimeZone: TimeZone) throws(ICSError) -> [ICSEvent] {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let lines = unfold(Array(bytes))
        var parser = Parser(defaultZone: defaultTimeZone)
        return try parser.run(lines)
    }

    /// Parses the events of calendar text; see `parse(bytes:defaultTimeZone:)`.
    public static func parse(_ text: String, defaultTimeZone: TimeZone) throws(ICSError) -> [ICSEvent] {
        try parse(bytes: text.utf8, defaultTimeZone: defaultTimeZone)
    }

    /// Reads a calendar as an import does: a file that is not a calendar, or whose structure is
    /// broken (an unclosed component, a line that is not a content line, too many events, too much
    /// recurrence), still fails; an event that cannot be read (no DTSTART, an unreadable date, a
    /// rule we cannot honour, an unknown zone) is left out and its problem kept in `skipped`, so
    /// one odd event in a real export does not refuse the whole file.
    public static func read(bytes: some Collection<UInt8>, defaultTimeZone: TimeZone) throws(ICSError) -> ICSCalendar {
        guard bytes.count <= maxBytes else { throw .tooLarge(limit: maxBytes) }
        let lines = unfold(Array(bytes))
        var parser = Parser(defaultZone: defaultTimeZone)
        parser.lenient = true
        let events = try parser.run(lines)
        return ICSCalendar(events: events, skipped: parser.skipped, name: parser.calendarName, relationID: parser.relationID,
                           productID: parser.productID, eventCount: parser.eventCount)
    }

    /// Reads calendar text; see `read(bytes:defaultTimeZone:)`.
    public static func read(_ text: String, defaultTimeZone: TimeZone) throws(ICSError) -> ICSCalendar {
        try read(bytes: text.utf8, defaultTimeZone: defaultTimeZone)
    }

    // MARK: Content lines

    struct RawLine {
        var text: String
        var line: Int
    }

    /// Splits on CRLF, LF or CR and joins continuation lines (a leading space or tab, which is
    /// removed), working on bytes. Blank lines are skipped; a leading BOM is dropped.
    static func unfold(_ bytes: [UInt8]) -> [RawLine] {
        var lines: [RawLine] = []
        var current: [UInt8] = []
        var currentLine = 0
        var physical = 0
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        func flush() {
            if !current.isEmpty { lines.append(RawLine(text: String(decoding: current, as: UTF8.self), line: currentLine)) }
            current.removeAll(keepingCapacity: true)
        }
        while i < bytes.count {
            var j = i
            while j < bytes.count, bytes[j] != 0x0A, bytes[j] != 0x0D { j += 1 }
            physical += 1
            if j > i {
                if (bytes[i] == 0x20 || bytes[i] == 0x09), !current.isEmpty {
                    current.append(contentsOf: bytes[(i + 1)..<j])
                } else {
                    flush()
                    current.append(contentsOf: bytes[i..<j])
                    currentLine = physical
                }
            }
            if j < bytes.count {
                j += (bytes[j] == 0x0D && j + 1 < bytes.count && bytes[j + 1] == 0x0A) ? 2 : 1
            }
            i = j
        }
        flush()
        return lines
    }

    struct Property {
        var name: String
        var parameters: [(name: String, values: [String])]
        var value: String
        var line: Int

        func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.values.first }
    }

    /// `NAME *(";" param) ":" value`, with quoted parameter values (which may hold `;`, `:` and `,`)
    /// and RFC 6868 `^` escapes; nil when the line is not shaped like that.
    static func property(_ raw: RawLine) -> Property? {
        let u = Array(raw.text.utf8)
        func isNameByte(_ c: UInt8) -> Bool {
            (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || (c >= 0x30 && c <= 0x39) || c == 0x2D || c == 0x5F
        }
        func text(_ slice: ArraySlice<UInt8>) -> String { String(decoding: slice, as: UTF8.self) }
        var i = 0
        while i < u.count, isNameByte(u[i]) { i += 1 }
        guard i > 0, i < u.count else { return nil }
        let name = text(u[0..<i]).uppercased()
        var parameters: [(name: String, values: [String])] = []
        while i < u.count, u[i] == 0x3B {  // ;
            i += 1
            let nameStart = i
            while i < u.count, isNameByte(u[i]) { i += 1 }
            guard i > nameStart, i < u.count else { return nil }
            let parameterName = text(u[nameStart..<i]).uppercased()
            var values: [String] = []
            if u[i] == 0x3D {  // =
                repeat {
                    i += 1  // past "=" or ","
                    if i < u.count, u[i] == 0x22 {  // "
                        guard let close = u[(i + 1)...].firstIndex(of: 0x22) else { return nil }
                        values.append(caretDecoded(text(u[(i + 1)..<close])))
                        i = close + 1
                        guard i < u.count, [0x2C, 0x3B, 0x3A].contains(u[i]) else { return nil }
                    } else {
                        let valueStart = i
                        while i < u.count, u[i] != 0x2C, u[i] != 0x3B, u[i] != 0x3A, u[i] != 0x22 { i += 1 }
                        guard i < u.count, u[i] != 0x22 else { return nil }
                        values.append(caretDecoded(text(u[valueStart..<i])))
                    }
                } while u[i] == 0x2C
            }
            parameters.append((parameterName, values))
        }
        guard i < u.count, u[i] == 0x3A else { return nil }  // :
        return Property(name: name, parameters: parameters, value: text(u[(i + 1)...]), line: raw.line)
    }

    /// RFC 6868: `^n` newline, `^^` caret, `^'` double quote.
    static func caretDecoded(_ s: String) -> String {
        guard s.contains("^") else { return s }
        var out = ""
        var pending = false
        for c in s {
            if pending {
                switch c {
                case "n", "N": out.append("\n")
                case "^": out.append("^")
                case "'": out.append("\"")
                default: out.append("^"); out.append(c)
                }
                pending = false
            } else if c == "^" {
                pending = true
            } else {
                out.append(c)
            }
        }
        if pending { out.append("^") }
        return out
    }

    /// TEXT unescaping: `\n` and `\N` newline, `\\`, `\;`, `\,`. Other backslashes stay as written.
    static func unescaped(_ s: Substring) -> String {
        guard s.contains("\\") else { return String(s) }
        var out = ""
        var pending = false
        for c in s {
            if pending {
                switch c {
                case "n", "N": out.append("\n")
                case "\\", ";", ",": out.append(c)
                default: out.append("\\"); out.append(c)
                }
                pending = false
            } else if c == "\\" {
                pending = true
            } else {
                out.append(c)
            }
        }
        if pending { out.append("\\") }
        return out
    }

    /// Splits a TEXT list on commas that are not escaped.
    static func splitList(_ s: String) -> [Substring] {
        var parts: [Substring] = []
        var start = s.startIndex
        var index = s.startIndex
        var escaped = false
        while index < s.endIndex {
            let c = s[index]
            if escaped {
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == "," {
                parts.append(s[start..<index])
                start = s.index(after: index)
            }
            index = s.index(after: index)
        }
        parts.append(s[start..<s.endIndex])
        return parts
    }

    // MARK: Time zones

    /// Windows zone names (Outlook, Exchange) for the zones an Indonesian institution meets.
    static let windowsZones: [String: String] = [
        "se asia standard time": "Asia/Jakarta",
        "singapore standard time": "Asia/Singapore",
        "malay peninsula standard time": "Asia/Kuala_Lumpur",
        "w. australia standard time": "Australia/Perth",
        "tokyo standard time": "Asia/Tokyo",
        "korea standard time": "Asia/Seoul",
        "china standard time": "Asia/Shanghai",
        "taipei standard time": "Asia/Taipei",
        "india standard time": "Asia/Kolkata",
        "arabian standard time": "Asia/Dubai",
        "arab standard time": "Asia/Riyadh",
        "aus eastern standard time": "Australia/Sydney",
        "utc": "UTC",
        "coordinated universal time": "UTC",
        "gmt standard time": "Europe/London",
        "greenwich standard time": "Atlantic/Reykjavik",
        "w. europe standard time": "Europe/Berlin",
        "romance standard time": "Europe/Paris",
        "eastern standard time": "America/New_York",
        "central standard time": "America/Chicago",
        "mountain standard time": "America/Denver",
        "pacific standard time": "America/Los_Angeles",
    ]

    /// What a VTIMEZONE says about its zone: enough for a zone without daylight saving.
    struct DeclaredZone {
        var hasDaylight = false
        /// (STANDARD's DTSTART as written, its TZOFFSETTO in seconds)
        var standardOffsets: [(since: String, seconds: Int)] = []
    }

    /// `+0700`, `-0530`, `+070000` → seconds east of UTC.
    static func offsetSeconds(_ text: String) -> Int? {
        let s = text.trimmingCharacters(in: .whitespaces)
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        let digits = s.dropFirst()
        guard digits.count == 4 || digits.count == 6, digits.allSatisfy(\.isASCII), let _ = Int(digits) else { return nil }
        let d = Array(digits)
        guard let h = Int(String(d[0...1])), let m = Int(String(d[2...3])), h < 24, m < 60 else { return nil }
        let sec = d.count == 6 ? Int(String(d[4...5])) ?? 0 : 0
        let total = h * 3600 + m * 60 + sec
        return sign == "-" ? -total : total
    }

    /// A TZID that names a fixed offset, as some exporters write one: Outlook's display names
    /// (`(UTC+07:00) Bangkok, Hanoi, Jakarta`), `GMT+7`, `UTC+07:00`, `+0700`; nil otherwise.
    static func offsetZoneSeconds(_ tzid: String) -> Int? {
        var s = Substring(tzid.trimmingCharacters(in: .whitespaces).uppercased())
        if s.hasPrefix("(") {
            guard let close = s.firstIndex(of: ")") else { return nil }
            s = s[s.index(after: s.startIndex)..<close]
        }
        for prefix in ["UTC", "GMT"] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        guard let sign = s.first, sign == "+" || sign == "-" else { return nil }
        let body = s.dropFirst().replacingOccurrences(of: ":", with: "").replacingOccurrences(of: ".", with: "")
        guard !body.isEmpty, body.count <= 4, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        let hours: Int, minutes: Int
        if body.count <= 2 {
            (hours, minutes) = (Int(body)!, 0)
        } else {
            let digits = Array(body)
            let split = digits.count - 2
            (hours, minutes) = (Int(String(digits[..<split]))!, Int(String(digits[split...]))!)
        }
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 3600 + minutes * 60
        return sign == "-" ? -total : total
    }

    // MARK: Parser

    struct Parser {
        let defaultZone: TimeZone
        var declared: [String: DeclaredZone] = [:]
        var zones: [String: TimeZone] = [:]
        /// What is left of `maxRecurrencePeriods` for this file.
        var recurrenceBudget = ICalendarReader.maxRecurrencePeriods
        /// Leave unreadable events out (into `skipped`) instead of failing the file.
        var lenient = false
        var skipped: [ICSError] = []
        /// The calendar's own properties: `X-WR-CALNAME`, `X-WR-RELCALID`, `PRODID`.
        var calendarName: String?
        var relationID: String?
        var productID: String?
        var eventCount = 0

        init(defaultZone: TimeZone) { self.defaultZone = defaultZone }

        mutating func run(_ lines: [RawLine]) throws(ICSError) -> [ICSEvent] {
            guard let first = lines.first, let head = ICalendarReader.property(first), head.name == "BEGIN",
                  head.value.trimmingCharacters(in: .whitespaces).uppercased() == "VCALENDAR"
            else { throw .notCalendar }

            var stack: [(name: String, line: Int)] = []
            var rawEvents: [(properties: [Property], line: Int)] = []
            var current: [Property] = []
            var zoneID: String?
            var zone = DeclaredZone()
            var observance: (standard: Bool, since: String, offset: Int?)?

            for raw in lines {
                guard let property = ICalendarReader.property(raw) else {
                    if stack.isEmpty { continue }  // after END:VCALENDAR: ignore trailing junk
                    throw .malformedLine(line: raw.line)
                }
                switch property.name {
                case "BEGIN":
                    let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
                    if stack.isEmpty, name != "VCALENDAR" { continue }
                    stack.append((name, property.line))
                    if stack.count == 2, name == "VEVENT" {
                        eventCount += 1
                        guard eventCount <= ICalendarReader.maxEvents else { throw .tooManyEvents(limit: ICalendarReader.maxEvents) }
                        current = []
                    } else if stack.count == 2, name == "VTIMEZONE" {
                        zoneID = nil
                        zone = DeclaredZone()
                    } else if stack.count == 3, stack[1].name == "VTIMEZONE", name == "STANDARD" || name == "DAYLIGHT" {
                        observance = (name == "STANDARD", "", nil)
                        if name == "DAYLIGHT" { zone.hasDaylight = true }
                    }
                case "END":
                    let name = property.value.trimmingCharacters(in: .whitespaces).uppercased()
                    if stack.isEmpty { continue }
                    guard stack.last?.name == name else { throw .unexpectedEnd(component: name, line: property.line) }
                    let closed = stack.removeLast()
                    if stack.count == 1, name == "VEVENT" {
                        rawEvents.append((current, closed.line))
                        current = []
                    } else if stack.count == 1, name == "VTIMEZONE" {
                        if let zoneID { declared[zoneID] = zone }
                    } else if stack.count == 2, let o = observance {
                        if o.standard, let offset = o.offset { zone.standardOffsets.append((o.since, offset)) }
                        observance = nil
                    }
                default:
                    guard let top = stack.last else { continue }
                    if stack.count == 1 {
                        let value = ICalendarReader.unescaped(Substring(property.value)).trimmingCharacters(in: .whitespaces)
                        switch property.name {
                        case "X-WR-CALNAME" where !value.isEmpty: calendarName = calendarName ?? value
                        case "X-WR-RELCALID" where !value.isEmpty: relationID = relationID ?? value
                        case "PRODID" where !value.isEmpty: productID = productID ?? value
                        default: break
                        }
                    } else if stack.count == 2, top.name == "VEVENT" {
                        current.append(property)
                    } else if stack.count == 2, top.name == "VTIMEZONE", property.name == "TZID" {
                        zoneID = property.value.trimmingCharacters(in: .whitespaces)
                    } else if stack.count == 3, observance != nil {
                        if property.name == "TZOFFSETTO" { observance?.offset = ICalendarReader.offsetSeconds(property.value) }
                        if property.name == "DTSTART" { observance?.since = property.value }
                    }
                }
            }
            if let open = stack.last { throw .unterminated(component: open.name, line: open.line) }
            var events: [ICSEvent] = []
            events.reserveCapacity(rawEvents.count)
            var costly = 0
            for raw in rawEvents {
                do {
                    events.append(try event(raw.properties, line: raw.line))
                } catch {
                    // Too much recurrence is the file's problem, not one event's; so is a file that
                    // is mostly unreadable (then its first problem is the reason it is refused).
                    guard lenient, error != .tooMuchRecurrence(limit: ICalendarReader.maxRecurrencePeriods) else { throw error }
                    skipped.append(error)
                    if case .ruleNeverRecurs = error { costly += 1 } else if case .countUnreachable = error { costly += 1 }
                    if skipped.count > ICalendarReader.maxSkipped || costly > ICalendarReader.maxCostlySkipped { throw skipped[0] }
                }
            }
            return events
        }

        /// The zone a TZID names: an IANA name, a Windows name, an IANA name at the end of a
        /// path-like TZID (`/mozilla.org/20050126_1/Asia/Jakarta`), or a VTIMEZONE in the file
        /// (its standard offset when it has no daylight saving, else the default zone).
        mutating func zone(_ tzid: String, line: Int) throws(ICSError) -> TimeZone {
            let id = tzid.trimmingCharacters(in: .whitespaces)
            if let known = zones[id] { return known }
            var found: TimeZone?
            if id.uppercased() == "UTC" || id.uppercased() == "Z" || id.uppercased() == "GMT" {
                found = ICSEvent.utc
            } else if let zone = TimeZone(identifier: id) {
                found = zone
            } else if let mapped = ICalendarReader.windowsZones[id.lowercased()] {
                found = mapped == "UTC" ? ICSEvent.utc : TimeZone(identifier: mapped)
            } else if id.contains("/") {
                let parts = id.split(separator: "/")
                for n in [3, 2] where parts.count >= n {
                    if let zone = TimeZone(identifier: parts.suffix(n).joined(separator: "/")) { found = zone; break }
                }
            }
            if found == nil, let seconds = ICalendarReader.offsetZoneSeconds(id) {
                found = seconds == 0 ? ICSEvent.utc : TimeZone(secondsFromGMT: seconds)
            }
            if found == nil, let declaredZone = declared[id] {
                if !declaredZone.hasDaylight, let latest = declaredZone.standardOffsets.max(by: { $0.since < $1.since }) {
                    found = TimeZone(secondsFromGMT: latest.seconds) ?? defaultZone
                } else {
                    found = defaultZone
                }
            }
            guard let found else { throw .unknownTimeZone(tzid: id, line: line) }
            zones[id] = found
            return found
        }

        /// A DATE or DATE-TIME property value, resolved.
        enum Moment {
            case day(Day)
            case instant(Date, zone: TimeZone)
        }

        mutating func moment(_ text: Substring, of property: Property) throws(ICSError) -> Moment {
            let value = text.trimmingCharacters(in: .whitespaces)
            let declaredType = property.parameter("VALUE")?.uppercased()
            // Some exporters write `2026-11-26T09:00:00`: the basic form with separators.
            var parsed = ICSTime.parse(Substring(value))
            if parsed == nil, value.contains("-") || value.contains(":"), value.utf8.count <= 25 {
                parsed = ICSTime.parse(Substring(value.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")))
            }
            switch parsed {
            case .date(let day)? where declaredType != "DATE-TIME":
                return .day(day)
            case .dateTime(let day, 0, _)? where declaredType == "DATE":
                // `VALUE=DATE:20261126T000000`: a date written with a midnight time.
                return .day(day)
            case .dateTime(let day, let second, let utc)? where declaredType != "DATE":
                let zone: TimeZone
                if utc {
                    zone = ICSEvent.utc
                } else if let tzid = property.parameter("TZID") {
                    zone = try self.zone(tzid, line: property.line)
                } else {
                    zone = defaultZone
                }
                return .instant(ICSTime.instant(dayNumber: day.dayNumber, second: second, in: zone), zone: zone)
            default:
                throw .badDate(value: value, line: property.line)
            }
        }

        mutating func event(_ properties: [Property], line: Int) throws(ICSError) -> ICSEvent {
            func first(_ name: String) -> Property? { properties.first { $0.name == name } }
            func text(_ name: String) -> String? { first(name).map { ICalendarReader.unescaped(Substring($0.value)) } }

            guard let dtstart = first("DTSTART") else { throw .missingProperty(name: "DTSTART", line: line) }
            let summary = text("SUMMARY") ?? ""
            let uid: String
            if let given = text("UID")?.trimmingCharacters(in: .whitespaces), !given.isEmpty {
                uid = given
            } else {
                uid = ICSTime.generatedUID((dtstart.parameter("TZID") ?? "") + ":" + dtstart.value + "|" + summary)
            }

            var event: ICSEvent
            switch try moment(Substring(dtstart.value), of: dtstart) {
            case .day(let firstDay):
                var endDay = firstDay.dayNumber + 1
                if let dtend = first("DTEND") {
                    switch try moment(Substring(dtend.value), of: dtend) {
                    case .day(let last):
                        endDay = max(endDay, last.dayNumber)
                    case .instant(let end, let zone):
                        // A DATE start with a DATE-TIME end (some Outlook and e-office exports):
                        // every day the end touches, read in the end's zone.
                        let (day, second) = ICSTime.local(end, in: zone)
                        endDay = max(endDay, second == 0 ? day : day + 1)
                    }
                } else if let duration = first("DURATION") {
                    guard let d = ICSTime.Duration(duration.value) else {
                        throw .badDuration(value: duration.value.trimmingCharacters(in: .whitespaces), line: duration.line)
                    }
                    endDay = max(endDay, firstDay.dayNumber + d.days + (d.seconds + 86_399) / 86_400)
                }
                event = ICSEvent(uid: uid, summary: summary, allDayFrom: firstDay, to: Day(dayNumber: endDay), timeZone: defaultZone)
            case .instant(let start, let zone):
                var end = start
                if let dtend = first("DTEND") {
                    switch try moment(Substring(dtend.value), of: dtend) {
                    case .instant(let e, _):
                        end = max(start, e)
                    case .day(let last):
                        // A DATE-TIME start with a DATE end: up to the start of that day.
                        end = max(start, ICSTime.instant(dayNumber: last.dayNumber, second: 0, in: zone))
                    }
                } else if let duration = first("DURATION") {
                    guard let d = ICSTime.Duration(duration.value) else {
                        throw .badDuration(value: duration.value.trimmingCharacters(in: .whitespaces), line: duration.line)
                    }
                    // Days are nominal (same wall-clock time), hours and less exact.
                    let local = ICSTime.local(start, in: zone)
                    let shifted = d.days == 0 ? start : ICSTime.instant(dayNumber: local.day + d.days, second: local.second, in: zone)
                    end = shifted.addingTimeInterval(TimeInterval(d.seconds))
                }
                event = ICSEvent(uid: uid, summary: summary, start: start, end: end, timeZone: zone)
            }

            event.description = text("DESCRIPTION") ?? ""
            event.location = text("LOCATION") ?? ""
            if let url = first("URL")?.value.trimmingCharacters(in: .whitespaces), !url.isEmpty { event.url = url }
            event.categories = properties.filter { $0.name == "CATEGORIES" }
                .flatMap { ICalendarReader.splitList($0.value) }
                .map { ICalendarReader.unescaped($0).trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty }
            if let organizer = first("ORGANIZER")?.value.trimmingCharacters(in: .whitespaces), !organizer.isEmpty {
                event.organizer = organizer
            }
            if let status = first("STATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased(), !status.isEmpty {
                event.status = status
            }
            if let sequence = first("SEQUENCE").flatMap({ Int($0.value.trimmingCharacters(in: .whitespaces)) }) {
                event.sequence = max(0, sequence)
            }
            if let rrule = first("RRULE") {
                let value = rrule.value.trimmingCharacters(in: .whitespaces)
                _ = try RecurrenceRule(parsing: value, timeZone: event.timeZone, line: rrule.line)
                event.rrule = value
            }
            for exdate in properties where exdate.name == "EXDATE" {
                for item in exdate.value.split(separator: ",") {
                    switch try moment(item, of: exdate) {
                    case .day(let day): event.excludedDays.append(day)
                    case .instant(let date, _): event.exdates.append(date)
                    }
                }
            }
            if let rrule = first("RRULE") {
                // Bounded before it is stored: a rule that never recurs, or a COUNT out of reach,
                // would otherwise be walked period by period on every page that shows it.
                let extent = event.seriesExtent(line: rrule.line)
                // A rule that fails costs its walk too: the budget bounds a file of such rules.
                recurrenceBudget -= extent.periods
                if let problem = extent.problem { throw problem }
                guard recurrenceBudget >= 0 else { throw .tooMuchRecurrence(limit: ICalendarReader.maxRecurrencePeriods) }
            }
            if let recurrence = first("RECURRENCE-ID") {
                switch try moment(Substring(recurrence.value), of: recurrence) {
                case .day(let day): event.recurrenceId = ICSTime.instant(dayNumber: day.dayNumber, second: 0, in: event.timeZone)
                case .instant(let date, _): event.recurrenceId = date
                }
            }
            return event
        }
    }
}
