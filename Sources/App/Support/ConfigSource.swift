import Foundation
import Hummingbird

/// Where each start-up option comes from, in one order for every option: its command-line flag,
/// then its `WARTA_…` variable in Hummingbird's `Environment`, then the default. `--port` is read
/// from `WARTA_PORT`, `--max-body-bytes` from `WARTA_MAX_BODY_BYTES`. Each option is parsed and
/// checked here once, and a bad value is reported with where it came from.
public struct ConfigSource: Sendable {
    /// The flags given, by name without the dashes: `["port": "8080"]`. A flag without a value
    /// (`--demo`) is `"true"`.
    public var flags: [String: String]
    public var environment: Environment

    public init(flags: [String: String] = [:], environment: Environment = Environment()) {
        self.flags = flags
        self.environment = environment
    }

    /// The variable an option is read from when its flag is absent.
    public static func variable(_ name: String) -> String {
        "WARTA_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// The value and where it came from (`--port` or `WARTA_PORT`), if it was given at all.
    func raw(_ name: String) -> (value: String, origin: String)? {
        if let value = flags[name] { return (value, "--\(name)") }
        let variable = Self.variable(name)
        if let value = environment.get(variable), !value.isEmpty { return (value, variable) }
        return nil
    }

    public func string(_ name: String) -> String? { raw(name)?.value }

    public func int(_ name: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let (value, origin) = raw(name) else { return nil }
        guard let number = Int(value.trimmingCharacters(in: .whitespaces)) else {
            throw ConfigError("\(origin) must be a whole number, not '\(value.prefix(40))'")
        }
        guard range.contains(number) else {
            throw ConfigError("\(origin) must be between \(range.lowerBound) and \(range.upperBound), not \(number)")
        }
        return number
    }

    public func bool(_ name: String) throws(ConfigError) -> Bool? {
        guard let (value, origin) = raw(name) else { return nil }
        switch value.lowercased() {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigError("\(origin) must be true or false, not '\(value.prefix(40))'")
        }
    }

    /// A value that must be one of a few words.
    public func choice<T>(_ name: String, _ parse: (String) -> T?, expected: String) throws(ConfigError) -> T? {
        guard let (value, origin) = raw(name) else { return nil }
        guard let parsed = parse(value) else { throw ConfigError("\(origin): unknown value '\(value.prefix(40))'; \(expected)") }
        return parsed
    }
}

/// A start-up option with a bad value, said in one line.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
