import DNSProtocol
@testable import DNSResolver
import NIOCore
import Testing

/// RFC 5452 §9.1 matching of replies to queries, without sockets.
@Suite("ReplyMatcher")
struct ReplyMatcherTests {
    static let name = try! DNSName("example.test")
    static let server = try! SocketAddress(ipAddress: "127.0.0.1", port: 10053)
    static let matcher = ReplyMatcher(id: 0x4242, question: DNSQuestion(name: name, type: .mx), server: server)

    static func reply(
        id: UInt16 = 0x4242, isResponse: Bool = true, opcode: UInt8 = 0, truncated: Bool = false, rcode: UInt8 = 0,
        questions: [DNSQuestion] = [DNSQuestion(name: name, type: .mx)]
    ) -> [UInt8] {
        try! DNSMessage(
            header: DNSHeader(id: id, isResponse: isResponse, opcode: opcode, isTruncated: truncated, rcode: rcode),
            questions: questions,
            answers: [DNSResourceRecord(name: name, ttl: 60, data: .mx(MXRecord(preference: 10, exchange: name)))]
        ).encoded()
    }

    enum Expected: Equatable {
        case accept, truncated, malformed
        case ignore(ReplyMatcher.Reason)
    }

    static func verdict(_ bytes: [UInt8], from source: SocketAddress? = server) -> Expected {
        switch matcher.match(bytes, from: source) {
        case .accept: .accept
        case .truncated: .truncated
        case .malformed: .malformed
        case .ignore(let reason): .ignore(reason)
        }
    }

    @Test("accepts the matching reply; the question matches without regard to case")
    func accepts() throws {
        #expect(Self.verdict(Self.reply()) == .accept)
        let upper = DNSQuestion(name: try DNSName("EXAMPLE.Test"), type: .mx)
        #expect(Self.verdict(Self.reply(questions: [upper])) == .accept)
        #expect(Self.verdict(Self.reply(), from: nil) == .accept)  // TCP: no source check
    }

    @Test("ignores what is not the reply to this query")
    func ignores() throws {
        let other = try SocketAddress(ipAddress: "127.0.0.2", port: 10053)
        let otherPort = try SocketAddress(ipAddress: "127.0.0.1", port: 10054)
        #expect(Self.verdict(Self.reply(), from: other) == .ignore(.wrongSource))
        #expect(Self.verdict(Self.reply(), from: otherPort) == .ignore(.wrongSource))
        #expect(Self.verdict(Self.reply(id: 0x4243)) == .ignore(.wrongID))
        #expect(Self.verdict(Self.reply(isResponse: false)) == .ignore(.notAResponse))
        #expect(Self.verdict(Self.reply(opcode: 2)) == .ignore(.wrongOpcode))
        let wrongType = [DNSQuestion(name: Self.name, type: .a)]
        let wrongName = [DNSQuestion(name: try DNSName("example.test.evil"), type: .mx)]
        let two = [DNSQuestion(name: Self.name, type: .mx), DNSQuestion(name: Self.name, type: .mx)]
        #expect(Self.verdict(Self.reply(questions: wrongType)) == .ignore(.wrongQuestion))
        #expect(Self.verdict(Self.reply(questions: wrongName)) == .ignore(.wrongQuestion))
        #expect(Self.verdict(Self.reply(questions: two)) == .ignore(.wrongQuestion))
        #expect(Self.verdict([1, 2, 3]) == .ignore(.undecodable))
        // No question: only accepted as an error reply, never as an answer.
        #expect(Self.verdict(Self.reply(questions: [])) == .ignore(.wrongQuestion))
        #expect(Self.verdict(Self.reply(rcode: 3, questions: [])) == .ignore(.wrongQuestion))
        #expect(Self.verdict(Self.reply(rcode: 2, questions: [])) == .accept)
    }

    @Test("TC set: truncated, even when the rest does not decode or the question is left out")
    func truncated() {
        var bytes = Self.reply(truncated: true)
        bytes.removeLast(3)
        #expect(Self.verdict(bytes) == .truncated)
        #expect(Self.verdict(Self.reply(truncated: true, questions: [])) == .truncated)  // dnslib does this
        #expect(Self.verdict(Self.reply(id: 1, truncated: true, questions: [])) == .ignore(.wrongID))
        // A truncated reply whose counts announce more records than it holds.
        var cut = Self.reply(truncated: true)
        cut[7] = 9  // ANCOUNT 9
        cut.removeLast(cut.count - 30)  // header and question only
        #expect(Self.verdict(cut) == .truncated)
    }

    @Test("the reply to this query with a broken body is malformed, not ignored")
    func malformed() {
        var bytes = Self.reply()
        bytes.removeLast(3)
        #expect(Self.verdict(bytes) == .malformed)
    }
}
