/// Base64 content-transfer-encoding (RFC 2045 §6.8) split into CRLF-terminated lines.
public enum Base64Lines {
    /// RFC 2045 §6.8: "encoded lines must be no more than 76 characters long".
    public static let defaultLineLength = 76

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Encodes `bytes` as base64 with a CRLF after every `lineLength` characters
    /// (rounded down to a multiple of 4, at least 4). The last line has no trailing CRLF;
    /// empty input gives empty output.
    public static func encode(_ bytes: [UInt8], lineLength: Int = defaultLineLength) -> [UInt8] {
        let perLine = max(4, lineLength - lineLength % 4)
        let encoded = plain(bytes)
        var out: [UInt8] = []
        out.reserveCapacity(encoded.count + encoded.count / perLine * 2 + 2)
        var start = 0
        while start < encoded.count {
            if start > 0 { out.append(contentsOf: [0x0D, 0x0A]) }
            let end = min(start + perLine, encoded.count)
            out.append(contentsOf: encoded[start..<end])
            start = end
        }
        return out
    }

    /// Plain base64 without line breaks, `=` padded (RFC 4648 §4; RFC 2045 §6.8 alphabet).
    static func plain(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var index = 0
        while index + 3 <= bytes.count {
            let chunk = UInt32(bytes[index]) << 16 | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2])
            out.append(alphabet[Int(chunk >> 18 & 0x3F)])
            out.append(alphabet[Int(chunk >> 12 & 0x3F)])
            out.append(alphabet[Int(chunk >> 6 & 0x3F)])
            out.append(alphabet[Int(chunk & 0x3F)])
            index += 3
        }
        let rest = bytes.count - index
        if rest > 0 {
            let b0 = UInt32(bytes[index])
            let b1 = rest == 2 ? UInt32(bytes[index + 1]) : 0
            let chunk = b0 << 16 | b1 << 8
            out.append(alphabet[Int(chunk >> 18 & 0x3F)])
            out.append(alphabet[Int(chunk >> 12 & 0x3F)])
            out.append(rest == 2 ? alphabet[Int(chunk >> 6 & 0x3F)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return out
    }
}
