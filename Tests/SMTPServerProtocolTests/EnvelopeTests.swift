import NIOCore
import SMTPProtocol
@testable import SMTPServerProtocol
import Testing

/// MAIL FROM / RCPT TO syntax and parameters (RFC 5321 §4.1.1.2, §4.1.1.3, §4.1.2; RFC 1870;
/// RFC 6152; RFC 6531).
@Suite struct EnvelopeTests {
    func greeted(_ configuration: SMTPServerConfiguration = .open) -> SessionHarness {
        let harness = SessionHarness(configuration)
        harness.feed("EHLO client.example\r\n")
        harness.clear()
        return harness
    }

    /// Sends one message with the given MAIL and RCPT lines and returns the submission.
    func submit(mail: String, rcpts: [String]) -> (SessionHarness, SMTPSubmission?) {
        let harness = self.greeted()
        harness.feed(mail + "\r\n" + rcpts.map { $0 + "\r\n" }.joined() + "DATA\r\nx\r\n.\r\n")
        return (harness, harness.submissions.first)
    }

    @Test(arguments: [
        ("MAIL FROM:<a@b.example>", "a@b.example"),
        ("mail from:<a@b.example>", "a@b.example"),
        ("MAIL FROM: <a@b.example>", "a@b.example"),
        ("MAIL FROM:<>", ""),
        ("MAIL FROM:<@relay.example,@r2.example:user@example.com>", "user@example.com"),
        ("MAIL FROM:<\"john doe\"@example.com>", "\"john doe\"@example.com"),
        ("MAIL FROM:<\"a\\\"b\"@example.com>", "\"a\\\"b\"@example.com"),
        ("MAIL FROM:<user@[192.0.2.1]>", "user@[192.0.2.1]"),
        ("MAIL FROM:<user@[IPv6:2001:db8::1]>", "user@[IPv6:2001:db8::1]"),
        ("MAIL FROM:<user@[IPv6:::ffff:192.0.2.1]>", "user@[IPv6:::ffff:192.0.2.1]"),
        ("MAIL FROM:<user@[x-tag:stuff]>", "user@[x-tag:stuff]"),
        ("MAIL FROM:<first.last+tag@sub-domain.example.co>", "first.last+tag@sub-domain.example.co"),
        ("MAIL FROM:<a@b.example>   ", "a@b.example"),
    ])
    func validReversePaths(_ line: String, _ expected: String) {
        let (harness, submission) = self.submit(mail: line, rcpts: ["RCPT TO:<r@x.example>"])
        #expect(harness.replies.first == "250 2.1.0 Ok")
        #expect(submission?.reversePath == expected)
    }

    @Test(arguments: [
        "MAIL FROM:a@b.example",
        "MAIL FROM:<a@b.example",
        "MAIL FROM:<a..b@c.example>",
        "MAIL FROM:<.a@c.example>",
        "MAIL FROM:<a.@c.example>",
        "MAIL FROM:<a b@c.example>",
        "MAIL FROM:<a@-b.example>",
        "MAIL FROM:<a@b-.example>",
        "MAIL FROM:<a@b..example>",
        "MAIL FROM:<a@b.example.>",
        "MAIL FROM:<a@>",
        "MAIL FROM:<@b.example>",
        "MAIL FROM:<a>",
        "MAIL FROM:<a\u{1}b@c.example>",
        "MAIL FROM:<a@b\u{7F}.example>",
        "MAIL FROM:<\"unterminated@c.example>",
        "MAIL FROM:<\"a\u{9}b\"@c.example>",
        "MAIL FROM:<a@[256.0.0.1]>",
        "MAIL FROM:<a@[1.2.3]>",
        "MAIL FROM:<a@[IPv6:1::2::3]>",
        "MAIL FROM:<a@[IPv6:1:2:3:4:5:6:7:8:9]>",
        "MAIL FROM:<a@[IPv6:12345::]>",
        "MAIL FROM:<a@[-tag:x]>",
        "MAIL FROM:<@relay.example:>",
        "MAIL FROM:<@relay.example a@b.example>",
        "MAIL FROM:  <a@b.example>",
        "MAIL FROM:<a@b.example>x",
        "MAIL FROM:<a@b.example>,",
    ])
    func invalidReversePaths(_ line: String) {
        let harness = self.greeted()
        harness.feed(line + "\r\n")
        #expect(harness.replies.count == 1)
        let reply = harness.replies.first ?? ""
        #expect(reply.hasPrefix("501 "), "\(line) -> \(reply)")
        harness.clear()
        harness.feed("RCPT TO:<r@x.example>\r\n")
        #expect(harness.replies == ["503 5.5.1 Need MAIL command"])
    }

