import Logging
import NIOCore
import NIOEmbedded
import NIOSSL
@testable import SMTPClient
import SMTPProtocol
import Testing

/// The channel handler in memory (EmbeddedChannel): what it writes, when it starts TLS, how it
/// enforces timeouts, what it logs.
@Suite struct HandlerTests {
    final class Box<Value> {
        var value: Value?
    }

    struct Harness {
        let channel: EmbeddedChannel
        let handler: SMTPClientHandler
        let ready: Box<Result<SMTPSessionInfo, any Error>>

        func feed(_ text: String) {
            // Errors that reach the tail are not the point here; the handler's reaction is.
            _ = try? self.channel.writeInbound(ByteBuffer(string: text))
        }

        func written() throws -> String {
            var out = ""
            while let buffer = try self.channel.readOutbound(as: ByteBuffer.self) { out += String(buffer: buffer) }
            return out
        }

        func writtenBytes() throws -> [UInt8] {
            var out: [UInt8] = []
            while let buffer = try self.channel.readOutbound(as: ByteBuffer.self) { out += buffer.readableBytesView }
            return out
        }

        var failure: SMTPClientError? {
            guard case .failure(let error) = self.ready.value else { return nil }
            return error as? SMTPClientError
        }

        var hasTLSHandler: Bool {
            (try? self.channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)) != nil
        }

