import NIOCore

/// One line of a reply: `Reply-code [ ("-" / SP) textstring ] CRLF` (RFC 5321 §4.2).
public struct SMTPReplyLine: Hashable, Sendable, CustomStringConvertible {
    public var code: Int
    /// False for `250-...` (more lines follow), true for `250 ...` or a bare `250`.
    public var isLast: Bool
    public var text: String

    public init(code: Int, isLast: Bool, text: String) {
        self.code = code
        self.isLast = isLast
        self.text = text
    }

    /// Parses a line without its CRLF.
    ///
    /// RFC 5321 §4.2: `Reply-code = %x32-35 %x30-35 %x30-39`. The text is kept as UTF-8 (RFC 6531
    /// allows UTF-8 in replies); invalid sequences become U+FFFD rather than failing the session.
    public init(parsing line: ByteBuffer) throws {
        let bytes = line.readableBytesView
        func malformed() -> SMTPProtocolError {
            let shown = String(decoding: bytes.prefix(64), as: UTF8.self)
            return SMTPProtocolError(code: .malformedReplyLine, detail: "not a reply line: \(shown.debugDescription)")
        }
        guard bytes.count >= 3 else { throw malformed() }
        let start = bytes.startIndex
        let d0 = bytes[start], d1 = bytes[start + 1], d2 = bytes[start + 2]
        guard (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(d0),
              (UInt8(ascii: "0")...UInt8(ascii: "5")).contains(d1),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(d2)
        else { throw malformed() }
        self.code = Int(d0 - 48) * 100 + Int(d1 - 48) * 10 + Int(d2 - 48)
        if bytes.count == 3 {
            self.isLast = true
            self.text = ""
            return
        }
        switch bytes[start + 3] {
        case UInt8(ascii: " "): self.isLast = true
        case UInt8(ascii: "-"): self.isLast = false
        default: throw malformed()
        }
        self.text = String(decoding: bytes[(start + 4)...], as: UTF8.self)
    }

    public var description: String { "\(self.code)\(self.isLast ? " " : "-")\(self.text)" }
}
