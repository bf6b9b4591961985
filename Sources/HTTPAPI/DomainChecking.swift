/// The DNS checks behind the Domains API's verify endpoints (issue: domains and DKIM), kept
/// behind a protocol so the HTTP layer does not depend on the resolver.
public protocol DomainChecking: Sendable {
    /// The TXT record at `<selector>._domainkey.<domain>` publishes the key of `expectedValue`.
    func checkDKIM(domain: String, selector: String, expectedValue: String) async -> DomainCheckResult
    /// `returnPathDomain` is a CNAME of `expectedTarget`.
    func checkReturnPath(_ returnPathDomain: String, expectedTarget: String) async -> DomainCheckResult
    /// The domain's SPF record includes `expectedInclude`.
    func checkSPF(domain: String, expectedInclude: String) async -> DomainCheckResult
}

public struct DomainCheckResult: Sendable, Equatable {
    public var verified: Bool
    public var reason: String?
    /// A DNS failure that says nothing about the record: the previous state is kept.
    public var temporaryFailure: Bool

    public init(verified: Bool, reason: String?, temporaryFailure: Bool) {
        self.verified = verified
        self.reason = reason
        self.temporaryFailure = temporaryFailure
    }
}
