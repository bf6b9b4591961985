import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// Graceful shutdown: between commands close at once, in DATA or a submission finish first.
@Suite struct ShutdownTests {
    @Test func betweenCommandsClosesAtOnce() {
        var session = SMTPServerSession(configuration: .open)
        _ = session.start()
        #expect(session.shutdown() == [
            .reply(SMTPReply(code: 421, "4.3.2 mx.postage.test Service shutting down, closing transmission channel")), .close,
        ])
        #expect(session.isClosed)
        #expect(session.shutdown().isEmpty)
    }

    @Test func inDataTheMessageFinishesFirst() {
        let harness = SessionHarness(.open)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\npart one\r\n")
        harness.clear()
        #expect(harness.session.isInDataOrSubmitting)
        harness.perform(harness.session.shutdown())
        #expect(harness.events.isEmpty)
        harness.feed("part two\r\n.\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.submissions.count == 1)
        #expect(harness.submissions.first.map { String(decoding: $0.message, as: UTF8.self) } == "part one\r\npart two\r\n")
        #expect(harness.replies == [
            "250 2.0.0 Ok: queued as MSG1",
            "421 4.3.2 mx.postage.test Service shutting down, closing transmission channel",
        ])
        #expect(harness.events.last == .close)
    }

    @Test func whileWaitingOnASubmission() {
        var session = SMTPServerSession(configuration: .open)
        _ = session.start()
        var buffer = ByteBuffer(string: "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nx\r\n.\r\n")
        guard case .submit = session.receive(&buffer).last else {
            Issue.record("expected a submission")
            return
        }
        #expect(session.shutdown().isEmpty)
        #expect(session.isInDataOrSubmitting)
        #expect(session.submissionResult(.rejected(SMTPReply(code: 451, "4.3.0 Try again"))) == [
            .reply(SMTPReply(code: 451, "4.3.0 Try again")),
            .reply(SMTPReply(code: 421, "4.3.2 mx.postage.test Service shutting down, closing transmission channel")),
            .close,
        ])
    }

    @Test func oversizeDataDuringShutdownStillCloses() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumMessageSize = 5
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n")
        harness.perform(harness.session.shutdown())
        harness.clear()
        harness.feed("too long for five\r\n.\r\n")
        #expect(harness.replies == [
            "552 5.3.4 Message size exceeds fixed maximum message size",
            "421 4.3.2 mx.postage.test Service shutting down, closing transmission channel",
        ])
        #expect(harness.closed)
    }

    @Test func whileWaitingOnAuthentication() {
        var configuration = SMTPServerConfiguration.open
        configuration.authRequired = true
        var session = SMTPServerSession(configuration: configuration)
        _ = session.start()
        var buffer = ByteBuffer(string: "EHLO c\r\nAUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(session.receive(&buffer).last == .authenticate(username: "user", password: "secret"))
        #expect(session.shutdown().isEmpty)
        #expect(session.authenticationResult(true) == [
            .reply(SMTPReply(code: 235, "2.7.0 Authentication successful")),
            .reply(SMTPReply(code: 421, "4.3.2 mx.postage.test Service shutting down, closing transmission channel")),
            .close,
        ])
    }

    @Test func beforeStartTheGreetingIsA421() {
        var session = SMTPServerSession(configuration: .open)
        #expect(session.shutdown().isEmpty)
        #expect(session.start() == [
            .reply(SMTPReply(code: 421, "4.3.2 mx.postage.test Service shutting down, closing transmission channel")), .close,
        ])
    }
}
