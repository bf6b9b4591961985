/// One header field exactly as it appears in the message (RFC 5322 §2.2), with byte offsets
/// into the parsed buffer so it can be removed or copied byte-exact.
public struct HeaderField: Sendable {
    /// The field name as written (e.g. `Subject`, `X-PM-Tag`).
    public let name: String
    /// The whole field in the parsed buffer: name, colon, value, folding and the final line
    /// break.
    public let range: Range<Int>
    /// The value: from after the colon up to (not including) the final line break, folding
    /// line breaks included.
    public let valueRange: Range<Int>
    /// The bytes of the field (indices are offsets into the parsed buffer).
    public let raw: ArraySlice<UInt8>

    init(name: String, range: Range<Int>, valueRange: Range<Int>, source: [UInt8]) {
        self.name = name
        self.range = range
        self.valueRange = valueRange
        self.raw = source[range]
    }

    /// The raw value bytes (folding included).
    public var rawValue: ArraySlice<UInt8> { raw[valueRange] }

    /// True when the name equals `other` ignoring ASCII case (RFC 5322 §1.2.2).
    public func hasName(_ other: String) -> Bool {
        let a = name.utf8
        let b = other.utf8
        guard a.count == b.count else { return false }
        return zip(a, b).allSatisfy { ASCII.lowercased($0) == ASCII.lowercased($1) }
    }

    /// The unfolded value (RFC 5322 §2.2.3: every CRLF is removed, the whitespace after it is
    /// kept), without the whitespace that starts the first line and without decoding
    /// encoded-words. Non-ASCII octets are read as UTF-8 (RFC 6532 §3.2), invalid ones as U+FFFD.
    public var unfoldedValue: String {
        String(decoding: unfoldedBytes, as: UTF8.self)
    }

    /// The value as text: unfolded and with RFC 2047 encoded-words decoded, as for an
    /// unstructured field (RFC 5322 §3.2.5, RFC 2047 §5(1)). Structured fields such as
    /// Content-Type should be read through their own parsers instead.
    public var decodedValue: String {
        String(decoding: EncodedWordDecoder.decodeToBytes(unfoldedBytes), as: UTF8.self)
    }

    var unfoldedBytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(valueRange.count)
        var index = valueRange.lowerBound
        // Whitespace at the start of the first line only (as Python's email package does).
        while index < valueRange.upperBound, ASCII.isWhitespace(raw[index]) { index += 1 }
        while index < valueRange.upperBound {
            let byte = raw[index]
            if byte != ASCII.cr && byte != ASCII.lf { out.append(byte) }
            index += 1
        }
        return out
    }
}

extension HeaderField: CustomStringConvertible {
    public var description: String { name + ": " + unfoldedValue }
}
