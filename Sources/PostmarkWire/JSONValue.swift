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
    case object(JSONObject)

    /// Parses a complete JSON document; any syntax error is Postmark's ErrorCode 402.
    public static func parse(_ bytes: [UInt8]) throws(PostmarkError) -> JSONValue {
        try JSONParser.parse(bytes)
    }

    /// Case-insensitive member lookup (see `JSONObject.subscript`).
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// nil for `null`, empty strings, empty arrays and empty objects: Postmark treats them as absent.
    public var presence: JSONValue? {
        switch self {
        case .null: return nil
        case .string(let text) where text.isEmpty: return nil
        case .array(let items) where items.isEmpty: return nil
        case .object(let object) where object.members.isEmpty: return nil
        default: return self
        }
    }
}

/// A JSON object with its members in document order.
public struct JSONObject: Sendable, Equatable {
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue

        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    public var members: [Member]

    public init(_ members: [Member]) { self.members = members }

    /// The last member whose key equals `key` ignoring case: a later duplicate wins, as with
    /// Postmark's case-insensitive binder.
    public subscript(key: String) -> JSONValue? {
        let lowered = key.lowercased()
        for member in members.reversed() where member.key == key || member.key.lowercased() == lowered {
            return member.value
        }
        return nil
    }

    /// Members with duplicate keys collapsed (the last wins), in first-appearance order.
    public var uniqueMembers: [Member] {
        var position: [String: Int] = [:]
        var result: [Member] = []
        for member in members {
            if let existing = position[member.key] {
                result[existing] = member
            } else {
                position[member.key] = result.count
                result.append(member)
            }
        }
        return result
    }
}
