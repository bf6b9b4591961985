import NIOCore

/// Decodes complete replies: the lines of a multi-line reply (RFC 5321 §4.2.1) are joined into
/// one ``SMTPReply``. Framing is strict CRLF with a per-line cap, and a reply may have at most
/// `maximumLineCount` lines, so a peer cannot make the client buffer without bound.
///
/// It is a `NIOSingleStepByteToMessageDecoder`, so it works both in a `ByteToMessageHandler`
/// and inside a handler's own `NIOSingleStepByteToMessageProcessor` (which the SMTP client uses
/// to see how many unread bytes follow a reply: the STARTTLS injection check).
public struct SMTPReplyDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = SMTPReply

    public static let defaultMaximumLineCount = 256

    private var lineDecoder: SMTPReplyLineDecoder
    private let maximumLineCount: Int
    private var pendingCode: Int?
    private var pendingLines: [String] = []

    public init(
        maximumLineLength: Int = SMTPReplyLineDecoder.defaultMaximumLineLength,
        maximumLineCount: Int = Self.defaultMaximumLineCount
    ) {
        self.lineDecoder = SMTPReplyLineDecoder(maximumLineLength: maximumLineLength)
        self.maximumLineCount = maximumLineCount
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> SMTPReply? {
        while let line = try self.lineDecoder.decode(buffer: &buffer) {
            if let code = self.pendingCode, code != line.code {
                // RFC 5321 §4.2.1: every line of a multi-line reply carries the same code.
                throw SMTPProtocolError(
                    code: .inconsistentReplyCode,
                    detail: "reply started with \(code) and continued with \(line.code)"
                )
            }
            self.pendingLines.append(line.text)
            if line.isLast {
                let reply = SMTPReply(code: line.code, lines: self.pendingLines)
                self.pendingCode = nil
                self.pendingLines = []
                return reply
            }
            guard self.pendingLines.count < self.maximumLineCount else {
                throw SMTPProtocolError(code: .replyTooLong, detail: "more than \(self.maximumLineCount) lines")
            }
            self.pendingCode = line.code
        }
        return nil
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPReply? {
        // An unfinished reply at EOF is not a reply; see SMTPReplyLineDecoder.decodeLast.
        try self.decode(buffer: &buffer)
    }
}
