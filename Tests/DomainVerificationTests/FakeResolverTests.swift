import DNSProtocol
import DNSResolver
import DomainVerification
import Testing

/// Answers a few names from a table; for cases a real server will not produce.
struct FakeResolver: DNSResolving {
    var txtAnswers: [String: DNSAnswer<[TXTRecord]>] = [:]
    var cnameAnswers: [String: DNSAnswer<[DNSName]>] = [:]
    var error: (any Error)?

    func mx(_ domain: String) async throws -> DNSAnswer<[MXRecord]> { .noSuchDomain }
    func a(_ name: String) async throws -> DNSAnswer<[IPv4Address]> { .noSuchDomain }
    func aaaa(_ name: String) async throws -> DNSAnswer<[IPv6Address]> { .noSuchDomain }
    func txt(_ name: String) async throws -> DNSAnswer<[TXTRecord]> {
        if let error { throw error }
        return txtAnswers[name] ?? .noSuchDomain
    }
    func cname(_ name: String) async throws -> DNSAnswer<[DNSName]> {
        if let error { throw error }
        return cnameAnswers[name] ?? .noSuchDomain
    }
}

@Suite("DomainVerifier with a fake resolver")
struct FakeResolverTests {
    @Test("two CNAME records on one name (RFC 2181 §10.1) are refused")
    func twoCNAMEs() async throws {
        let resolver = FakeResolver(cnameAnswers: [
            "rp.example.test": .records([try DNSName("pm.mtasv.net"), try DNSName("other.example.test")]),
        ])
        let result = await DomainVerifier(resolver: resolver)
            .verifyReturnPath(returnPathDomain: "rp.example.test", expectedTarget: "pm.mtasv.net")
        #expect(result == .failure(
            "2 CNAME records at rp.example.test (pm.mtasv.net, other.example.test): a name may have only one"))
    }

    @Test("an expected target that is not a domain name")
    func invalidTarget() async {
        let result = await DomainVerifier(resolver: FakeResolver())
            .verifyReturnPath(returnPathDomain: "rp.example.test", expectedTarget: "bad..target")
        #expect(result == .failure("the expected CNAME target \"bad..target\" is not a valid domain name"))
    }

    @Test("an error that is not a DNS error (cancellation) is temporary")
    func otherError() async {
        let result = await DomainVerifier(resolver: FakeResolver(error: CancellationError()))
            .verifySPF(domain: "example.test", expectedInclude: "spf.mtasv.net")
        #expect(result.temporaryFailure)
        #expect(!result.verified)
        #expect(result.reason?.hasPrefix("DNS lookup failed temporarily: TXT at example.test: ") == true)
    }

    @Test("a permanent DNS error is a definite failure")
    func permanentError() async {
        let resolver = FakeResolver(error: DNSResolverError(.invalidConfiguration, "no DNS server configured", isTransient: false))
        let result = await DomainVerifier(resolver: resolver)
            .verifyDKIM(domain: "example.test", selector: "s", expectedValue: "p=TWFu")
        #expect(result == .failure("DNS lookup failed: TXT at s._domainkey.example.test: no DNS server configured"))
    }

    @Test("a key record split across strings is joined before parsing (RFC 6376 §3.6.2.2)")
    func joinedStrings() async throws {
        let record = try TXTRecord(strings: [Array("v=DKIM1; k=rsa; p=TW".utf8), Array("Fu".utf8)])
        let resolver = FakeResolver(txtAnswers: ["s._domainkey.example.test": .records([record])])
        let result = await DomainVerifier(resolver: resolver)
            .verifyDKIM(domain: "example.test", selector: "s", expectedValue: "v=DKIM1; k=rsa; p=TWFu")
        #expect(result == .success)
    }
}
