import DNSProtocol
@testable import DNSResolver
import NIOCore
import Testing

@Suite("DNSCache")
struct DNSCacheTests {
    static let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    static func key(_ name: String, _ type: DNSRecordType = .a) -> DNSCache.Key {
        DNSCache.Key(name: try! DNSName(name), type: type)
    }

    static func result(_ name: String, _ outcome: DNSLookupResult.Outcome = .noData) -> DNSLookupResult {
        let dnsName = try! DNSName(name)
        return DNSLookupResult(name: dnsName, type: .a, canonicalName: dnsName, outcome: outcome, ttl: 0)
    }

    @Test("an entry lives for its TTL and reports the remaining TTL")
    func ttl() {
        var cache = DNSCache(maximumEntries: 10)
        cache.insert(Self.result("a.test"), for: Self.key("a.test"), ttl: 60, now: Self.t0)
        let hit = cache.lookup(Self.key("A.TEST"), now: Self.t0 + .seconds(20))
        #expect(hit?.ttl == 40)
        #expect(hit?.isFromCache == true)
        #expect(cache.lookup(Self.key("a.test", .mx), now: Self.t0) == nil)
        #expect(cache.lookup(Self.key("a.test"), now: Self.t0 + .seconds(60)) == nil)
        #expect(cache.count == 0)  // the expired entry was dropped
    }

    @Test("TTL 0 and a zero-size cache store nothing")
    func noStore() {
        var cache = DNSCache(maximumEntries: 10)
        cache.insert(Self.result("a.test"), for: Self.key("a.test"), ttl: 0, now: Self.t0)
        #expect(cache.count == 0)
        var none = DNSCache(maximumEntries: 0)
        none.insert(Self.result("a.test"), for: Self.key("a.test"), ttl: 60, now: Self.t0)
        #expect(none.count == 0)
    }

    @Test("when full, the oldest entry goes first; replacing an entry renews it")
    func fifoEviction() {
        var cache = DNSCache(maximumEntries: 3)
        for name in ["a.test", "b.test", "c.test"] {
            cache.insert(Self.result(name), for: Self.key(name), ttl: 600, now: Self.t0)
        }
        cache.insert(Self.result("a.test"), for: Self.key("a.test"), ttl: 600, now: Self.t0)  // a is now newest
        cache.insert(Self.result("d.test"), for: Self.key("d.test"), ttl: 600, now: Self.t0)
        #expect(cache.count == 3)
        #expect(cache.lookup(Self.key("b.test"), now: Self.t0) == nil)
        for name in ["a.test", "c.test", "d.test"] {
            #expect(cache.lookup(Self.key(name), now: Self.t0) != nil, "\(name)")
        }
    }

    @Test("when full, expired entries are dropped before live ones")
    func expiredFirst() {
        var cache = DNSCache(maximumEntries: 2)
        cache.insert(Self.result("old.test"), for: Self.key("old.test"), ttl: 600, now: Self.t0)
        cache.insert(Self.result("short.test"), for: Self.key("short.test"), ttl: 1, now: Self.t0)
        cache.insert(Self.result("new.test"), for: Self.key("new.test"), ttl: 600, now: Self.t0 + .seconds(5))
        #expect(cache.lookup(Self.key("old.test"), now: Self.t0 + .seconds(5)) != nil)
        #expect(cache.lookup(Self.key("new.test"), now: Self.t0 + .seconds(5)) != nil)
    }

    @Test("stays bounded under many inserts and replacements")
    func bounded() {
        var cache = DNSCache(maximumEntries: 100)
        for index in 0..<10_000 {
            let name = "n\(index % 250).test"
            cache.insert(Self.result(name), for: Self.key(name), ttl: 600, now: Self.t0)
            #expect(cache.count <= 100)
        }
        #expect(cache.lookup(Self.key("n249.test"), now: Self.t0) != nil)
        cache.removeAll()
        #expect(cache.count == 0)
    }
}
