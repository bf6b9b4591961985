import NIOCore
import SMTPProtocol

/// The server side of one SMTP submission session (RFC 5321, with RFC 3207 STARTTLS, RFC 4954 AUTH,
/// RFC 1870 SIZE, RFC 6152 8BITMIME, RFC 6531 SMTPUTF8, RFC 2034 ENHANCEDSTATUSCODES and
/// RFC 2920 PIPELINING) as a pure state machine: bytes and results go in, actions come out, and
/// the channel handler performs them in order. No I/O, no clocks.
///
/// Each command lives in its own file (`SMTPServerSession+Mail.swift`, ...); this file holds the
/// state, the read loop and the calls the handler makes.
public struct SMTPServerSession: Sendable {
    enum Phase: Sendable, Hashable {
        /// Before `start()`.
        case notStarted
        /// Reading command lines.
        case command
        /// Reading the client's line after a 334 challenge (RFC 4954 §4).
        case saslResponse(SASLStep)
        /// `.authenticate` was returned; waiting for `authenticationResult`.
        case awaitingAuthentication(username: String)
        /// Reading message text after 354 (`dataReceiver` holds its state).
        case data
        /// `.submit` was returned; waiting for `submissionResult`.
        case awaitingSubmission
        /// `.startTLS` was returned; waiting for `tlsEstablished`. Plaintext is discarded.
        case tlsHandshake
        /// `.close` was returned.
        case closed
    }

    /// Where an AUTH exchange stands while waiting for a SASL response line.
    enum SASLStep: Sendable, Hashable {
        /// PLAIN after an empty 334 challenge (RFC 4616 §2, RFC 4954 §4).
        case plain
        /// LOGIN after `334 VXNlcm5hbWU6` ("Username:").
        case loginUsername
        /// LOGIN after `334 UGFzc3dvcmQ6` ("Password:").
        case loginPassword(username: String)
    }

    /// The EHLO or HELO the client gave.
    struct Greeting: Sendable, Hashable {
        var name: String
        var extended: Bool
    }

    let configuration: SMTPServerConfiguration
    var phase: Phase = .notStarted
    var greeting: Greeting?
    /// The username that succeeded AUTH in this session (until STARTTLS resets it).
    public internal(set) var authenticatedUser: String?
    var transaction: SMTPServerTransaction?
    /// The DATA stage while `phase == .data` (kept out of `phase` so that appending to the message
    /// never copies it).
    var dataReceiver: DataReceiver?
    var lineReader = LineReader()
    /// Errors counted towards `maximumErrors`.
    var errorCount = 0
    /// The server is stopping: close at the next point between commands.
    var shutdownRequested = false
    public internal(set) var isTLS = false

    public init(configuration: SMTPServerConfiguration) {
        precondition(configuration.maximumCommandLineLength >= 3 && configuration.maximumTextLineLength >= 3
            && configuration.maximumSASLResponseLength >= 3, "a line needs room for at least CRLF")
        self.configuration = configuration
    }

    /// In DATA or waiting on a submission: a graceful drain lets the session run until it is not.
    public var isInDataOrSubmitting: Bool {
        switch self.phase {
        case .data, .awaitingSubmission: return true
        default: return false
        }
    }

    /// `.close` has been returned; nothing more will be.
    public var isClosed: Bool { self.phase == .closed }

    /// The 220 greeting (RFC 5321 §4.3.1). Returns nothing when called again.
    public mutating func start() -> [SMTPServerAction] {
        guard self.phase == .notStarted else { return [] }
        self.phase = .command
        if self.shutdownRequested {
            return [.reply(.shuttingDown(self.configuration.hostname)), .close]
        }
        return [.reply(.greeting(self.configuration.hostname))]
    }

