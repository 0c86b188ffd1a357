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
        if let rrule = event.rrule, !rrule.isEmpty { lines.append("RRULE:" + Self.sanitized(rrule)) }
        if !event.exdates.isEmpty { lines.append("EXDATE:" + event.exdates.map(ICSTime.utcText).joined(separator: ",")) }
        if !event.excludedDays.isEmpty { lines.append("EXDATE;VALUE=DATE:" + event.excludedDays.map(ICSTime.dateText).joined(separator: ",")) }
        lines.append("END:VEVENT")
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
