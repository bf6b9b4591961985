import NIOCore
import SMTPProtocol
import SMTPServerProtocol
import Testing

/// AUTH PLAIN (RFC 4616) and LOGIN over RFC 4954, on a session already in TLS.
@Suite struct AuthTests {
    /// A harness after STARTTLS and EHLO, events cleared.
    func secured() -> SessionHarness {
        let harness = SessionHarness()
        harness.feed("EHLO c\r\nSTARTTLS\r\n")
        harness.feed("EHLO c\r\n")
        harness.clear()
        return harness
    }

    @Test func plainWithInitialResponseSucceeds() {
        let harness = self.secured()
        harness.feed("AUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.events == [.authenticate("user", "secret"), .reply("235 2.7.0 Authentication successful")])
        #expect(harness.session.authenticatedUser == "user")
        harness.clear()
        harness.feed("MAIL FROM:<a@b.example>\r\nRCPT TO:<c@d.example>\r\nDATA\r\nhi\r\n.\r\n")
        #expect(harness.submissions.first?.authenticatedUser == "user")
        #expect(harness.submissions.first?.tls == true)
    }

    @Test func plainAfterEmptyChallenge() {
        let harness = self.secured()
        harness.feed("auth plain\r\n")
        #expect(harness.replies == ["334"])
        #expect(harness.events.count == 1)
        harness.feed("\(b64("user\0user\0secret"))\r\n")
        #expect(harness.events.dropFirst() == [.authenticate("user", "secret"), .reply("235 2.7.0 Authentication successful")])
    }

    @Test func plainFailureCountsAndMailStaysRefused() {
        let harness = self.secured()
        harness.feed("AUTH PLAIN \(b64("\0user\0wrong"))\r\nMAIL FROM:<a@b.example>\r\n")
        #expect(harness.events == [
            .authenticate("user", "wrong"),
            .reply("535 5.7.8 Authentication credentials invalid"),
            .reply("530 5.7.0 Authentication required"),
        ])
        #expect(harness.session.authenticatedUser == nil)
    }

    @Test func plainWithAnotherAuthorizationIdentityIsRefusedWithoutAsking() {
        let harness = self.secured()
        harness.feed("AUTH PLAIN \(b64("admin\0user\0secret"))\r\n")
        #expect(harness.events == [.reply("535 5.7.8 Authentication credentials invalid")])
    }

    @Test(arguments: ["\0user", "user\0secret", "\0\0secret", "\0user\0", "a\0b\0c\0d"])
    func malformedPlainMessagesAreRefused(_ message: String) {
        let harness = self.secured()
        harness.feed("AUTH PLAIN \(b64(message))\r\n")
        #expect(harness.events == [.reply("501 5.5.2 Invalid authentication data")])
    }

    @Test func plainEmptyInitialResponseIsInvalidData() {
        let harness = self.secured()
        harness.feed("AUTH PLAIN =\r\n")
        #expect(harness.events == [.reply("501 5.5.2 Invalid authentication data")])
    }

    @Test func loginMechanism() {
        let harness = self.secured()
        harness.feed("AUTH LOGIN\r\n")
        #expect(harness.replies == ["334 VXNlcm5hbWU6"])
        harness.feed("\(b64("user"))\r\n")
        #expect(harness.replies.last == "334 UGFzc3dvcmQ6")
        harness.feed("\(b64("secret"))\r\n")
        #expect(harness.events.suffix(2) == [.authenticate("user", "secret"), .reply("235 2.7.0 Authentication successful")])
    }

    @Test func loginWithInitialUsername() {
        let harness = self.secured()
        harness.feed("AUTH LOGIN \(b64("user"))\r\n\(b64("nope"))\r\n")
        #expect(harness.events == [
            .reply("334 UGFzc3dvcmQ6"),
            .authenticate("user", "nope"),
            .reply("535 5.7.8 Authentication credentials invalid"),
        ])
    }

    @Test func cancelWithStar() {
        let harness = self.secured()
        harness.feed("AUTH LOGIN\r\n*\r\n")
        #expect(harness.replies == ["334 VXNlcm5hbWU6", "501 5.7.0 Authentication cancelled"])
        // Back in command mode: a new AUTH is allowed.
        harness.clear()
        harness.feed("AUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.replies == ["235 2.7.0 Authentication successful"])
    }

    @Test(arguments: ["AUTH PLAIN AHVzZXIAc2VjcmV\r\n", "AUTH PLAIN @@@@\r\n", "AUTH PLAIN AHVzZXIAc2VjcmV0=\r\n",
                      "AUTH PLAIN AHVz ZXIA\r\n", "AUTH LOGIN dXNlcg\r\n", "AUTH PLAIN *\r\n"])
    func badBase64InInitialResponse(_ line: String) {
        let harness = self.secured()
        harness.feed(line)
        let expected: [String] = line.contains(" ZXIA") ? ["501 5.5.4 Syntax: AUTH mechanism [initial-response]"] : ["501 5.5.2 Cannot decode response"]
        #expect(harness.replies == expected)
        #expect(!harness.events.contains { if case .authenticate = $0 { return true } else { return false } })
    }

    @Test func badBase64InResponseLine() {
        let harness = self.secured()
        harness.feed("AUTH LOGIN\r\ndXNlcg=\r\n")
        #expect(harness.replies == ["334 VXNlcm5hbWU6", "501 5.5.2 Cannot decode response"])
    }

    @Test func authBeforeSTARTTLSIsRefused() {
        let harness = SessionHarness()
        harness.feed("EHLO c\r\n")
        harness.clear()
        harness.feed("AUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.events == [.reply("530 5.7.0 Must issue a STARTTLS command first")])
    }

    @Test func authSequenceErrors() {
        var configuration = SMTPServerConfiguration.open
        configuration.authRequired = false
        let harness = SessionHarness(configuration)
        harness.clear()
        harness.feed("AUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.replies == ["503 5.5.1 Send HELO/EHLO first"])
        harness.clear()
        harness.feed("EHLO c\r\nMAIL FROM:<a@b.example>\r\nAUTH PLAIN \(b64("\0user\0secret"))\r\nRSET\r\n")
        #expect(harness.replies.dropFirst() == ["250 2.1.0 Ok", "503 5.5.1 AUTH not permitted during a mail transaction", "250 2.0.0 Ok"])
        harness.clear()
        harness.feed("AUTH PLAIN \(b64("\0user\0secret"))\r\nAUTH PLAIN \(b64("\0user\0secret"))\r\n")
        #expect(harness.replies == ["235 2.7.0 Authentication successful", "503 5.5.1 Already authenticated"])
        harness.clear()
        harness.feed("AUTH\r\n")
        #expect(harness.replies == ["501 5.5.4 Syntax: AUTH mechanism [initial-response]"])
    }

    @Test func unknownMechanism() {
        let harness = self.secured()
        harness.feed("AUTH CRAM-MD5\r\n")
        #expect(harness.replies == ["504 5.5.4 Unrecognized authentication type"])
    }

    @Test func pipelinedCommandsWaitForTheAuthenticationResult() {
        var session = SMTPServerSession(configuration: .test)
        _ = session.start()
        var buffer = ByteBuffer(string: "EHLO c\r\nSTARTTLS\r\n")
        _ = session.receive(&buffer)
        _ = session.tlsEstablished()
        buffer = ByteBuffer(string: "EHLO c\r\nAUTH PLAIN \(b64("\0user\0secret"))\r\nMAIL FROM:<a@b.example>\r\n")
        let actions = session.receive(&buffer)
        #expect(actions.count == 2)
        #expect(actions.last == .authenticate(username: "user", password: "secret"))
        #expect(buffer.readableBytes == "MAIL FROM:<a@b.example>\r\n".utf8.count)
        // Nothing more until the result arrives.
        #expect(session.receive(&buffer).isEmpty)
        #expect(session.authenticationResult(true) == [.reply(SMTPReply(code: 235, "2.7.0 Authentication successful"))])
        #expect(session.receive(&buffer) == [.reply(SMTPReply(code: 250, "2.1.0 Ok"))])
        // A stray result is ignored.
        #expect(session.authenticationResult(true).isEmpty)
    }

    @Test func overlongSASLResponseFailsWith5_5_6() {
        var configuration = SMTPServerConfiguration.test
        configuration.maximumSASLResponseLength = 64
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nSTARTTLS\r\n")
        harness.feed("EHLO c\r\n")
        harness.clear()
        harness.feed("AUTH PLAIN\r\n" + String(repeating: "A", count: 200) + "\r\nNOOP\r\n")
        #expect(harness.replies == ["334", "500 5.5.6 Authentication Exchange line is too long", "250 2.0.0 Ok"])
    }

    @Test func actionDescriptionRedactsThePassword() {
        let action = SMTPServerAction.authenticate(username: "user", password: "hunter2")
        #expect(!action.description.contains("hunter2"))
        #expect(action.description.contains("user"))
    }

    @Test func failedAuthCountsTowardsTheErrorLimit() {
        var configuration = SMTPServerConfiguration.test
        configuration.maximumErrors = 3
        let harness = SessionHarness(configuration)
        harness.feed("EHLO c\r\nSTARTTLS\r\n")
        harness.feed("EHLO c\r\n")
        harness.clear()
        for _ in 0..<3 {
            harness.feed("AUTH PLAIN \(b64("\0user\0bad"))\r\n")
        }
        #expect(harness.replies.suffix(2) == ["535 5.7.8 Authentication credentials invalid", "421 4.7.0 Too many errors"])
        #expect(harness.events.last == .close)
        #expect(harness.events.filter { if case .authenticate = $0 { return true } else { return false } }.count == 3)
    }
}
