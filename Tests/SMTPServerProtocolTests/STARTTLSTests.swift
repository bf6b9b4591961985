import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// STARTTLS (RFC 3207), including the plaintext command injection of CVE-2011-0411.
@Suite struct STARTTLSTests {
    @Test func pipelinedPlaintextAfterSTARTTLSIsDiscarded() {
        var session = SMTPServerSession(configuration: .test)
        _ = session.start()
        var buffer = ByteBuffer(string: "EHLO c\r\nSTARTTLS\r\nMAIL FROM:<evil@attacker.example>\r\nRCPT TO:<v@x.example>\r\n")
        let actions = session.receive(&buffer)
        #expect(actions.count == 3)
        #expect(actions.suffix(2) == [.reply(SMTPReply(code: 220, "2.0.0 Ready to start TLS")), .startTLS])
        #expect(buffer.readableBytes == 0)
        // Plaintext that arrives before the handshake completes is dropped too.
        var late = ByteBuffer(string: "QUIT\r\n")
        #expect(session.receive(&late).isEmpty)
        #expect(late.readableBytes == 0)
        #expect(session.tlsEstablished().isEmpty)
        #expect(session.isTLS)
        // Everything learned before TLS is forgotten (RFC 3207 §4.2): no EHLO, no transaction.
        var afterTLS = ByteBuffer(string: "RCPT TO:<v@x.example>\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(session.receive(&afterTLS) == [
            .reply(SMTPReply(code: 503, "5.5.1 Need MAIL command")),
            .reply(SMTPReply(code: 503, "5.5.1 Send HELO/EHLO first")),
        ])
    }

    @Test func authenticationIsForgottenAfterSTARTTLS() {
        var configuration = SMTPServerConfiguration.test
        configuration.authRequiresTLS = false
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nAUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.session.authenticatedUser == "user")
        harness.clear()
        harness.feed("STARTTLS\r\n")
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.session.authenticatedUser == nil)
        #expect(harness.replies.last == "530 5.7.0 Authentication required")
    }

    @Test func startTLSRefusals() {
        var unavailable = SMTPServerConfiguration.open
        unavailable.tlsAvailable = false
        let noTLS = SessionHarness(unavailable)
        noTLS.clear()
        noTLS.feed("STARTTLS\r\n")
        #expect(noTLS.replies == ["502 5.5.1 Command not implemented"])

        let harness = SessionHarness()
        harness.clear()
        harness.feed("STARTTLS now\r\n")
        #expect(harness.replies == ["501 5.5.4 Syntax: STARTTLS"])
        harness.feed("STARTTLS\r\n")
        harness.clear()
        harness.feed("STARTTLS\r\n")
        #expect(harness.replies == ["503 5.5.1 TLS already active"])
        #expect(!harness.events.contains(.startTLS))
    }

    @Test func startTLSDuringATransactionIsRefused() {
        var configuration = SMTPServerConfiguration.open
        configuration.tlsAvailable = true
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        harness.clear()
        harness.feed("STARTTLS\r\n")
        #expect(harness.replies == ["503 5.5.1 MAIL transaction in progress"])
    }

    @Test func idleTimeoutDuringHandshakeOnlyCloses() {
        var session = SMTPServerSession(configuration: .test)
        _ = session.start()
        var buffer = ByteBuffer(string: "STARTTLS\r\n")
        _ = session.receive(&buffer)
        #expect(session.idleTimeout() == [.close])
    }
}
