import Foundation
import NIOConcurrencyHelpers

/// Counts changes: a cached page is good only for the count it was made at.
public final class ChangeCounter: Sendable {
    private let value = NIOLockedValueBox<UInt64>(0)

    public init() {}

    public var current: UInt64 { value.withLockedValue { $0 } }

    public func bump() { value.withLockedValue { $0 &+= 1 } }
}

/// Rendered page parts shared by everyone who would see the same thing (the calendar's body for
/// a range, filters, language and permission), kept until anything changes or until the time
/// something on them depends on the clock (today's mark, a latest start passing).
public final class PageCache: Sendable {
    private struct Entry {
        var html: String
        var version: UInt64
        var validUntil: Date
        var lastUsed: UInt64
    }
    private struct State {
        var entries: [String: Entry] = [:]
        var tick: UInt64 = 0
    }
    private let state = NIOLockedValueBox(State())
    let capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = capacity
    }

    func get(_ key: String, version: UInt64, now: Date) -> String? {
        state.withLockedValue { state in
            guard var entry = state.entries[key] else { return nil }
            guard entry.version == version, now < entry.validUntil else {
                state.entries[key] = nil
                return nil
            }
            state.tick &+= 1
            entry.lastUsed = state.tick
            state.entries[key] = entry
            return entry.html
        }
    }

    func set(_ key: String, html: String, version: UInt64, validUntil: Date) {
        state.withLockedValue { state in
            if state.entries.count >= capacity, state.entries[key] == nil,
               let oldest = state.entries.min(by: { $0.value.lastUsed < $1.value.lastUsed })?.key {
                state.entries[oldest] = nil
            }
            state.tick &+= 1
            state.entries[key] = Entry(html: html, version: version, validUntil: validUntil, lastUsed: state.tick)
        }
    }

    var count: Int { state.withLockedValue { $0.entries.count } }
}
