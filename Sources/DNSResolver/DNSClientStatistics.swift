/// Counters of one `DNSClient`, for metrics and for tests that must tell a cache hit from a
/// network round trip.
public struct DNSClientStatistics: Sendable, Hashable {
    /// Queries sent over UDP (each try counts).
    public var udpQueries = 0
    /// Queries sent over TCP (after a truncated UDP reply).
    public var tcpQueries = 0
    /// Lookups answered from the cache.
    public var cacheHits = 0
    /// Lookups that had to ask a server.
    public var cacheMisses = 0
    /// UDP replies with the TC bit set.
    public var truncatedReplies = 0
    /// Packets dropped because they did not match the query (ID, source or question).
    public var ignoredReplies = 0
    /// Tries that ran out of time.
    public var timeouts = 0

    public init() {}
}
