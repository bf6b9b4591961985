import DNSProtocol

/// A definite answer to one question, with the details the typed `DNSResolving` methods drop.
public struct DNSLookupResult: Sendable, Hashable {
    public enum Outcome: Sendable, Hashable {
        /// The records of the requested type owned by `canonicalName` (never empty).
        case records([DNSResourceRecord])
        /// NOERROR without records of the type (RFC 2308 §2.2).
        case noData
        /// NXDOMAIN (RFC 2308 §2.1).
        case noSuchDomain
    }

    /// The name asked for.
    public var name: DNSName
    public var type: DNSRecordType
    /// The name the answer is about: `name`, or the end of its CNAME chain.
    public var canonicalName: DNSName
    public var outcome: Outcome
    /// Seconds the answer stays valid: the smallest TTL of the records used (CNAMEs included), the
    /// RFC 2308 negative TTL for negative answers (0 when the reply had no SOA), the remaining time
    /// for an answer from the cache.
    public var ttl: UInt32
    /// The answer came from the cache, not from a server.
    public var isFromCache: Bool

    public init(
        name: DNSName, type: DNSRecordType, canonicalName: DNSName, outcome: Outcome, ttl: UInt32,
        isFromCache: Bool = false
    ) {
        self.name = name
        self.type = type
        self.canonicalName = canonicalName
        self.outcome = outcome
        self.ttl = ttl
        self.isFromCache = isFromCache
    }
}
