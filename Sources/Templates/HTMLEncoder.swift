/// The HTML encoding of `{{ }}` output: .NET `HtmlEncode`, which the engine calls (`mustachio.md` §7).
///
/// `&` `<` `>` `"` become `&amp;` `&lt;` `&gt;` `&quot;`; `'` becomes `&#39;`; U+00A0…U+00FF become decimal
/// references (`é` → `&#233;`); characters above U+FFFF become decimal references (`&#128512;`, current .NET; unsure
/// for hosted Postmark, §7 and §14.3). Other characters, including the rest of the BMP, pass unchanged.
enum HTMLEncoder {
    /// Appends `text`, encoded, to `buffer`. Works on UTF-8 bytes; text needing no encoding is copied in one go.
    static func append(_ text: String, to buffer: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var runStart = 0
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                let length: Int
                let replacement: StaticString?
                var scalarValue: UInt32 = 0
                switch byte {
                case UInt8(ascii: "&"): (length, replacement) = (1, "&amp;")
                case UInt8(ascii: "<"): (length, replacement) = (1, "&lt;")
                case UInt8(ascii: ">"): (length, replacement) = (1, "&gt;")
                case UInt8(ascii: "\""): (length, replacement) = (1, "&quot;")
                case UInt8(ascii: "'"): (length, replacement) = (1, "&#39;")
                case 0xC2 where bytes[index + 1] >= 0xA0, 0xC3:
                    // U+00A0…U+00FF: two-byte sequences C2 A0…C3 BF.
                    scalarValue = UInt32(byte & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    (length, replacement) = (2, nil)
                case 0xF0...0xF4:
                    scalarValue = UInt32(byte & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                    (length, replacement) = (4, nil)
                default:
                    index += 1
                    continue
                }
                buffer.append(contentsOf: bytes[runStart..<index])
                if let replacement {
                    replacement.withUTF8Buffer { buffer.append(contentsOf: $0) }
                } else {
                    appendReference(scalarValue, to: &buffer)
                }
                index += length
                runStart = index
            }
            buffer.append(contentsOf: bytes[runStart..<bytes.count])
        }
    }

    /// `&#N;` in decimal.
    private static func appendReference(_ value: UInt32, to buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "&"))
        buffer.append(UInt8(ascii: "#"))
        buffer.append(contentsOf: String(value).utf8)
        buffer.append(UInt8(ascii: ";"))
    }
}
