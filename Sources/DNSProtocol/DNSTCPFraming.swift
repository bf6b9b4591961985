import NIOCore

/// DNS over TCP frames each message with a two-byte length in network order (RFC 1035 §4.2.2,
/// RFC 7766 §8).
public enum DNSTCPFraming {
    /// The largest message a frame can carry.
    public static let maximumMessageLength = 0xFFFF

    /// `message` with its length prefix.
    public static func frame(_ message: [UInt8], allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        guard message.count <= maximumMessageLength else {
            throw DNSProtocolError(.tooLarge, "message of \(message.count) bytes does not fit a TCP frame")
        }
        var buffer = allocator.buffer(capacity: message.count + 2)
        buffer.writeInteger(UInt16(message.count))
        buffer.writeBytes(message)
        return buffer
    }

    /// Takes one complete frame's message off the front of `buffer`, or returns nil and leaves
    /// `buffer` untouched while the frame is incomplete. The length prefix limits a frame to
    /// 65535 bytes, so the buffer never has to hold more than one frame plus two bytes.
    public static func readFrame(from buffer: inout ByteBuffer) -> ByteBuffer? {
        guard let length = buffer.getInteger(at: buffer.readerIndex, as: UInt16.self),
              buffer.readableBytes >= 2 + Int(length)
        else { return nil }
        buffer.moveReaderIndex(forwardBy: 2)
        return buffer.readSlice(length: Int(length))
    }
}
