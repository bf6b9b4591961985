import DNSProtocol
import DNSResolver
import DomainVerification
import Foundation
import DNSTestSupport
import Testing

/// The expected DNS values Postage hands out, as the Domains API shows them.
enum Expected {
    /// The 2048-bit key of shared/testdata/dns/example.test.zone (rsa2024), which scripts/dns-peers.sh
    /// also publishes under verify.test.
    static let rsa2048 = "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA2alQYhu7UdC6ToNmtcAHnRf/ZfxAV4gUPl5Qr5VodZMEZAedgXwdMsgXXzjnLt51m9WcBMUcovsma4Nv3UReLEqcBtbsS/wmbBokfMZya3RScI/F42JJteNpTLOY9vrPQbPIY5DGScNk96z/Ey+CeExdoBgCHd7s+crl+HRLdJ4eFVB0R+ThxsXfadtAwxzW5LfGbb3XP8GjHm9P/sBJVRyoKSQ1NjQjTvjX9i4yEB8E9efuZf7T0XWJjsBSVzcos1lCurH0J5io0Qpj29YPVYi7ERvTtsASUFYT5IhT9Eq/COsp9S5U4gqQQ99ytXsPPFWxhhWWHKWeVfc2u85GVQIDAQAB"
    /// RFC 8463 §A.2.
    static let ed25519 = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo="
    static let returnPath = "pm.mtasv.net"
    static let spfInclude = "spf.mtasv.net"
}

/// Everything against real DNS servers on loopback (scripts/dns-peers.sh): dnsmasq serves the
/// verify.test records, faulty_dns.py the failures and the authoritative example.test zone.
@Suite("DomainVerifier against real DNS servers on loopback", .dnsPeers,
       .disabled(if: DNSPeers.skipRequested, "POSTAGE_TEST_SKIP_DNS_PEERS=1"))
struct PeerVerificationTests {
    static func verified(_ result: VerificationResult) -> Bool {
        result == VerificationResult(verified: true, reason: nil, temporaryFailure: false)
    }

    static func refused(_ reason: String) -> VerificationResult {
        VerificationResult(verified: false, reason: reason, temporaryFailure: false)
    }

    // MARK: - DKIM

