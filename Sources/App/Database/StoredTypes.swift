import Domain
import Foundation
import GRDB

// The typed columns. Each enum is stored as its raw value, and migration `v8-typed-columns` makes
// the database refuse any other value (`StoredTypesTests` checks that the lists there match the
// cases here, so a new case cannot be added without a migration).

extension ItemStatus: DatabaseValueConvertible {}
extension ContentKind: DatabaseValueConvertible {}
extension ContentSource: DatabaseValueConvertible {}
extension Channel: DatabaseValueConvertible {}
extension LinkStatus: DatabaseValueConvertible {}
extension HolidayKind: DatabaseValueConvertible {}
extension AgendaSource: DatabaseValueConvertible {}
extension HistoryAction: DatabaseValueConvertible {}
extension UpdatePolicy: DatabaseValueConvertible {}
extension Language: DatabaseValueConvertible {}
extension AuditAction: DatabaseValueConvertible {}
extension RoleKey: DatabaseValueConvertible {}
extension MessageKind: DatabaseValueConvertible {}
extension MessageCategory: DatabaseValueConvertible {}
extension FollowUpStatus: DatabaseValueConvertible {}
extension FollowUpOutcome: DatabaseValueConvertible {}
extension FollowUpStepKind: DatabaseValueConvertible {}
extension IncomingAction: DatabaseValueConvertible {}

/// A list of keys (channels, timing rules), stored as a JSON array: `["instagram","facebook"]`.
public struct KeyList<Key: RawRepresentable & Sendable & Hashable & Codable>: Sendable, Equatable, Hashable, Codable,
    DatabaseValueConvertible, ExpressibleByArrayLiteral where Key.RawValue == String {
    public var keys: [Key]

    public init(_ keys: some Sequence<Key>) { self.keys = Array(keys) }
    public init(arrayLiteral elements: Key...) { self.keys = elements }

    public init(from decoder: any Decoder) throws {
        keys = try decoder.singleValueContainer().decode([Key].self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(keys)
    }

    /// The stored form. Keys are plain words and hyphens, so no escaping is needed.
    public var json: String {
        "[" + keys.map { "\"\($0.rawValue)\"" }.joined(separator: ",") + "]"
    }

    public var databaseValue: DatabaseValue { json.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> KeyList? {
        String.fromDatabaseValue(dbValue).flatMap(KeyList.init(json:))
    }

    /// Reads the stored form; nil for anything but an array of known keys. Works on the UTF-8
    /// bytes: counting `Character`s of a `Substring` showed in the "Tugas saya" profile.
    public init?(json: String) {
        var keys: [Key] = []
        let ok: Bool? = json.utf8.withContiguousStorageIfAvailable { bytes in
            Self.parse(bytes, into: &keys)
        }
        guard ok ?? Self.parse(Array(json.utf8)[...], into: &keys) else { return nil }
        self.keys = keys
    }

    private static func parse(_ bytes: some Collection<UInt8>, into keys: inout [Key]) -> Bool {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
        guard bytes.first == UInt8(ascii: "["), bytes.count >= 2 else { return false }
        var index = bytes.index(after: bytes.startIndex)
        let end = bytes.index(bytes.startIndex, offsetBy: bytes.count - 1)
        guard bytes[end] == UInt8(ascii: "]") else { return false }
        if index == end { return true }
        while true {
            guard index < end, bytes[index] == quote else { return false }
            let start = bytes.index(after: index)
            guard let close = bytes[start..<end].firstIndex(of: quote),
                  let key = Key(rawValue: String(decoding: bytes[start..<close], as: UTF8.self)) else { return false }
            keys.append(key)
            index = bytes.index(after: close)
            if index == end { return true }
            guard bytes[index] == comma else { return false }
            index = bytes.index(after: index)
        }
    }
}

public typealias ChannelList = KeyList<Channel>

/// The SQL that keeps a column to a fixed set of values.
enum StoredCheck {
    static func oneOf(_ column: String, _ values: [String]) -> String {
        "\(column) IN (\(values.map { "'\($0)'" }.joined(separator: ", ")))"
    }

    /// A JSON array of the given keys and nothing else: every known key, quoted, is removed, then
    /// the commas; what is left must be `[]`. (CHECK constraints may not use `json_each`.)
    static func listOf(_ column: String, _ values: [String]) -> String {
        var expression = column
        // Longer keys first, although a quoted key never matches inside another quoted key.
        for value in values.sorted(by: { $0.count > $1.count }) {
            expression = "replace(\(expression), '\"\(value)\"', '')"
        }
        return "(json_valid(\(column)) AND replace(\(expression), ',', '') = '[]')"
    }
}
