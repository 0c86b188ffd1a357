import Foundation

// MARK: - Writer

/// Writes a VCALENDAR feed: CRLF line endings, TEXT escaping, lines folded at 75 octets without
/// splitting a UTF-8 sequence.
///
/// For streaming, send `header()`, then `event(_:)` for each event, then `footer()`;
/// `calendar(_:)` does all three at once. Timed events are written in UTC (`yyyyMMddTHHmmssZ`),
/// all-day events as `VALUE=DATE` with an exclusive DTEND; an event whose end is not after its
/// start gets no DTEND. Times are truncated to whole seconds and control characters other than
/// newlines (written `\n`) and tabs are dropped, so those do not survive a round trip.
public struct ICalendarWriter: Sendable {
    /// `X-WR-CALNAME`.
    public var name: String
    /// `X-WR-TIMEZONE`: the zone calendar apps show the feed in.
    public var timeZone: TimeZone
    /// DTSTAMP of every event: when the feed was generated.
    public var stamp: Date

    public static let productID = "-//Warta//Warta//ID"

    public init(name: String, timeZone: TimeZone, stamp: Date) {
        self.name = name
        self.timeZone = timeZone
        self.stamp = stamp
    }

    /// `BEGIN:VCALENDAR` and the calendar's properties.
    public func header() -> String {
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:" + Self.productID,
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + Self.escaped(name),
            "X-WR-TIMEZONE:" + Self.sanitized(timeZone.identifier),
        ].map(Self.folded).joined()
    }

    /// One VEVENT.
    public func event(_ event: ICSEvent) -> String {
        var lines = ["BEGIN:VEVENT", "UID:" + Self.escaped(event.uid), "DTSTAMP:" + ICSTime.utcText(stamp)]
        if event.isAllDay {
            let first = event.allDayStart ?? Day(dayNumber: ICSTime.local(event.start, in: event.timeZone).day)
            let last = event.allDayEnd.map { max($0, Day(dayNumber: first.dayNumber + 1)) } ?? Day(dayNumber: first.dayNumber + 1)
            lines.append("DTSTART;VALUE=DATE:" + ICSTime.dateText(first))
            lines.append("DTEND;VALUE=DATE:" + ICSTime.dateText(last))
        } else if Self.writesLocalTime(event) {
            // A timed series is expanded in its zone's wall-clock time (09:00 stays 09:00, Monday
            // stays Monday), so its times carry the TZID; `timeZoneComponent` defines it.
            let tzid = Self.sanitized(event.timeZone.identifier)
            lines.append("DTSTART;TZID=\(tzid):" + Self.localText(event.start, in: event.timeZone))
            if event.end > event.start { lines.append("DTEND;TZID=\(tzid):" + Self.localText(event.end, in: event.timeZone)) }
        } else {
            lines.append("DTSTART:" + ICSTime.utcText(event.start))
            if event.end > event.start { lines.append("DTEND:" + ICSTime.utcText(event.end)) }
        }
        if let id = event.recurrenceId {
            lines.append(event.isAllDay
                ? "RECURRENCE-ID;VALUE=DATE:" + ICSTime.dateText(Day(dayNumber: ICSTime.local(id, in: event.timeZone).day))
                : "RECURRENCE-ID:" + ICSTime.utcText(id))
        }
        if event.sequence != 0 { lines.append("SEQUENCE:\(event.sequence)") }
        lines.append("SUMMARY:" + Self.escaped(event.summary))
        if !event.description.isEmpty { lines.append("DESCRIPTION:" + Self.escaped(event.description)) }
        if !event.location.isEmpty { lines.append("LOCATION:" + Self.escaped(event.location)) }
        if let url = event.url, !url.isEmpty { lines.append("URL:" + Self.sanitized(url)) }
        if !event.categories.isEmpty { lines.append("CATEGORIES:" + event.categories.map(Self.escaped).joined(separator: ",")) }
        if let organizer = event.organizer, !organizer.isEmpty { lines.append("ORGANIZER:" + Self.sanitized(organizer)) }
        if let status = event.status, !status.isEmpty { lines.append("STATUS:" + Self.sanitized(status)) }
        if let rrule = event.rrule, !rrule.isEmpty {
            // Written again from the parsed rule, so UNTIL takes the form DTSTART asks for (a date
            // for all-day series, UTC otherwise) and the spacing of the file it came from is gone.
            lines.append("RRULE:" + (event.recurrenceRule.map { Self.ruleText(rrule, $0, of: event) } ?? Self.sanitized(rrule)))
        }
        lines += Self.exclusions(event)
        lines.append("END:VEVENT")
        return lines.map(Self.folded).joined()
    }

    /// Whether the event's times are written as local times with a TZID: a timed series outside UTC.
    public static func writesLocalTime(_ event: ICSEvent) -> Bool {
        guard !event.isAllDay, event.rrule != nil, event.recurrenceId == nil else { return false }
        let zone = event.timeZone
        return zone.secondsFromGMT(for: event.start) != 0 || zone.nextDaylightSavingTimeTransition(after: event.start) != nil
    }

    /// `yyyyMMddTHHmmss`: the wall-clock time of an instant in `zone`.
    static func localText(_ date: Date, in zone: TimeZone) -> String {
        let (day, second) = ICSTime.local(date, in: zone)
        return ICSTime.dateText(Day(dayNumber: day)) + "T" + ICSTime.padded(second / 3600, 2) + ICSTime.padded(second / 60 % 60, 2)
            + ICSTime.padded(second % 60, 2)
    }

    /// The RRULE value as written, without the spaces some exporters put in it, and with UNTIL in
    /// the form the event's DTSTART needs: a date for all-day series, UTC otherwise.
    static func ruleText(_ text: String, _ rule: RecurrenceRule, of event: ICSEvent) -> String {
        var body = Substring(String(sanitized(text).filter { !$0.isWhitespace }))
        if body.uppercased().hasPrefix("RRULE:") { body = body.dropFirst(6) }
        var until: String?
        switch rule.until {
        case .day(let day)?:
            // Inclusive: every occurrence starting on that day.
            until = event.isAllDay ? ICSTime.dateText(day)
                : ICSTime.utcText(ICSTime.instant(dayNumber: day.dayNumber + 1, second: 0, in: event.timeZone).addingTimeInterval(-1))
        case .instant(let instant)?:
            until = event.isAllDay ? ICSTime.dateText(Day(dayNumber: ICSTime.local(instant, in: event.timeZone).day)) : ICSTime.utcText(instant)
        case nil:
            until = nil
        }
        return body.split(separator: ";").map { part in
            guard let until, part.uppercased().hasPrefix("UNTIL=") else { return String(part) }
            return "UNTIL=" + until
        }.joined(separator: ";")
    }

    /// EXDATE lines: with the TZID when the times are local, dates for all-day series; an excluded
    /// day of a timed series becomes that day's occurrence.
    static func exclusions(_ event: ICSEvent) -> [String] {
        if event.isAllDay {
            var days = event.excludedDays
            days += event.exdates.map { Day(dayNumber: ICSTime.local($0, in: event.timeZone).day) }
            return days.isEmpty ? [] : ["EXDATE;VALUE=DATE:" + days.map(ICSTime.dateText).joined(separator: ",")]
        }
        let startSecond = ICSTime.local(event.start, in: event.timeZone).second
        let instants = event.exdates + event.excludedDays.map { ICSTime.instant(dayNumber: $0.dayNumber, second: startSecond, in: event.timeZone) }
        guard !instants.isEmpty else { return [] }
        if writesLocalTime(event) {
            return ["EXDATE;TZID=\(sanitized(event.timeZone.identifier)):" + instants.map { localText($0, in: event.timeZone) }.joined(separator: ",")]
        }
        return ["EXDATE:" + instants.map(ICSTime.utcText).joined(separator: ",")]
    }

    /// A VTIMEZONE for `zone` (its IANA name as TZID) that holds between `from` and `to`: the offset
    /// in force at `from` as the first observance, then each change of offset up to `to` (at most
    /// 400) as an observance of its own.
    public func timeZoneComponent(_ zone: TimeZone, from: Date, to: Date) -> String {
        func offset(_ seconds: Int) -> String {
            let sign = seconds < 0 ? "-" : "+"
            let s = abs(seconds)
            return sign + ICSTime.padded(s / 3600, 2) + ICSTime.padded(s / 60 % 60, 2) + (s % 60 == 0 ? "" : ICSTime.padded(s % 60, 2))
        }
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + Self.sanitized(zone.identifier), "X-LIC-LOCATION:" + Self.sanitized(zone.identifier)]
        let initial = zone.secondsFromGMT(for: from)
        lines += [zone.isDaylightSavingTime(for: from) ? "BEGIN:DAYLIGHT" : "BEGIN:STANDARD", "DTSTART:19700101T000000",
                  "TZOFFSETFROM:" + offset(initial), "TZOFFSETTO:" + offset(initial),
                  zone.isDaylightSavingTime(for: from) ? "END:DAYLIGHT" : "END:STANDARD"]
        var previous = initial
        var cursor = from
        for _ in 0..<400 {
            guard let change = zone.nextDaylightSavingTimeTransition(after: cursor), change <= to else { break }
            let next = zone.secondsFromGMT(for: change)
            let kind = zone.isDaylightSavingTime(for: change) ? "DAYLIGHT" : "STANDARD"
            // DTSTART is the local time just before the change, as the old offset reads it.
            let local = ICSTime.local(change.addingTimeInterval(TimeInterval(previous)), in: ICSEvent.utc)
            let text = ICSTime.dateText(Day(dayNumber: local.day)) + "T" + ICSTime.padded(local.second / 3600, 2)
                + ICSTime.padded(local.second / 60 % 60, 2) + ICSTime.padded(local.second % 60, 2)
            lines += ["BEGIN:" + kind, "DTSTART:" + text, "TZOFFSETFROM:" + offset(previous), "TZOFFSETTO:" + offset(next), "END:" + kind]
            previous = next
            cursor = change
        }
        lines.append("END:VTIMEZONE")
        return lines.map(Self.folded).joined()
    }

    /// `END:VCALENDAR`.
    public func footer() -> String { "END:VCALENDAR\r\n" }

    /// A whole calendar.
    public func calendar(_ events: some Sequence<ICSEvent>) -> String {
        var out = header()
        for e in events { out += event(e) }
        return out + footer()
    }

    /// TEXT escaping: `\` `;` `,` escaped, any newline (CRLF, CR, LF) written `\n`, other control
    /// characters but tab dropped.
    public static func escaped(_ text: String) -> String {
        // On bytes: every byte of a multi-byte sequence is 0x80 or above, so none is mistaken.
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 16)
        var afterCR = false
        for byte in text.utf8 {
            switch byte {
            case 0x5C, 0x3B, 0x2C: out.append(0x5C); out.append(byte)  // \ ; ,
            case 0x0D: out.append(0x5C); out.append(0x6E)
            case 0x0A: if !afterCR { out.append(0x5C); out.append(0x6E) }
            case 0x09: out.append(byte)
            case 0x00..<0x20, 0x7F: break
            default: out.append(byte)
            }
            afterCR = byte == 0x0D
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A non-TEXT value (URI, rule): control characters dropped, nothing escaped.
    static func sanitized(_ text: String) -> String {
        String(decoding: text.utf8.filter { $0 >= 0x20 && $0 != 0x7F }, as: UTF8.self)
    }

    /// A content line folded at 75 octets (continuations start with one space, so hold 74 octets
    /// of content), never inside a UTF-8 sequence, ended with CRLF.
    public static func folded(_ line: String) -> String {
        let bytes = Array(line.utf8)
        guard bytes.count > 75 else { return line + "\r\n" }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 24 + 2)
        var octets = 0
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
            let end = min(i + width, bytes.count)
            if octets + (end - i) > 75 {
                out.append(contentsOf: [0x0D, 0x0A, 0x20])
                octets = 1
            }
            out.append(contentsOf: bytes[i..<end])
            octets += end - i
            i = end
        }
        out.append(contentsOf: [0x0D, 0x0A])
        return String(decoding: out, as: UTF8.self)
    }
}
