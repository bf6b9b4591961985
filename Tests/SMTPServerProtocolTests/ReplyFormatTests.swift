import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// RFC 2034 §3 / RFC 3463: every reply carries an enhanced status code of its class, except the
/// greeting, EHLO/HELO replies, 334 challenges and 354.
@Suite struct ReplyFormatTests {
    @Test func everyReplyHasAMatchingEnhancedCode() {
        var configuration = SMTPServerConfiguration.test
        configuration.maximumErrors = 1000
        configuration.maximumRecipients = 1
        var session = SMTPServerSession(configuration: configuration)
        var replies: [SMTPReply] = []
        func collect(_ actions: [SMTPServerAction]) {
            for case .reply(let reply) in actions { replies.append(reply) }
        }
        collect(session.start())
        var buffer = ByteBuffer(string: "HELO c\r\nEHLO c\r\nAUTH PLAIN x\r\nMAIL FROM:<a@b.example>\r\nBOGUS\r\nEXPN x\r\nVRFY x\r\nHELP\r\n"
            + "NOOP\r\nRSET\r\n\r\nSTARTTLS x\r\nRCPT TO:<a@b.example>\r\nDATA\r\n" + String(repeating: "x", count: 600) + "\r\nSTARTTLS\r\n")
        collect(session.receive(&buffer))
        collect(session.tlsEstablished())
        buffer = ByteBuffer(string: "EHLO c\r\nAUTH LOGIN\r\n\(b64("user"))\r\n\(b64("secret"))\r\n")
        collect(session.receive(&buffer))
        collect(session.authenticationResult(true))
        buffer = ByteBuffer(string: "AUTH PLAIN x\r\nMAIL FROM:<a@b.example> SIZE=999999999 \r\nMAIL FROM:<a@b.example> X=1\r\n"
            + "MAIL FROM:<ä@b.example>\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<a@b.example>\r\nRCPT TO:<c@b.example>\r\nDATA\r\n.\r\n")
        collect(session.receive(&buffer))
        collect(session.submissionResult(.accepted(messageID: "ID")))
        collect(session.shutdown())
        #expect(replies.count > 30)
        for reply in replies {
            let exempt = [220, 334, 354].contains(reply.code) && reply.text != "2.0.0 Ready to start TLS"
                || reply.lines.first?.hasPrefix("mx.postage.test") == true
            if exempt { continue }
            #expect(reply.enhancedCode != nil, "\(reply)")
        }
        // The exemptions are exactly the greeting, HELO, EHLO, 334 and 354.
        #expect(replies.filter { $0.enhancedCode == nil }.map(\.code).sorted() == [220, 250, 250, 250, 334, 334, 354])
    }

    @Test func configurationDefaults() {
        let configuration = SMTPServerConfiguration(hostname: "h")
        #expect(configuration.maximumMessageSize == 10 * 1024 * 1024 + 512 * 1024)
        #expect(configuration.maximumRecipients == 50)
        #expect(configuration.maximumErrors == 10)
        #expect(configuration.maximumCommandLineLength == 512)
        #expect(configuration.maximumTextLineLength == 1000)
        #expect(configuration.maximumSASLResponseLength == 12288)
        #expect(configuration.authRequired && configuration.authRequiresTLS && !configuration.tlsAvailable)
    }
}
