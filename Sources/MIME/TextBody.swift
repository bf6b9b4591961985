/// Prepares text/plain and text/html bodies: CRLF line ends and the transfer encoding.
enum TextBody {
    /// Replaces every lone LF and lone CR with CRLF (RFC 5322 §2.3: CR and LF appear only
    /// together as CRLF; RFC 2046 §4.1.1: CRLF is the line break of text media).
    static func normalizeLineEndings(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                out.append(contentsOf: [0x0D, 0x0A])
                if index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else if byte == 0x0A {
                out.append(contentsOf: [0x0D, 0x0A])
            } else {
                out.append(byte)
            }
            index += 1
        }
        return out
    }

    /// True when `bytes` (already CRLF-normalised) is 7bit data (RFC 2045 §2.7): US-ASCII
    /// without NUL, CR/LF only as CRLF, and lines of at most 998 octets (RFC 5322 §2.1.1).
    static func isSevenBit(_ bytes: [UInt8]) -> Bool {
        var lineLength = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D {
                guard index + 1 < bytes.count, bytes[index + 1] == 0x0A else { return false }
                lineLength = 0
                index += 2
                continue
            }
            if byte == 0 || byte >= 0x80 || byte == 0x0A { return false }
            lineLength += 1
            if lineLength > 998 { return false }
            index += 1
        }
        return true
    }

    /// A `text/<subtype>; charset=utf-8` leaf, 7bit when possible, else quoted-printable
    /// (RFC 2045 §6.7).
    static func part(_ text: String, subtype: String) -> MIMEPart {
        let normalized = normalizeLineEndings(Array(text.utf8))
        let sevenBit = isSevenBit(normalized)
        return MIMEPart(
            headers: [
                HeaderFolder.fold(name: "Content-Type", pieces: [" text/\(subtype);", " charset=utf-8"]),
                "Content-Transfer-Encoding: " + (sevenBit ? "7bit" : "quoted-printable"),
            ],
            body: sevenBit ? normalized : QuotedPrintable.encode(normalized),
            isSevenBit: sevenBit
        )
    }
}
