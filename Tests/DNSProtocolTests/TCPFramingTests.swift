import DNSProtocol
import NIOCore
import Testing

@Suite("DNS over TCP framing (RFC 1035 §4.2.2)")
struct TCPFramingTests {
    @Test("frames carry a two-byte length")
    func frame() throws {
        let framed = try DNSTCPFraming.frame([1, 2, 3])
        #expect(Array(framed.readableBytesView) == [0, 3, 1, 2, 3])
        #expect(throws: DNSProtocolError.self) { try DNSTCPFraming.frame(Array(repeating: 0, count: 65536)) }
    }

    /// Feeds two frames split at every possible pair of points, as a stream would deliver them,
    /// and checks that exactly the two messages come out.
    @Test("reassembles frames at every byte split")
    func everySplit() throws {
        let first = MessageDecodingTests.mxReply()
        let second: [UInt8] = [9, 8, 7]
        var stream = try DNSTCPFraming.frame(first)
        var tail = try DNSTCPFraming.frame(second)
        stream.writeBuffer(&tail)
        let bytes = Array(stream.readableBytesView)
        for split1 in 0...bytes.count {
            for split2 in stride(from: split1, through: bytes.count, by: 7) {
                var buffer = ByteBuffer()
                var out: [[UInt8]] = []
                for chunk in [bytes[..<split1], bytes[split1..<split2], bytes[split2...]] {
                    buffer.writeBytes(chunk)
                    while let frame = DNSTCPFraming.readFrame(from: &buffer) {
                        out.append(Array(frame.readableBytesView))
                    }
                }
                #expect(out == [first, second], "split at \(split1), \(split2)")
                #expect(buffer.readableBytes == 0)
            }
        }
    }

    @Test("an incomplete frame leaves the buffer untouched")
    func incomplete() {
        var buffer = ByteBuffer(bytes: [0, 5, 1, 2])
        #expect(DNSTCPFraming.readFrame(from: &buffer) == nil)
        #expect(buffer.readableBytes == 4)
        var empty = ByteBuffer(bytes: [0, 0])
        #expect(DNSTCPFraming.readFrame(from: &empty)?.readableBytes == 0)
    }
}
