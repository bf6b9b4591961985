import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// DATA (RFC 5321 §4.1.1.4), dot-stuffing (§4.5.2) and the limits of §4.5.3.1.
@Suite struct DataTests {
    func inData(_ configuration: SMTPServerConfiguration = .open) -> SessionHarness {
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n")
        #expect(harness.replies.last == "354 End data with <CR><LF>.<CR><LF>")
        #expect(harness.session.isInDataOrSubmitting)
        harness.clear()
        return harness
    }

    @Test(arguments: [
        (".\r\n", ""),
        ("\r\n.\r\n", "\r\n"),
        ("Subject: x\r\n\r\nbody\r\n.\r\n", "Subject: x\r\n\r\nbody\r\n"),
        ("..\r\n.\r\n", ".\r\n"),
        ("...\r\n.\r\n", "..\r\n"),
        (".x\r\n.\r\n", "x\r\n"),
        ("a\r\n..\r\n.. .\r\n.\r\n", "a\r\n.\r\n. .\r\n"),
        ("a.\r\nb .\r\n.\r\n", "a.\r\nb .\r\n"),
        ("8bit \u{E9}\u{0}\t\r\n.\r\n", "8bit \u{E9}\u{0}\t\r\n"),
    ])
    func dotUnstuffing(_ input: String, _ expected: String) {
        let harness = self.inData()
        harness.feed(input)
        #expect(harness.submissions.count == 1)
        #expect(harness.submissions.first.map { String(decoding: $0.message, as: UTF8.self) } == expected)
        #expect(harness.replies == ["250 2.0.0 Ok: queued as MSG1"])
        #expect(!harness.session.isInDataOrSubmitting)
    }

    @Test func transactionIsResetAfterSubmissionButGreetingAndAuthKept() {
        let harness = self.inData()
        harness.feed("x\r\n.\r\nRCPT TO:<r@x.example>\r\nMAIL FROM:<b@b.example>\r\n")
        #expect(harness.replies == ["250 2.0.0 Ok: queued as MSG1", "503 5.5.1 Need MAIL command", "250 2.1.0 Ok"])
    }

    @Test func rejectedSubmissionRepliesAsGiven() {
        let harness = self.inData()
        harness.submitter = { _ in .rejected(SMTPReply(code: 451, "4.3.0 Temporary storage failure")) }
        harness.feed("x\r\n.\r\nRCPT TO:<r@x.example>\r\n")
        #expect(harness.replies == ["451 4.3.0 Temporary storage failure", "503 5.5.1 Need MAIL command"])
    }

    @Test func submissionWaitsForItsResult() {
        let harness = self.inData()
        harness.completeSubmissions = false
        harness.feed("x\r\n.\r\nNOOP\r\n")
        #expect(harness.submissions.count == 1)
        #expect(harness.replies.isEmpty)
        #expect(harness.session.isInDataOrSubmitting)
        harness.feed("NOOP\r\n")
        #expect(harness.replies.isEmpty)
        #expect(harness.buffer.readableBytes == 12)
        harness.completeSubmission(.accepted(messageID: "Q1"))
        #expect(harness.replies == ["250 2.0.0 Ok: queued as Q1", "250 2.0.0 Ok", "250 2.0.0 Ok"])
    }

