import NIOCore
import SMTPProtocol
import Testing

@Suite struct CommandTests {
    @Test(arguments: [
        (SMTPCommand.ehlo("client.example.test"), "EHLO client.example.test\r\n"),
        (.helo("client.example.test"), "HELO client.example.test\r\n"),
        (.ehlo("[127.0.0.1]"), "EHLO [127.0.0.1]\r\n"),
        (.startTLS, "STARTTLS\r\n"),
        (.mail(from: "bounce+1@example.test", parameters: []), "MAIL FROM:<bounce+1@example.test>\r\n"),
        (.mail(from: "", parameters: []), "MAIL FROM:<>\r\n"),
        (.mail(from: "a@example.test", parameters: [.size(1234), .body8BitMIME, .smtpUTF8]),
         "MAIL FROM:<a@example.test> SIZE=1234 BODY=8BITMIME SMTPUTF8\r\n"),
        (.mail(from: "a@example.test", parameters: [.other(keyword: "RET", value: "HDRS")]), "MAIL FROM:<a@example.test> RET=HDRS\r\n"),
        (.rcpt(to: "b@example.test"), "RCPT TO:<b@example.test>\r\n"),
        (.rcpt(to: "\u{00FC}ser@b\u{00FC}cher.test"), "RCPT TO:<\u{00FC}ser@b\u{00FC}cher.test>\r\n"),
        (.data, "DATA\r\n"),
        (.rset, "RSET\r\n"),
        (.noop, "NOOP\r\n"),
        (.quit, "QUIT\r\n"),
    ])
    func encodesExactBytes(command: SMTPCommand, wire: String) throws {
        var buffer = ByteBuffer()
        try command.encode(into: &buffer)
        #expect(String(buffer: buffer) == wire)
    }

    /// RFC 4954 §4 example: `AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=` is "test\0test\0test".
    @Test func authPlainMatchesTheRFCExampleAndIsRedacted() throws {
        let credentials = SMTPCredentials(username: "test", password: "test", authorizationIdentity: "test")
        #expect(try SMTPCommand.authPlain(credentials).line() == "AUTH PLAIN dGVzdAB0ZXN0AHRlc3Q=")
        let other = SMTPCredentials(username: "api-token", password: "s3cret")
        #expect(try SMTPCommand.authPlain(other).line() == "AUTH PLAIN AGFwaS10b2tlbgBzM2NyZXQ=")
        #expect(SMTPCommand.authPlain(other).redactedDescription == "AUTH PLAIN <redacted>")
        #expect(!"\(SMTPCommand.authPlain(other))".contains("s3cret"))
        #expect(!"\(other)".contains("s3cret"))
    }

    @Test(arguments: [
        SMTPCommand.rcpt(to: "a@b.test>\r\nRCPT TO:<evil@x.test"),
        .rcpt(to: "a@b.test\n"),
        .rcpt(to: "a<b@c.test"),
        .rcpt(to: ""),
        .mail(from: "a@b.test\r\nDATA", parameters: []),
        .mail(from: "a@b.test", parameters: [.other(keyword: "X", value: "a b")]),
        .mail(from: "a@b.test", parameters: [.other(keyword: "X\r\nRSET", value: nil)]),
        .ehlo("bad name"),
        .ehlo(""),
        .helo("x\r\nMAIL"),
    ])
    func refusesArgumentsThatWouldInjectCommands(command: SMTPCommand) {
        var buffer = ByteBuffer()
        let error = #expect(throws: SMTPProtocolError.self) { try command.encode(into: &buffer) }
        #expect(error?.code == .invalidCommandArgument)
        #expect(buffer.readableBytes == 0)
    }
}
