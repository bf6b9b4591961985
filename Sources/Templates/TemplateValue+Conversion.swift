import Foundation

extension TemplateValue {
    /// One level of a JSON-like tree, as seen by `TemplateValue(converting:shape:)`: the node's own kind, with its
    /// children still in the caller's tree type.
    public enum Shape<Node> {
        case null
        case bool(Bool)
        case integer(Int64)
        case number(Double)
        case string(String)
        case array([Node])
        /// Members in document order; a repeated key keeps its last value.
        case object([(key: String, value: Node)])
    }

    /// Converts any JSON-like tree (a wire-level JSON enum, a decoded document, ...) by asking `shape` what each
    /// node is. Member order is preserved.
    ///
    /// ```swift
    /// let model = TemplateValue(converting: json) { node in
    ///     switch node {
    ///     case .null: .null
    ///     case .string(let s): .string(s)
    ///     case .object(let o): .object(o.members.map { ($0.key, $0.value) })
    ///     // ...
    ///     }
    /// }
    /// ```
    public init<Node>(converting root: Node, shape: (Node) throws -> Shape<Node>) rethrows {
        switch try shape(root) {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let value): self = .integer(value)
        case .number(let value): self = .number(value)
        case .string(let text): self = .string(text)
        case .array(let items):
            self = .array(try items.map { try TemplateValue(converting: $0, shape: shape) })
        case .object(let members):
            self = .object(TemplateObject(try members.map {
                TemplateObject.Member(key: $0.key, value: try TemplateValue(converting: $0.value, shape: shape))
            }))
        }
    }

    /// Builds the caller's tree type from this value, bottom-up (the inverse of `init(converting:shape:)`), e.g. to
    /// send a `SuggestedTemplateModel` through the HTTP layer's own JSON type.
    public func converted<Node>(_ build: (Shape<Node>) throws -> Node) rethrows -> Node {
        switch self {
        case .null: return try build(.null)
        case .bool(let flag): return try build(.bool(flag))
        case .integer(let value): return try build(.integer(value))
        case .number(let value): return try build(.number(value))
        case .string(let text): return try build(.string(text))
        case .array(let items): return try build(.array(try items.map { try $0.converted(build) }))
        case .object(let object):
            return try build(.object(try object.members.map { (key: $0.key, value: try $0.value.converted(build)) }))
        }
    }

    /// Converts a Foundation/Swift object graph as produced by `JSONSerialization` or written by hand: `NSNull`,
    /// `Bool`, integers, floating point, `NSNumber`, `String`, arrays and `[String: Any]` (whose key order is
    /// undefined, so keys are sorted for determinism). Anything else becomes `.null`.
    public init(jsonObject: Any) {
        self.init(converting: jsonObject) { node -> Shape<Any> in
            switch node {
            case is NSNull: return .null
            case let text as String: return .string(text)
            case let number as NSNumber: return Self.shape(of: number)
            case let flag as Bool: return .bool(flag)
            case let value as Int: return .integer(Int64(value))
            case let value as Int64: return .integer(value)
            case let value as Double: return .number(value)
            case let items as [Any]: return .array(items)
            case let members as [String: Any]:
                return .object(members.sorted { $0.key < $1.key }.map { (key: $0.key, value: $0.value) })
            default: return .null
            }
        }
    }

    /// `NSNumber` hides whether it holds a boolean, an integer or a double; its Objective-C type code tells.
    private static func shape(of number: NSNumber) -> Shape<Any> {
        switch String(cString: number.objCType) {
        case "c", "B": return .bool(number.boolValue)
        case "f", "d": return .number(number.doubleValue)
        default: return .integer(number.int64Value)
        }
    }
}

/// Encodes as plain JSON. Member order is up to the encoder (Foundation on Linux does not keep it).
extension TemplateValue: Encodable {
    private struct MemberKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .null:
            var container = encoder.singleValueContainer()
            try container.encodeNil()
        case .bool(let flag):
            var container = encoder.singleValueContainer()
            try container.encode(flag)
        case .integer(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .number(let value):
            var container = encoder.singleValueContainer()
            try container.encode(value)
        case .string(let text):
            var container = encoder.singleValueContainer()
            try container.encode(text)
        case .array(let items):
            var container = encoder.unkeyedContainer()
            for item in items { try container.encode(item) }
        case .object(let object):
            var container = encoder.container(keyedBy: MemberKey.self)
            for member in object.members {
                try container.encode(member.value, forKey: MemberKey(stringValue: member.key))
            }
        }
    }
}