    @Test func oversizeMessageIsRefusedAfterTheEndWithBoundedMemory() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumMessageSize = 1000
        let harness = self.inData(configuration)
        let line = String(repeating: "a", count: 98) + "\r\n"
        for _ in 0..<50 {
            harness.feed(line)
            #expect(harness.buffer.readableBytes == 0)
        }
        harness.feed(".\r\n")
        #expect(harness.submissions.isEmpty)
        #expect(harness.replies == ["552 5.3.4 Message size exceeds fixed maximum message size"])
        #expect(!harness.closed)
        // The session is usable afterwards.
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n" + String(repeating: line, count: 10) + ".\r\n")
        #expect(harness.submissions.count == 1)
        #expect(harness.submissions.first?.message.count == 1000)
        #expect(harness.replies.last == "250 2.0.0 Ok: queued as MSG1")
    }

    @Test func messageOfExactlyTheLimitIsAccepted() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumMessageSize = 10
        let harness = self.inData(configuration)
        harness.feed("12345678\r\n.\r\n")
        #expect(harness.submissions.first?.message.count == 10)
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n123456789\r\n.\r\n")
        #expect(harness.submissions.isEmpty)
        #expect(harness.replies.last == "552 5.3.4 Message size exceeds fixed maximum message size")
    }

    @Test func longTextLineIsRefusedNotSplit() {
        let harness = self.inData()
        let atLimit = String(repeating: "b", count: 998) + "\r\n"
        let stuffedAtLimit = "." + String(repeating: ".", count: 998) + "\r\n" // 999 unstuffed + CRLF
        let overLimit = String(repeating: "c", count: 999) + "\r\n"
        harness.feed(atLimit + stuffedAtLimit + ".\r\n")
        #expect(harness.submissions.count == 1)
        #expect(harness.submissions.first?.message.count == 1000 + 1000)
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nok\r\n" + overLimit + "more\r\n.\r\nNOOP\r\n")
        #expect(harness.submissions.isEmpty)
        #expect(harness.replies.suffix(3) == ["354 End data with <CR><LF>.<CR><LF>", "500 5.5.2 Line too long", "250 2.0.0 Ok"])
    }

    @Test func hugeLineIsConsumedIncrementally() {
        let harness = self.inData()
        for _ in 0..<100 {
            harness.feed(String(repeating: "x", count: 10_000))
            #expect(harness.buffer.readableBytes == 0)
        }
        harness.feed("\r\n.\r\n")
        #expect(harness.replies == ["500 5.5.2 Line too long"])
        #expect(harness.largestLeftover < 1000)
    }

    @Test func tenMegabyteMessageStreamsThrough() {
        let harness = self.inData()
        let line = Array(String(repeating: "m", count: 998).utf8) + [13, 10]
        var chunk: [UInt8] = []
        for _ in 0..<64 { chunk += line }
        for _ in 0..<160 { // 160 * 64000 = 10,240,000 bytes
            harness.feed(chunk)
            #expect(harness.buffer.readableBytes == 0)
        }
        harness.feed(".\r\n")
        #expect(harness.submissions.first?.message.count == 10_240_000)
        #expect(harness.replies == ["250 2.0.0 Ok: queued as MSG1"])
    }

    @Test func emptyMessageAndDotAsFirstLine() {
        let harness = self.inData()
        harness.feed(".\r\n")
        #expect(harness.submissions.first?.message == [])
    }

    @Test func dataWithArgumentIsASyntaxError() {
        let harness = SessionHarness(.open)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\n")
        harness.clear()
        harness.feed("DATA now\r\n")
        #expect(harness.replies == ["501 5.5.4 Syntax: DATA"])
    }
}

/// SMTP smuggling: no bare CR or LF sequence ends a message, each such input closes the session
/// with no second message. (Postfix `smtpd_forbid_bare_newline`, CVE-2023-51764 and relatives.)
@Suite struct SmugglingTests {
    static let smuggled = "MAIL FROM:<admin@bank.example>\r\nRCPT TO:<victim@x.example>\r\nDATA\r\nFrom: admin@bank.example\r\n\r\nsmuggled\r\n.\r\n"

    @Test(arguments: [
        "\n.\n", "\r.\r", "\r\n.\n", "\n.\r\n", "\r\n.\r", "\r\n.\r\r\n", "\n\n.\n\n", "\r\r.\r\r", "\r\n\n.\r\n",
    ])
    func bareLineEndsNeverEndAMessage(_ fakeEnd: String) {
        for separateReads in [false, true] {
            let harness = SessionHarness(.open)
            harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n")
            harness.clear()
            let input = "Subject: hello\r\n\r\nfirst part" + fakeEnd + Self.smuggled
            if separateReads {
                for byte in input.utf8 { harness.feed([byte]) }
            } else {
                harness.feed(input)
            }
            #expect(harness.submissions.isEmpty, "\(fakeEnd.debugDescription)")
            #expect(harness.events.count == 2)
            #expect(harness.replies.first?.hasPrefix("521 5.5.2 Bare <") == true)
            #expect(harness.events.last == .close)
        }
    }

    @Test func bareLFAtTheStartOfData() {
        let harness = SessionHarness(.open)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\n")
        harness.clear()
        harness.feed("\n.\r\n")
        #expect(harness.events == [.reply("521 5.5.2 Bare <LF> received; closing"), .close])
    }

    @Test func properEndFollowedBySmuggledCommandsYieldsOneMessagePerEnd() {
        // The ordinary case for comparison: a real end then a real second transaction gives two
        // messages, each with its own envelope.
        let harness = SessionHarness(.open)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example>\r\nDATA\r\nfirst\r\n.\r\n" + Self.smuggled)
        #expect(harness.submissions.map(\.reversePath) == ["a@b.example", "admin@bank.example"])
    }
}
