import NIOCore
import SMTPProtocol

/// Reads command lines and SASL response lines: strict CRLF framing with a length cap
/// (`SMTPLineFramer`), plus what a server needs on top of it: an over-long line is discarded up to
/// its CRLF with bounded memory, then reported once, so the reply stays in step with the client's
/// commands (RFC 2920 §3.1: one reply per command, in order).
///
/// RFC 5321 §2.3.8: CR and LF only occur together as CRLF. A bare LF or a bare CR is reported and
/// never taken as a line end.
struct LineReader: Sendable, Hashable {
    enum Event: Sendable, Hashable {
        /// A complete line without its CRLF.
        case line([UInt8])
        /// A line longer than the limit ended; its bytes were discarded.
        case tooLong
        case bareLineFeed
        case bareCarriageReturn
        /// Everything readable was consumed or is a partial line still within the limit.
        case needMoreData
    }

    /// Discarding the rest of an over-long line.
    private var discarding = false
    /// While discarding: the last byte consumed was a CR.
    private var discardedCR = false

    /// Reads the next event. Consumes the line (with its CRLF), or the discarded bytes; leaves a
    /// partial line that is still within `maximumLength` in the buffer.
    mutating func next(_ buffer: inout ByteBuffer, maximumLength: Int) -> Event {
        if self.discarding {
            return self.discard(&buffer)
        }
        do {
            guard let line = try SMTPLineFramer(maximumLineLength: maximumLength).nextLine(&buffer) else {
                return .needMoreData
            }
            return .line(Array(line.readableBytesView))
        } catch let error as SMTPProtocolError where error.code == .lineTooLong {
            self.discarding = true
            self.discardedCR = false
            return self.discard(&buffer)
        } catch let error as SMTPProtocolError where error.code == .bareLineFeed {
            return .bareLineFeed
        } catch {
            return .bareCarriageReturn
        }
    }

    /// Consumes bytes up to and including the CRLF that ends the over-long line. Bare CR and LF
    /// are still errors here: the discarded line must not hide a smuggled line end.
    private mutating func discard(_ buffer: inout ByteBuffer) -> Event {
        let view = buffer.readableBytesView
        var consumed = 0
        defer { buffer.moveReaderIndex(forwardBy: consumed) }
        for byte in view {
            consumed += 1
            if self.discardedCR {
                guard byte == UInt8(ascii: "\n") else { return .bareCarriageReturn }
                self.discarding = false
                self.discardedCR = false
                return .tooLong
            }
            switch byte {
            case UInt8(ascii: "\r"): self.discardedCR = true
            case UInt8(ascii: "\n"): return .bareLineFeed
            default: break
            }
        }
        return .needMoreData
    }
}
