import Mustache

/// A model object as Mustache sees it: named fields in a dictionary.
///
/// A final class rather than a `Dictionary`: Mustache asks every object whether it conforms to
/// its protocols, and for a concrete class that check is answered from the runtime's cache,
/// while the conditional conformance of `Dictionary` is worked out again each time.
final class TemplateObject: MustacheParent, @unchecked Sendable {
    let fields: [String: Any]

    init(_ fields: [String: Any]) { self.fields = fields }

    func child(named name: String) -> Any? { fields[name] }
}

/// A model that builds its own template object: for rows a page shows by the hundred, where
/// reflecting every field through `Mirror` is most of the page's cost.
protocol TemplateRepresentable {
    var templateObject: TemplateObject { get }
}

extension TemplateObject {
    /// Fields given as pairs; nil values are left out, as `flatten` leaves out nil optionals.
    convenience init(pairs: KeyValuePairs<String, Any?>) {
        var fields: [String: Any] = [:]
        fields.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if let value, let flat = TemplateValue.flatten(value) { fields[key] = flat }
        }
        self.init(fields)
    }
}

/// Turns a page model into template objects and arrays once, before rendering.
///
/// swift-mustache reads struct fields through `Mirror`, reflecting the whole struct on every
/// variable lookup, and again for every level it climbs while resolving names such as `t.…`
/// inside loops. A flattened model is reflected exactly once per value, and every lookup after
/// that is a dictionary access.
enum TemplateValue {
    static func flatten(_ value: Any) -> Any? {
        switch value {
        case is String, is Bool, is Int, is Int64, is Double, is TemplateObject:
            return value
        case let model as any TemplateRepresentable:
            return model.templateObject
        case let dictionary as [String: String]:
            return TemplateObject(dictionary)
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
            return TemplateObject(fields)
        case .collection, .set:
            return mirror.children.compactMap { flatten($0.value) }
        default:
            return value
        }
    }
}
