import DNSProtocol
@testable import DNSResolver
import Testing

@Suite("ResponseInterpreter")
struct ResponseInterpreterTests {
    static func name(_ text: String) -> DNSName { try! DNSName(text) }

    static let soa = DNSResourceRecord(
        name: name("example.test"), ttl: 120,
        data: .soa(SOARecord(primaryServer: name("ns.example.test"), responsibleMailbox: name("h.example.test"),
                             serial: 1, refresh: 2, retry: 3, expire: 4, minimum: 60)))

    static func reply(rcode: UInt8 = 0, _ answers: [DNSResourceRecord], authorities: [DNSResourceRecord] = []) -> DNSMessage {
        DNSMessage(header: DNSHeader(id: 1, isResponse: true, rcode: rcode), answers: answers, authorities: authorities)
    }

    static func a(_ owner: String, _ last: UInt8, ttl: UInt32 = 300) -> DNSResourceRecord {
        DNSResourceRecord(name: name(owner), ttl: ttl, data: .a(IPv4Address(127, 0, 0, last)))
    }

    static func cname(_ owner: String, _ target: String, ttl: UInt32 = 300) -> DNSResourceRecord {
        DNSResourceRecord(name: name(owner), ttl: ttl, data: .cname(name(target)))
    }

    @Test("records of the type, smallest TTL; unrelated records ignored")
    func records() {
        let message = Self.reply([Self.a("x.test", 1, ttl: 300), Self.a("x.test", 2, ttl: 100), Self.a("evil.test", 6)])
        let result = ResponseInterpreter.interpret(message, name: Self.name("X.test"), type: .a)
        #expect(result == .answer(.records([Self.a("x.test", 1, ttl: 300), Self.a("x.test", 2, ttl: 100)]),
                                  canonicalName: Self.name("x.test"), ttl: 100, cacheTTL: 100))
    }

    @Test("a CNAME chain inside the answer is followed; its TTLs count")
    func chain() {
        let message = Self.reply([Self.a("c.test", 3, ttl: 500), Self.cname("a.test", "b.test", ttl: 50), Self.cname("b.test", "c.test")])
        let result = ResponseInterpreter.interpret(message, name: Self.name("a.test"), type: .a)
        #expect(result == .answer(.records([Self.a("c.test", 3, ttl: 500)]), canonicalName: Self.name("c.test"), ttl: 50, cacheTTL: 50))
        // Asking for the CNAME itself returns it without following.
        let own = ResponseInterpreter.interpret(message, name: Self.name("a.test"), type: .cname)
        #expect(own == .answer(.records([Self.cname("a.test", "b.test", ttl: 50)]), canonicalName: Self.name("a.test"), ttl: 50, cacheTTL: 50))
    }

    @Test("TXT behind a CNAME, as a recursive server answers: CNAME then TXT, the chain's TTL")
    func txtAfterCNAME() throws {
        let txt = DNSResourceRecord(
            name: Self.name("key.provider.test"), ttl: 600,
            data: .txt(try TXTRecord(strings: [Array("v=DKIM1; p=AB".utf8), Array("CD".utf8)])))
        let message = Self.reply([Self.cname("s._domainkey.example.test", "key.provider.test", ttl: 60), txt])
        let result = ResponseInterpreter.interpret(message, name: Self.name("s._domainkey.example.test"), type: .txt)
        #expect(result == .answer(.records([txt]), canonicalName: Self.name("key.provider.test"), ttl: 60, cacheTTL: 60))
    }

    @Test("a CNAME loop is a broken chain")
    func loop() {
        let message = Self.reply([Self.cname("a.test", "b.test"), Self.cname("b.test", "A.test")])
        guard case .brokenChain = ResponseInterpreter.interpret(message, name: Self.name("a.test"), type: .a) else {
            Issue.record("loop not detected")
            return
        }
    }

    @Test("NXDOMAIN and NODATA with SOA: negative TTL min(SOA TTL, MINIMUM) (RFC 2308 §5)")
    func negative() {
        let nx = ResponseInterpreter.interpret(Self.reply(rcode: 3, [], authorities: [Self.soa]), name: Self.name("n.example.test"), type: .a)
        #expect(nx == .answer(.noSuchDomain, canonicalName: Self.name("n.example.test"), ttl: 60, cacheTTL: 60))
        let nodata = ResponseInterpreter.interpret(Self.reply([], authorities: [Self.soa]), name: Self.name("example.test"), type: .mx)
        #expect(nodata == .answer(.noData, canonicalName: Self.name("example.test"), ttl: 60, cacheTTL: 60))
    }

    @Test("negative answers without SOA are not cached")
    func negativeWithoutSOA() {
        let nx = ResponseInterpreter.interpret(Self.reply(rcode: 3, []), name: Self.name("n.test"), type: .a)
        #expect(nx == .answer(.noSuchDomain, canonicalName: Self.name("n.test"), ttl: 0, cacheTTL: nil))
        let nodata = ResponseInterpreter.interpret(Self.reply([Self.a("other.test", 1)]), name: Self.name("n.test"), type: .mx)
        #expect(nodata == .answer(.noData, canonicalName: Self.name("n.test"), ttl: 0, cacheTTL: nil))
    }

    @Test("NXDOMAIN after a CNAME is about the chain's last name (RFC 6604)")
    func nxdomainAfterCNAME() {
        let message = Self.reply(rcode: 3, [Self.cname("a.test", "gone.test", ttl: 30)], authorities: [Self.soa])
        let result = ResponseInterpreter.interpret(message, name: Self.name("a.test"), type: .a)
        #expect(result == .answer(.noSuchDomain, canonicalName: Self.name("gone.test"), ttl: 30, cacheTTL: 30))
    }

    @Test("a chain that ends without data or negative proof asks for the target")
    func incompleteChain() {
        let message = Self.reply([Self.cname("a.test", "b.other.test", ttl: 40)])
        let result = ResponseInterpreter.interpret(message, name: Self.name("a.test"), type: .mx)
        #expect(result == .followCNAME(target: Self.name("b.other.test"), ttl: 40))
    }

    @Test("response codes that are failures")
    func failures() {
        #expect(ResponseInterpreter.failure(for: .noError) == nil)
        #expect(ResponseInterpreter.failure(for: .nameError) == nil)
        #expect(ResponseInterpreter.failure(for: .serverFailure) == .serverFailure)
        #expect(ResponseInterpreter.failure(for: .refused) == .refused)
        #expect(ResponseInterpreter.failure(for: .formatError) == .unexpectedResponseCode)
        #expect(ResponseInterpreter.failure(for: .badVersion) == .unexpectedResponseCode)
    }
}
