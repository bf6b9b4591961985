/// Session setup and teardown: greeting, EHLO/HELO, STARTTLS, AUTH, idle, QUIT.
extension SMTPClientStateMachine {
    /// RFC 5321 §3.1, §4.3.2: 220 to go on; anything else refuses service.
    mutating func greetingReceived(_ reply: SMTPReply) -> [SMTPClientAction] {
        guard reply.isPositiveCompletion else {
            // §3.1: after a 554 greeting the client "SHOULD" QUIT.
            return self.fail(SMTPClientError(code: .greetingRejected, stage: .greeting, reply: reply), sendQuit: true)
        }
        self.greeting = reply
        return self.sendEHLO()
    }

    mutating func sendEHLO() -> [SMTPClientAction] {
        self.state = .ehlo
        return [.send([.ehlo(self.configuration.heloName)]), self.timeout(.ehlo)]
    }

    /// RFC 5321 §4.1.1.1 and §3.2: a 5xx to EHLO means no ESMTP; fall back to HELO.
    mutating func ehloReplyReceived(_ reply: SMTPReply) -> [SMTPClientAction] {
        if reply.isPositiveCompletion {
            self.esmtp = true
            self.capabilities = SMTPCapabilities(ehloReply: reply)
            return self.helloCompleted()
        }
        if reply.isPermanentNegative {
            self.state = .helo
            return [.send([.helo(self.configuration.heloName)]), self.timeout(.helo)]
        }
        return self.fail(SMTPClientError(code: .heloRejected, stage: .ehlo, reply: reply), sendQuit: true)
    }

    mutating func heloReplyReceived(_ reply: SMTPReply) -> [SMTPClientAction] {
        guard reply.isPositiveCompletion else {
            return self.fail(SMTPClientError(code: .heloRejected, stage: .helo, reply: reply), sendQuit: true)
        }
        self.esmtp = false
        self.capabilities = .none
        return self.helloCompleted()
    }

    /// After (E)HLO: STARTTLS per policy (RFC 3207 §4), else on to AUTH.
    mutating func helloCompleted() -> [SMTPClientAction] {
        let stage: SMTPStage = self.esmtp ? .ehlo : .helo
        if !self.tlsActive {
            switch self.configuration.tlsPolicy {
            case .disabled:
                break
            case .opportunistic where self.capabilities.startTLS, .required where self.capabilities.startTLS:
                self.state = .startTLS
                return [.send([.startTLS]), self.timeout(.startTLS)]
            case .opportunistic:
                break
            case .required:
                return self.fail(
                    SMTPClientError(code: .startTLSNotOffered, stage: stage, isTransient: true,
                                    detail: "TLS is required, but was not offered by the server"),
                    sendQuit: true
                )
            }
        }
        return self.authenticateOrFinish()
    }

    mutating func startTLSReplyReceived(_ reply: SMTPReply, unprocessedBytes: Int) -> [SMTPClientAction] {
        guard reply.isPositiveCompletion else {
            // RFC 3207 §4: 454 "TLS not available due to temporary reason", or 5xx.
            if self.configuration.tlsPolicy == .required {
                return self.fail(
                    SMTPClientError(code: .startTLSRejected, stage: .startTLS, reply: reply, isTransient: true,
                                    detail: "TLS is required, but STARTTLS was refused: \(reply)"),
                    sendQuit: true
                )
            }
            return self.authenticateOrFinish()
        }
        // Bytes after the 220 were sent in plaintext before the handshake; acting on them after
        // it is the STARTTLS injection bug (CVE-2011-0411 class). Refuse, whatever the policy:
        // falling back to plaintext would hand an attacker a downgrade.
        guard unprocessedBytes == 0 else {
            return self.fail(SMTPClientError(
                code: .startTLSResponseInjection, stage: .startTLS, isTransient: true,
                detail: "\(unprocessedBytes) bytes followed the 220 reply to STARTTLS before the TLS handshake"
            ))
        }
        self.state = .tlsHandshake
        return [.startTLS, self.timeout(.tlsHandshake)]
    }

