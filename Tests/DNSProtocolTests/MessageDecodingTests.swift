import DNSProtocol
import NIOCore
import Testing

/// Hand-built replies (RFC 1035 §4.1 layout) and what the decoder must make of them.
@Suite("DNSMessage decoding")
struct MessageDecodingTests {
    static let example = try! DNSName("example.test")

    /// example.test MX: two answers whose owners and exchanges are compressed against the
    /// question name at offset 12.
    static func mxReply() -> [UInt8] {
        var wire = WireBytes.header(id: 0x1234, flags: 0x8180, qd: 1, an: 2)
        wire.name("example.test")  // 12...25
        wire.question(type: 15)
        for (preference, host, ttl) in [(10, "mx1", 300), (20, "mx2", 600)] as [(UInt16, String, UInt32)] {
            wire.pointer(12)
            wire.recordHeader(type: 15, ttl: ttl, rdlength: 2 + 4 + 2)
            wire.u16(preference)
            wire.labels(host)
            wire.pointer(12)
        }
        return wire.bytes
    }

    @Test("MX answer with compression pointers")
    func mxWithCompression() throws {
        let message = try DNSMessage(decoding: Self.mxReply())
        #expect(message.header.id == 0x1234)
        #expect(message.header.isResponse)
        #expect(message.header.isRecursionDesired)
        #expect(message.header.isRecursionAvailable)
        #expect(message.responseCode == .noError)
        #expect(message.questions == [DNSQuestion(name: Self.example, type: .mx)])
        #expect(message.answers.count == 2)
        #expect(message.answers[0].name == Self.example)
        #expect(message.answers[0].ttl == 300)
        #expect(message.answers[0].data == .mx(MXRecord(preference: 10, exchange: try DNSName("mx1.example.test"))))
        #expect(message.answers[1].data == .mx(MXRecord(preference: 20, exchange: try DNSName("mx2.example.test"))))
        #expect(message.answers[1].ttl == 600)
        #expect(message.edns == nil)
    }

    @Test("TXT record split over two character-strings joins for DKIM (RFC 6376 §3.6.2.2)")
    func txtSplitStrings() throws {
        let first = "v=DKIM1; k=rsa; p=" + String(repeating: "A", count: 200)
        let second = String(repeating: "B", count: 150) + "IDAQAB"
        var wire = WireBytes.header(qd: 1, an: 2)
        wire.name("test._domainkey.example.test")
        wire.question(type: 16)
        wire.pointer(12)
        wire.recordHeader(type: 16, rdlength: 1 + first.utf8.count + 1 + second.utf8.count)
        wire.characterString(first)
        wire.characterString(second)
        wire.pointer(12)
        wire.recordHeader(type: 16, rdlength: 1 + 11)
        wire.characterString("v=spf1 -all")
        let message = try DNSMessage(decoding: wire.bytes)
        let dkim = try #require(message.answers[0].data.txt)
        #expect(dkim.strings.count == 2)
        #expect(dkim.texts == [first, second])
        #expect(dkim.text == first + second)
        #expect(dkim.joined.count == first.utf8.count + second.utf8.count)
        #expect(message.answers[1].data.txt?.text == "v=spf1 -all")
    }

    @Test("NXDOMAIN with SOA in authority gives the RFC 2308 negative TTL")
    func nxdomainWithSOA() throws {
        var wire = WireBytes.header(flags: 0x8183, qd: 1, ns: 1)
        wire.name("nothere.example.test")  // "example.test" starts at 12 + 8 = 20
        wire.question(type: 1)
        wire.pointer(20)
        wire.recordHeader(type: 6, ttl: 60, rdlength: (1 + 2 + 2) + (1 + 10 + 2) + 20)
        wire.labels("ns")
        wire.pointer(20)
        wire.labels("hostmaster")
        wire.pointer(20)
        for value: UInt32 in [2024, 3600, 600, 86400, 30] { wire.u32(value) }
        let message = try DNSMessage(decoding: wire.bytes)
        #expect(message.responseCode == .nameError)
        #expect(message.answers.isEmpty)
        let (record, soa) = try #require(message.authoritySOA)
        #expect(record.name == Self.example)
        #expect(soa.primaryServer == (try DNSName("ns.example.test")))
        #expect(soa.responsibleMailbox == (try DNSName("hostmaster.example.test")))
        #expect(soa.serial == 2024 && soa.refresh == 3600 && soa.retry == 600 && soa.expire == 86400)
        #expect(soa.minimum == 30)
        #expect(message.negativeCachingTTL == 30)  // min(60, 30)
    }

