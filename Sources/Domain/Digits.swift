/// Zero-padded decimal numbers ("07", "2026") without `String(format:)`, which goes through
/// Foundation's printf machinery: these run for every date on the busiest pages.
public enum Digits {
    /// `value` in decimal, padded with zeros on the left to at least `width` digits.
    public static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        // As printf's `%0Nd`: the width counts the sign.
        let padding = max(0, width - digits.utf8.count - sign.utf8.count)
        return padding == 0 ? sign + digits : sign + String(repeating: "0", count: padding) + digits
    }
}
