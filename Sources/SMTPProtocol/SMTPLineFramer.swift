import NIOCore

/// Strict CRLF line framing with a length cap, shared by the SMTP decoders.
///
/// RFC 5321 §2.3.8: lines end in CRLF, and "CR and LF MUST only occur together as CRLF". A bare LF
/// or a bare CR is an error, never a line end: the lenient reading of either is what makes SMTP
/// smuggling possible, and why NIO's `LineBasedFrameDecoder` is not used here.
/// RFC 5321 §4.5.3.1.5 caps a reply line at 512 octets including CRLF; real servers exceed it a
/// little, so the cap is configurable, but it is always finite.
public struct SMTPLineFramer: Sendable, Hashable {
    /// The longest line accepted, CRLF included.
    public var maximumLineLength: Int

    public init(maximumLineLength: Int) {
        precondition(maximumLineLength >= 3, "a line needs room for at least CRLF")
        self.maximumLineLength = maximumLineLength
    }

    /// Reads the next complete line (without its CRLF) from `buffer`. Returns nil, consuming
    /// nothing, when no complete line is buffered yet.
    public func nextLine(_ buffer: inout ByteBuffer) throws -> ByteBuffer? {
        let view = buffer.readableBytesView
        // Only look as far as a legal line can reach, so a peer sending an endless line costs
        // at most `maximumLineLength` bytes of scanning per read.
        let searchEnd = view.index(view.startIndex, offsetBy: min(view.count, self.maximumLineLength))
        guard let lf = view[view.startIndex..<searchEnd].firstIndex(of: UInt8(ascii: "\n")) else {
            if view.count >= self.maximumLineLength {
                throw SMTPProtocolError(
                    code: .lineTooLong,
                    detail: "no CRLF within \(self.maximumLineLength) bytes"
                )
            }
            try Self.rejectBareCR(view[view.startIndex..<view.endIndex], complete: false)
            return nil
        }
        guard lf != view.startIndex, view[view.index(before: lf)] == UInt8(ascii: "\r") else {
            throw SMTPProtocolError(code: .bareLineFeed, detail: "LF without CR")
        }
        let contentEnd = view.index(before: lf)
        try Self.rejectBareCR(view[view.startIndex..<contentEnd], complete: true)
        let length = view.distance(from: view.startIndex, to: contentEnd)
        let line = buffer.readSlice(length: length)!
        buffer.moveReaderIndex(forwardBy: 2)
        return line
    }

    /// A CR inside a line is an error; in an incomplete line a trailing CR may still be followed
    /// by its LF.
    private static func rejectBareCR(_ bytes: ByteBufferView.SubSequence, complete: Bool) throws {
        guard let cr = bytes.firstIndex(of: UInt8(ascii: "\r")) else { return }
        if !complete, bytes.index(after: cr) == bytes.endIndex { return }
        throw SMTPProtocolError(code: .bareCarriageReturn, detail: "CR without LF")
    }
}
