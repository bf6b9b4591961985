import NIOCore

/// The DATA stage: reads the message text after 354 up to CRLF "." CRLF (RFC 5321 §4.1.1.4),
/// undoing dot-stuffing (RFC 5321 §4.5.2), with bounded memory.
///
/// Framing is strict (RFC 5321 §2.3.8): only CRLF ends a line. A bare LF or CR anywhere is
/// reported at once and the session closes, so none of `<LF>.<LF>`, `<CR>.<CR>`, `<CR><LF>.<LF>`
/// or `<LF>.<CR><LF>` can end a message early and smuggle a second one (what Postfix's
/// `smtpd_forbid_bare_newline` does).
///
/// All readable bytes are consumed on each call up to the end of data, so the caller never holds
/// more than one read's worth of unconsumed bytes. Content is stored up to the size limit; after
/// an over-long line or once the message is too big, the rest is read and dropped, and the
/// outcome says why.
struct DataReceiver: Sendable {
    enum Event: Sendable, Hashable {
        /// The end-of-data line was consumed; bytes after it are left in the buffer.
        case complete
        case needMoreData
        case bareLineFeed
        case bareCarriageReturn
    }

    /// The longest text line, CRLF included (RFC 5321 §4.5.3.1.6).
    let maximumLineLength: Int
    /// The largest message, in unstuffed bytes including line ends.
    let maximumMessageSize: Int

    /// The unstuffed content so far (empty once the message is known to be rejected).
    private(set) var message: [UInt8] = []
    /// A text line was longer than `maximumLineLength`.
    private(set) var lineTooLong = false
    /// The content exceeded `maximumMessageSize`.
    private(set) var messageTooBig = false

    /// Octets of the current line seen so far, CRLF excluded, the stuffing dot included.
    private var lineLength = 0
    /// The current line started with ".": either dot-stuffing or, alone, the end of data.
    private var lineStartsWithDot = false
    /// The last byte consumed was a CR whose LF has not arrived yet.
    private var pendingCR = false

    init(maximumLineLength: Int, maximumMessageSize: Int) {
        self.maximumLineLength = maximumLineLength
        self.maximumMessageSize = maximumMessageSize
    }

    /// Whether content is still kept: false once the message is going to be rejected anyway.
    private var storing: Bool { !self.lineTooLong && !self.messageTooBig }

    mutating func consume(_ buffer: inout ByteBuffer) -> Event {
        let (event, consumed) = buffer.withUnsafeReadableBytes { bytes in self.scan(bytes) }
        buffer.moveReaderIndex(forwardBy: consumed)
        return event
    }

    private mutating func scan(_ bytes: UnsafeRawBufferPointer) -> (Event, Int) {
        let cr = UInt8(ascii: "\r")
        let lf = UInt8(ascii: "\n")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if self.pendingCR {
                guard byte == lf else { return (.bareCarriageReturn, index) }
                index += 1
                self.pendingCR = false
                // RFC 5321 §4.1.1.4: the mail data ends with a line containing only ".".
                if self.lineStartsWithDot, self.lineLength == 1 {
                    return (.complete, index)
                }
                self.store(CollectionOfOne(cr))
                self.store(CollectionOfOne(lf))
                self.lineLength = 0
                self.lineStartsWithDot = false
                continue
            }
            if byte == cr {
                self.pendingCR = true
                index += 1
                continue
            }
            if byte == lf {
                return (.bareLineFeed, index)
            }
            // A run of ordinary bytes up to the next CR or LF.
            var end = index + 1
            while end < bytes.count, bytes[end] != cr, bytes[end] != lf {
                end += 1
            }
            var start = index
            if self.lineLength == 0, byte == UInt8(ascii: ".") {
                // RFC 5321 §4.5.2: delete the first character of a line that is a period.
                self.lineStartsWithDot = true
                start += 1
            }
            self.lineLength += end - index
            // The limit counts the line as the client's text had it: without the stuffing dot,
            // with the CRLF.
            let textLength = self.lineLength - (self.lineStartsWithDot ? 1 : 0) + 2
            if textLength > self.maximumLineLength, !self.lineTooLong {
                self.lineTooLong = true
                self.message = []
            }
            self.store(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
            index = end
        }
        return (.needMoreData, index)
    }

    private mutating func store(_ bytes: some Collection<UInt8>) {
        guard self.storing, !bytes.isEmpty else { return }
        if self.message.count + bytes.count > self.maximumMessageSize {
            self.messageTooBig = true
            self.message = []
            return
        }
        self.message.append(contentsOf: bytes)
    }
}
