/// The RDATA of a TXT record (RFC 1035 §3.3.14): one or more character-strings of at most 255
/// bytes each.
///
/// A value longer than 255 bytes, such as a 2048-bit DKIM key, is split over several strings
/// of one record; SPF (RFC 7208 §3.3) and DKIM (RFC 6376 §3.6.2.2) join them with nothing in
/// between: use `joined` / `text`. Several TXT *records* on one name are separate values and must
/// not be joined with each other.
public struct TXTRecord: Sendable, Hashable, CustomStringConvertible {
    public static let maximumStringLength = 255

    /// The character-strings, as bytes, in wire order.
    public let strings: [[UInt8]]

    /// - Throws: when a string is longer than 255 bytes or there is none.
    public init(strings: [[UInt8]]) throws {
        guard !strings.isEmpty else { throw DNSProtocolError(.badRecordData, "TXT with no character-string") }
        if let long = strings.first(where: { $0.count > Self.maximumStringLength }) {
            throw DNSProtocolError(.tooLarge, "character-string of \(long.count) bytes (at most 255)")
        }
        self.strings = strings
    }

    /// Splits `text` (UTF-8) into as many 255-byte strings as needed.
    public init(_ text: String) {
        let bytes = Array(text.utf8)
        var strings: [[UInt8]] = []
        var start = 0
        repeat {
            let end = min(start + Self.maximumStringLength, bytes.count)
            strings.append(Array(bytes[start..<end]))
            start = end
        } while start < bytes.count
        self.strings = strings
    }

    /// All character-strings concatenated, without separators.
    public var joined: [UInt8] { strings.flatMap { $0 } }

    /// `joined` as text; bytes that are not UTF-8 become U+FFFD.
    public var text: String { String(decoding: joined, as: UTF8.self) }

    /// Each character-string as text.
    public var texts: [String] { strings.map { String(decoding: $0, as: UTF8.self) } }

    /// Zone-file style: each string quoted, separated by spaces.
    public var description: String {
        texts.map { "\"" + $0.replacingBackslashesAndQuotes() + "\"" }.joined(separator: " ")
    }
}

extension String {
    fileprivate func replacingBackslashesAndQuotes() -> String {
        var out = ""
        for character in self {
            if character == "\\" || character == "\"" { out.append("\\") }
            out.append(character)
        }
        return out
    }
}
