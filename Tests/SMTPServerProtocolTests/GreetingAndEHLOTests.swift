import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

@Suite struct GreetingAndEHLOTests {
    @Test func greetingIsSentOnceWithoutEnhancedCode() {
        var session = SMTPServerSession(configuration: .test)
        #expect(session.start() == [.reply(SMTPReply(code: 220, "mx.postage.test ESMTP Postage"))])
        #expect(session.start().isEmpty)
    }

    @Test func receiveBeforeStartConsumesNothing() {
        var session = SMTPServerSession(configuration: .test)
        var buffer = ByteBuffer(string: "EHLO a\r\n")
        #expect(session.receive(&buffer).isEmpty)
        #expect(buffer.readableBytes == 8)
    }

    @Test func ehloBeforeTLSOffersSTARTTLSButNotAUTH() {
        let harness = SessionHarness()
        harness.clear()
        harness.feed("EHLO client.example\r\n")
        #expect(harness.replies == [
            "250-mx.postage.test Hello client.example\r\n250-PIPELINING\r\n250-SIZE 11010048\r\n250-8BITMIME\r\n"
                + "250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250 STARTTLS",
        ])
    }

    @Test func ehloAfterTLSOffersAUTHButNotSTARTTLS() {
        let harness = SessionHarness()
        harness.feed("STARTTLS\r\n")
        harness.clear()
        harness.feed("EHLO client.example\r\n")
        #expect(harness.session.isTLS)
        #expect(harness.replies == [
            "250-mx.postage.test Hello client.example\r\n250-PIPELINING\r\n250-SIZE 11010048\r\n250-8BITMIME\r\n"
                + "250-SMTPUTF8\r\n250-ENHANCEDSTATUSCODES\r\n250 AUTH PLAIN LOGIN",
        ])
    }

    @Test func ehloWithoutTLSRequirementOffersBoth() {
        var configuration = SMTPServerConfiguration.test
        configuration.authRequiresTLS = false
        configuration.maximumMessageSize = 1000
        let harness = SessionHarness(configuration)
        harness.clear()
        harness.feed("ehlo [192.0.2.1]\r\n")
        let reply = harness.replies.first ?? ""
        #expect(reply.hasPrefix("250-mx.postage.test Hello [192.0.2.1]\r\n"))
        #expect(reply.contains("250-SIZE 1000\r\n"))
        #expect(reply.contains("250-STARTTLS\r\n"))
        #expect(reply.hasSuffix("250 AUTH PLAIN LOGIN"))
    }

    @Test func ehloWithoutTLSAvailableOffersNeither() {
        var configuration = SMTPServerConfiguration.test
        configuration.tlsAvailable = false
        let harness = SessionHarness(configuration)
        harness.clear()
        harness.feed("EHLO c\r\n")
        #expect(!(harness.replies.first ?? "").contains("STARTTLS"))
        #expect(!(harness.replies.first ?? "").contains("AUTH"))
        #expect((harness.replies.first ?? "").hasSuffix("250 ENHANCEDSTATUSCODES"))
    }

    @Test func heloIsOneLineWithoutExtensions() {
        let harness = SessionHarness()
        harness.clear()
        harness.feed("HELO client.example\r\n")
        #expect(harness.replies == ["250 mx.postage.test"])
    }

    @Test(arguments: ["EHLO\r\n", "EHLO \r\n", "HELO\r\n", "EHLO a b\r\n", "EHLO a\u{7F}\r\n", "EHLO a\u{1}b\r\n"])
    func helloWithoutAValidNameIsASyntaxError(_ line: String) {
        let harness = SessionHarness()
        harness.clear()
        harness.feed(line)
        #expect(harness.replies.count == 1)
        #expect(harness.replies.first?.hasPrefix("501 5.5.4 ") == true)
        // Not greeted: MAIL is out of sequence.
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\n")
        #expect(harness.replies == ["503 5.5.1 Send HELO/EHLO first"])
    }

    @Test func ehloResetsTheTransaction() {
        let harness = SessionHarness(.open)
        harness.feed("EHLO a\r\nMAIL FROM:<a@b.example>\r\nEHLO a\r\n")
        harness.clear()
        harness.feed("RCPT TO:<c@d.example>\r\n")
        #expect(harness.replies == ["503 5.5.1 Need MAIL command"])
    }
}
