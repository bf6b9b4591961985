import DNSProtocol
@testable import DNSResolver
import Foundation
import DNSTestSupport
import Testing

extension PeerTests {
    /// Failure paths against tools/faulty_dns.py serving fault.test.
    @Suite("faulty_dns.py")
    struct FaultTests {
        @Test("a normal authoritative answer")
        func ok() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty]) { client async throws in
                #expect(try await client.mx("ok.fault.test").records?.map(\.description) == ["10 mx.fault.test."])
                #expect(try await client.txt("ok.fault.test").records?.map(\.text) == ["v=spf1 ip4:127.0.0.0/8 -all"])
                #expect(try await client.mx("nxdomain.fault.test") == .noSuchDomain)
                #expect(try await client.mx("nope.fault.test") == .noSuchDomain)
                #expect(try await client.mx("nullmx.fault.test").records?.isNullMX == true)
            }
        }

        @Test("SERVFAIL is a temporary failure, after every try")
        func servfail() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], attempts: 2) { client async throws in
                let error = try #require(await resolverError { try await client.mx("servfail.fault.test") })
                #expect(error.code == .serverFailure)
                #expect(error.isTransient)
                #expect(error.name == "servfail.fault.test")
                #expect(error.type == .mx)
                #expect(error.server == peers.faulty.description)
                #expect(client.statistics.udpQueries == 2)
            }
        }

        @Test("REFUSED is a temporary failure")
        func refused() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], attempts: 1) { client async throws in
                let error = try #require(await resolverError { try await client.a("refused.fault.test") })
                #expect(error.code == .refused)
                #expect(error.isTransient)
            }
        }

        @Test("no reply: a temporary time-out after every try, in bounded time")
        func timeout() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], timeout: .milliseconds(200), attempts: 2) { client async throws in
                let elapsed = try await measure {
                    let error = try #require(await resolverError { try await client.mx("timeout.fault.test") })
                    #expect(error.code == .timeout)
                    #expect(error.isTransient)
                }
                // Two tries of 200 ms each: at least that long (an upper bound would only measure load).
                #expect(elapsed >= .milliseconds(400))
                #expect(client.statistics.udpQueries == 2)
                #expect(client.statistics.timeouts == 2)
                #expect(try peers.loggedQueries(at: .faulty, name: "timeout.fault.test.", type: "MX") >= 2)
            }
        }

        @Test("TC over UDP: the query is repeated over TCP and succeeds")
        func truncation() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty]) { client async throws in
                #expect(try await client.mx("trunc.fault.test").records?.map(\.description) == ["10 mx.fault.test."])
                let statistics = client.statistics
                #expect(statistics.truncatedReplies == 1)
                #expect(statistics.udpQueries == 1)
                #expect(statistics.tcpQueries == 1)
                #expect(try await client.txt("trunc.fault.test").records?.map(\.text) == ["v=spf1 ip4:127.0.0.0/8 -all"])
            }
        }

        @Test("replies with the wrong ID are ignored, so the query times out")
        func wrongID() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], timeout: .milliseconds(300), attempts: 2) { client async throws in
                let error = try #require(await resolverError { try await client.a("badid.fault.test") })
                #expect(error.code == .timeout)
                #expect(client.statistics.ignoredReplies == 2)
            }
        }

        @Test("a slow server: too slow for a short time-out, fine with a longer one")
        func slow() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty], timeout: .milliseconds(300), attempts: 1) { client async throws in
                let error = try #require(await resolverError { try await client.a("slow.fault.test") })
                #expect(error.code == .timeout)
            }
            try await withClient([peers.faulty], timeout: .seconds(4), attempts: 1) { client async throws in
                #expect(try await client.a("slow.fault.test") == .records([IPv4Address(127, 0, 0, 21)]))
            }
        }

        @Test("NODATA with SOA is cached by the SOA's negative TTL (RFC 2308)")
        func negativeCache() async throws {
            let peers = try DNSPeers.require()
            try await withClient([peers.faulty]) { client async throws in
                #expect(try await client.mx("nomx.fault.test") == .noData)
                let second = try await client.lookup("nomx.fault.test", type: .mx)
                #expect(second.outcome == .noData)
                #expect(second.isFromCache)
                #expect(second.ttl <= 60)
                #expect(client.statistics.udpQueries == 1)
                #expect(try peers.loggedQueries(at: .faulty, name: "nomx.fault.test.", type: "MX") == 1)
            }
        }

        @Test("a server that is not listening is skipped at once (ICMP port unreachable)")
        func deadServerFailover() async throws {
            let peers = try DNSPeers.require()
            let dead = try DNSServerAddress(host: "127.0.0.1", port: try unusedUDPPort())
            try await withClient([dead, peers.faulty], timeout: .seconds(3), attempts: 1) { client async throws in
                #expect(try await client.mx("ok.fault.test").records?.count == 1)
                // A refused port costs no time-out: the client moved on at once (counted, not timed,
                // so a loaded machine cannot fail it).
                #expect(client.statistics.timeouts == 0)
                #expect(client.statistics.udpQueries == 2)
            }
        }

        @Test("retries go to the next server: a failing one, then a good one")
        func failoverAfterServfail() async throws {
            let peers = try DNSPeers.require()
            // servfail.fault.test fails on the fault server; dnsmasq has no such name: NXDOMAIN is an answer.
            try await withClient([peers.faulty, peers.dnsmasq], attempts: 1) { client async throws in
                #expect(try await client.a("servfail.fault.test") == .noSuchDomain)
                #expect(client.statistics.udpQueries == 2)
            }
        }
    }
}

/// A UDP port on 127.0.0.1 with nothing listening (bound, then released).
func unusedUDPPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
    guard fd >= 0 else { throw POSIXError(.EIO) }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
            bind(fd, sockaddr, length) == 0 && getsockname(fd, sockaddr, &length) == 0
        }
    }
    guard bound else { throw POSIXError(.EADDRINUSE) }
    return Int(UInt16(bigEndian: address.sin_port))
}
