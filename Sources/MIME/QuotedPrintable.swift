/// Quoted-printable content-transfer-encoding (RFC 2045 §6.7).
public enum QuotedPrintable {
    /// RFC 2045 §6.7 rule 5: encoded lines are at most 76 characters, not counting CRLF.
    public static let maximumLineLength = 76

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// Encodes `bytes`, treating each CRLF pair as a hard line break (RFC 2045 §6.7 rule 4);
    /// a lone CR or LF is encoded as `=0D` / `=0A`.
    ///
    /// - Printable ASCII 33–126 except `=` is literal (rule 2); everything else is `=XX`
    ///   with upper-case hex (rule 1).
    /// - Space and tab are literal except at the end of a line, where they are encoded so
    ///   that transports which strip trailing whitespace cannot change the data (rule 3).
    /// - Lines longer than 76 characters get soft line breaks (`=` CRLF, rule 5); an `=XX`
    ///   triple is never split.
    /// The output ends with CRLF exactly when the input does.
    public static func encode(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var lineStart = 0
        var index = 0
        while index <= bytes.count {
            let atEnd = index == bytes.count
            if atEnd || (bytes[index] == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
                encodeLine(bytes[lineStart..<index], into: &out)
                if atEnd { break }
                out.append(contentsOf: [0x0D, 0x0A])
                index += 2
                lineStart = index
            } else {
                index += 1
            }
        }
        return out
    }

    /// Encodes the UTF-8 of `text` like the byte overload.
    public static func encode(_ text: String) -> String {
        String(decoding: encode(Array(text.utf8)), as: UTF8.self)
    }

    /// Encodes one line (no CRLF inside) with soft breaks.
    private static func encodeLine(_ line: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var column = 0
        let last = line.endIndex - 1
        for i in line.indices {
            let byte = line[i]
            let isLast = i == last
            let literal: Bool
            switch byte {
            case 0x20, 0x09: literal = !isLast // rule 3: no trailing whitespace
            case 0x3D: literal = false // "=" is the escape character
            case 33...126: literal = true
            default: literal = false
            }
            let width = literal ? 1 : 3
            // Leave room for the "=" of a soft break unless this is the line's last token.
            let limit = isLast ? maximumLineLength : maximumLineLength - 1
            if column + width > limit {
                out.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                column = 0
            }
            if literal {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "="))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
            column += width
        }
    }
}