    /// Consumes as many bytes of `buffer` as it can act on and returns the actions.
    ///
    /// Stops consuming (leaving the rest in `buffer`) while waiting for an authentication or
    /// submission result and after close; call again with the leftover plus new bytes after
    /// delivering a result. After STARTTLS, every byte up to `tlsEstablished()` is consumed and
    /// discarded (RFC 3207 §4, CVE-2011-0411). Before `start()` nothing is consumed.
    ///
    /// Memory: a partial command line of at most `maximumCommandLineLength` (or
    /// `maximumSASLResponseLength`) bytes is left unconsumed; longer lines and DATA content are
    /// consumed as they arrive.
    public mutating func receive(_ buffer: inout ByteBuffer) -> [SMTPServerAction] {
        var actions: [SMTPServerAction] = []
        reading: while true {
            switch self.phase {
            case .command:
                guard self.readCommand(&buffer, into: &actions) else { break reading }
            case .saslResponse(let step):
                guard self.readSASLResponse(step, &buffer, into: &actions) else { break reading }
            case .data:
                guard self.readData(&buffer, into: &actions) else { break reading }
            case .tlsHandshake:
                // RFC 3207 §4 / CVE-2011-0411: nothing sent in plaintext after STARTTLS may be
                // acted on.
                buffer.moveReaderIndex(to: buffer.writerIndex)
                break reading
            case .notStarted, .awaitingAuthentication, .awaitingSubmission, .closed:
                break reading
            }
        }
        self.closeIfShuttingDown(&actions)
        return actions
    }

    /// The TLS handshake after STARTTLS succeeded. RFC 3207 §4.2: the server discards all
    /// knowledge obtained from the client (HELO/EHLO, AUTH, the transaction); the client starts
    /// over with EHLO and gets no new greeting.
    public mutating func tlsEstablished() -> [SMTPServerAction] {
        guard self.phase == .tlsHandshake else { return [] }
        self.isTLS = true
        self.greeting = nil
        self.authenticatedUser = nil
        self.transaction = nil
        self.dataReceiver = nil
        self.lineReader = LineReader()
        self.phase = .command
        var actions: [SMTPServerAction] = []
        self.closeIfShuttingDown(&actions)
        return actions
    }

    /// The client was idle too long: `421 4.4.2` and close (RFC 5321 §4.5.3.2).
    public mutating func idleTimeout() -> [SMTPServerAction] {
        guard self.phase != .closed else { return [] }
        if self.phase == .tlsHandshake {
            // No plaintext reply in the middle of a handshake.
            self.phase = .closed
            return [.close]
        }
        var actions: [SMTPServerAction] = [.reply(.idleTimeout(self.configuration.hostname))]
        self.close(&actions)
        return actions
    }

    /// The server is stopping. Between commands: `421 4.3.2` and close (RFC 5321 §3.8). In DATA,
    /// waiting on a submission, an authentication result or a TLS handshake: that finishes first,
    /// and the session closes right after its reply.
    public mutating func shutdown() -> [SMTPServerAction] {
        self.shutdownRequested = true
        var actions: [SMTPServerAction] = []
        self.closeIfShuttingDown(&actions)
        return actions
    }

    // MARK: - Shared by the command files

    mutating func close(_ actions: inout [SMTPServerAction]) {
        actions.append(.close)
        self.phase = .closed
        self.dataReceiver = nil
        self.transaction = nil
    }

    /// A reply that counts as an error (syntax, bad sequence, unknown command, failed AUTH). The
    /// one that reaches `maximumErrors` is followed by `421 4.7.0` and close.
    mutating func error(_ reply: SMTPReply, _ actions: inout [SMTPServerAction]) {
        actions.append(.reply(reply))
        self.errorCount += 1
        if self.errorCount >= self.configuration.maximumErrors {
            actions.append(.reply(.tooManyErrors))
            self.close(&actions)
        }
    }

    /// RSET semantics (RFC 5321 §4.1.1.5): the transaction goes, greeting and AUTH stay.
    mutating func resetTransaction() {
        self.transaction = nil
        self.dataReceiver = nil
    }

    /// After a step that may have returned the session to reading commands: a pending shutdown
    /// closes it now.
    mutating func closeIfShuttingDown(_ actions: inout [SMTPServerAction]) {
        guard self.shutdownRequested else { return }
        switch self.phase {
        case .command, .saslResponse:
            actions.append(.reply(.shuttingDown(self.configuration.hostname)))
            self.close(&actions)
        case .notStarted, .awaitingAuthentication, .data, .awaitingSubmission, .tlsHandshake, .closed:
            break
        }
    }
}
