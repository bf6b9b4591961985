import NIOCore

/// Encodes a message for the DATA phase (RFC 5321 §4.1.1.4, §4.5.2).
///
/// - Line ends are normalised to CRLF: a bare LF or a bare CR becomes CRLF (RFC 5321 §2.3.8:
///   they "MUST only occur together as CRLF"; sending them bare is how SMTP smuggling starts).
/// - Transparency (§4.5.2): a line that starts with "." gets one more ".".
/// - A message that does not end with CRLF gets one, then the end-of-data `.CRLF` follows.
public enum SMTPDataEncoder {
    /// What the encoder learned about the message while encoding it.
    public struct Summary: Hashable, Sendable {
        /// RFC 1870 §3 size: octets after CRLF normalisation, without stuffing dots and without
        /// the end-of-data `.CRLF`.
        public var size: Int
        /// Whether any octet is above 127 (needs BODY=8BITMIME, RFC 6152).
        public var has8BitOctets: Bool
    }

    /// The encoded message, ready to write after the 354 reply, plus its summary.
    public static func encode(_ message: some Sequence<UInt8>) -> (ByteBuffer, Summary) {
        var buffer = ByteBuffer()
        let summary = Self.encode(message, into: &buffer)
        return (buffer, summary)
    }

    /// Appends the encoded message, including the final `.CRLF`, to `buffer`.
    @discardableResult
    public static func encode(_ message: some Sequence<UInt8>, into buffer: inout ByteBuffer) -> Summary {
        if let summary = message.withContiguousStorageIfAvailable({ Self.encode($0, into: &buffer) }) {
            return summary
        }
        let bytes = Array(message)
        return bytes.withUnsafeBufferPointer { Self.encode($0, into: &buffer) }
    }

    private static func encode(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer) -> Summary {
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: ".")
        let startWriter = buffer.writerIndex
        buffer.reserveCapacity(minimumWritableBytes: bytes.count + bytes.count / 64 + 8)
        var stuffed = 0
        var has8Bit = false
        var atLineStart = true
        // Bytes are copied in runs; a run ends at CR, LF or a dot that starts a line.
        var runStart = 0
        var index = 0
        func flushRun(upTo end: Int) {
            if end > runStart {
                buffer.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[runStart..<end])))
            }
        }
        while index < bytes.count {
            let byte = bytes[index]
            if byte == cr || byte == lf {
                flushRun(upTo: index)
                buffer.writeStaticString("\r\n")
                // CRLF counts once; a lone CR or LF also becomes one CRLF.
                if byte == cr, index + 1 < bytes.count, bytes[index + 1] == lf {
                    index += 1
                }
                index += 1
                runStart = index
                atLineStart = true
                continue
            }
            if atLineStart, byte == dot {
                flushRun(upTo: index)
                buffer.writeInteger(dot)
                stuffed += 1
                runStart = index
            }
            if byte >= 0x80 { has8Bit = true }
            atLineStart = false
            index += 1
        }
        flushRun(upTo: bytes.count)
        if !atLineStart {
            buffer.writeStaticString("\r\n")
        }
        let size = buffer.writerIndex - startWriter - stuffed
        buffer.writeStaticString(".\r\n")
        return Summary(size: size, has8BitOctets: has8Bit)
    }
}
