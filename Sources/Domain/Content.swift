import Foundation

/// What kind of post an item is: the SOPs treat them differently (timing rules, greetings).
public enum ContentKind: String, Sendable, Codable, CaseIterable {
    case kegiatan
    case infografisRencana = "infografis-rencana"
    case ucapan
    case informasi
    case repost
}

/// Where the material came from (DKI SOP, "sumber materi").
public enum ContentSource: String, Sendable, Codable, CaseIterable {
    case editorialPlan = "rencana-redaksi"
    case eOffice = "disposisi-e-office"
    case dailyAgenda = "agenda-harian"
    case coordination = "koordinasi"
    case pressRelease = "siaran-pers"
    case pointer = "pointer"
    case meetingResult = "hasil-rapat"
    case officialNews = "kanal-berita-resmi"
    case other = "lainnya"
}

/// The institution's caption limit, counted on the plain text that gets posted, in user-perceived
/// characters (Swift `Character`s: an emoji with its modifiers or a ZWJ family counts once).
public struct CaptionRule: Sendable, Equatable {
    public var limit: Int

    public init(limit: Int = 200) {
        self.limit = limit
    }

    public func count(_ plainText: String) -> Int { plainText.count }

    /// How many characters too many, or nil when the caption fits.
    public func excess(_ plainText: String) -> Int? {
        let over = count(plainText) - limit
        return over > 0 ? over : nil
    }
}

/// Links people paste: media (Google Drive and the like) and published posts.
public enum WebLink {
    /// True for an absolute http(s) URL with a host and no spaces.
    public static func isHTTP(_ text: String) -> Bool {
        guard !text.contains(where: { $0.isWhitespace }), let url = URL(string: text),
              let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty
        else { return false }
        return true
    }

    /// Splits a text area into one link per non-empty line, trimmed.
    public static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}

/// Date and time typed as `YYYY-MM-DDTHH:MM` (an HTML datetime-local field), in the institution's
/// time zone.
public enum LocalDateTime {
    public static func parse(_ text: String, timeZone: TimeZone) -> Date? {
        let parts = text.split(separator: "T")
        guard parts.count == 2, let day = Day(String(parts[0])) else { return nil }
        let time = parts[1].split(separator: ":")
        guard time.count == 2, time[0].count == 2, time[1].count == 2,
              let hour = Int(time[0]), let minute = Int(time[1]), (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return WallClock.instant(day: day.dayNumber, second: hour * 3600 + minute * 60, in: timeZone)
    }

    public static func format(_ date: Date, timeZone: TimeZone) -> String {
        let (dayNumber, second) = WallClock.local(date, in: timeZone)
        let day = Day(dayNumber: dayNumber)
        return Digits.padded(day.year, 4) + "-" + Digits.padded(day.month, 2) + "-" + Digits.padded(day.day, 2) + "T"
            + Digits.padded(second / 3600, 2) + ":" + Digits.padded(second % 3600 / 60, 2)
    }
}

/// A role handed to someone else for a period (Plt./Plh.): the delegate acts "a.n." the delegator.
public struct DelegationPeriod: Sendable, Equatable {
    public var startsOn: Day
    public var endsOn: Day
    public var revoked: Bool

    public init(startsOn: Day, endsOn: Day, revoked: Bool = false) {
        self.startsOn = startsOn
        self.endsOn = endsOn
        self.revoked = revoked
    }

    /// In force on `day` (both ends included) unless revoked.
    public func isActive(on day: Day) -> Bool {
        !revoked && startsOn <= day && day <= endsOn
    }

    public var isValidRange: Bool { startsOn <= endsOn }
}
