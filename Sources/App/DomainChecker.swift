import DNSResolver
import DomainVerification
import HTTPAPI

/// The Domains API's DNS checks, answered by `DomainVerifier` over Postage's own resolver (so
/// `POSTAGE_DNS_SERVERS` applies, and tests can use a DNS server on loopback).
struct DomainChecker: DomainChecking {
    let verifier: DomainVerifier

    init(resolver: any DNSResolving) {
        self.verifier = DomainVerifier(resolver: resolver)
    }

    func checkDKIM(domain: String, selector: String, expectedValue: String) async -> DomainCheckResult {
        Self.convert(await verifier.verifyDKIM(domain: domain, selector: selector, expectedValue: expectedValue))
    }

    func checkReturnPath(_ returnPathDomain: String, expectedTarget: String) async -> DomainCheckResult {
        Self.convert(await verifier.verifyReturnPath(returnPathDomain: returnPathDomain, expectedTarget: expectedTarget))
    }

    func checkSPF(domain: String, expectedInclude: String) async -> DomainCheckResult {
        Self.convert(await verifier.verifySPF(domain: domain, expectedInclude: expectedInclude))
    }

    static func convert(_ result: VerificationResult) -> DomainCheckResult {
        DomainCheckResult(verified: result.verified, reason: result.reason, temporaryFailure: result.temporaryFailure)
    }
}