    /// The handshake finished. RFC 3207 §4.2: forget what the server said before and send EHLO
    /// again.
    public mutating func tlsEstablished() -> [SMTPClientAction] {
        guard case .tlsHandshake = self.state else { return [] }
        self.tlsActive = true
        self.capabilities = .none
        return self.sendEHLO()
    }

    /// The handshake failed. The connection cannot be used any more, whatever the policy.
    public mutating func tlsFailed(detail: String, underlying: (any Error & Sendable)? = nil) -> [SMTPClientAction] {
        self.fail(SMTPClientError(code: .tlsHandshakeFailed, stage: .tlsHandshake, isTransient: true,
                                  detail: detail, underlying: underlying))
    }

    /// AUTH PLAIN with an initial response (RFC 4954 §4) when credentials are configured, only
    /// over TLS unless plaintext is allowed (RFC 4616 §6).
    mutating func authenticateOrFinish() -> [SMTPClientAction] {
        guard let credentials = self.configuration.credentials else {
            return self.sessionEstablished()
        }
        guard self.tlsActive || self.configuration.allowPlaintextAuth else {
            return self.fail(
                SMTPClientError(code: .authUnavailable, stage: .auth, isTransient: true,
                                detail: "credentials are configured but the session is not encrypted"),
                sendQuit: true
            )
        }
        guard self.capabilities.authMechanisms.contains("PLAIN") else {
            return self.fail(
                SMTPClientError(code: .authUnavailable, stage: .auth, isTransient: true,
                                detail: "credentials are configured but AUTH PLAIN is not offered"),
                sendQuit: true
            )
        }
        self.state = .auth
        return [.send([.authPlain(credentials)]), self.timeout(.auth)]
    }

    /// RFC 4954 §4: 235 on success; 535 5.7.8 bad credentials; 4xx temporary. A 334 challenge
    /// cannot happen after an initial response for PLAIN and is treated as a failure.
    mutating func authReplyReceived(_ reply: SMTPReply) -> [SMTPClientAction] {
        guard reply.isPositiveCompletion else {
            return self.fail(SMTPClientError(code: .authRejected, stage: .auth, reply: reply), sendQuit: true)
        }
        self.authenticated = true
        return self.sessionEstablished()
    }

    mutating func sessionEstablished() -> [SMTPClientAction] {
        self.announcedReady = true
        let info = SMTPSessionInfo(
            greeting: self.greeting ?? SMTPReply(code: 220, ""),
            esmtp: self.esmtp,
            capabilities: self.capabilities,
            tlsActive: self.tlsActive,
            authenticated: self.authenticated
        )
        return [.sessionReady(info)] + self.becomeIdle()
    }

    /// Run the next queued transaction, or QUIT if asked, or wait.
    mutating func becomeIdle() -> [SMTPClientAction] {
        if let next = self.queued.popFirst() {
            return self.beginTransaction(next)
        }
        if self.quitRequested {
            return self.sendQuit()
        }
        self.state = .ready
        return [.cancelTimeout]
    }

    mutating func resetReplyReceived(_ reply: SMTPReply) -> [SMTPClientAction] {
        guard reply.isPositiveCompletion else {
            return self.fail(SMTPClientError(code: .resetFailed, stage: .rset, reply: reply, isTransient: true))
        }
        self.needsReset = false
        return self.becomeIdle()
    }

    /// Ask to end the session. QUIT is sent when the session is idle (after queued transactions).
    public mutating func quit() -> [SMTPClientAction] {
        switch self.state {
        case .ready:
            return self.sendQuit()
        case .closed, .quitting:
            return []
        default:
            self.quitRequested = true
            return []
        }
    }

    /// RFC 5321 §4.1.1.10: QUIT, then 221, then close.
    mutating func sendQuit() -> [SMTPClientAction] {
        self.state = .quitting
        return [.send([.quit]), self.timeout(.quit)]
    }
}
