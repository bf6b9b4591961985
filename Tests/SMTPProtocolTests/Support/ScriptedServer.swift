import NIOCore
import SMTPProtocol
import Testing

/// A fake SMTP server in memory that answers the client state machine from a script, and
/// performs the machine's actions the way the channel handler would (minus sockets): what the
/// client sent is queued as "unanswered" until the test answers it, in order, which is exactly
/// how a pipelining server sees it.
final class ScriptedServer {
    var machine: SMTPClientStateMachine
    /// Commands (and "<message>") sent and not answered yet, oldest first.
    private(set) var unanswered: [String] = []
    /// The command lines of each `.send`, to see what went out together (RFC 2920 groups).
    private(set) var batches: [[String]] = []
    /// Each message as written after 354.
    private(set) var messages: [String] = []
    private(set) var ready: SMTPSessionInfo?
    private(set) var failure: SMTPClientError?
    private(set) var completed: [[RecipientOutcome]] = []
    private(set) var closed = false
    private(set) var tlsStarts = 0
    /// Every timer armed, in order.
    private(set) var timers: [(SMTPStage, TimeAmount)] = []
    /// The stage of the armed timer, nil when cancelled.
    private(set) var armed: SMTPStage?

    var tlsHandshakeSucceeds = true
    /// When false, message writes are left incomplete (to test data-block timing).
    var completeWrites = true

    init(_ configuration: SMTPClientConfiguration = .init(heloName: "client.test")) {
        self.machine = SMTPClientStateMachine(configuration: configuration)
    }

    /// All command lines ever sent.
    var sent: [String] { self.batches.flatMap { $0 } }

    func perform(_ actions: [SMTPClientAction]) {
        for action in actions {
            switch action {
            case .send(let commands):
                let lines = commands.map { (try? $0.line()) ?? "<invalid>" }
                self.batches.append(lines)
                self.unanswered += lines
            case .sendMessage(let buffer):
                self.messages.append(String(buffer: buffer))
                self.unanswered.append("<message>")
                if self.completeWrites { self.perform(self.machine.messageWritten(complete: true)) }
            case .startTLS:
                self.tlsStarts += 1
                if self.tlsHandshakeSucceeds {
                    self.perform(self.machine.tlsEstablished())
                } else {
                    self.perform(self.machine.tlsFailed(detail: "handshake failed in test"))
                }
            case .setTimeout(let stage, let amount):
                self.timers.append((stage, amount))
                self.armed = stage
            case .cancelTimeout:
                self.armed = nil
            case .sessionReady(let info):
                #expect(self.ready == nil, "sessionReady twice")
                self.ready = info
            case .sessionFailed(let error):
                self.failure = error
            case .transactionCompleted(let outcomes):
                self.completed.append(outcomes)
            case .close:
                self.closed = true
                self.armed = nil
            }
        }
    }

    /// Connect and send the greeting.
    func connect(greeting: SMTPReply = SMTPReply(code: 220, "mx.test ESMTP")) {
        self.perform(self.machine.connected())
        self.perform(self.machine.replyReceived(greeting))
    }

    /// Answer the oldest unanswered command, which must be `expected` (a command line, or
    /// "<message>"); `trailingBytes` says how many more bytes arrived with the reply.
    func answer(
        _ expected: String,
        _ reply: SMTPReply,
        trailingBytes: Int = 0,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        guard let next = self.unanswered.first else {
            Issue.record("nothing to answer; expected \(expected)", sourceLocation: sourceLocation)
            return
        }
        #expect(next == expected, sourceLocation: sourceLocation)
        self.unanswered.removeFirst()
        self.perform(self.machine.replyReceived(reply, unprocessedBytes: trailingBytes))
    }

    func answer(_ expected: String, _ code: Int, _ text: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
        self.answer(expected, SMTPReply(code: code, text), sourceLocation: sourceLocation)
    }

    /// A reply nobody asked for, or one to a command the test has consumed already.
    func reply(_ reply: SMTPReply) {
        self.perform(self.machine.replyReceived(reply))
    }

    func send(from: String = "sender@a.test", to recipients: [String], message: String = "Subject: t\r\n\r\nhello\r\n") {
        let payload = SMTPMessagePayload(message: Array(message.utf8))
        self.perform(self.machine.startTransaction(envelope: SMTPEnvelope(from: from, recipients: recipients), payload: payload))
    }

    func timeout() { self.perform(self.machine.timeoutFired()) }
    func drop() { self.perform(self.machine.connectionClosed()) }
    func quit() { self.perform(self.machine.quit()) }
}

enum EHLO {
    static func reply(_ keywords: String...) -> SMTPReply {
        SMTPReply(code: 250, lines: ["mx.test"] + keywords)
    }

    static let plain = reply("8BITMIME", "ENHANCEDSTATUSCODES")
    static let pipelining = reply("PIPELINING", "8BITMIME", "ENHANCEDSTATUSCODES")
}

extension ScriptedServer {
    /// A server that is ready after greeting and EHLO with `ehlo`.
    static func ready(
        ehlo: SMTPReply = EHLO.plain,
        configuration: SMTPClientConfiguration = .init(heloName: "client.test")
    ) -> ScriptedServer {
        let server = ScriptedServer(configuration)
        server.connect()
        server.answer("EHLO \(configuration.heloName)", ehlo)
        #expect(server.ready != nil)
        return server
    }
}
