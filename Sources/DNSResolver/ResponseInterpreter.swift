import DNSProtocol

/// Turns a reply that matched its query into an answer (pure logic, no I/O).
///
/// Response codes other than NOERROR and NXDOMAIN are failures of the server, not answers
/// about the name. For NOERROR and NXDOMAIN, the answer section is read starting at the
/// question's name and following CNAMEs (RFC 1034 §3.6.2, §5.2.2); only records of that chain
/// count, so unrelated records a server adds are ignored.
enum ResponseInterpreter {
    /// The longest CNAME chain followed inside one answer.
    static let maximumChainLength = 16

    enum Interpretation: Equatable {
        /// A definite answer. `cacheTTL` is nil when it must not be cached (a negative answer
        /// without an SOA, RFC 2308 §5).
        case answer(DNSLookupResult.Outcome, canonicalName: DNSName, ttl: UInt32, cacheTTL: UInt32?)
        /// The chain ends at `target` with no records for it and no negative proof: ask again for
        /// `target`. `ttl` is the smallest TTL of the CNAMEs followed so far.
        case followCNAME(target: DNSName, ttl: UInt32)
        /// The CNAMEs in the answer loop or go on for too long.
        case brokenChain(String)
    }

    /// nil for the codes that carry an answer, the failure code otherwise.
    static func failure(for rcode: DNSResponseCode) -> DNSResolverError.Code? {
        switch rcode {
        case .noError, .nameError: nil
        case .serverFailure: .serverFailure
        case .refused: .refused
        default: .unexpectedResponseCode
        }
    }

    /// Interprets a NOERROR or NXDOMAIN reply to the question (`name`, `type`, class IN).
    static func interpret(_ message: DNSMessage, name: DNSName, type: DNSRecordType) -> Interpretation {
        let answers = message.answers.filter { $0.dnsClass == .internet }
        var current = name
        var chainTTL = UInt32.max
        var visited: Set<DNSName> = [name]
        for _ in 0...maximumChainLength {
            let matches = answers.filter { $0.type == type && $0.name == current }
            if !matches.isEmpty {
                let ttl = min(chainTTL, matches.map(\.ttl).min() ?? 0)
                return .answer(.records(matches), canonicalName: current, ttl: ttl, cacheTTL: ttl)
            }
            guard type != .cname,
                  let alias = answers.first(where: { $0.type == .cname && $0.name == current }),
                  case .cname(let target) = alias.data
            else {
                return negative(message, requested: name, canonicalName: current, chainTTL: chainTTL)
            }
            guard visited.insert(target).inserted else {
                return .brokenChain("CNAME loop at \(target)")
            }
            chainTTL = min(chainTTL, alias.ttl)
            current = target
        }
        return .brokenChain("CNAME chain longer than \(maximumChainLength)")
    }

    /// No records of the type at the end of the chain.
    private static func negative(
        _ message: DNSMessage, requested: DNSName, canonicalName: DNSName, chainTTL: UInt32
    ) -> Interpretation {
        let negativeTTL = message.negativeCachingTTL.map { min($0, chainTTL) }
        if message.responseCode == .nameError {
            // RFC 6604 §2: with CNAMEs, NXDOMAIN is about the last name of the chain.
            return .answer(.noSuchDomain, canonicalName: canonicalName, ttl: negativeTTL ?? 0, cacheTTL: negativeTTL)
        }
        if canonicalName != requested, negativeTTL == nil {
            // A chain that leaves the server's data: NOERROR says nothing about the target yet.
            return .followCNAME(target: canonicalName, ttl: chainTTL)
        }
        return .answer(.noData, canonicalName: canonicalName, ttl: negativeTTL ?? 0, cacheTTL: negativeTTL)
    }
}
