import DNSProtocol
@testable import DNSResolver
import Foundation
import DNSTestSupport
import Testing

extension PeerTests {
    /// An authoritative server for testdata/dns/example.test.zone (faulty_dns.py, 512-byte UDP):
    /// SOA in negative answers, CNAMEs, a 2-string DKIM key, and an answer too big for UDP.
    @Suite("example.test zone")
    struct ZoneTests {
        @Test("an answer too big for UDP comes complete over TCP")
        func bigAnswer() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { client async throws in
                let records = try #require(try await client.txt("big.example.test").records)
                #expect(records.count == 6)
                #expect(Set(records.map { $0.text.prefix(2) }) == ["0-", "1-", "2-", "3-", "4-", "5-"])
                #expect(records.allSatisfy { $0.joined.count == 202 })
                #expect(client.statistics.tcpQueries == 1)
            }
        }

        @Test("the 2048-bit DKIM key: one record, two strings, 410 bytes joined")
        func dkim() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { client async throws in
                let records = try #require(try await client.txt("rsa2024._domainkey.example.test").records)
                #expect(records.count == 1)
                #expect(records[0].strings.count == 2)
                #expect(records[0].joined.count == 410)
                #expect(records[0].text.hasPrefix("v=DKIM1; k=rsa; p=MIIBIjAN"))
                #expect(records[0].text.hasSuffix("VQIDAQAB"))
            }
        }

        @Test("MX, AAAA, CNAME, implicit MX, null MX")
        func records() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { client async throws in
                #expect(try await client.mx("example.test").records?.map(\.description) == ["10 mx1.example.test.", "20 mx2.example.test."])
                #expect(try await client.aaaa("mx2.example.test") == .records([IPv6Address("::1")!]))
                let alias = try await client.lookup("cname-mx.example.test", type: .a)
                #expect(alias.canonicalName == (try DNSName("mx1.example.test")))
                #expect(try await client.a("cname-mx.example.test") == .records([IPv4Address(127, 0, 0, 21)]))
                #expect(try await client.mx("nomx.example.test") == .noData)
                #expect(try await client.mx("nullmx.example.test").records?.isNullMX == true)
                #expect(try await client.a("nothere.example.test") == .noSuchDomain)
            }
        }

        @Test("CNAME lookups at an authoritative server: target, NODATA with SOA, NXDOMAIN, cached")
        func cnameRecords() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { client async throws in
                #expect(try await client.cname("cname-mx.example.test") == .records([try DNSName("mx1.example.test")]))
                // Names compare without case: the second lookup is the cached first one.
                #expect(try await client.cname("CNAME-MX.example.test.") == .records([try DNSName("mx1.example.test")]))
                #expect(try await client.cname("mx1.example.test") == .noData)
                #expect(try await client.cname("nothere.example.test") == .noSuchDomain)
                // Negative answers carry an SOA here, so they are cached too.
                #expect(try await client.lookup("mx1.example.test", type: .cname).isFromCache)
                #expect(try peers.loggedQueries(at: .zone, name: "cname-mx.example.test.", type: "CNAME") == 1)
            }
        }

        @Test("positive answers are cached by TTL: one packet at the server for two lookups")
        func positiveCache() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { client async throws in
                let first = try await client.txt("_spf.example.test")
                let second = try await client.lookup("_spf.example.test", type: .txt)
                #expect(first.records?.map(\.text) == ["v=spf1 ip4:127.0.1.0/24 ~all"])
                #expect(second.isFromCache)
                #expect(second.ttl <= 60 && second.ttl >= 58)
                #expect(client.statistics.udpQueries == 1)
                #expect(try peers.loggedQueries(at: .zone, name: "_spf.example.test.", type: "TXT") == 1)
            }
        }

        @Test("NXDOMAIN is cached by the SOA minimum; the cache can be cleared")
        func negativeCache() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.zone]) { (client: DNSClient) async throws -> Void in
                #expect(try await client.mx("negative-cache.example.test") == .noSuchDomain)
                #expect(try await client.mx("negative-cache.example.test") == .noSuchDomain)
                #expect(try peers.loggedQueries(at: .zone, name: "negative-cache.example.test.", type: "MX") == 1)
                client.clearCache()
                #expect(try await client.mx("negative-cache.example.test") == .noSuchDomain)
                #expect(try peers.loggedQueries(at: .zone, name: "negative-cache.example.test.", type: "MX") == 2)
            }
        }

        @Test("a negative-TTL cap below the SOA's shortens caching")
        func negativeCap() async throws {
            let peers = try DNSPeers.require()
            let configuration = DNSClientConfiguration(
                servers: [peers.zone], cache: .init(maximumEntries: 10, maximumTTL: 1, maximumNegativeTTL: 1))
            try await withClient(configuration) { client async throws in
                #expect(try await client.a("negative-cap.example.test") == .noSuchDomain)
                try await Task.sleep(for: .milliseconds(1100))
                #expect(try await client.a("negative-cap.example.test") == .noSuchDomain)
                #expect(client.statistics.udpQueries == 2)
            }
        }
    }
}
