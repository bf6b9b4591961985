import DNSProtocol
import Logging
import NIOCore

extension DNSClient {
    /// Looks up records of `type` for `name`: from the cache when a live answer is there,
    /// otherwise from the servers, following CNAMEs.
    ///
    /// - Returns: records, NODATA or NXDOMAIN (a definite answer).
    /// - Throws: `DNSResolverError` when no server gave a definite answer (transient), or
    ///   `CancellationError` when the task is cancelled.
    public func lookup(_ name: DNSName, type: DNSRecordType) async throws -> DNSLookupResult {
        try beginLookup()
        defer { endLookup() }
        let key = DNSCache.Key(name: name, type: type)
        let cached = state.withLock { state -> DNSLookupResult? in
            let hit = state.cache.lookup(key, now: .now())
            if hit == nil { state.statistics.cacheMisses += 1 } else { state.statistics.cacheHits += 1 }
            return hit
        }
        if let cached {
            logger.trace("DNS cache hit", metadata: [DNSLogKey.name: "\(name)", DNSLogKey.type: "\(type)"])
            return cached
        }

        var current = name
        var chainTTL = UInt32.max
        for _ in 0...configuration.maximumCNAMEQueries {
            let message: DNSMessage
            do {
                message = try await query(current, type: type)
            } catch let error as DNSResolverError {
                throw error.with(name: name, type: type)
            }
            switch ResponseInterpreter.interpret(message, name: current, type: type) {
            case .answer(let outcome, let canonicalName, let ttl, let cacheTTL):
                let result = DNSLookupResult(
                    name: name, type: type, canonicalName: canonicalName, outcome: outcome, ttl: min(ttl, chainTTL))
                if let cacheTTL {
                    store(result, key: key, ttl: min(cacheTTL, chainTTL))
                }
                return result
            case .followCNAME(let target, let ttl):
                logger.debug(
                    "DNS answer ends in a CNAME without its target: asking for the target",
                    metadata: [DNSLogKey.name: "\(current)", DNSLogKey.target: "\(target)"])
                chainTTL = min(chainTTL, ttl)
                current = target
            case .brokenChain(let detail):
                throw DNSResolverError(.cnameChain, detail).with(name: name, type: type)
            }
        }
        throw DNSResolverError(
            .cnameChain, "CNAME chain needs more than \(configuration.maximumCNAMEQueries) follow-up queries"
        ).with(name: name, type: type)
    }

    /// `lookup` for a name in text form.
    public func lookup(_ name: String, type: DNSRecordType) async throws -> DNSLookupResult {
        try await lookup(try Self.parseName(name), type: type)
    }

    static func parseName(_ text: String) throws -> DNSName {
        do {
            let name = try DNSName(text)
            guard !name.isRoot else { throw DNSProtocolError(.invalidName, "the root name has no records to look up") }
            return name
        } catch {
            throw DNSResolverError(
                .invalidName, "\"\(text)\" is not a valid domain name: \(error)", isTransient: false, name: text,
                underlying: error)
        }
    }

    /// Caches an answer, capping the TTL (RFC 2308 §5 for negative answers).
    private func store(_ result: DNSLookupResult, key: DNSCache.Key, ttl: UInt32) {
        let cap: UInt32 =
            switch result.outcome {
            case .records: configuration.cache.maximumTTL
            case .noData, .noSuchDomain: configuration.cache.maximumNegativeTTL
            }
        state.withLock { $0.cache.insert(result, for: key, ttl: min(ttl, cap), now: .now()) }
    }
}
