import Templates

/// A small strict JSON reader for the fixtures, keeping object members in document order (Foundation's
/// `JSONSerialization` does not) and telling integers from other numbers, as `TemplateValue` does.
struct JSONReader {
    struct Failure: Error, CustomStringConvertible {
        var offset: Int
        var description: String { "invalid JSON at byte \(offset)" }
    }

    private let bytes: [UInt8]
    private var index = 0

    static func parse(_ bytes: [UInt8]) throws -> TemplateValue {
        var reader = JSONReader(bytes: bytes)
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == bytes.count else { throw Failure(offset: reader.index) }
        return value
    }

    static func parse(_ text: String) throws -> TemplateValue {
        try parse(Array(text.utf8))
    }

    private init(bytes: [UInt8]) { self.bytes = bytes }

    private mutating func value() throws -> TemplateValue {
        skipSpace()
        guard index < bytes.count else { throw Failure(offset: index) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try object()
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        default: return try number()
        }
    }

    private mutating func object() throws -> TemplateValue {
        index += 1
        var members: [TemplateObject.Member] = []
        skipSpace()
        if peek(UInt8(ascii: "}")) { index += 1; return .object(TemplateObject(members)) }
        while true {
            skipSpace()
            guard peek(UInt8(ascii: "\"")) else { throw Failure(offset: index) }
            let key = try string()
            skipSpace()
            try expect(UInt8(ascii: ":"))
            members.append(.init(key: key, value: try value()))
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            try expect(UInt8(ascii: "}"))
            return .object(TemplateObject(members))
        }
    }

    private mutating func array() throws -> TemplateValue {
        index += 1
        var items: [TemplateValue] = []
        skipSpace()
        if peek(UInt8(ascii: "]")) { index += 1; return .array(items) }
        while true {
            items.append(try value())
            skipSpace()
            if peek(UInt8(ascii: ",")) { index += 1; continue }
            try expect(UInt8(ascii: "]"))
            return .array(items)
        }
    }

    private mutating func string() throws -> String {
        index += 1
        var scalars = String.UnicodeScalarView()
        var pendingHigh: UInt32?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(scalars)
            }
            if byte == UInt8(ascii: "\\") {
                index += 1
                guard index < bytes.count else { break }
                let escape = bytes[index]
                index += 1
                let simple: [UInt8: Unicode.Scalar] = [
                    UInt8(ascii: "\""): "\"", UInt8(ascii: "\\"): "\\", UInt8(ascii: "/"): "/",
                    UInt8(ascii: "b"): "\u{08}", UInt8(ascii: "f"): "\u{0C}", UInt8(ascii: "n"): "\n",
                    UInt8(ascii: "r"): "\r", UInt8(ascii: "t"): "\t",
                ]
                if let scalar = simple[escape] {
                    scalars.append(scalar)
                    continue
                }
                guard escape == UInt8(ascii: "u"), index + 4 <= bytes.count,
                      let unit = UInt32(String(decoding: bytes[index..<index + 4], as: UTF8.self), radix: 16)
                else { throw Failure(offset: index) }
                index += 4
                if (0xD800..<0xDC00).contains(unit) {
                    pendingHigh = unit
                } else if (0xDC00..<0xE000).contains(unit), let high = pendingHigh {
                    scalars.append(Unicode.Scalar(0x10000 + ((high - 0xD800) << 10) + (unit - 0xDC00))!)
                    pendingHigh = nil
                } else if let scalar = Unicode.Scalar(unit) {
                    scalars.append(scalar)
                } else {
                    throw Failure(offset: index)
                }
                continue
            }
            // Copy one UTF-8 sequence.
            let length = byte < 0x80 ? 1 : byte < 0xE0 ? 2 : byte < 0xF0 ? 3 : 4
            let text = String(decoding: bytes[index..<min(index + length, bytes.count)], as: UTF8.self)
            scalars.append(contentsOf: text.unicodeScalars)
            index += length
        }
        throw Failure(offset: index)
    }

    private mutating func number() throws -> TemplateValue {
        let start = index
        while index < bytes.count, "+-0123456789.eE".utf8.contains(bytes[index]) { index += 1 }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        if !text.contains(where: { ".eE".contains($0) }), let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text) else { throw Failure(offset: start) }
        return .number(double)
    }

    private mutating func literal(_ word: String) throws {
        let expected = Array(word.utf8)
        guard index + expected.count <= bytes.count, Array(bytes[index..<index + expected.count]) == expected
        else { throw Failure(offset: index) }
        index += expected.count
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard peek(byte) else { throw Failure(offset: index) }
        index += 1
    }

    private func peek(_ byte: UInt8) -> Bool { index < bytes.count && bytes[index] == byte }

    private mutating func skipSpace() {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }
}
