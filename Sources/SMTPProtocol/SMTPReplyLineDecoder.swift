import NIOCore

/// Decodes reply lines (RFC 5321 §4.2) with strict CRLF framing and a length cap.
///
/// Use ``SMTPReplyDecoder`` to get whole (multi-line) replies; this one is for peers that want
/// each line as it arrives.
public struct SMTPReplyLineDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = SMTPReplyLine

    /// RFC 5321 §4.5.3.1.5 says 512 octets; real servers are sometimes longer. Still finite.
    public static let defaultMaximumLineLength = 2048

    private let framer: SMTPLineFramer

    public init(maximumLineLength: Int = Self.defaultMaximumLineLength) {
        self.framer = SMTPLineFramer(maximumLineLength: maximumLineLength)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> SMTPReplyLine? {
        guard let line = try self.framer.nextLine(&buffer) else { return nil }
        return try SMTPReplyLine(parsing: line)
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPReplyLine? {
        // A partial line at EOF is dropped: the connection is gone, and the handler turns that into
        // a "connection lost" outcome. It is never completed as if a CRLF had arrived.
        try self.decode(buffer: &buffer)
    }
}
