import NIOCore
import SMTPProtocol
import Testing

/// Greeting, EHLO/HELO, STARTTLS and AUTH against scripted replies.
@Suite struct SessionSetupTests {
    @Test func esmtpSessionReadsCapabilities() throws {
        let server = ScriptedServer()
        server.connect()
        #expect(server.timers.first! == (.greeting, .minutes(5)))
        server.answer("EHLO client.test", EHLO.reply("SIZE 1000000", "8BITMIME", "ENHANCEDSTATUSCODES"))
        let info = try #require(server.ready)
        #expect(info.esmtp && !info.tlsActive && !info.authenticated)
        #expect(info.capabilities.sizeLimit == 1_000_000)
        #expect(info.greeting == SMTPReply(code: 220, "mx.test ESMTP"))
        #expect(server.armed == nil)
        #expect(server.unanswered.isEmpty)
    }

    @Test func heloFallbackAfterEHLORefused() throws {
        let server = ScriptedServer()
        server.connect()
        server.answer("EHLO client.test", 502, "5.5.2 Error: command not recognized")
        server.answer("HELO client.test", 250, "mx.test")
        let info = try #require(server.ready)
        #expect(!info.esmtp && info.capabilities == .none)
        // No ESMTP: no parameters on MAIL, even for 8-bit content.
        server.send(to: ["r@b.test"], message: "Subject: caf\u{E9}\r\n\r\nx\r\n")
        #expect(server.unanswered == ["MAIL FROM:<sender@a.test>"])
    }

    @Test(arguments: [
        (SMTPReply(code: 554, "5.7.1 no service for you"), false, true),
        (SMTPReply(code: 450, "4.3.2 busy"), true, true),
        (SMTPReply(code: 421, "4.3.2 closing"), true, false),
    ])
    func greetingNot2xxFailsTheSession(greeting: SMTPReply, transient: Bool, quits: Bool) throws {
        let server = ScriptedServer()
        server.connect(greeting: greeting)
        let failure = try #require(server.failure)
        #expect(failure.code == (greeting.code == 421 ? .serviceClosing : .greetingRejected))
        #expect(failure.stage == .greeting)
        #expect(failure.isTransient == transient)
        #expect(failure.reply == greeting)
        #expect(server.closed && server.ready == nil)
        #expect(server.sent == (quits ? ["QUIT"] : []))
    }

    @Test func ehlo4xxFailsWithoutFallback() throws {
        let server = ScriptedServer()
        server.connect()
        server.answer("EHLO client.test", 451, "4.3.0 later")
        let failure = try #require(server.failure)
        #expect(failure.code == .heloRejected && failure.isTransient && failure.stage == .ehlo)
        #expect(server.sent == ["EHLO client.test", "QUIT"])
        #expect(server.closed)
    }

    @Test func heloRefusedToo() throws {
        let server = ScriptedServer()
        server.connect()
        server.answer("EHLO client.test", 500, "5.5.1 what")
        server.answer("HELO client.test", 550, "5.7.1 go away")
        let failure = try #require(server.failure)
        #expect(failure.code == .heloRejected && !failure.isTransient && failure.stage == .helo)
        #expect(failure.outcome(for: "r@b.test").status == .permanent)
    }

    // MARK: STARTTLS