    @Test("CNAME and A whose owner points into the CNAME's RDATA")
    func cnameThenA() throws {
        var wire = WireBytes.header(qd: 1, an: 2)
        wire.name("www.example.test")  // "example.test" at 16
        wire.question(type: 1)
        wire.pointer(12)
        wire.recordHeader(type: 5, ttl: 100, rdlength: 4 + 2)
        let target = wire.count
        wire.labels("mx1")
        wire.pointer(16)
        wire.pointer(target)
        wire.recordHeader(type: 1, ttl: 50, rdlength: 4)
        wire.append([127, 0, 0, 21])
        let message = try DNSMessage(decoding: wire.bytes)
        #expect(message.answers[0].data == .cname(try DNSName("mx1.example.test")))
        #expect(message.answers[1].name == (try DNSName("mx1.example.test")))
        #expect(message.answers[1].data == .a(IPv4Address(127, 0, 0, 21)))
    }

    @Test("AAAA, null MX, unknown type, and a TTL with the top bit set")
    func otherRecordTypes() throws {
        var wire = WireBytes.header(qd: 1, an: 3)
        wire.name("mx2.example.test")
        wire.question(type: 28)
        wire.pointer(12)
        wire.recordHeader(type: 28, rdlength: 16)
        wire.append(Array(repeating: 0, count: 15) + [1])
        wire.pointer(12)
        wire.recordHeader(type: 15, ttl: 0x8000_0001, rdlength: 3)
        wire.u16(0)
        wire.u8(0)
        wire.pointer(12)
        wire.recordHeader(type: 257, rdlength: 3)
        wire.append([1, 2, 3])
        let message = try DNSMessage(decoding: wire.bytes)
        #expect(message.answers[0].data.ipv6?.description == "::1")
        let mx = try #require(message.answers[1].data.mx)
        #expect(mx.isNull && [mx].isNullMX)
        #expect(message.answers[1].ttl == 0)  // RFC 2181 §8
        #expect(message.answers[2].type == DNSRecordType(rawValue: 257))
        #expect(message.answers[2].data == .unknown([1, 2, 3]))
        #expect(message.answers[2].description.hasSuffix("TYPE257 \\# 3 010203"))
    }

    @Test("OPT record: payload size, options, extended RCODE (RFC 6891 §6.1.3)")
    func optRecord() throws {
        var wire = WireBytes.header(flags: 0x8180, qd: 1, ar: 2)
        wire.name("example.test")
        wire.question(type: 15)
        wire.u8(0)
        wire.recordHeader(type: 41, ttl: 0x0100_8000, rdlength: 4 + 8, dnsClass: 1232)
        wire.u16(10)
        wire.u16(8)
        wire.append([1, 2, 3, 4, 5, 6, 7, 8])
        wire.labels("ns")
        wire.pointer(12)
        wire.recordHeader(type: 1, rdlength: 4)
        wire.append([127, 0, 0, 153])
        let message = try DNSMessage(decoding: wire.bytes)
        let edns = try #require(message.edns)
        #expect(edns.udpPayloadSize == 1232)
        #expect(edns.extendedRCode == 1)
        #expect(edns.dnssecOK)
        #expect(edns.options == [EDNSRecord.Option(code: 10, data: [1, 2, 3, 4, 5, 6, 7, 8])])
        #expect(message.responseCode == .badVersion)
        #expect(message.additionals.count == 1)
        #expect(message.additionals[0].data == .a(IPv4Address(127, 0, 0, 153)))
    }

    @Test("header and question alone, and decoding from a ByteBuffer")
    func headerAndQuestion() throws {
        var bytes = Self.mxReply()
        bytes.removeLast(5)  // the answers are cut short...
        let (header, questions) = try DNSMessage.decodeHeaderAndQuestions(bytes)  // ...the question is intact
        #expect(header.id == 0x1234)
        #expect(questions == [DNSQuestion(name: Self.example, type: .mx)])
        #expect(throws: DNSProtocolError.self) { try DNSMessage(decoding: bytes) }
        let buffer = ByteBuffer(bytes: Self.mxReply())
        #expect(try DNSMessage(decoding: buffer) == DNSMessage(decoding: Self.mxReply()))
    }
}
