/// Quoted-printable decoding (RFC 2045 §6.7) for bodies, and the Q encoding of RFC 2047
/// §4.2 for encoded-words.
///
/// Rules, matching Python's `binascii.a2b_qp` except where noted:
/// - `=XX` with two hex digits of either case is one octet (rule 1; lowercase is accepted
///   as RFC 2045 §6.7 recommends for robustness);
/// - `=` at the end of a line is a soft line break (rule 5) and is removed with the line
///   break; `=` followed only by spaces/tabs up to the line break is a soft break too
///   (RFC 2045 §6.7 note on trailing whitespace added in transport; Python keeps the `=`);
/// - `==` is one `=`, and any other `=` not followed by hex digits is kept literally;
/// - `=` as the very last octet is dropped;
/// - everything else, including line breaks and trailing whitespace, is kept as is.
public enum QuotedPrintableDecoder {
    public static func decode(_ input: some Collection<UInt8>) -> [UInt8] {
        decode(Array(input), header: false)
    }

    /// Q encoding (RFC 2047 §4.2): like quoted-printable, and `_` is a space (rule 2).
    public static func decodeQ(_ input: some Collection<UInt8>) -> [UInt8] {
        decode(Array(input), header: true)
    }

    static func decode(_ bytes: [UInt8], header: Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let count = bytes.count
        while i < count {
            let byte = bytes[i]
            if byte == ASCII.underscore && header {
                out.append(ASCII.space)
                i += 1
                continue
            }
            guard byte == ASCII.equals else {
                out.append(byte)
                i += 1
                continue
            }
            i += 1
            if i >= count { break } // a final "=" is dropped
            if !header, let lineEnd = softBreakEnd(bytes, from: i) {
                i = lineEnd
                continue
            }
            let next = bytes[i]
            if next == ASCII.equals {
                out.append(ASCII.equals)
                i += 1
            } else if i + 1 < count, let high = ASCII.hexValue(next), let low = ASCII.hexValue(bytes[i + 1]) {
                out.append(high << 4 | low)
                i += 2
            } else {
                out.append(ASCII.equals)
            }
        }
        return out
    }

    /// If only WSP follows position `from` up to a line break (or a CR), the index after that
    /// line break; otherwise nil.
    private static func softBreakEnd(_ bytes: [UInt8], from: Int) -> Int? {
        var j = from
        while j < bytes.count, ASCII.isWhitespace(bytes[j]) { j += 1 }
        guard j < bytes.count else { return j > from ? j : nil } // "=" + WSP at the very end
        if bytes[j] == ASCII.lf { return j + 1 }
        if bytes[j] == ASCII.cr {
            // Python skips to the next LF after "=\r".
            var k = j
            while k < bytes.count, bytes[k] != ASCII.lf { k += 1 }
            return min(k + 1, bytes.count)
        }
        return nil
    }
}