        func send(_ recipients: [String], message: String) -> Box<Result<[RecipientOutcome], any Error>> {
            let box = Box<Result<[RecipientOutcome], any Error>>()
            let promise = self.channel.eventLoop.makePromise(of: [RecipientOutcome].self)
            promise.futureResult.assumeIsolated().whenComplete { box.value = $0 }
            self.handler.startTransaction(
                envelope: SMTPEnvelope(from: "s@a.test", recipients: recipients),
                payload: SMTPMessagePayload(message: Array(message.utf8)),
                promise: promise
            )
            return box
        }
    }

    func harness(
        _ configuration: SMTPClientConfiguration = .init(heloName: "client.test"),
        logger: Logger = Logger(label: "test")
    ) throws -> Harness {
        let channel = EmbeddedChannel()
        let ready = channel.eventLoop.makePromise(of: SMTPSessionInfo.self)
        let box = Box<Result<SMTPSessionInfo, any Error>>()
        ready.futureResult.assumeIsolated().whenComplete { box.value = $0 }
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .none
        let handler = SMTPClientHandler(
            configuration: configuration, sslContext: try NIOSSLContext(configuration: tls), sniHostname: nil,
            readyPromise: ready, logger: logger
        )
        try channel.pipeline.syncOperations.addHandler(handler)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 25)).wait()
        return Harness(channel: channel, handler: handler, ready: box)
    }

    /// Up to the 220 reply to STARTTLS, in `reply`.
    func negotiateUntilSTARTTLS(_ h: Harness) throws {
        h.feed("220 mx.test ESMTP\r\n")
        #expect(try h.written() == "EHLO client.test\r\n")
        h.feed("250-mx.test\r\n250 STARTTLS\r\n")
        #expect(try h.written() == "STARTTLS\r\n")
    }

    /// CVE-2011-0411 class: the 220 to STARTTLS and injected plaintext in the same read.
    @Test(arguments: ["250-mx.test\r\n250 AUTH PLAIN\r\n", "250 partial line without its CRLF"])
    func injectedBytesAfterSTARTTLSAreRefused(injected: String) throws {
        let h = try harness()
        try negotiateUntilSTARTTLS(h)
        h.feed("220 2.0.0 Ready to start TLS\r\n" + injected)
        #expect(!h.hasTLSHandler, "no handshake may start")
        #expect(h.failure?.code == .startTLSResponseInjection)
        #expect(!h.channel.isActive)
        #expect(try h.written() == "", "nothing more is sent, not even EHLO")
    }

    @Test func cleanSTARTTLSInsertsTheTLSHandlerAndLaterPlaintextNeverParses() throws {
        let h = try harness()
        try negotiateUntilSTARTTLS(h)
        h.feed("220 2.0.0 Ready to start TLS\r\n")
        #expect(h.hasTLSHandler)
        let hello = try h.writtenBytes()
        #expect(hello.first == 0x16, "a TLS handshake record (ClientHello) goes out")
        // Plaintext after the handshake began goes to TLS, fails it, and is never read as SMTP.
        h.feed("250-mx.test\r\n250 AUTH PLAIN\r\n")
        #expect(h.failure?.code == .tlsHandshakeFailed)
        #expect(!h.channel.isActive)
    }

    @Test func greetingTimeout() throws {
        var configuration = SMTPClientConfiguration(heloName: "client.test")
        configuration.timeouts.greeting = .seconds(30)
        let h = try harness(configuration)
        h.channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(h.ready.value == nil)
        h.channel.embeddedEventLoop.advanceTime(by: .seconds(1))
        #expect(h.failure?.code == .timeout)
        #expect(h.failure?.stage == .greeting)
        #expect(!h.channel.isActive)
    }

    /// The data-block timer runs while the message is written; once written, the final-reply
    /// timer (10 minutes by default) takes over, not the 3-minute data-block one.
    @Test func largeMessageInChunksThenFinalReplyTimeout() throws {
        let h = try harness()
        h.feed("220 mx.test\r\n")
        h.feed("250-mx.test\r\n250 PIPELINING\r\n")
        #expect(h.ready.value != nil)
        _ = try h.written()
        let body = String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde\r\n", count: 3000)
        let outcome = h.send(["r@b.test"], message: "Subject: big\r\n\r\n" + body)
        #expect(try h.written() == "MAIL FROM:<s@a.test>\r\nRCPT TO:<r@b.test>\r\nDATA\r\n")
        h.feed("250 ok\r\n250 ok\r\n354 go\r\n")
        var chunks = 0
        var total = 0
        while let buffer = try h.channel.readOutbound(as: ByteBuffer.self) {
            chunks += 1
            total += buffer.readableBytes
        }
        #expect(chunks == 3, "64 KiB chunks")
        #expect(total == 16 + body.utf8.count + 3)
        h.channel.embeddedEventLoop.advanceTime(by: .minutes(9))
        #expect(outcome.value == nil, "the final reply may take 10 minutes")
        h.channel.embeddedEventLoop.advanceTime(by: .minutes(1))
        let outcomes = try #require(try outcome.value?.get())
        #expect(outcomes.first?.stage == .dataTermination)
        #expect(outcomes.first?.localError == .timeout)
        #expect(outcomes.first?.status == .transient)
    }

    @Test func transcriptIsLoggedAtTraceWithAUTHRedacted() throws {
        let capture = LogCapture()
        let configuration = SMTPClientConfiguration(
            heloName: "client.test",
            credentials: SMTPCredentials(username: "api-token", password: "secret"),
            allowPlaintextAuth: true
        )
        let h = try harness(configuration, logger: capture.logger())
        h.feed("220 mx.test ESMTP\r\n")
        h.feed("250-mx.test\r\n250 AUTH PLAIN LOGIN\r\n")
        #expect(try h.written() == "EHLO client.test\r\nAUTH PLAIN AGFwaS10b2tlbgBzZWNyZXQ=\r\n")
        h.feed("235 2.7.0 Authentication successful\r\n")
        #expect(try h.ready.value?.get().authenticated == true)
        let log = capture.messages
        #expect(log.contains("trace S: 220 mx.test ESMTP"))
        #expect(log.contains("trace C: EHLO client.test"))
        #expect(log.contains("trace C: AUTH PLAIN <redacted>"))
        #expect(log.contains("trace S: 250-mx.test\r\n250 AUTH PLAIN LOGIN"))
        #expect(!log.joined().contains("AGFwaS10b2tlbgBzZWNyZXQ="))
        #expect(!log.joined().contains("secret"))
    }

    @Test func malformedReplyIsAProtocolError() throws {
        let h = try harness()
        h.feed("220 mx.test\n")
        #expect(h.failure?.code == .protocolError)
        #expect(!h.channel.isActive)
    }

    @Test func sendAfterCloseGivesTransientOutcomes() throws {
        let h = try harness()
        h.feed("220 mx.test\r\n")
        h.feed("250 mx.test\r\n")
        _ = try h.written()
        try h.channel.close().wait()
        let outcome = h.send(["a@b.test", "c@b.test"], message: "x")
        let outcomes = try #require(try outcome.value?.get())
        #expect(outcomes.map(\.status) == [.transient, .transient])
        #expect(outcomes.first?.localError == .sessionClosed)
    }
}