    @Test func missingFromIsUsage() {
        let harness = self.greeted()
        harness.feed("MAIL TO:<a@b.example>\r\nMAIL\r\n")
        #expect(harness.replies == ["501 5.5.4 Syntax: MAIL FROM:<address>", "501 5.5.4 Syntax: MAIL FROM:<address>"])
    }

    @Test func overlongLabelsAndDomainsAreRefused() {
        let label = String(repeating: "a", count: 64)
        let harness = self.greeted()
        harness.feed("MAIL FROM:<x@\(label).example>\r\n")
        #expect(harness.replies == ["501 5.1.7 Bad sender address syntax"])
        let okLabel = String(repeating: "a", count: 63)
        let long = Array(repeating: okLabel, count: 5).joined(separator: ".") // 319 octets
        harness.clear()
        harness.feed("MAIL FROM:<x@\(long)>\r\n")
        #expect(harness.replies == ["501 5.1.7 Bad sender address syntax"])
    }

    @Test func recipientsKeepOrderAndDuplicatesOnce() {
        let (harness, submission) = self.submit(mail: "MAIL FROM:<a@b.example>", rcpts: [
            "RCPT TO:<one@x.example>", "rcpt to: <two@y.example>", "RCPT TO:<one@X.EXAMPLE>", "RCPT TO:<ONE@x.example>",
        ])
        #expect(harness.replies.prefix(5) == ["250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok"])
        // The local part is case-sensitive (RFC 5321 §2.4), the domain is not.
        #expect(submission?.recipients == ["one@x.example", "two@y.example", "ONE@x.example"])
    }

    @Test(arguments: ["RCPT TO:<>", "RCPT TO:r@x.example", "RCPT TO:<r@x.example", "RCPT TO:<Postmaster>"])
    func invalidForwardPaths(_ line: String) {
        let harness = self.greeted()
        harness.feed("MAIL FROM:<a@b.example>\r\n\(line)\r\n")
        #expect(harness.replies == ["250 2.1.0 Ok", "501 5.1.3 Bad recipient address syntax"])
    }

    @Test func rcptWithoutTOIsUsage() {
        let harness = self.greeted()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT <r@x.example>\r\n")
        #expect(harness.replies.last == "501 5.5.4 Syntax: RCPT TO:<address>")
    }

    @Test func theFiftyFirstRecipientGets452AndIsNotAnError() {
        var configuration = SMTPServerConfiguration.open
        configuration.maximumErrors = 3
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\n")
        harness.clear()
        for index in 1...55 {
            harness.feed("RCPT TO:<r\(index)@x.example>\r\n")
        }
        #expect(harness.replies.prefix(50).allSatisfy { $0 == "250 2.1.5 Ok" })
        #expect(Array(harness.replies.suffix(5)) == Array(repeating: "452 4.5.3 Too many recipients", count: 5))
        #expect(!harness.closed)
        harness.clear()
        harness.feed("DATA\r\nx\r\n.\r\n")
        #expect(harness.submissions.first?.recipients.count == 50)
        #expect(harness.submissions.first?.recipients.last == "r50@x.example")
    }

