import Foundation

/// The one conversion between instants and wall-clock readings in a time zone, by integer
/// arithmetic on the zone's offset: local day numbers (days since 1 January 1970) and the second
/// within the day. Everything that reads or writes local times goes through here: the office clock,
/// the planning rules, dates as people read them, typed date-times and iCalendar files.
public enum WallClock {
    /// The local day number and second of the day of an instant in `zone`.
    @inlinable
    public static func local(_ date: Date, in zone: TimeZone) -> (day: Int, second: Int) {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down)) + zone.secondsFromGMT(for: date)
        let day = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return (day, seconds - day * 86_400)
    }

    /// The instant a wall clock in `zone` shows `second` seconds after midnight of local day `day`.
    /// Exact in zones without daylight saving time (all three Indonesian zones). Across a
    /// transition, a reading skipped by the gap maps to the instant after it, and a repeated reading
    /// to one of its two instants.
    public static func instant(day: Int, second: Int, in zone: TimeZone) -> Date {
        let local = Double(day) * 86_400 + Double(second)
        let firstOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: local))
        let guess = local - Double(firstOffset)
        let secondOffset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        if secondOffset != firstOffset {
            let retry = local - Double(secondOffset)
            if zone.secondsFromGMT(for: Date(timeIntervalSince1970: retry)) == secondOffset {
                return Date(timeIntervalSince1970: retry)
            }
        }
        return Date(timeIntervalSince1970: guess)
    }

    /// Midnight at the start of `day` in `zone`.
    public static func startOfDay(_ day: Day, in zone: TimeZone) -> Date {
        instant(day: day.dayNumber, second: 0, in: zone)
    }
}
