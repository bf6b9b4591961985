import DNSProtocol
import DNSResolver

/// Checks the DNS records a sender domain publishes for Postage: the DKIM public key, the
/// Return-Path CNAME and the SPF include (Postmark's `verifyDkim`, `verifyReturnPath`, `verifyspf`).
///
/// Every check returns a `VerificationResult` and never throws: a definite answer that does not
/// match gives `verified == false` and a reason; a DNS failure that may go away gives
/// `temporaryFailure == true`, so the caller keeps the state it had.
public struct DomainVerifier: Sendable {
    let resolver: any DNSResolving

    public init(resolver: any DNSResolving) {
        self.resolver = resolver
    }

    /// The outcome of one lookup, with DNS failures already turned into results.
    enum Lookup<Records: Sendable> {
        case records(Records)
        /// NODATA or NXDOMAIN, already phrased: "no TXT record at x" / "... (the name does not exist)".
        case missing(String)
        case failed(VerificationResult)
    }

    /// Runs one lookup and phrases its negative answers and failures for an operator.
    func lookup<Records: Sendable>(
        _ type: DNSRecordType, at name: String, _ body: (String) async throws -> DNSAnswer<Records>
    ) async -> Lookup<Records> {
        do {
            switch try await body(name) {
            case .records(let records):
                return .records(records)
            case .noData:
                return .missing("no \(type) record at \(name)")
            case .noSuchDomain:
                return .missing("no \(type) record at \(name) (the name does not exist)")
            }
        } catch let error as DNSResolverError {
            if error.isTransient {
                return .failed(.temporaryFailure("DNS lookup failed temporarily: \(type) at \(name): \(error.detail)"))
            }
            return .failed(.failure("DNS lookup failed: \(type) at \(name): \(error.detail)"))
        } catch {
            // Cancellation and anything unexpected: not an answer about the domain (unknown
            // errors are temporary).
            return .failed(.temporaryFailure("DNS lookup failed temporarily: \(type) at \(name): \(error)"))
        }
    }

    /// `name` for display and lookup: no trailing dot, so "<selector>._domainkey.<domain>" joins cleanly.
    static func normalized(_ name: String) -> String {
        var name = Substring(name)
        while name.hasSuffix(".") && name.count > 1 { name = name.dropLast() }
        return String(name)
    }
}