    @Test func opportunisticTLSWhenOffered() throws {
        let server = ScriptedServer()
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("PIPELINING", "STARTTLS"))
        server.answer("STARTTLS", 220, "2.0.0 Ready to start TLS")
        #expect(server.tlsStarts == 1)
        #expect(server.timers.contains { $0.0 == .tlsHandshake })
        // RFC 3207 §4.2: EHLO again, and only the new capabilities count.
        server.answer("EHLO client.test", EHLO.reply("AUTH PLAIN", "SIZE 500"))
        let info = try #require(server.ready)
        #expect(info.tlsActive)
        #expect(!info.capabilities.pipelining && !info.capabilities.startTLS)
        #expect(info.capabilities.sizeLimit == 500)
    }

    @Test func opportunisticWithoutOfferStaysPlain() throws {
        let server = ScriptedServer.ready(ehlo: EHLO.pipelining)
        #expect(server.sent == ["EHLO client.test"])
        #expect(server.ready?.tlsActive == false)
    }

    @Test func disabledNeverStartsTLS() throws {
        let server = ScriptedServer.ready(
            ehlo: EHLO.reply("STARTTLS"),
            configuration: .init(heloName: "client.test", tlsPolicy: .disabled)
        )
        #expect(server.sent == ["EHLO client.test"])
        #expect(server.tlsStarts == 0)
    }

    @Test func requiredButNotOfferedFails() throws {
        let server = ScriptedServer(.init(heloName: "client.test", tlsPolicy: .required))
        server.connect()
        server.answer("EHLO client.test", EHLO.pipelining)
        let failure = try #require(server.failure)
        #expect(failure.code == .startTLSNotOffered && failure.isTransient)
        #expect(failure.effectiveReply.enhancedCode == EnhancedStatusCode("4.7.4"))
        #expect(server.sent == ["EHLO client.test", "QUIT"])
        #expect(server.closed && server.ready == nil)
    }

    @Test func requiredAfterHELOFallbackFails() throws {
        let server = ScriptedServer(.init(heloName: "client.test", tlsPolicy: .required))
        server.connect()
        server.answer("EHLO client.test", 502, "no")
        server.answer("HELO client.test", 250, "mx.test")
        #expect(server.failure?.code == .startTLSNotOffered)
    }

    @Test(arguments: [SMTPTLSPolicy.opportunistic, .required])
    func startTLSRefused(policy: SMTPTLSPolicy) throws {
        let server = ScriptedServer(.init(heloName: "client.test", tlsPolicy: policy))
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("STARTTLS"))
        server.answer("STARTTLS", 454, "4.7.0 TLS not available due to local problem")
        #expect(server.tlsStarts == 0)
        if policy == .required {
            #expect(server.failure?.code == .startTLSRejected)
            #expect(server.failure?.isTransient == true)
            #expect(server.closed)
        } else {
            // Opportunistic: carry on in plaintext (RFC 7435).
            #expect(server.ready?.tlsActive == false)
            #expect(!server.closed)
        }
    }

    /// CVE-2011-0411 class: bytes that came with the 220 to STARTTLS were sent before TLS and
    /// must never be read as if they came after it.
    @Test(arguments: [SMTPTLSPolicy.opportunistic, .required])
    func startTLSResponseInjectionIsRefused(policy: SMTPTLSPolicy) throws {
        let server = ScriptedServer(.init(heloName: "client.test", tlsPolicy: policy))
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("STARTTLS"))
        let injected = "250-mx.test\r\n250 AUTH PLAIN\r\n"
        server.answer("STARTTLS", SMTPReply(code: 220, "Ready"), trailingBytes: injected.utf8.count)
        #expect(server.tlsStarts == 0, "TLS must not start")
        let failure = try #require(server.failure)
        #expect(failure.code == .startTLSResponseInjection && failure.isTransient && failure.stage == .startTLS)
        #expect(server.closed && server.ready == nil)
        #expect(server.sent == ["EHLO client.test", "STARTTLS"])
        // The injected reply, if it is decoded later, changes nothing.
        server.reply(SMTPReply(code: 250, lines: ["mx.test", "AUTH PLAIN"]))
        #expect(server.ready == nil && server.sent.count == 2)
    }

    @Test func tlsHandshakeFailureFailsTheSession() throws {
        let server = ScriptedServer()
        server.tlsHandshakeSucceeds = false
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("STARTTLS"))
        server.answer("STARTTLS", 220, "go")
        let failure = try #require(server.failure)
        #expect(failure.code == .tlsHandshakeFailed && failure.stage == .tlsHandshake && failure.isTransient)
        #expect(server.closed)
    }

    // MARK: AUTH

    @Test func authPlainAfterTLS() throws {
        let credentials = SMTPCredentials(username: "api-token", password: "secret")
        let server = ScriptedServer(.init(heloName: "client.test", tlsPolicy: .required, credentials: credentials))
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("STARTTLS"))
        server.answer("STARTTLS", 220, "go")
        server.answer("EHLO client.test", EHLO.reply("AUTH LOGIN PLAIN"))
        server.answer("AUTH PLAIN AGFwaS10b2tlbgBzZWNyZXQ=", 235, "2.7.0 Authentication successful")
        let info = try #require(server.ready)
        #expect(info.authenticated && info.tlsActive)
    }

    @Test func authRejected() throws {
        let credentials = SMTPCredentials(username: "u", password: "wrong")
        let server = ScriptedServer(.init(heloName: "client.test", credentials: credentials, allowPlaintextAuth: true))
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("AUTH PLAIN"))
        server.answer("AUTH PLAIN AHUAd3Jvbmc=", 535, "5.7.8 Authentication credentials invalid")
        let failure = try #require(server.failure)
        #expect(failure.code == .authRejected && !failure.isTransient)
        #expect(failure.reply?.enhancedCode == EnhancedStatusCode("5.7.8"))
    }

    @Test func authNeedsTLSUnlessAllowed() throws {
        let credentials = SMTPCredentials(username: "u", password: "p")
        let server = ScriptedServer(.init(heloName: "client.test", credentials: credentials))
        server.connect()
        server.answer("EHLO client.test", EHLO.reply("AUTH PLAIN"))
        #expect(server.failure?.code == .authUnavailable)
        #expect(server.sent == ["EHLO client.test", "QUIT"], "credentials never go out in plaintext")
    }

    @Test func quitAfterSetup() throws {
        let server = ScriptedServer.ready()
        server.quit()
        #expect(server.armed == .quit)
        server.answer("QUIT", 221, "2.0.0 Bye")
        #expect(server.closed)
        #expect(server.failure == nil)
        #expect(server.machine.closeReason == nil)
    }
}
