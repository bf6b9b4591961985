import DNSProtocol
import DNSResolver

extension DomainVerifier {
    /// Checks that `returnPathDomain` is a CNAME for `expectedTarget` (Postmark's
    /// `ReturnPathDomainCNAMEValue`, such as "pm.mtasv.net"). Names compare without regard to
    /// ASCII case (RFC 4343) and a trailing dot on either side is ignored. Only the first link
    /// counts: the alias must point at the target itself, not through another alias.
    public func verifyReturnPath(returnPathDomain: String, expectedTarget: String) async -> VerificationResult {
        let host = Self.normalized(returnPathDomain)
        let expectedText = Self.normalized(expectedTarget)
        guard let expected = try? DNSName(expectedText), !expected.isRoot else {
            return .failure("the expected CNAME target \"\(expectedTarget)\" is not a valid domain name")
        }
        let targets: [DNSName]
        switch await lookup(.cname, at: host, resolver.cname) {
        case .records(let found): targets = found
        case .missing(let reason): return .failure(reason + "; it must be a CNAME to \(expectedText)")
        case .failed(let result): return result
        }
        // RFC 2181 §10.1: an alias has exactly one CNAME.
        guard targets.count == 1 else {
            let list = targets.map(\.description).joined(separator: ", ")
            return .failure("\(targets.count) CNAME records at \(host) (\(list)): a name may have only one")
        }
        guard targets[0] == expected else {
            return .failure("CNAME points to \(targets[0]) instead of \(expectedText)")
        }
        return .success
    }
}
