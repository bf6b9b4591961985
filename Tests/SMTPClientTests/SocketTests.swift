import Foundation
import NIOCore
import NIOPosix
import SMTPClient
import SMTPProtocol
import Testing

/// The client over real loopback sockets against the in-process scripted server: IPv6,
/// STARTTLS injection on the wire, timeouts, refused connections.
@Suite struct SocketTests {
    @Test("IPv6 literal ([::1])")
    func ipv6() async throws {
        let server = try await FakeSMTPServer.start(host: "::1", script: acceptingScript())
        defer { Task { await server.stop() } }
        let session = try await SMTPClientSession.connect(to: "[::1]", port: server.port, helo: "client.test", tls: .disabled, timeouts: testTimeouts)
        #expect(session.remoteAddress.protocol == .inet6)
        let outcomes = await session.send(envelope: (from: "s@a.test", recipients: ["r@b.test"]), message: testMessage().bytes)
        await session.quit()
        #expect(outcomes.first?.status == .delivered)
    }

    @Test("bytes injected after the 220 to STARTTLS stop the session")
    func startTLSInjection() async throws {
        let server = try await FakeSMTPServer.start { line, _ in
            switch line.prefix(4).uppercased() {
            case "<CON": return .raw("220 fake.test ESMTP\r\n")
            case "EHLO": return .raw("250-fake.test\r\n250 STARTTLS\r\n")
            // A man in the middle appends a reply of his own to the 220, in the same segment.
            case "STAR": return .raw("220 2.0.0 Ready\r\n250-fake.test\r\n250 AUTH PLAIN\r\n")
            default: return .raw("250 ok\r\n")
            }
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: SMTPClientError.self) {
            _ = try await SMTPClientSession.connect(to: "127.0.0.1", port: server.port, helo: "client.test",
                                                    tls: .opportunistic(verification: .none), timeouts: testTimeouts)
        }
        #expect(error?.code == .startTLSResponseInjection)
        #expect(error?.isTransient == true)
    }

    @Test("no reply to DATA: a transient timeout at the DATA stage")
    func dataTimeout() async throws {
        let inner = acceptingScript()
        let server = try await FakeSMTPServer.start { line, message in
            line == "DATA" ? .silence : inner(line, message)
        }
        defer { Task { await server.stop() } }
        var timeouts = testTimeouts
        timeouts.dataInitiation = .milliseconds(200)
        let session = try await SMTPClientSession.connect(to: "127.0.0.1", port: server.port, helo: "client.test", tls: .disabled, timeouts: timeouts)
        let outcomes = await session.send(envelope: (from: "s@a.test", recipients: ["r@b.test"]), message: testMessage().bytes)
        // The DATA stage's own time-out ended it (stage and local error say so; not timed).
        let outcome = try #require(outcomes.first)
        #expect(outcome.status == .transient && outcome.stage == .data && outcome.localError == .timeout)
        // The session closed after the timeout: the next send is refused at once.
        let next = await session.send(envelope: (from: "s@a.test", recipients: ["r@b.test"]), message: testMessage().bytes)
        #expect(next.first?.localError == .sessionClosed)
        await session.quit()
        #expect(!session.isOpen)
    }

    @Test("no greeting: connect fails with a transient timeout")
    func greetingTimeout() async throws {
        let server = try await FakeSMTPServer.start { _, _ in .silence }
        defer { Task { await server.stop() } }
        var timeouts = testTimeouts
        timeouts.greeting = .milliseconds(200)
        let error = await #expect(throws: SMTPClientError.self) {
            _ = try await SMTPClientSession.connect(to: "127.0.0.1", port: server.port, helo: "client.test", tls: .disabled, timeouts: timeouts)
        }
        #expect(error?.code == .timeout && error?.stage == .greeting && error?.isTransient == true)
    }

    @Test("connection refused is a transient connect failure")
    func refused() async throws {
        // Bind and close a listener to get a port with nobody on it.
        let probe = try await FakeSMTPServer.start(script: acceptingScript())
        let port = probe.port
        await probe.stop()
        let error = await #expect(throws: SMTPClientError.self) {
            _ = try await SMTPClientSession.connect(to: "127.0.0.1", port: port, helo: "client.test", tls: .disabled, timeouts: testTimeouts)
        }
        #expect(error?.code == .connectionFailed && error?.stage == .connect && error?.isTransient == true)
        let outcomes = await SMTPClientSession.deliver(
            to: "127.0.0.1", port: port, configuration: SMTPClientConfiguration(heloName: "client.test", timeouts: testTimeouts),
            tls: .disabled, envelope: SMTPEnvelope(from: "s@a.test", recipients: ["a@b.test", "c@d.test"]), message: testMessage().bytes
        )
        #expect(outcomes.map(\.status) == [.transient, .transient])
        #expect(outcomes.first?.enhancedCode == EnhancedStatusCode("4.4.1"))
        #expect(outcomes.first?.localError == .connectionFailed)
    }

    @Test("host names are refused: routing lives elsewhere")
    func notALiteral() async throws {
        let error = await #expect(throws: SMTPClientError.self) {
            _ = try await SMTPClientSession.connect(to: "mx.example.test", port: 25, helo: "client.test")
        }
        #expect(error?.code == .connectionFailed)
    }

    @Test("the server closing mid-message is transient")
    func closesDuringMessage() async throws {
        let inner = acceptingScript()
        let server = try await FakeSMTPServer.start { line, message in
            line == "<message>" ? .close : inner(line, message)
        }
        defer { Task { await server.stop() } }
        let session = try await SMTPClientSession.connect(to: "127.0.0.1", port: server.port, helo: "client.test", tls: .disabled, timeouts: testTimeouts)
        let outcomes = await session.send(envelope: (from: "s@a.test", recipients: ["r@b.test"]), message: testMessage().bytes)
        #expect(outcomes.first?.status == .transient)
        #expect(outcomes.first?.localError == .connectionLost)
        await session.quit()
    }
}
