import Logging
import NIOCore
import NIOSSL
import NIOTLS
import SMTPProtocol
import SMTPServerProtocol

/// The one handler of a submission connection: it feeds bytes to the pure ``SMTPServerSession``
/// and performs the actions it returns (write replies, start TLS, check a token, submit a
/// message, close).
///
/// Back-pressure: while the session waits for a token check or a durable commit, the handler
/// holds back `read()`, so a client that keeps sending (pipelining, or a misbehaving one) cannot
/// make the server buffer more than one socket read beyond what the session has consumed.
final class SMTPServerHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// A reference that other threads may hold to ask the session to shut down.
    struct Handle: Sendable {
        let eventLoop: any EventLoop
        let handler: NIOLoopBound<SMTPServerHandler>

        func shutdown() {
            eventLoop.execute { handler.value.shutdown() }
        }
    }

    struct Settings: Sendable {
        var session: SMTPServerConfiguration
        var idleTimeout: TimeAmount
        /// Plaintext AUTH is allowed for peers on a loopback address.
        var plaintextAuthOnLoopback: Bool
    }

    private var session: SMTPServerSession
    private let settings: Settings
    private let backend: any SMTPSubmissionBackend
    private let sslContext: NIOSSLContext?
    private let registry: ConnectionRegistry
    private var logger: Logger

    private var context: ChannelHandlerContext?
    private var pending: ByteBuffer?
    private var waiting = false
    private var readHeldBack = false
    private var closing = false
    private var needsFlush = false
    private var registration: UInt64?
    private var remoteAddress = "unknown"
    private var identity: SMTPIdentity?
    private var idleTimer: Scheduled<Void>?

    init(
        settings: Settings, backend: any SMTPSubmissionBackend, sslContext: NIOSSLContext?,
        registry: ConnectionRegistry, logger: Logger
    ) {
        var configuration = settings.session
        configuration.tlsAvailable = sslContext != nil
        self.session = SMTPServerSession(configuration: configuration)
        self.settings = settings
        self.backend = backend
        self.sslContext = sslContext
        self.registry = registry
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelIdleTimer()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        let address = context.channel.remoteAddress?.ipAddress ?? "unknown"
        self.remoteAddress = address
        self.logger[metadataKey: LogKey.remoteIP] = .string(address)
        let handle = Handle(eventLoop: context.eventLoop, handler: NIOLoopBound(self, eventLoop: context.eventLoop))
        guard let id = registry.open(address: address, handle: handle) else {
            // RFC 5321 section 3.8 / 4.2.2: 421 then close.
            logger.notice("SMTP connection refused: too many connections")
            self.write(SMTPReply(code: 421, "4.7.0 Too many connections, try again later"))
            self.flush()
            context.close(promise: nil)
            context.fireChannelActive()
            return
        }
        self.registration = id
        self.identity = backend.anonymousIdentity(remoteAddress: address)
        var configuration = settings.session
        configuration.tlsAvailable = sslContext != nil
        if identity != nil { configuration.authRequired = false }
        if let domains = backend.acceptedRecipientDomains() { configuration.acceptedRecipientDomains = domains }
        if settings.plaintextAuthOnLoopback, SMTPSubmissionServer.isLoopback(address) { configuration.authRequiresTLS = false }
        self.session = SMTPServerSession(configuration: configuration)
        logger.debug("SMTP connection opened")
        self.armIdleTimer()
        self.run(session.start())
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.cancelIdleTimer()
        if let id = registration {
            registration = nil
            registry.close(id: id, address: remoteAddress)
        }
        logger.debug("SMTP connection closed")
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var bytes = self.unwrapInboundIn(data)
        guard !closing else { return }
        if pending == nil || pending!.readableBytes == 0 {
            pending = bytes
        } else {
            pending!.writeBuffer(&bytes)
        }
        self.armIdleTimer()
        self.process()
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        self.flush()
        context.fireChannelReadComplete()
    }

    func read(context: ChannelHandlerContext) {
        if waiting {
            readHeldBack = true
        } else {
            context.read()
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            logger.debug("SMTP STARTTLS completed")
            self.run(session.tlsEstablished())
            self.process()
        }
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        logger.debug("SMTP connection error", metadata: [LogKey.error: "\(error)"])
        self.closing = true
        context.close(promise: nil)
    }

    // MARK: Driving the session

    private func process() {
        guard !waiting, !closing, var buffer = pending, buffer.readableBytes > 0 else { return }
        pending = nil
        let actions = session.receive(&buffer)
        if buffer.readableBytes > 0 { pending = buffer }
        self.run(actions)
    }

    private func run(_ actions: [SMTPServerAction]) {
        for action in actions {
            guard !closing else { break }
            self.perform(action)
        }
        self.flush()
    }

    private func perform(_ action: SMTPServerAction) {
        guard let context else { return }
        switch action {
        case .reply(let reply):
            self.write(reply)

        case .startTLS:
            self.flush()
            // RFC 3207 section 4.2 / CVE-2011-0411: nothing received before the handshake may be
            // read as if it came over TLS. The session has discarded it; so does the handler.
            pending = nil
            guard let sslContext else { return }
            do {
                try context.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext), position: .first)
            } catch {
                logger.warning("SMTP STARTTLS failed", metadata: [LogKey.error: "\(error)"])
                closing = true
                context.close(promise: nil)
            }

        case .authenticate(let username, let password):
            self.flush()
            let backend = self.backend
            self.suspend({ await backend.authenticate(username: username, password: password) }) { handler, identity in
                if let identity { handler.identity = identity }
                if identity == nil { handler.logger.notice("SMTP AUTH failed") }
                return handler.session.authenticationResult(identity != nil)
            }

        case .submit(let submission):
            self.flush()
            guard let identity else {
                // The session only submits after AUTH or for an anonymous identity; this is a last
                // line of defence, never a silent accept.
                self.run(session.submissionResult(.rejected(SMTPReply(code: 530, "5.7.0 Authentication required"))))
                return
            }
            let backend = self.backend
            let remote = remoteAddress
            self.suspend({ await backend.submit(submission, identity: identity, remoteAddress: remote) }) { handler, outcome in
                handler.session.submissionResult(outcome)
            }

        case .close:
            self.flush()
            closing = true
            context.close(promise: nil)
        }
    }

    /// Runs `work` off the event loop, then hands its result back to the session on the loop.
    /// Reads are held back meanwhile.
    private func suspend<T: Sendable>(
        _ work: @escaping @Sendable () async -> T,
        then: @escaping (SMTPServerHandler, T) -> [SMTPServerAction]
    ) {
        guard let context else { return }
        waiting = true
        let promise = context.eventLoop.makePromise(of: T.self)
        promise.completeWithTask(work)
        promise.futureResult.assumeIsolated().whenSuccess { value in
            self.waiting = false
            guard self.context != nil else { return }
            self.run(then(self, value))
            self.process()
            if !self.waiting, self.readHeldBack {
                self.readHeldBack = false
                self.context?.read()
            }
        }
    }

    /// Graceful shutdown: a session between commands is told 421 and closed; one in DATA or
    /// waiting for its commit finishes and closes after its reply.
    func shutdown() {
        guard context != nil, !closing else { return }
        self.run(session.shutdown())
    }

    // MARK: Output

    private func write(_ reply: SMTPReply) {
        guard let context else { return }
        // RFC 4954 section 4: a server challenge is "334" SP [base64] CRLF, space included even
        // when the challenge is empty.
        let text = reply.wireDescription + (reply.code == 334 && reply.lines.last == "" ? " \r\n" : "\r\n")
        var buffer = context.channel.allocator.buffer(capacity: text.utf8.count)
        buffer.writeString(text)
        context.write(self.wrapOutboundOut(buffer), promise: nil)
        needsFlush = true
    }

    private func flush() {
        guard needsFlush, let context else { return }
        needsFlush = false
        context.flush()
    }

    // MARK: Idle timeout (RFC 5321 section 4.5.3.2.7: the server waits at least 5 minutes)

    private func armIdleTimer() {
        guard let context else { return }
        idleTimer?.cancel()
        let timeout = settings.idleTimeout
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self else { return }
            if self.waiting {
                self.armIdleTimer()
                return
            }
            self.logger.debug("SMTP session idle timeout")
            self.run(self.session.idleTimeout())
        }
    }

    private func cancelIdleTimer() {
        idleTimer?.cancel()
        idleTimer = nil
    }

}
