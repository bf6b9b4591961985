#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import NIOCore
import NIOSSL
import NIOTLS
import SMTPProtocol

/// The one handler of a client connection: it decodes replies, feeds events to the
/// ``SMTPClientStateMachine`` and performs the actions it returns (write, start TLS, arm the
/// stage timer, complete promises, close).
///
/// The reply decoder runs inside this handler (a `NIOSingleStepByteToMessageProcessor`, as
/// postgres-nio does) rather than as a separate `ByteToMessageHandler`, because the STARTTLS
/// injection check needs to know how many unread plaintext bytes follow the 220 reply: the
/// processor says so, a separate handler would not.
final class SMTPClientHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Messages are written in chunks of this size, each with its own data-block timer
    /// (RFC 5321 §4.5.3.2.5).
    static let messageChunkSize = 64 * 1024

    private var machine: SMTPClientStateMachine
    private let decoder: NIOSingleStepByteToMessageProcessor<SMTPReplyDecoder>
    private let sslContext: NIOSSLContext?
    private let sniHostname: String?
    private let logger: Logger
    private let readyPromise: EventLoopPromise<SMTPSessionInfo>
    private var readyCompleted = false
    private var transactionPromises = CircularBuffer<EventLoopPromise<[RecipientOutcome]>>()
    private var context: ChannelHandlerContext?
    private var timer: Scheduled<Void>?
    private var timerGeneration: UInt64 = 0

    init(
        configuration: SMTPClientConfiguration,
        sslContext: NIOSSLContext?,
        sniHostname: String?,
        readyPromise: EventLoopPromise<SMTPSessionInfo>,
        logger: Logger
    ) {
        self.machine = SMTPClientStateMachine(configuration: configuration)
        // The buffer cap bounds what a peer can make us hold: one reply line is capped by the
        // decoder; this caps the bytes waiting behind it.
        self.decoder = NIOSingleStepByteToMessageProcessor(SMTPReplyDecoder(), maximumBufferSize: 1 << 20)
        self.sslContext = sslContext
        self.sniHostname = sniHostname
        self.readyPromise = readyPromise
        self.logger = logger
    }

    // MARK: Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive {
            self.run(self.machine.connected())
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.cancelTimer()
        self.failLeftovers()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        self.run(self.machine.connected())
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.logger.trace("SMTP connection closed")
        self.run(self.machine.connectionClosed())
        self.failLeftovers()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let buffer = self.unwrapInboundIn(data)
        do {
            try self.decoder.process(buffer: buffer) { reply in
                if self.logger.logLevel <= .trace {
                    self.logger.trace("S: \(reply.wireDescription)")
                }
                // `unprocessedBytes` is what is still buffered after this reply: the STARTTLS
                // injection check (RFC 3207 §4.2, CVE-2011-0411).
                self.run(self.machine.replyReceived(reply, unprocessedBytes: self.decoder.unprocessedBytes))
            }
        } catch {
            self.logger.debug("SMTP protocol error from server", metadata: [LogKey.error: "\(error)"])
            self.run(self.machine.errorCaught(.protocolError, detail: "\(error)", underlying: error))
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        self.logger.debug("SMTP connection error", metadata: [LogKey.error: "\(error)"])
        if self.machine.currentStage == .tlsHandshake {
            self.run(self.machine.tlsFailed(detail: "TLS handshake failed: \(error)", underlying: error))
        } else {
            let detail = "connection lost at \(self.machine.currentStage): \(Self.describe(error))"
            self.run(self.machine.errorCaught(.connectionLost, detail: detail, underlying: error))
        }
    }

    /// Text for the DeliveryMessage users read: the system's words for an errno (`Connection reset
    /// by peer`), not NIO's call-site description.
    static func describe(_ error: any Error) -> String {
        if let io = error as? IOError {
            return String(cString: strerror(io.errnoCode)) + " (errno \(io.errnoCode))"
        }
        return "\(error)"
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? TLSUserEvent, case .handshakeCompleted(let protocolName) = event {
            self.logger.trace("TLS established", metadata: ["alpn": "\(protocolName ?? "-")"])
            self.run(self.machine.tlsEstablished())
        }
        context.fireUserInboundEventTriggered(event)
    }

    // MARK: Requests from the session (on the event loop)

    func startTransaction(
        envelope: SMTPEnvelope,
        payload: SMTPMessagePayload,
        promise: EventLoopPromise<[RecipientOutcome]>
    ) {
        self.transactionPromises.append(promise)
        self.run(self.machine.startTransaction(envelope: envelope, payload: payload))
    }

    func quit() {
        self.run(self.machine.quit())
    }

    // MARK: Actions

    private func run(_ actions: [SMTPClientAction]) {
        for action in actions {
            self.perform(action)
        }
    }

    private func perform(_ action: SMTPClientAction) {
        switch action {
        case .send(let commands):
            guard let context = self.context else { return }
            var buffer = context.channel.allocator.buffer(capacity: 64 * commands.count)
            for command in commands {
                do {
                    try command.encode(into: &buffer)
                } catch {
                    // The state machine validates arguments first; this is a last line of defence.
                    self.run(self.machine.errorCaught(.invalidAddress, detail: "\(error)", underlying: error))
                    return
                }
                if self.logger.logLevel <= .trace {
                    self.logger.trace("C: \(command.redactedDescription)")
                }
            }
            context.writeAndFlush(self.wrapOutboundOut(buffer), promise: nil)

        case .sendMessage(let message):
            self.writeMessage(message)

        case .startTLS:
            self.startTLS()

        case .setTimeout(let stage, let amount):
            self.armTimer(stage: stage, amount: amount)

        case .cancelTimeout:
            self.cancelTimer()

        case .sessionReady(let info):
            self.logger.debug("SMTP session ready", metadata: [
                LogKey.esmtp: "\(info.esmtp)", LogKey.tls: "\(info.tlsActive)",
                LogKey.pipelining: "\(info.capabilities.pipelining)",
            ])
            if !self.readyCompleted {
                self.readyCompleted = true
                self.readyPromise.succeed(info)
            }

        case .sessionFailed(let error):
            self.logger.debug("SMTP session setup failed", metadata: [LogKey.error: "\(error)"])
            if !self.readyCompleted {
                self.readyCompleted = true
                self.readyPromise.fail(error)
            }

        case .transactionCompleted(let outcomes):
            if let promise = self.transactionPromises.popFirst() {
                promise.succeed(outcomes)
            }

        case .close:
            self.cancelTimer()
            self.context?.close(promise: nil)
        }
    }

    /// Writes the message in chunks; each written chunk restarts the data-block timer, the last
    /// one starts the wait for the final reply.
    private func writeMessage(_ message: ByteBuffer) {
        guard let context = self.context else { return }
        self.logger.trace("C: <message, \(message.readableBytes) bytes on the wire>")
        var remaining = message
        let loop = context.eventLoop
        while remaining.readableBytes > 0 {
            let chunk = remaining.readSlice(length: min(Self.messageChunkSize, remaining.readableBytes))!
            let isLast = remaining.readableBytes == 0
            let promise = loop.makePromise(of: Void.self)
            promise.futureResult.assumeIsolated().whenSuccess {
                self.run(self.machine.messageWritten(complete: isLast))
            }
            context.write(self.wrapOutboundOut(chunk), promise: promise)
        }
        context.flush()
    }

    private func startTLS() {
        guard let context = self.context, let sslContext = self.sslContext else {
            self.run(self.machine.tlsFailed(detail: "no TLS configuration"))
            return
        }
        do {
            let tlsHandler = try NIOSSLClientHandler(context: sslContext, serverHostname: self.sniHostname)
            // In front of this handler: from now on every byte in either direction is TLS.
            try context.pipeline.syncOperations.addHandler(tlsHandler, position: .before(self))
        } catch {
            self.run(self.machine.tlsFailed(detail: "cannot start TLS: \(error)", underlying: error))
        }
    }

    private func armTimer(stage: SMTPStage, amount: TimeAmount) {
        guard let context = self.context else { return }
        self.cancelTimer()
        self.timerGeneration &+= 1
        let generation = self.timerGeneration
        self.timer = context.eventLoop.assumeIsolated().scheduleTask(in: amount) {
            guard generation == self.timerGeneration else { return }
            self.timer = nil
            self.logger.debug("SMTP timeout", metadata: [LogKey.stage: "\(stage)"])
            self.run(self.machine.timeoutFired())
        }
    }

    private func cancelTimer() {
        self.timerGeneration &+= 1
        self.timer?.cancel()
        self.timer = nil
    }

    /// Promises the state machine did not complete (it always should): never leak one.
    private func failLeftovers() {
        let error = SMTPClientError(code: .connectionLost, stage: self.machine.currentStage, isTransient: true,
                                    detail: "connection closed")
        if !self.readyCompleted {
            self.readyCompleted = true
            self.readyPromise.fail(error)
        }
        while let promise = self.transactionPromises.popFirst() {
            promise.fail(error)
        }
    }
}
