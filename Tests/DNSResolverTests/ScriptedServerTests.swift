import DNSProtocol
@testable import DNSResolver
import Foundation
import Testing

/// Behaviour the external peers cannot produce on demand, against a server in the test process.
@Suite("DNS client against a scripted server")
struct ScriptedServerTests {
    static func name(_ text: String) -> DNSName { try! DNSName(text) }

    @Test("spoofed, mismatched and stray replies are ignored; the genuine one is used (RFC 5452)")
    func antiSpoofing() async throws {
        try await ScriptedDNSServer.with({ query in
            let asked = query.questions[0]
            return [
                .init(bytes: Scripted.reply(to: query, id: query.header.id &+ 1, answers: [Scripted.a(asked.name, 66)])),
                .init(bytes: Scripted.reply(
                    to: query, question: DNSQuestion(name: Self.name("other.test"), type: .a),
                    answers: [Scripted.a(Self.name("other.test"), 67)])),
                .init(bytes: Scripted.reply(to: query, answers: [Scripted.a(asked.name, 68)]), fromOtherAddress: true),
                .init(bytes: [0xDE, 0xAD]),
                .init(bytes: Scripted.reply(to: query, answers: [Scripted.a(asked.name, 9)])),
            ]
        }) { server in
            try await withClient([server.address], timeout: .seconds(2), attempts: 1) { client async throws in
                #expect(try await client.a("spoof.test") == .records([IPv4Address(127, 0, 0, 9)]))
                // Wrong ID, wrong question, garbage; the datagram from 127.0.0.2 never reaches the
                // connected socket (and would be dropped as wrongSource if it did).
                #expect(client.statistics.ignoredReplies >= 3)
                #expect(client.statistics.udpQueries == 1)
            }
        }
    }

