/// Turns a page model into dictionaries and arrays once, before rendering.
///
/// swift-mustache reads struct fields through `Mirror`, reflecting the whole struct on every
/// variable lookup, and again for every level it climbs while resolving names such as `t.…`
/// inside loops. A model flattened into `[String: Any]` (which Mustache reads as a
/// `MustacheParent`) is reflected exactly once per value, and every lookup after that is a
/// dictionary access.
enum TemplateValue {
    static func flatten(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double:
            return value
        case let dictionary as [String: String]:
            return dictionary
        case let array as [Any]:
            return array.compactMap(flatten)
        default:
            break
        }
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let wrapped = mirror.children.first?.value else { return nil }
            return flatten(wrapped)
        case .struct, .class, .tuple:
            var fields: [String: Any] = [:]
            fields.reserveCapacity(Int(mirror.children.count))
            for child in mirror.children {
                guard let label = child.label, let flat = flatten(child.value) else { continue }
                fields[label] = flat
            }
            return fields
        case .collection, .set:
            return mirror.children.compactMap { flatten($0.value) }
        default:
            return value
        }
    }
}
