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

    /// Reads the stored form; nil for anything but an array of known keys.
    public init?(json: String) {
        var text = Substring(json)
        guard text.first == "[", text.last == "]" else { return nil }
        text = text.dropFirst().dropLast()
        var keys: [Key] = []
        if !text.isEmpty {
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard part.count >= 2, part.first == "\"", part.last == "\"",
                      let key = Key(rawValue: String(part.dropFirst().dropLast())) else { return nil }
                keys.append(key)
            }
        }
        self.keys = keys
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