    @Test("DKIM: the published key matches", arguments: [
        // selector, domain, why it is interesting
        ("rsa2048", "verify.test", "a 2048-bit key over three character-strings"),
        ("spaced", "verify.test", "no v=, k= left to its default, base64 broken by spaces, other tags"),
        ("alias", "verify.test", "the selector is a CNAME to the record"),
        ("rsa2048", "VERIFY.test.", "domain in capitals with a trailing dot"),
    ])
    func dkimMatches(selector: String, domain: String, note: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client)
                .verifyDKIM(domain: domain, selector: selector, expectedValue: Expected.rsa2048)
            #expect(Self.verified(result), "\(note): \(result)")
        }
    }

    @Test("DKIM: an Ed25519 key (RFC 8463)")
    func dkimEd25519() async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let verifier = DomainVerifier(resolver: client)
            let same = await verifier.verifyDKIM(domain: "verify.test", selector: "ed25519", expectedValue: Expected.ed25519)
            #expect(Self.verified(same))
            let rsaExpected = await verifier.verifyDKIM(domain: "verify.test", selector: "ed25519", expectedValue: Expected.rsa2048)
            #expect(rsaExpected == Self.refused("the published key type is ed25519, expected rsa"))
        }
    }

    @Test("DKIM: what an operator must fix", arguments: [
        ("wrongkey", Expected.rsa2048, "the published key differs from the expected key"),
        ("rsa2048", "k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9PzoxZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB",
         "the published key differs from the expected key"),
        ("revoked", Expected.rsa2048, "the key at revoked._domainkey.verify.test is revoked (empty p=)"),
        ("notakey", Expected.ed25519,
         "the TXT record at notakey._domainkey.verify.test is not a valid DKIM key record: v=DKIM2 instead of v=DKIM1"),
        ("twokeys", Expected.ed25519,
         "2 TXT records at twokeys._domainkey.verify.test: a DKIM selector must have exactly one (RFC 6376 §3.6.2.2)"),
        ("nosuch", Expected.rsa2048, "no TXT record at nosuch._domainkey.verify.test (the name does not exist)"),
        ("rsa2048", "v=DKIM1; k=rsa", "the expected DKIM value is not a valid key record: no p= tag (the public key)"),
        ("rsa2048", "v=DKIM1; k=rsa; p=", "the expected DKIM value has an empty p= (a revoked key)"),
    ])
    func dkimRefused(selector: String, expected: String, reason: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client)
                .verifyDKIM(domain: "verify.test", selector: selector, expectedValue: expected)
            #expect(result == Self.refused(reason))
        }
    }

    @Test("DKIM: the 2-string key at an authoritative server")
    func dkimAuthoritative() async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.zone]) { client async throws in
            let result = await DomainVerifier(resolver: client)
                .verifyDKIM(domain: "example.test", selector: "rsa2024", expectedValue: Expected.rsa2048)
            #expect(Self.verified(result))
        }
    }

    // MARK: - Return-Path

    @Test("Return-Path: the CNAME points at the expected target", arguments: [
        ("pm-bounces.verify.test", "pm.mtasv.net"),
        ("PM-Bounces.verify.test.", "PM.MTASV.NET."),
    ])
    func returnPathMatches(name: String, target: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client).verifyReturnPath(returnPathDomain: name, expectedTarget: target)
            #expect(Self.verified(result))
        }
    }

    @Test("Return-Path: at an authoritative server")
    func returnPathAuthoritative() async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.zone]) { client async throws in
            let verifier = DomainVerifier(resolver: client)
            #expect(Self.verified(await verifier.verifyReturnPath(returnPathDomain: "cname-mx.example.test", expectedTarget: "mx1.example.test")))
            #expect(await verifier.verifyReturnPath(returnPathDomain: "mx1.example.test", expectedTarget: "pm.mtasv.net")
                == Self.refused("no CNAME record at mx1.example.test; it must be a CNAME to pm.mtasv.net"))
        }
    }

    @Test("Return-Path: what an operator must fix", arguments: [
        ("wrong-bounces.verify.test", "CNAME points to mx1.example.test instead of pm.mtasv.net"),
        ("plain.verify.test", "no CNAME record at plain.verify.test; it must be a CNAME to pm.mtasv.net"),
        ("missing.verify.test",
         "no CNAME record at missing.verify.test (the name does not exist); it must be a CNAME to pm.mtasv.net"),
    ])
    func returnPathRefused(name: String, reason: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client)
                .verifyReturnPath(returnPathDomain: name, expectedTarget: Expected.returnPath)
            #expect(result == Self.refused(reason))
        }
    }

    // MARK: - SPF

    @Test("SPF: one record with the mechanism", arguments: [
        ("verify.test", Expected.spfInclude, "beside a non-SPF TXT record"),
        ("verify.test", "include:SPF.mtasv.net.", "the mechanism written out, other case, trailing dot"),
        ("verify.test", "mx", "another mechanism"),
        ("split.spf.verify.test", Expected.spfInclude, "the include split across two character-strings"),
    ])
    func spfMatches(domain: String, include: String, note: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client).verifySPF(domain: domain, expectedInclude: include)
            #expect(Self.verified(result), "\(note): \(result)")
        }
    }

    @Test("SPF: what an operator must fix", arguments: [
        ("noinclude.spf.verify.test", "the SPF record at noinclude.spf.verify.test has no include:spf.mtasv.net"),
        ("two.spf.verify.test",
         "2 SPF records (v=spf1) at two.spf.verify.test: more than one is a permanent error (RFC 7208 §4.5); merge them into one"),
        ("afterall.spf.verify.test",
         "include:spf.mtasv.net comes after -all in the SPF record at afterall.spf.verify.test, so it is never evaluated (RFC 7208 §5.1)"),
        ("softfail.spf.verify.test",
         "the SPF record at softfail.spf.verify.test has ~include:spf.mtasv.net, which does not authorize Postage; it must be include:spf.mtasv.net"),
        ("nospf.spf.verify.test", "no SPF record (v=spf1) at nospf.spf.verify.test; it must have one with include:spf.mtasv.net"),
        ("plain.verify.test", "no TXT record at plain.verify.test; it must have an SPF record with include:spf.mtasv.net"),
        ("missing.verify.test",
         "no TXT record at missing.verify.test (the name does not exist); it must have an SPF record with include:spf.mtasv.net"),
    ])
    func spfRefused(domain: String, reason: String) async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client).verifySPF(domain: domain, expectedInclude: Expected.spfInclude)
            #expect(result == Self.refused(reason))
        }
    }

    @Test("SPF: a mechanism the record does not have")
    func spfOtherMechanism() async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client).verifySPF(domain: "verify.test", expectedInclude: "ip4:192.0.2.0/24")
            #expect(result == Self.refused("the SPF record at verify.test has no ip4:192.0.2.0/24"))
        }
    }

    // MARK: - DNS failures

    @Test("SERVFAIL, REFUSED and time-outs are temporary failures, not 'unverified'")
    func temporaryFailures() async throws {
        let peers = try DNSPeers.require()
        // SERVFAIL and REFUSED come back at once; a generous time-out keeps a loaded machine from
        // turning them into time-outs. The time-out case gets a short one of its own below.
        try await withClient([peers.faulty], timeout: .seconds(5), attempts: 1) { client async throws in
            let verifier = DomainVerifier(resolver: client)
            let dkim = await verifier.verifyDKIM(domain: "fault.test", selector: "servfail", expectedValue: Expected.rsa2048)
            #expect(dkim == VerificationResult(
                verified: false,
                reason: "DNS lookup failed temporarily: TXT at servfail._domainkey.fault.test: server answered SERVFAIL",
                temporaryFailure: true))
            let returnPath = await verifier.verifyReturnPath(returnPathDomain: "refused.fault.test", expectedTarget: Expected.returnPath)
            #expect(returnPath == VerificationResult(
                verified: false, reason: "DNS lookup failed temporarily: CNAME at refused.fault.test: server answered REFUSED",
                temporaryFailure: true))
            // And the same server answers normally for other names.
            let ok = await verifier.verifySPF(domain: "ok.fault.test", expectedInclude: Expected.spfInclude)
            #expect(ok == Self.refused("the SPF record at ok.fault.test has no include:spf.mtasv.net"))
        }
        try await withClient([peers.faulty], timeout: .milliseconds(300), attempts: 1) { client async throws in
            let spf = await DomainVerifier(resolver: client).verifySPF(
                domain: "timeout.fault.test", expectedInclude: Expected.spfInclude)
            #expect(spf == VerificationResult(
                verified: false, reason: "DNS lookup failed temporarily: TXT at timeout.fault.test: no reply in time",
                temporaryFailure: true))
        }
    }

    @Test("a name that is not a domain name is a permanent failure")
    func invalidName() async throws {
        let peers = try DNSPeers.require()
        try await withClient([peers.dnsmasq]) { client async throws in
            let result = await DomainVerifier(resolver: client).verifySPF(domain: "bad..name", expectedInclude: Expected.spfInclude)
            #expect(!result.verified)
            #expect(!result.temporaryFailure)
            #expect(result.reason?.hasPrefix("DNS lookup failed: TXT at bad..name: \"bad..name\" is not a valid domain name") == true)
        }
    }
}
