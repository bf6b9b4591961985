import NIOCore

/// The SMTP client as a pure state machine (postgres-nio style): events go in, actions come out,
/// and one channel handler performs them. Nothing here touches a socket, a clock or a thread, so
/// every path is tested in memory against scripted replies.
///
/// A session runs: greeting → EHLO (HELO fallback) → STARTTLS → EHLO again → AUTH (optional) →
/// ready; then any number of transactions (MAIL, RCPT..., DATA, message), each answered with one
/// ``RecipientOutcome`` per recipient; then QUIT. Transactions started while another runs are
/// queued and run in order, and their `.transactionCompleted` actions come in that order.
public struct SMTPClientStateMachine: Sendable {
    enum State: Sendable {
        case initial
        case greeting
        case ehlo
        case helo
        case startTLS
        case tlsHandshake
        case auth
        case ready
        case resetting
        case transaction(SMTPClientTransaction)
        case quitting
        case closed
    }

    struct QueuedTransaction: Sendable {
        var envelope: SMTPEnvelope
        var payload: SMTPMessagePayload
    }

    public let configuration: SMTPClientConfiguration
    var state: State = .initial
    var greeting: SMTPReply?
    var capabilities: SMTPCapabilities = .none
    var esmtp = false
    var tlsActive = false
    var authenticated = false
    var announcedReady = false
    /// A transaction ran since the last RSET; the next one starts with RSET (connection reuse).
    var needsReset = false
    var queued = CircularBuffer<QueuedTransaction>()
    var quitRequested = false
    /// Why the session closed, when it did not close by QUIT.
    public private(set) var closeReason: SMTPClientError?

    public init(configuration: SMTPClientConfiguration) {
        self.configuration = configuration
    }

    /// True once the session is closed or closing: no more transactions will run.
    public var isClosed: Bool {
        switch self.state {
        case .closed, .quitting: return true
        default: return self.quitRequested
        }
    }

    // MARK: Events from the handler

    /// The TCP connection is up; wait for the greeting (RFC 5321 §3.1, §4.5.3.2.1).
    public mutating func connected() -> [SMTPClientAction] {
        guard case .initial = self.state else { return [] }
        self.state = .greeting
        return [self.timeout(.greeting)]
    }

    /// A complete reply arrived. `unprocessedBytes` is how many received bytes are still
    /// buffered after it; it matters only for the reply to STARTTLS (RFC 3207 §4.2 /
    /// CVE-2011-0411: nothing the server sent before the handshake may be used after it).
    public mutating func replyReceived(_ reply: SMTPReply, unprocessedBytes: Int = 0) -> [SMTPClientAction] {
        switch self.state {
        case .closed:
            return []
        case .quitting:
            self.state = .closed
            return [.cancelTimeout, .close]
        default:
            break
        }
        // RFC 5321 §3.8: 421 means the server is closing the channel, whatever was asked.
        if reply.code == 421 {
            return self.fail(SMTPClientError(code: .serviceClosing, stage: self.currentStage, reply: reply))
        }
        switch self.state {
        case .greeting: return self.greetingReceived(reply)
        case .ehlo: return self.ehloReplyReceived(reply)
        case .helo: return self.heloReplyReceived(reply)
        case .startTLS: return self.startTLSReplyReceived(reply, unprocessedBytes: unprocessedBytes)
        case .auth: return self.authReplyReceived(reply)
        case .resetting: return self.resetReplyReceived(reply)
        case .transaction(var transaction):
            return self.transactionReplyReceived(reply, transaction: &transaction)
        case .initial, .tlsHandshake, .ready:
            return self.fail(SMTPClientError(
                code: .unexpectedReply, stage: self.currentStage, reply: reply, isTransient: true,
                detail: "unsolicited reply"
            ))
        case .quitting, .closed:
            preconditionFailure("handled above")
        }
    }

    /// The stage's timer fired.
    public mutating func timeoutFired() -> [SMTPClientAction] {
        switch self.state {
        case .closed, .ready, .initial:
            return []
        case .quitting:
            self.state = .closed
            return [.close]
        default:
            let stage = self.currentStage
            return self.fail(SMTPClientError(
                code: .timeout, stage: stage, isTransient: true,
                detail: "no reply within \(self.configuration.timeouts[stage].nanoseconds / 1_000_000) ms at \(stage)"
            ))
        }
    }

    /// The connection closed (EOF or error).
    public mutating func connectionClosed() -> [SMTPClientAction] {
        switch self.state {
        case .closed, .quitting:
            self.state = .closed
            return [.cancelTimeout]
        default:
            return self.fail(SMTPClientError(
                code: .connectionLost, stage: self.currentStage, isTransient: true,
                detail: "connection lost at \(self.currentStage)"
            ))
        }
    }

    /// Something failed below the state machine: a decoder error (`.protocolError`), a TLS
    /// error (`.tlsHandshakeFailed`), a socket error (`.connectionLost`).
    public mutating func errorCaught(
        _ code: SMTPClientError.Code,
        detail: String,
        underlying: (any Error & Sendable)? = nil
    ) -> [SMTPClientAction] {
        self.fail(SMTPClientError(code: code, stage: self.currentStage, isTransient: true, detail: detail, underlying: underlying))
    }

    /// Where the session is: the stage whose reply is awaited.
    public var currentStage: SMTPStage {
        switch self.state {
        case .initial: return .connect
        case .greeting: return .greeting
        case .ehlo: return .ehlo
        case .helo: return .helo
        case .startTLS: return .startTLS
        case .tlsHandshake: return .tlsHandshake
        case .auth: return .auth
        case .ready: return .mail
        case .resetting: return .rset
        case .transaction(let transaction): return transaction.currentStage
        case .quitting, .closed: return .quit
        }
    }

    // MARK: Helpers

    func timeout(_ stage: SMTPStage) -> SMTPClientAction {
        .setTimeout(stage, self.configuration.timeouts[stage])
    }

    /// Ends the session: fails setup or the running transaction, fails everything queued, and
    /// closes (after a polite QUIT when the server is still talking to us, RFC 5321 §3.1).
    mutating func fail(_ error: SMTPClientError, sendQuit: Bool = false) -> [SMTPClientAction] {
        var actions: [SMTPClientAction] = [.cancelTimeout]
        switch self.state {
        case .closed:
            return []
        case .transaction(let transaction):
            actions.append(.transactionCompleted(transaction.outcomes(failingRemainingWith: error)))
        case .initial, .greeting, .ehlo, .helo, .startTLS, .tlsHandshake, .auth:
            if !self.announcedReady { actions.append(.sessionFailed(error)) }
        case .ready, .resetting, .quitting:
            break
        }
        self.state = .closed
        self.closeReason = error
        while let queued = self.queued.popFirst() {
            actions.append(.transactionCompleted(queued.envelope.recipients.map { error.outcome(for: $0) }))
        }
        if sendQuit { actions.append(.send([.quit])) }
        actions.append(.close)
        return actions
    }
}
