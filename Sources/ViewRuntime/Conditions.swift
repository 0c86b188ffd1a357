// The meaning of `{{#if x}}` / `{{#unless x}}`, by the type of `x`. A type with no overload here
// does not compile as a condition.

/// A `Bool` is itself.
@inlinable public func viewCondition(_ value: Bool) -> Bool { value }

/// An `Optional` holds when it is not nil.
@inlinable public func viewCondition<Wrapped>(_ value: Wrapped?) -> Bool { value != nil }

/// A `Collection` (array, string…) holds when it is not empty.
@inlinable public func viewCondition<C: Collection>(_ value: C) -> Bool { !value.isEmpty }

/// `SafeHTML` holds when it is not empty.
@inlinable public func viewCondition(_ value: SafeHTML) -> Bool { !value.isEmpty }