    @Test("a random ID and a fresh source port for every query")
    func randomization() async throws {
        try await ScriptedDNSServer.with({ query in
            [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 1)]))]
        }) { server in
            try await withClient([server.address], cache: .disabled) { client async throws in
                for index in 0..<20 { _ = try await client.a("r\(index).test") }
                let ids = Set(server.queries.map(\.header.id))
                #expect(ids.count >= 18)  // 20 random 16-bit IDs: a collision is possible, many are not
                let ports = Set(server.sourcePorts)
                #expect(ports.count >= 18)  // the kernel picks each ephemeral port
            }
        }
    }

    @Test("FORMERR without OPT: the query is repeated without EDNS (RFC 6891 §7)")
    func ednsFallback() async throws {
        try await ScriptedDNSServer.with({ query in
            if query.edns != nil { return [.init(bytes: Scripted.reply(to: query, rcode: 1, withEDNS: false))] }
            return [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 7)]))]
        }) { server in
            try await withClient([server.address], attempts: 1) { client async throws in
                #expect(try await client.a("old.test") == .records([IPv4Address(127, 0, 0, 7)]))
                let queries = server.queries
                #expect(queries.count == 2)
                #expect(queries.first?.edns?.udpPayloadSize == 1232)
                #expect(queries.last?.edns == nil)
            }
        }
    }

    @Test("the matching reply with a broken body is a temporary malformed-reply failure")
    func malformedReply() async throws {
        try await ScriptedDNSServer.with({ query in
            var bytes = Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 1)])
            bytes.removeLast(2)
            return [.init(bytes: bytes)]
        }) { server in
            try await withClient([server.address], attempts: 2) { client async throws in
                let error = try #require(await resolverError { try await client.a("broken.test") })
                #expect(error.code == .malformedReply)
                #expect(error.isTransient)
                #expect(server.queries.count == 2)
            }
        }
    }

    @Test("SERVFAIL without a question section still fails fast")
    func servfailWithoutQuestion() async throws {
        try await ScriptedDNSServer.with({ query in
            let header = DNSHeader(id: query.header.id, isResponse: true, isRecursionDesired: true, rcode: 2)
            return [.init(bytes: try! DNSMessage(header: header).encoded())]
        }) { server in
            try await withClient([server.address], timeout: .seconds(5), attempts: 1) { client async throws in
                let error = try #require(await resolverError { try await client.mx("sf.test") })
                #expect(error.code == .serverFailure)
                // Failed on the reply, not after waiting for the time-out.
                #expect(client.statistics.timeouts == 0)
            }
        }
    }

    @Test("a CNAME chain that leaves the answer is followed with another query; TTLs combine")
    func crossQueryCNAME() async throws {
        try await ScriptedDNSServer.with({ query in
            let asked = query.questions[0].name
            if asked == Self.name("alias.test") {
                return [.init(bytes: Scripted.reply(to: query, answers: [Scripted.cname(asked, "target.test", ttl: 30)]))]
            }
            return [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(asked, 5, ttl: 300)]))]
        }) { server in
            try await withClient([server.address]) { client async throws in
                let result = try await client.lookup("alias.test", type: .a)
                #expect(result.canonicalName == Self.name("target.test"))
                #expect(result.ttl == 30)
                #expect(result.outcome == .records([Scripted.a(Self.name("target.test"), 5, ttl: 300)]))
                #expect(server.queries.map(\.questions[0].name.description) == ["alias.test", "target.test"])
                #expect(try await client.lookup("alias.test", type: .a).isFromCache)
            }
        }
    }

    @Test("a CNAME loop across queries ends with a temporary cnameChain failure")
    func crossQueryLoop() async throws {
        try await ScriptedDNSServer.with({ query in
            let asked = query.questions[0].name
            let target = asked == Self.name("a.loop.test") ? "b.loop.test" : "a.loop.test"
            return [.init(bytes: Scripted.reply(to: query, answers: [Scripted.cname(asked, target)]))]
        }) { server in
            try await withClient([server.address]) { client async throws in
                let error = try #require(await resolverError { try await client.a("a.loop.test") })
                #expect(error.code == .cnameChain)
                #expect(error.isTransient)
                #expect(server.queries.count == 5)  // the query and 4 follow-ups (maximumCNAMEQueries)
            }
        }
    }

    @Test("an invalid name is a permanent failure, and no packet is sent")
    func invalidName() async throws {
        try await ScriptedDNSServer.with({ _ in [] }) { server in
            try await withClient([server.address]) { client async throws in
                for name in ["", "a..b", "bücher.test", ".", String(repeating: "x", count: 64) + ".test"] {
                    let error = try #require(await resolverError { try await client.mx(name) })
                    #expect(error.code == .invalidName)
                    #expect(!error.isTransient)
                }
                #expect(server.queries.isEmpty)
            }
        }
    }

    @Test("TTL caps: answers are cached no longer than maximumTTL")
    func positiveCap() async throws {
        try await ScriptedDNSServer.with({ query in
            [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 1, ttl: 86_400)]))]
        }) { server in
            let configuration = DNSClientConfiguration(servers: [server.address], cache: .init(maximumTTL: 1))
            try await withClient(configuration) { client async throws in
                _ = try await client.a("capped.test")
                #expect(try await client.lookup("capped.test", type: .a).ttl <= 1)
                try await Task.sleep(for: .milliseconds(1100))
                #expect(try await client.lookup("capped.test", type: .a).isFromCache == false)
                #expect(server.queries.count == 2)
            }
        }
    }

    @Test("a silent server costs one time-out, then the next server answers")
    func failoverAfterTimeout() async throws {
        try await ScriptedDNSServer.with({ _ in [] }) { silent in
            try await ScriptedDNSServer.with({ query in
                [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 3)]))]
            }) { good in
                // The per-try time-out is long enough for the good server to answer even on a
                // loaded machine; only the lower bound on time is asserted (the wait for the silent one).
                try await withClient([silent.address, good.address], timeout: .seconds(1), attempts: 2) {
                    client async throws in
                    let elapsed = try await measure { () async throws in
                        #expect(try await client.a("failover.test") == .records([IPv4Address(127, 0, 0, 3)]))
                    }
                    #expect(elapsed >= .seconds(1))
                    #expect(client.statistics.timeouts == 1)
                    #expect(silent.queries.count == 1)
                    #expect(good.queries.count == 1)
                }
            }
        }
    }

    @Test("options rotate: queries start with each server in turn")
    func rotate() async throws {
        let script: ScriptedDNSServer.Script = { query in
            [.init(bytes: Scripted.reply(to: query, answers: [Scripted.a(query.questions[0].name, 4)]))]
        }
        try await ScriptedDNSServer.with(script) { first in
            try await ScriptedDNSServer.with(script) { second in
                let configuration = DNSClientConfiguration(
                    servers: [first.address, second.address], rotate: true, cache: .disabled)
                try await withClient(configuration) { client async throws in
                    for index in 0..<4 { _ = try await client.a("rotate\(index).test") }
                    #expect(first.queries.count == 2)
                    #expect(second.queries.count == 2)
                }
            }
        }
    }
}
