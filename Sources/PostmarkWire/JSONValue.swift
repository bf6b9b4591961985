import Foundation

/// A parsed JSON document. Requests are read through this type rather than strict `Decodable`
/// structs because Postmark's API is tolerant: keys match case-insensitively (its .NET binder
/// ignores case), and `null` or empty values mean "not provided" (reference section 1).
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    /// Parses a complete JSON document; any syntax error is Postmark's ErrorCode 402.
    public static func parse(_ bytes: [UInt8]) throws(PostmarkError) -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
        } catch {
            throw PostmarkError.invalidJSON
        }
    }

    /// Case-insensitive member lookup: an exact match wins, then the first key equal ignoring case.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        if let exact = members[key] { return exact }
        let lowered = key.lowercased()
        for (name, value) in members where name.lowercased() == lowered { return value }
        return nil
    }

    /// nil for `null`, empty strings, empty arrays and empty objects: Postmark treats them as absent.
    public var presence: JSONValue? {
        switch self {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .array(let items) where items.isEmpty: return nil
        case .object(let members) where members.isEmpty: return nil
        default: return self
        }
    }
}

extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .integer(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}
