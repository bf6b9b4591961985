import DNSProtocol
import NIOCore
import Testing

@Suite("DNSMessage encoding")
struct MessageEncodingTests {
    @Test("a query: ID, RD, one question, OPT advertising 1232 bytes (RFC 6891 §6.1.2)")
    func queryBytes() throws {
        let query = DNSMessage.query(id: 0xBEEF, name: try DNSName("example.test"), type: .mx)
        var expected = WireBytes.header(id: 0xBEEF, flags: 0x0100, qd: 1, an: 0, ns: 0, ar: 1)
        expected.name("example.test")
        expected.question(type: 15)
        expected.append([0, 0x00, 0x29, 0x04, 0xD0, 0, 0, 0, 0, 0, 0])  // root, OPT, 1232, TTL 0, RDLENGTH 0
        #expect(try query.encoded() == expected.bytes)
    }

    @Test("a query without EDNS has no additional record")
    func plainQuery() throws {
        let query = DNSMessage.query(id: 7, name: try DNSName("a.test"), type: .txt, udpPayloadSize: nil)
        var expected = WireBytes.header(id: 7, flags: 0x0100, qd: 1)
        expected.name("a.test")
        expected.question(type: 16)
        #expect(try query.encoded() == expected.bytes)
        #expect(try query.encodedBuffer() == ByteBuffer(bytes: expected.bytes))
    }

    @Test("every record type survives encode then decode")
    func roundTrip() throws {
        let zone = try DNSName("example.test")
        let soa = SOARecord(
            primaryServer: try DNSName("ns.example.test"), responsibleMailbox: try DNSName("hostmaster.example.test"),
            serial: 1, refresh: 3600, retry: 600, expire: 86400, minimum: 60)
        let message = DNSMessage(
            header: DNSHeader(
                id: 0xFFFF, isResponse: true, opcode: 0, isAuthoritativeAnswer: true, isTruncated: false,
                isRecursionDesired: true, isRecursionAvailable: false, isAuthenticData: true, isCheckingDisabled: true,
                rcode: 3),
            questions: [DNSQuestion(name: zone, type: .any)],
            answers: [
                DNSResourceRecord(name: zone, ttl: 60, data: .mx(MXRecord(preference: 10, exchange: try DNSName("mx1.example.test")))),
                DNSResourceRecord(name: zone, ttl: 60, data: .mx(MXRecord(preference: 0, exchange: .root))),
                DNSResourceRecord(name: zone, ttl: 60, data: .a(IPv4Address(127, 0, 0, 1))),
                DNSResourceRecord(name: zone, ttl: 60, data: .aaaa(IPv6Address("2001:db8::1")!)),
                DNSResourceRecord(name: zone, ttl: 60, data: .txt(TXTRecord(String(repeating: "k", count: 600)))),
                DNSResourceRecord(name: try DNSName("www.example.test"), ttl: 60, data: .cname(zone)),
                DNSResourceRecord(name: zone, ttl: 60, data: .ns(try DNSName("ns.example.test"))),
                DNSResourceRecord(name: zone, type: DNSRecordType(rawValue: 257), ttl: 5, data: .unknown([0, 5, 0x69])),
            ],
            authorities: [DNSResourceRecord(name: zone, ttl: 60, data: .soa(soa))],
            additionals: [DNSResourceRecord(name: try DNSName("ns.example.test"), ttl: 60, data: .a(IPv4Address(127, 0, 0, 153)))],
            edns: EDNSRecord(udpPayloadSize: 4096, extendedRCode: 0, version: 0, dnssecOK: true, options: [.init(code: 10, data: [9, 9])]))
        let decoded = try DNSMessage(decoding: try message.encoded())
        #expect(decoded == message)
        #expect(decoded.answers[4].data.txt?.strings.map(\.count) == [255, 255, 90])
    }

    @Test("header flags map to the RFC 1035 bit positions")
    func headerFlags() {
        #expect(DNSHeader(id: 0, isResponse: true).flags == 0x8000)
        #expect(DNSHeader(id: 0, opcode: 2).flags == 0x1000)
        #expect(DNSHeader(id: 0, isAuthoritativeAnswer: true).flags == 0x0400)
        #expect(DNSHeader(id: 0, isTruncated: true).flags == 0x0200)
        #expect(DNSHeader(id: 0, isRecursionDesired: true).flags == 0x0100)
        #expect(DNSHeader(id: 0, isRecursionAvailable: true).flags == 0x0080)
        #expect(DNSHeader(id: 0, isAuthenticData: true).flags == 0x0020)
        #expect(DNSHeader(id: 0, isCheckingDisabled: true).flags == 0x0010)
        #expect(DNSHeader(id: 0, rcode: 5).flags == 0x0005)
        #expect(DNSHeader(id: 1, flags: 0x8583) == DNSHeader(id: 1, isResponse: true, isAuthoritativeAnswer: true, isRecursionDesired: true, isRecursionAvailable: true, rcode: 3))
    }

    @Test("a TXT string over 255 bytes cannot be encoded")
    func longCharacterString() {
        #expect(throws: DNSProtocolError.self) { try TXTRecord(strings: [Array(repeating: 0x61, count: 256)]) }
        #expect(throws: DNSProtocolError.self) { try TXTRecord(strings: []) }
    }
}

extension DNSRecordType {
    /// QTYPE * (RFC 1035 §3.2.3), only used in tests.
    static let any = DNSRecordType(rawValue: 255)
}
