import Foundation
import Logging
import Storage
import StoreSQLite
import Synchronization
import Testing

@testable import Delivery

/// The delivery loop on a real SQLite queue, with scripted routing and transport. The SMTP client
/// and DNS resolver are tested against real peers in their own suites and end to end.
@Suite struct DeliveryServiceTests {
    final class ScriptedTransport: MailTransport {
        /// host name → reply for every recipient (code, enhanced, text); missing host = connection refused.
        let replies: [String: (Int, String, String)]
        let calls = Mutex<[(host: String, recipients: [String], from: String)]>([])

        init(_ replies: [String: (Int, String, String)]) { self.replies = replies }

        func deliver(envelopeFrom: String, recipients: [String], message: [UInt8], to host: MailHost) async -> [TransportOutcome] {
            calls.withLock { $0.append((host.name, recipients, envelopeFrom)) }
            guard let (code, enhanced, text) = replies[host.name] else {
                return recipients.map {
                    TransportOutcome(recipient: $0, status: .transient, code: 421, enhancedStatus: "4.4.1",
                                     text: "connection refused", remoteAddress: nil)
                }
            }
            let status: TransportOutcome.Status = code < 300 ? .delivered : code < 500 ? .transient : .permanent
            return recipients.map {
                TransportOutcome(recipient: $0, status: status, code: code, enhancedStatus: enhanced, text: text,
                                 remoteAddress: host.addresses.first)
            }
        }
    }

    struct ScriptedRouter: MailRouter {
        let routes: [String: Result<[MailHost], RoutingError>]
        func route(domain: String) async throws(RoutingError) -> [MailHost] {
            guard let result = routes[domain] else { throw RoutingError(.noSuchDomain, domain) }
            return try result.get()
        }
    }

    static func host(_ name: String) -> MailHost { MailHost(name: name, addresses: ["127.0.0.9"], port: 25) }

    func withQueue(
        sandboxed: Bool = false, recipients: [String], _ body: (SQLiteStore, NewMessage) async throws -> Void
    ) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("delivery-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try SQLiteStore.open(path: path)
        let server = try #require(try await store.bootstrap(accountToken: nil, at: Date())).server
        let message = NewMessage(
            messageID: UUID().uuidString.lowercased(), serverID: server.id, stream: "outbound", fromEmail: "s@x.test",
            fromDisplay: "s@x.test", subject: "Hi", tag: nil, to: recipients.map { RecipientEntry(email: $0, name: "") },
            cc: [], bcc: [], metadata: [], trackOpens: false, trackLinks: "None", sandboxed: sandboxed, textBody: "Hi",
            htmlBody: nil, attachmentNames: [], raw: Array("Subject: Hi\r\n\r\nHi\r\n".utf8), receivedAt: Date(),
            envelopeRecipients: recipients)
        try await store.accept([message])
        try await body(store, message)
        try await store.close()
    }

    func service(_ store: SQLiteStore, router: some MailRouter, transport: some MailTransport) -> DeliveryService {
        var configuration = DeliveryConfiguration(bounceDomain: "bounces.postage.test", owner: "test-node")
        configuration.schedule = RetrySchedule(initialDelay: 60, multiplier: 2, maximumDelay: 600, maximumAge: 3600, jitter: 0)
        return DeliveryService(store: store, router: router, transport: transport, configuration: configuration,
                               logger: Logger(label: "test"))
    }

    func events(_ store: SQLiteStore, _ message: NewMessage) async throws -> [MessageEvent] {
        try #require(try await store.outboundDetails(serverID: message.serverID, messageID: message.messageID)).events
    }

    @Test func recipientsAtOneDomainShareATransactionAndAreDelivered() async throws {
        try await withQueue(recipients: ["a@x.test", "b@x.test", "c@y.test"]) { store, message in
            let transport = ScriptedTransport(["mx.x.test": (250, "2.0.0", "Ok"), "mx.y.test": (250, "2.0.0", "Ok")])
            let router = ScriptedRouter(routes: ["x.test": .success([Self.host("mx.x.test")]), "y.test": .success([Self.host("mx.y.test")])])
            #expect(try await service(store, router: router, transport: transport).runRound() == 3)
            let calls = transport.calls.withLock { $0 }
            #expect(calls.count == 2)
            #expect(calls.first { $0.host == "mx.x.test" }?.recipients.sorted() == ["a@x.test", "b@x.test"])
            #expect(calls.allSatisfy { $0.from == "pm_bounces+\(message.messageID)@bounces.postage.test" })
            let recorded = try await events(store, message)
            #expect(recorded.map(\.type) == ["Delivered", "Delivered", "Delivered"])
            #expect(recorded[0].details["DeliveryMessage"] == "250 2.0.0 Ok")
            #expect(recorded[0].details["DestinationIP"] == "127.0.0.9")
            let summary = try #require(try await store.outboundDetails(serverID: message.serverID, messageID: message.messageID))
            #expect(summary.summary.status == .sent)
        }
    }

