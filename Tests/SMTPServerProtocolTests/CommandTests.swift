import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// Sequencing (RFC 5321 §4.1.4), the simple commands, and unknown verbs.
@Suite struct CommandTests {
    @Test func badSequences() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n")
        #expect(harness.replies == ["503 5.5.1 Send HELO/EHLO first", "503 5.5.1 Need MAIL command", "503 5.5.1 Need MAIL command"])
        harness.clear()
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nDATA\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.replies.dropFirst() == ["250 2.1.0 Ok", "554 5.5.1 No valid recipients", "503 5.5.1 Nested MAIL command"])
        #expect(harness.submissions.isEmpty)
    }

    @Test func mailBeforeAuthWhenRequired() {
        var configuration = SMTPServerConfiguration.open
        configuration.authRequired = true
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\n")
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\n")
        #expect(harness.replies == ["530 5.7.0 Authentication required"])
    }

    @Test func simpleCommands() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("NOOP\r\nnoop anything\r\nHELP\r\nVRFY someone\r\nVRFY\r\nRSET\r\nRSET x\r\n")
        #expect(harness.replies == [
            "250 2.0.0 Ok", "250 2.0.0 Ok",
            "214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT STARTTLS AUTH VRFY HELP",
            "252 2.5.0 Cannot VRFY user, but will accept message and attempt delivery",
            "501 5.5.4 Syntax: VRFY address",
            "250 2.0.0 Ok", "501 5.5.4 Syntax: RSET",
        ])
    }

    @Test func rsetClearsTheTransactionButKeepsTheGreeting() {
        let harness = SessionHarness(.open)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nRSET\r\n")
        harness.clear()
        harness.feed("RCPT TO:<r@x.example>\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.replies == ["503 5.5.1 Need MAIL command", "250 2.1.0 Ok"])
    }

    @Test func quitRepliesAndCloses() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("QUIT\r\nNOOP\r\n")
        #expect(harness.events == [.reply("221 2.0.0 Bye"), .close])
        #expect(harness.session.isClosed)
        // Nothing after close is read.
        #expect(harness.buffer.readableBytes == 6)
        harness.feed("NOOP\r\n")
        #expect(harness.events.count == 2)
    }

    @Test func unknownAndUnimplementedCommands() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("XYZZY\r\nEXPN list\r\nBDAT 10 LAST\r\n\r\nTURN\r\n")
        #expect(harness.replies == [
            "500 5.5.1 Command unrecognized", "502 5.5.1 Command not implemented",
            "502 5.5.1 Command not implemented", "500 5.5.2 Syntax error: empty command",
            "502 5.5.1 Command not implemented",
        ])
        #expect(!harness.closed)
    }

    @Test func httpRequestsAreClosedAtOnce() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(harness.events == [.reply("521 5.7.0 Error: this is an SMTP server; closing"), .close])
    }

    @Test func pipelinedCommandsAnswerInOrderInOneReceive() {
        var session = SMTPServerSession(configuration: .open)
        _ = session.start()
        var buffer = ByteBuffer(string: "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nRCPT TO:<bad>\r\nRCPT TO:<s@x.example>\r\nDATA\r\nbody\r\n.\r\nQUIT\r\n")
        let actions = session.receive(&buffer)
        #expect(actions.count == 7)
        #expect(actions.dropFirst().prefix(5) == [
            .reply(SMTPReply(code: 250, "2.1.0 Ok")), .reply(SMTPReply(code: 250, "2.1.5 Ok")),
            .reply(SMTPReply(code: 501, "5.1.3 Bad recipient address syntax")), .reply(SMTPReply(code: 250, "2.1.5 Ok")),
            .reply(SMTPReply(code: 354, "End data with <CR><LF>.<CR><LF>")),
        ])
        guard case .submit(let submission) = actions.last else {
            Issue.record("expected a submission, got \(actions)")
            return
        }
        #expect(submission.recipients == ["r@x.example", "s@x.example"])
        #expect(session.isInDataOrSubmitting)
        // QUIT waits in the buffer for the submission result.
        #expect(buffer.readableBytes == 6)
        #expect(session.submissionResult(.accepted(messageID: "ABC")) == [.reply(SMTPReply(code: 250, "2.0.0 Ok: queued as ABC"))])
        #expect(!session.isInDataOrSubmitting)
        #expect(session.receive(&buffer) == [.reply(SMTPReply(code: 221, "2.0.0 Bye")), .close])
    }

    @Test func tooManyErrorsCloses() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed(String(repeating: "BOGUS\r\n", count: 12))
        #expect(harness.replies.count == 11)
        #expect(harness.replies.prefix(10).allSatisfy { $0 == "500 5.5.1 Command unrecognized" })
        #expect(harness.replies.last == "421 4.7.0 Too many errors")
        #expect(harness.events.last == .close)
        #expect(harness.events.filter { $0 == .close }.count == 1)
    }

    @Test func successfulCommandsDoNotResetTheErrorCount() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumErrors = 2
        let harness = SessionHarness(configuration)
        harness.clear()
        harness.feed("BOGUS\r\nNOOP\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.replies == ["500 5.5.1 Command unrecognized", "250 2.0.0 Ok", "503 5.5.1 Send HELO/EHLO first", "421 4.7.0 Too many errors"])
        #expect(harness.closed)
    }

    @Test func idleTimeout() {
        var session = SMTPServerSession(configuration: .open)
        _ = session.start()
        #expect(session.idleTimeout() == [.reply(SMTPReply(code: 421, "4.4.2 mx.postage.test Error: timeout exceeded")), .close])
        #expect(session.idleTimeout().isEmpty)
    }

    @Test func longCommandLineIsRefusedAndSkipped() {
        let harness = SessionHarness(.open)
        harness.clear()
        let long = "NOOP " + String(repeating: "x", count: 600) + "\r\n"
        // 511 bytes + CRLF is one too many; 510 + CRLF is the limit.
        let atLimit = "NOOP " + String(repeating: "y", count: 505) + "\r\n"
        let overLimit = "NOOP " + String(repeating: "y", count: 506) + "\r\n"
        #expect(atLimit.utf8.count == 512)
        harness.feed(long + "NOOP\r\n" + atLimit + overLimit + "QUIT\r\n")
        #expect(harness.replies == ["500 5.5.2 Line too long", "250 2.0.0 Ok", "250 2.0.0 Ok", "500 5.5.2 Line too long", "221 2.0.0 Bye"])
    }

    @Test func endlessCommandLineNeedsBoundedMemory() {
        let harness = SessionHarness(.open)
        harness.clear()
        for _ in 0..<200 {
            harness.feed(String(repeating: "z", count: 4096))
            #expect(harness.buffer.readableBytes < 512)
        }
        #expect(harness.replies.isEmpty)
        harness.feed("\r\nNOOP\r\n")
        #expect(harness.replies == ["500 5.5.2 Line too long", "250 2.0.0 Ok"])
        #expect(harness.largestLeftover < 512)
    }

    @Test(arguments: ["NOOP\n", "NOOP\rNOOP\r\n", "NO\nOP\r\n", "EHLO c\nMAIL FROM:<a@b.example>\r\n"])
    func bareLineEndsInCommandsClose(_ input: String) {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed(input)
        #expect(harness.events.count == 2)
        #expect(harness.replies.first?.hasPrefix("500 5.5.2 Bare <") == true)
        #expect(harness.events.last == .close)
    }

    @Test func bareLineEndInsideADiscardedLongLineStillCloses() {
        let harness = SessionHarness(.open)
        harness.clear()
        harness.feed("NOOP " + String(repeating: "x", count: 700) + "\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.events == [.reply("500 5.5.2 Bare <LF> received; closing"), .close])
    }
}
