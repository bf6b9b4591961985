/// A template model value: the JSON-shaped data a template is rendered with.
///
/// Mirrors the `TemplateModel` of a Postmark send (`reference/postmark-api.md` §3.3, §8). JSON integers and
/// non-integer numbers are kept apart because Mustachio prints them differently (`mustachio.md` §7: integers in full,
/// other numbers with .NET formatting). Objects keep their keys in order (`TemplateObject`).
///
/// Equality is structural and order-sensitive for objects: `.integer(1) != .number(1.0)`.
public enum TemplateValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([TemplateValue])
    case object(TemplateObject)

    /// The empty object, `{}`.
    public static let emptyObject = TemplateValue.object(TemplateObject())

    /// Mustachio's truthiness (`mustachio.md` §6): falsy are null, `false`, numeric zero (`0`, `0.0`, `-0.0`), `""`,
    /// an empty array and an empty object; everything else is truthy, including `"0"`, `"false"`, `" "`, `-1`,
    /// `[0]` and `{"k": null}`. Integer zero is falsy as Postmark documents (the engine's 64-bit case is unsure).
    public var isTruthy: Bool {
        switch self {
        case .null: return false
        case .bool(let flag): return flag
        case .integer(let value): return value != 0
        case .number(let value): return value != 0
        case .string(let text): return !text.isEmpty
        case .array(let items): return !items.isEmpty
        case .object(let object): return !object.isEmpty
        }
    }

    /// The member `key` when this is an object, else nil. Mustachio looks keys up only in objects: a name on a
    /// string, number, array or null yields nothing, without error (`mustachio.md` §4, "Lookup").
    public subscript(key: String) -> TemplateValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The object payload, if this is an object.
    public var objectValue: TemplateObject? {
        guard case .object(let object) = self else { return nil }
        return object
    }

    /// The array payload, if this is an array.
    public var arrayValue: [TemplateValue]? {
        guard case .array(let items) = self else { return nil }
        return items
    }

    /// The string payload, if this is a string.
    public var stringValue: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}