    @Test func sizeParameter() {
        let harness = self.greeted()
        harness.feed("MAIL FROM:<a@b.example> SIZE=11010049\r\n")
        #expect(harness.replies == ["552 5.3.4 Message size exceeds fixed maximum message size"])
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example> SIZE=99999999999999999999\r\n")
        #expect(harness.replies == ["552 5.3.4 Message size exceeds fixed maximum message size"])
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example> SIZE=12x\r\nMAIL FROM:<a@b.example> SIZE=\r\nMAIL FROM:<a@b.example> SIZE\r\n")
        #expect(harness.replies == ["501 5.5.4 Bad SIZE value", "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]",
                                    "501 5.5.4 Bad SIZE parameter syntax"])
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example> size=11010048\r\n")
        #expect(harness.replies == ["250 2.1.0 Ok"])
    }

    @Test func bodyAndSMTPUTF8Parameters() {
        let (_, eightBit) = self.submit(mail: "MAIL FROM:<a@b.example> BODY=8bitmime SMTPUTF8 AUTH=<>", rcpts: ["RCPT TO:<r@x.example>"])
        #expect(eightBit?.bodyType == .eightBitMIME)
        #expect(eightBit?.smtpUTF8 == true)
        let (_, sevenBit) = self.submit(mail: "MAIL FROM:<a@b.example> BODY=7BIT", rcpts: ["RCPT TO:<r@x.example>"])
        #expect(sevenBit?.bodyType == .sevenBit)
        #expect(sevenBit?.smtpUTF8 == false)
        let (_, plain) = self.submit(mail: "MAIL FROM:<a@b.example>", rcpts: ["RCPT TO:<r@x.example>"])
        #expect(plain?.bodyType == nil)
        #expect(plain?.heloName == "client.example")
        #expect(plain?.tls == false)
        #expect(plain?.authenticatedUser == nil)
    }

    @Test func unsupportedAndMalformedParameters() {
        let harness = self.greeted()
        harness.feed("MAIL FROM:<a@b.example> BODY=BINARYMIME\r\n")
        harness.feed("MAIL FROM:<a@b.example> RET=FULL\r\n")
        harness.feed("MAIL FROM:<a@b.example> SMTPUTF8=yes\r\n")
        harness.feed("MAIL FROM:<a@b.example> BODY=7BIT BODY=7BIT\r\n")
        harness.feed("MAIL FROM:<a@b.example> -X=1\r\n")
        #expect(harness.replies == [
            "555 5.5.4 Unsupported parameter: BODY=BINARYMIME",
            "555 5.5.4 Unsupported parameter: RET",
            "501 5.5.4 Bad SMTPUTF8 parameter syntax",
            "501 5.5.4 Duplicate parameter BODY",
            "501 5.5.4 Syntax: MAIL FROM:<address> [parameters]",
        ])
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<r@x.example> NOTIFY=NEVER\r\nRCPT TO:<r@x.example> ORCPT=rfc822;r@x.example\r\n")
        #expect(harness.replies == ["250 2.1.0 Ok", "555 5.5.4 Unsupported parameter: NOTIFY", "555 5.5.4 Unsupported parameter: ORCPT"])
    }

    @Test func nonASCIIAddressesNeedSMTPUTF8() {
        let harness = self.greeted()
        harness.feed("MAIL FROM:<jösé@bücher.example>\r\n")
        #expect(harness.replies == ["553 5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter"])
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<用户@例子.广告>\r\nRSET\r\n")
        #expect(harness.replies == ["250 2.1.0 Ok", "553 5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter", "250 2.0.0 Ok"])
        harness.clear()
        harness.feed("MAIL FROM:<jösé@bücher.example> SMTPUTF8\r\nRCPT TO:<用户@例子.广告>\r\nDATA\r\nx\r\n.\r\n")
        #expect(harness.submissions.first?.reversePath == "jösé@bücher.example")
        #expect(harness.submissions.first?.recipients == ["用户@例子.广告"])
        // Invalid UTF-8 is never an address.
        harness.clear()
        harness.feed([UInt8]("RSET\r\nMAIL FROM:<a\u{FF}@b.example> SMTPUTF8\r\n".utf8).map { $0 == 0xC3 ? 0xFF : $0 })
        #expect(harness.replies == ["250 2.0.0 Ok", "501 5.1.7 Bad sender address syntax"])
    }

    @Test(arguments: [
        ("2001:db8::1", true), ("::", true), ("::1", true), ("1:2:3:4:5:6:7:8", true), ("1:2:3:4:5:6:1.2.3.4", true),
        ("1::", true), ("1:2:3:4:5:6:7::", true), ("1:2:3:4:5:6:7:8:9", false), ("1:2", false), (":1::", false),
        ("1:::2", false), ("1:2:3:4:5:6:7:8::", false), ("g::1", false), ("1:", false), ("", false),
        ("::1.2.3.256", false),
    ])
    func ipv6Literals(_ text: String, _ valid: Bool) {
        #expect(AddressLiteral.isIPv6(ArraySlice(text.utf8)) == valid, "\(text)")
    }
}

@Suite struct AcceptedDomainsTests {
    @Test func recipientsOutsideTheAcceptedDomainsAreRefusedAndNeverRelayed() {
        var configuration = SMTPServerConfiguration(hostname: "bounces.example.test")
        configuration.authRequired = false
        configuration.acceptedRecipientDomains = ["bounces.example.test"]
        var session = SMTPServerSession(configuration: configuration)
        _ = session.start()
        var buffer = ByteBuffer(
            string: "EHLO mx.test\r\nMAIL FROM:<>\r\nRCPT TO:<someone@elsewhere.test>\r\nRCPT TO:<pm_bounces+x@Bounces.Example.TEST>\r\n")
        let actions = session.receive(&buffer)
        let codes = actions.compactMap { action -> Int? in
            if case .reply(let reply) = action { return reply.code }
            return nil
        }
        #expect(codes == [250, 250, 550, 250])
        #expect(actions.contains(.reply(SMTPReply(code: 550, "5.7.1 Relay access denied"))))
    }
}
