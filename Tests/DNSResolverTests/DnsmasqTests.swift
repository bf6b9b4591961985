import DNSProtocol
@testable import DNSResolver
import Foundation
import DNSTestSupport
import Testing

extension PeerTests {
    /// Lookups against dnsmasq serving the fake .test domains of scripts/dns-peers.sh.
    @Suite("dnsmasq")
    struct DnsmasqTests {
        @Test("MX records, ascending preference")
        func mx() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let answer = try await client.mx("example.test")
                let records = try #require(answer.records)
                #expect(records.map(\.description) == ["10 mx1.example.test.", "20 mx2.example.test."])
                #expect(try await client.mx("receiver.test.").records?.map(\.exchange.description) == ["mx.receiver.test"])
            }
        }

        @Test("A and AAAA records")
        func addresses() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                #expect(try await client.a("mx1.example.test") == .records([IPv4Address(127, 0, 0, 21)]))
                #expect(try await client.a("MX2.Example.Test") == .records([IPv4Address(127, 0, 0, 22)]))
                #expect(try await client.aaaa("mx2.example.test") == .records([IPv6Address("::1")!]))
            }
        }

        @Test("TXT: a DKIM key split over two strings, and two records on one name")
        func txt() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let dkim = try #require(try await client.txt("test._domainkey.example.test").records)
                #expect(dkim.count == 1)
                #expect(dkim[0].strings.count == 2)
                #expect(dkim[0].text.hasPrefix("v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ"))
                #expect(dkim[0].text.hasSuffix("ryOTIKT+l/K4w3QIDAQAB"))
                let multi = try #require(try await client.txt("multi.example.test").records)
                #expect(Set(multi.map(\.text)) == ["v=spf1 -all", "google-site-verification=abc"])
                #expect(try await client.txt("example.test").records?.map(\.text) == ["v=spf1 ip4:127.0.0.0/24 -all"])
            }
        }

        @Test("NXDOMAIN and NODATA are told apart")
        func negative() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                #expect(try await client.a("unknown.test") == .noSuchDomain)
                #expect(try await client.mx("unknown.test") == .noSuchDomain)
                #expect(try await client.mx("nomx.test") == .noData)
                #expect(try await client.a("nomx.test") == .records([IPv4Address(127, 0, 0, 23)]))
            }
        }

        @Test("null MX (RFC 7505)")
        func nullMX() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let records = try #require(try await client.mx("nullmx.test").records)
                #expect(records.isNullMX)
            }
        }

        @Test("CNAME: followed inside the answer, and past it when the answer stops at the alias")
        func cname() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let result = try await client.lookup("www.example.test", type: .a)
                #expect(result.canonicalName == (try DNSName("mx1.example.test")))
                #expect(result.outcome == .records([DNSResourceRecord(name: try DNSName("mx1.example.test"), ttl: result.ttl, data: .a(IPv4Address(127, 0, 0, 21)))]))
                // dnsmasq answers MX for the alias with the CNAME alone: the client asks for the target.
                #expect(try await client.mx("www.example.test") == .noData)
            }
        }

        @Test("CNAME lookups: the alias's own target, not followed; NODATA; NXDOMAIN; cached")
        func cnameRecords() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                #expect(try await client.cname("www.example.test") == .records([try DNSName("mx1.example.test")]))
                // A target outside dnsmasq's data is still returned: nothing is followed.
                #expect(try await client.cname("pm-bounces.verify.test.") == .records([try DNSName("pm.mtasv.net")]))
                #expect(try await client.cname("mx1.example.test") == .noData)
                #expect(try await client.cname("unknown.test") == .noSuchDomain)
                let again = try await client.lookup("www.example.test", type: .cname)
                #expect(again.isFromCache)
                #expect(again.ttl <= 60)
                #expect(client.statistics.udpQueries == 4)
            }
        }

        @Test("TXT behind a CNAME (a delegated DKIM selector): the chain is followed, strings kept")
        func txtThroughCNAME() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let result = try await client.lookup("alias._domainkey.verify.test", type: .txt)
                #expect(result.canonicalName == (try DNSName("rsa2048._domainkey.verify.test")))
                let records = try #require(try await client.txt("alias._domainkey.verify.test").records)
                #expect(records.count == 1)
                #expect(records[0].strings.count == 3)
                #expect(records[0].text.hasPrefix("v=DKIM1; k=rsa; p=MIIBIjAN"))
                #expect(records[0].text.hasSuffix("VQIDAQAB"))
                #expect(client.statistics.udpQueries == 1)  // CNAME and TXT came in one answer
            }
        }

        @Test("a second lookup is served from the cache, without a packet")
        func cacheHit() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let first = try await client.lookup("cache.example.test", type: .a)
                #expect(!first.isFromCache)
                #expect(first.ttl == 60)  // local-ttl=60
                let second = try await client.lookup("cache.example.test", type: .a)
                #expect(second.isFromCache)
                #expect(second.outcome == first.outcome)
                #expect(second.ttl <= 60)
                let statistics = client.statistics
                #expect(statistics.udpQueries == 1)
                #expect(statistics.cacheHits == 1)
                #expect(statistics.cacheMisses == 1)
                // And at the server: once dnsmasq has logged the first query, there is no second.
                try await eventually { try peers.dnsmasqQueries(name: "cache.example.test", type: "A") >= 1 }
                try await Task.sleep(for: .milliseconds(100))
                #expect(try peers.dnsmasqQueries(name: "cache.example.test", type: "A") == 1)
            }
        }

        @Test("100 parallel lookups of different names")
        func parallelDistinct() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq]) { client async throws in
                let answers = try await withThrowingTaskGroup(of: DNSAnswer<[IPv4Address]>.self) { group in
                    for index in 0..<100 {
                        group.addTask { try await client.a("n\(index).conc.test") }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                #expect(answers.count == 100)
                #expect(answers.allSatisfy { $0 == .records([IPv4Address(127, 0, 0, 40)]) })
                #expect(client.statistics.udpQueries == 100)
            }
        }

        @Test("100 parallel lookups of mixed names and types on one client, cache off")
        func parallelMixed() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.dnsmasq], cache: .disabled) { client async throws in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for index in 0..<100 {
                        group.addTask { () async throws in
                            switch index % 4 {
                            case 0: #expect(try await client.mx("example.test").records?.count == 2)
                            case 1: #expect(try await client.a("mx1.example.test") == .records([IPv4Address(127, 0, 0, 21)]))
                            case 2: #expect(try await client.txt("multi.example.test").records?.count == 2)
                            default: #expect(try await client.a("unknown.test") == .noSuchDomain)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
                #expect(client.statistics.udpQueries == 100)
                #expect(client.statistics.cacheHits == 0)
            }
        }

        @Test("POSTAGE_DNS_SERVERS configures a working client")
        func fromEnvironment() async throws {
            let peers = try DNSPeers.require()
            let client = try DNSClient.fromEnvironment(
                ["POSTAGE_DNS_SERVERS": peers.dnsmasq.description], resolvConfPath: "/nonexistent/resolv.conf")
            #expect(try await client.mx("example.test").records?.count == 2)
            await client.shutdown()
        }
    }
}
