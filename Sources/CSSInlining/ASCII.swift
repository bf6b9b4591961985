/// Byte-level helpers: the inliner works on UTF-8 bytes, and every delimiter it looks for is ASCII, so a
/// multi-byte character is never split or mistaken for markup.
enum ASCII {
    static let lessThan = UInt8(ascii: "<")
    static let greaterThan = UInt8(ascii: ">")
    static let slash = UInt8(ascii: "/")
    static let equals = UInt8(ascii: "=")
    static let doubleQuote = UInt8(ascii: "\"")
    static let singleQuote = UInt8(ascii: "'")
    static let exclamation = UInt8(ascii: "!")
    static let question = UInt8(ascii: "?")
    static let dash = UInt8(ascii: "-")
    static let ampersand = UInt8(ascii: "&")
    static let backslash = UInt8(ascii: "\\")
    static let star = UInt8(ascii: "*")

    /// HTML's ASCII white space: tab, LF, FF, CR, space.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
    }

    /// The bytes as a string with ASCII letters lower-cased (tag and attribute names).
    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        if !bytes.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return String(decoding: bytes, as: UTF8.self) }
        return String(decoding: bytes.map(lowercased), as: UTF8.self)
    }

    /// True when `bytes` at `offset` start with `literal`, ASCII letters compared case-insensitively.
    static func hasPrefix(_ bytes: [UInt8], at offset: Int, caseInsensitive literal: String) -> Bool {
        let pattern = Array(literal.utf8)
        guard offset + pattern.count <= bytes.count else { return false }
        for (index, expected) in pattern.enumerated() where lowercased(bytes[offset + index]) != lowercased(expected) {
            return false
        }
        return true
    }

    /// The first position at or after `start` where `literal` occurs (ASCII case-insensitive), or nil.
    static func find(_ literal: String, in bytes: [UInt8], from start: Int) -> Int? {
        let pattern = Array(literal.utf8)
        guard let first = pattern.first, bytes.count >= pattern.count else { return nil }
        let lowerFirst = lowercased(first)
        var index = start
        let last = bytes.count - pattern.count
        while index <= last {
            if lowercased(bytes[index]) == lowerFirst && hasPrefix(bytes, at: index, caseInsensitive: literal) {
                return index
            }
            index += 1
        }
        return nil
    }
}