    @Test func nextMXOnConnectionFailureOr4xx() async throws {
        try await withQueue(recipients: ["a@x.test"]) { store, message in
            let transport = ScriptedTransport(["mx2.x.test": (451, "4.3.0", "busy"), "mx3.x.test": (250, "2.0.0", "Ok")])
            let router = ScriptedRouter(routes: ["x.test": .success(["mx1.x.test", "mx2.x.test", "mx3.x.test"].map(Self.host))])
            try await service(store, router: router, transport: transport).runRound()
            #expect(transport.calls.withLock { $0.map(\.host) } == ["mx1.x.test", "mx2.x.test", "mx3.x.test"])
            #expect(try await events(store, message).map(\.type) == ["Delivered"])
            #expect(try await events(store, message)[0].details["DestinationServer"] == "mx3.x.test")
        }
    }

    @Test func permanentRefusalIsAHardBounce() async throws {
        try await withQueue(recipients: ["nobody@x.test"]) { store, message in
            let transport = ScriptedTransport(["mx.x.test": (550, "5.1.1", "User unknown")])
            let router = ScriptedRouter(routes: ["x.test": .success([Self.host("mx.x.test")])])
            try await service(store, router: router, transport: transport).runRound()
            let recorded = try await events(store, message)
            #expect(recorded.map(\.type) == ["Bounced"])
            #expect(recorded[0].details["BounceType"] == "HardBounce")
            #expect(recorded[0].details["Summary"] == "550 5.1.1 User unknown")
            #expect(try await store.deliveries(messageID: message.messageID).map(\.status) == ["failed"])
        }
    }

    @Test func temporaryFailuresAreDeferredNotLost() async throws {
        try await withQueue(recipients: ["a@x.test", "b@dns.test"]) { store, message in
            let transport = ScriptedTransport(["mx.x.test": (451, "4.7.1", "greylisted")])
            let router = ScriptedRouter(routes: [
                "x.test": .success([Self.host("mx.x.test")]), "dns.test": .failure(RoutingError(.temporary, "SERVFAIL")),
            ])
            try await service(store, router: router, transport: transport).runRound()
            #expect(try await events(store, message).map(\.type) == ["Transient", "Transient"])
            let rows = try await store.deliveries(messageID: message.messageID)
            #expect(rows.allSatisfy { $0.status == "queued" && $0.attempts == 1 && $0.dueAt > Date().addingTimeInterval(50) })
            // Nothing is due now: the next round does nothing.
            #expect(try await service(store, router: router, transport: transport).runRound() == 0)
        }
    }

    @Test func nullMXAndMissingDomainsBounceAtOnce() async throws {
        try await withQueue(recipients: ["a@null.test", "b@gone.test"]) { store, message in
            let router = ScriptedRouter(routes: ["null.test": .failure(RoutingError(.nullMX, "null.test"))])
            let transport = ScriptedTransport([:])
            try await service(store, router: router, transport: transport).runRound()
            let recorded = try await events(store, message)
            #expect(Set(recorded.compactMap { $0.details["BounceType"] }) == ["HardBounce", "DnsError"])
            #expect(transport.calls.withLock { $0.isEmpty })
        }
    }

    @Test func sandboxServersNeverSend() async throws {
        try await withQueue(sandboxed: true, recipients: ["a@x.test"]) { store, message in
            let transport = ScriptedTransport(["mx.x.test": (250, "2.0.0", "Ok")])
            let router = ScriptedRouter(routes: ["x.test": .success([Self.host("mx.x.test")])])
            try await service(store, router: router, transport: transport).runRound()
            #expect(transport.calls.withLock { $0.isEmpty })
            #expect(try await events(store, message).map(\.type) == ["Sandboxed"])
        }
    }
}
