import Foundation

/// Encodings shared by every backend, so both store exactly the same values.
public enum StorageCoding {
    /// Times are stored as integer microseconds since the Unix epoch.
    public static func micros(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    public static func date(micros: Int64) -> Date {
        Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    public static func encodeJSON<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding our own plain structs cannot fail.
        let data = (try? encoder.encode(value)) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// `[{"email":…,"name":…}]`, the same text `encodeJSON` writes, without JSONEncoder's cost on
    /// the accept path.
    public static func encodeJSON(_ entries: [RecipientEntry]) -> String {
        encodeArray(entries) { entry, out in appendPair("email", entry.email, "name", entry.name, to: &out) }
    }

    /// `[{"key":…,"value":…}]`.
    public static func encodeJSON(_ entries: [MetadataEntry]) -> String {
        encodeArray(entries) { entry, out in appendPair("key", entry.key, "value", entry.value, to: &out) }
    }

    public static func encodeJSON(_ strings: [String]) -> String {
        encodeArray(strings) { string, out in appendQuoted(string, to: &out) }
    }

    static func encodeArray<T>(_ items: [T], _ appendItem: (T, inout String) -> Void) -> String {
        var out = "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            appendItem(item, &out)
        }
        return out + "]"
    }

    /// `{"a":…,"b":…}` with keys in sorted order, as `encodeJSON` (sortedKeys) writes them.
    static func appendPair(_ key1: String, _ value1: String, _ key2: String, _ value2: String, to out: inout String) {
        out += "{\"\(key1)\":"
        appendQuoted(value1, to: &out)
        out += ",\"\(key2)\":"
        appendQuoted(value2, to: &out)
        out += "}"
    }

    /// RFC 8259 section 7 string escaping.
    static func appendQuoted(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    public static func decodeJSON<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }

    /// The normalised form used for case-insensitive equality filters (addresses, server names).
    public static func key(_ text: String) -> String { text.lowercased() }

    /// Splits a subject query into the words the full-text index knows (letters and digits).
    public static func searchWords(_ text: String) -> [String] {
        text.lowercased()
            .split(whereSeparator: { !($0.isLetter || $0.isNumber) })
            .map(String.init)
    }
}
