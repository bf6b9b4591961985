/// A strict RFC 8259 JSON parser over bytes. Postage parses request bodies itself rather than
/// through `JSONDecoder` because the API needs what a general decoder does not give: objects that
/// keep member order (Postmark's .NET binder lets a later duplicate key win, and matches keys
/// case-insensitively), exact 64-bit integers, a nesting limit, and no leniency (a trailing comma
/// or a bare word is ErrorCode 402, as it is at Postmark). It is also several times faster, which
/// matters on the accept path.
struct JSONParser {
    /// Deeper nesting than this is refused rather than risking the stack.
    static let maxDepth = 64

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    static func parse(_ bytes: [UInt8]) throws(PostmarkError) -> JSONValue {
        var parser = JSONParser(bytes)
        parser.skipWhitespace()
        let value = try parser.value(depth: 0)
        parser.skipWhitespace()
        guard parser.index == bytes.count else { throw PostmarkError.invalidJSON }
        return value
    }

    // RFC 8259 section 2: ws = *( %x20 / %x09 / %x0A / %x0D )
    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func value(depth: Int) throws(PostmarkError) -> JSONValue {
        guard index < bytes.count else { throw PostmarkError.invalidJSON }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object(depth: depth + 1)
        case UInt8(ascii: "["): return try array(depth: depth + 1)
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"):
            try literal("true")
            return .bool(true)
        case UInt8(ascii: "f"):
            try literal("false")
            return .bool(false)
        case UInt8(ascii: "n"):
            try literal("null")
            return .null
        default:
            return try number()
        }
    }

    private mutating func literal(_ word: StaticString) throws(PostmarkError) {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw PostmarkError.invalidJSON }
        let matches = word.withUTF8Buffer { expected in
            (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
        }
        guard matches else { throw PostmarkError.invalidJSON }
        index += count
    }

    // RFC 8259 section 4.
    private mutating func object(depth: Int) throws(PostmarkError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw PostmarkError.invalidJSON }
        index += 1
        var members: [JSONObject.Member] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(JSONObject(members))
        }
        while true {
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw PostmarkError.invalidJSON }
            let key = try string()
            skipWhitespace()
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { throw PostmarkError.invalidJSON }
            index += 1
            skipWhitespace()
            members.append(JSONObject.Member(key: key, value: try value(depth: depth)))
            skipWhitespace()
            guard index < bytes.count else { throw PostmarkError.invalidJSON }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "}") else { throw PostmarkError.invalidJSON }
            index += 1
            return .object(JSONObject(members))
        }
    }

    // RFC 8259 section 5.
    private mutating func array(depth: Int) throws(PostmarkError) -> JSONValue {
        guard depth <= Self.maxDepth else { throw PostmarkError.invalidJSON }
        index += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(items)
        }
        while true {
            skipWhitespace()
            items.append(try value(depth: depth))
            skipWhitespace()
            guard index < bytes.count else { throw PostmarkError.invalidJSON }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard bytes[index] == UInt8(ascii: "]") else { throw PostmarkError.invalidJSON }
            index += 1
            return .array(items)
        }
    }

    // RFC 8259 section 7. Strings must be valid UTF-8 (section 8.1) with no raw control characters.
    private mutating func string() throws(PostmarkError) -> String {
        index += 1
        let start = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = bytes.withUnsafeBufferPointer { buffer in
                    String(validating: UnsafeBufferPointer(rebasing: buffer[start..<index]), as: UTF8.self)
                }
                guard let text else { throw PostmarkError.invalidJSON }
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            guard byte >= 0x20 else { throw PostmarkError.invalidJSON }
            index += 1
        }
        var decoded = Array(bytes[start..<index])
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                guard let text = String(validating: decoded, as: UTF8.self) else { throw PostmarkError.invalidJSON }
                return text
            case UInt8(ascii: "\\"):
                index += 1
                guard index < bytes.count else { throw PostmarkError.invalidJSON }
                let escape = bytes[index]
                index += 1
                switch escape {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): decoded.append(escape)
                case UInt8(ascii: "b"): decoded.append(0x08)
                case UInt8(ascii: "f"): decoded.append(0x0C)
                case UInt8(ascii: "n"): decoded.append(0x0A)
                case UInt8(ascii: "r"): decoded.append(0x0D)
                case UInt8(ascii: "t"): decoded.append(0x09)
                case UInt8(ascii: "u"):
                    var scalar = try hex4()
                    if (0xD800...0xDBFF).contains(scalar) {
                        // A high surrogate must be followed by an escaped low surrogate.
                        guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { throw PostmarkError.invalidJSON }
                        index += 2
                        let low = try hex4()
                        guard (0xDC00...0xDFFF).contains(low) else { throw PostmarkError.invalidJSON }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    } else if (0xDC00...0xDFFF).contains(scalar) {
                        throw PostmarkError.invalidJSON
                    }
                    guard let unicode = Unicode.Scalar(scalar) else { throw PostmarkError.invalidJSON }
                    decoded.append(contentsOf: Array(String(Character(unicode)).utf8))
                default:
                    throw PostmarkError.invalidJSON
                }
            default:
                guard byte >= 0x20 else { throw PostmarkError.invalidJSON }
                decoded.append(byte)
                index += 1
            }
        }
        throw PostmarkError.invalidJSON
    }

    private mutating func hex4() throws(PostmarkError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw PostmarkError.invalidJSON }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: throw PostmarkError.invalidJSON
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // RFC 8259 section 6: -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?
    private mutating func number() throws(PostmarkError) -> JSONValue {
        let start = index
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw PostmarkError.invalidJSON }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
        } else {
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        var integral = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            integral = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw PostmarkError.invalidJSON }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            integral = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw PostmarkError.invalidJSON }
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if integral, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text), double.isFinite else { throw PostmarkError.invalidJSON }
        return .number(double)
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
