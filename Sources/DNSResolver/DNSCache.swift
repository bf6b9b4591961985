import DNSProtocol
import NIOCore

/// Answers kept until their TTL runs out (pure: the caller passes the time).
///
/// Bounded by `maximumEntries`: when full, expired entries are dropped first, then the oldest
/// inserted ones (FIFO; expired entries are also dropped when looked up). The insertion queue holds (key, generation) pairs so replacing an entry
/// leaves a stale pair behind that eviction skips; the queue is compacted when stale pairs
/// dominate, so every operation is amortized O(1).
struct DNSCache {
    struct Key: Hashable {
        var name: DNSName  // case-insensitive equality (RFC 4343)
        var type: DNSRecordType
    }

    private struct Entry {
        var result: DNSLookupResult
        var expires: NIODeadline
        var generation: UInt64
    }

    let maximumEntries: Int
    private var entries: [Key: Entry] = [:]
    private var order: [(key: Key, generation: UInt64)] = []
    private var orderStart = 0
    private var nextGeneration: UInt64 = 0
    private var insertionsSinceSweep = 0

    init(maximumEntries: Int) {
        self.maximumEntries = max(0, maximumEntries)
    }

    var count: Int { entries.count }

    /// The cached answer with its remaining TTL, or nil (an expired entry is removed).
    mutating func lookup(_ key: Key, now: NIODeadline) -> DNSLookupResult? {
        guard let entry = entries[key] else { return nil }
        guard entry.expires > now else {
            entries[key] = nil
            return nil
        }
        var result = entry.result
        let remaining = (entry.expires - now).nanoseconds / 1_000_000_000
        result.ttl = UInt32(clamping: remaining)
        result.isFromCache = true
        return result
    }

    /// Keeps `result` for `ttl` seconds. A TTL of 0 means "do not cache" (RFC 1035 §3.2.1).
    mutating func insert(_ result: DNSLookupResult, for key: Key, ttl: UInt32, now: NIODeadline) {
        guard maximumEntries > 0, ttl > 0 else { return }
        if entries[key] == nil, entries.count >= maximumEntries {
            evict(now: now)
        }
        nextGeneration += 1
        insertionsSinceSweep += 1
        entries[key] = Entry(result: result, expires: now + .seconds(Int64(ttl)), generation: nextGeneration)
        order.append((key, nextGeneration))
        compactIfNeeded()
    }

    mutating func removeAll() {
        entries.removeAll()
        order.removeAll()
        orderStart = 0
    }

    /// Frees at least one slot: expired entries first (swept at most once per
    /// `maximumEntries / 2` insertions, to stay amortized O(1)), else the oldest live one.
    private mutating func evict(now: NIODeadline) {
        if insertionsSinceSweep >= maximumEntries / 2 {
            insertionsSinceSweep = 0
            let before = entries.count
            entries = entries.filter { $0.value.expires > now }
            guard entries.count == before else { return }
        }
        while orderStart < order.count {
            let (key, generation) = order[orderStart]
            orderStart += 1
            if entries[key]?.generation == generation {
                entries[key] = nil
                return
            }
        }
    }

    private mutating func compactIfNeeded() {
        let live = order.count - orderStart
        guard live > 2 * max(entries.count, 16) || orderStart > 1024 && orderStart > live else { return }
        order = order[orderStart...].filter { entries[$0.key]?.generation == $0.generation }
        orderStart = 0
    }
}
