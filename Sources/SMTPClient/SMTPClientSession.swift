import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SMTPProtocol

/// An SMTP client connection to one server, for one or more messages.
///
/// ```swift
/// let session = try await SMTPClientSession.connect(to: "127.0.0.1", port: 2525, helo: "mta.example.test")
/// let outcomes = await session.send(envelope: SMTPEnvelope(from: "a@x.test", recipients: ["b@y.test"]), message: bytes)
/// await session.quit()
/// ```
///
/// `connect` throws ``SMTPClientError`` (its `outcome(for:)` turns it into a recipient outcome;
/// connection failures and timeouts are transient). `send` never throws: every failure, the
/// connection dropping included, is an outcome per recipient. Sends may overlap; they run one
/// after another on the connection, in call order.
public final class SMTPClientSession: Sendable {
    public let info: SMTPSessionInfo
    public let remoteAddress: SocketAddress
    private let channel: any Channel
    private let logger: Logger

    private init(info: SMTPSessionInfo, remoteAddress: SocketAddress, channel: any Channel, logger: Logger) {
        self.info = info
        self.remoteAddress = remoteAddress
        self.channel = channel
        self.logger = logger
    }

    /// Connects to an IP literal (`127.0.0.1`, `::1`, `[::1]`) and runs the session setup:
    /// greeting, EHLO/HELO, STARTTLS per `tls`, AUTH when `credentials` are set.
    public static func connect(
        to host: String,
        port: Int,
        helo: String,
        tls: SMTPClientTLS = .opportunistic,
        credentials: SMTPCredentials? = nil,
        allowPlaintextAuth: Bool = false,
        timeouts: SMTPTimeouts = SMTPTimeouts(),
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postage.smtp-client")
    ) async throws -> SMTPClientSession {
        let configuration = SMTPClientConfiguration(
            heloName: helo,
            tlsPolicy: tls.policy,
            credentials: credentials,
            allowPlaintextAuth: allowPlaintextAuth,
            timeouts: timeouts
        )
        return try await self.connect(to: host, port: port, configuration: configuration, tls: tls,
                                      eventLoopGroup: eventLoopGroup, logger: logger)
    }

    /// As above, with a full configuration (its `tlsPolicy` wins over `tls.policy`).
    public static func connect(
        to host: String,
        port: Int,
        configuration: SMTPClientConfiguration,
        tls: SMTPClientTLS,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postage.smtp-client")
    ) async throws -> SMTPClientSession {
        let address = try self.socketAddress(host: host, port: port)
        var tls = tls
        tls.policy = configuration.tlsPolicy
        let sslContext: NIOSSLContext?
        do {
            sslContext = try tls.makeContext()
        } catch {
            throw SMTPClientError(code: .tlsHandshakeFailed, stage: .connect, isTransient: true,
                                  detail: "bad TLS configuration: \(error)", underlying: error)
        }
        var peerLogger = logger
        peerLogger[metadataKey: LogKey.remoteIP] = "\(address.ipAddress ?? host)"
        let logger = peerLogger

        let eventLoop = eventLoopGroup.next()
        let ready = eventLoop.makePromise(of: SMTPSessionInfo.self)
        let sniHostname = tls.sniHostname
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(configuration.timeouts.connect)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let handler = SMTPClientHandler(
                        configuration: configuration, sslContext: sslContext, sniHostname: sniHostname,
                        readyPromise: ready, logger: logger
                    )
                    try channel.pipeline.syncOperations.addHandler(handler)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(to: address).get()
        } catch {
            let failure = SMTPClientError(code: .connectionFailed, stage: .connect, isTransient: true,
                                          detail: "cannot connect to \(address): \(error)", underlying: error)
            ready.fail(failure)
            logger.debug("SMTP connect failed", metadata: [LogKey.error: "\(error)"])
            throw failure
        }
        do {
            let info = try await ready.futureResult.get()
            return SMTPClientSession(info: info, remoteAddress: address, channel: channel, logger: logger)
        } catch {
            channel.close(promise: nil)
            throw error
        }
    }

    /// Sends one message to the envelope's recipients; one outcome per recipient, in order.
    /// Cancelling the calling task closes the connection (the outcomes then say so).
    public func send(envelope: SMTPEnvelope, message: some Sequence<UInt8>) async -> [RecipientOutcome] {
        // Encoding (dot-stuffing, CRLF) happens here, off the event loop.
        let payload = SMTPMessagePayload(message: message)
        let channel = self.channel
        let future = channel.eventLoop.flatSubmit { () -> EventLoopFuture<[RecipientOutcome]> in
            let promise = channel.eventLoop.makePromise(of: [RecipientOutcome].self)
            do {
                let handler = try channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self)
                handler.startTransaction(envelope: envelope, payload: payload, promise: promise)
            } catch {
                promise.fail(error)
            }
            return promise.futureResult
        }
        do {
            return try await withTaskCancellationHandler {
                try await future.get()
            } onCancel: {
                channel.close(promise: nil)
            }
        } catch {
            let failure = error as? SMTPClientError
                ?? SMTPClientError(code: .sessionClosed, stage: .mail, isTransient: true,
                                   detail: "the SMTP session is closed", underlying: error)
            return envelope.recipients.map { failure.outcome(for: $0) }
        }
    }

    /// `send(envelope:message:)` with the envelope as a tuple.
    public func send(envelope: (from: String, recipients: [String]), message: some Sequence<UInt8>) async -> [RecipientOutcome] {
        await self.send(envelope: SMTPEnvelope(from: envelope.from, recipients: envelope.recipients), message: message)
    }

    /// QUIT after any sends in progress, then close. Returns when the connection is closed.
    public func quit() async {
        let channel = self.channel
        channel.eventLoop.execute {
            if let handler = try? channel.pipeline.syncOperations.handler(type: SMTPClientHandler.self) {
                handler.quit()
            } else {
                channel.close(promise: nil)
            }
        }
        try? await channel.closeFuture.get()
    }

    /// Closes the connection without QUIT; transactions in flight get transient outcomes.
    public func close() async {
        try? await self.channel.close()
    }

    /// False once the connection has closed.
    public var isOpen: Bool { self.channel.isActive }

    /// Connects, sends one message, quits. Never throws: failure to connect or to set up the
    /// session becomes an outcome per recipient.
    public static func deliver(
        to host: String,
        port: Int,
        configuration: SMTPClientConfiguration,
        tls: SMTPClientTLS,
        envelope: SMTPEnvelope,
        message: some Sequence<UInt8>,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postage.smtp-client")
    ) async -> [RecipientOutcome] {
        let session: SMTPClientSession
        do {
            session = try await self.connect(to: host, port: port, configuration: configuration, tls: tls,
                                             eventLoopGroup: eventLoopGroup, logger: logger)
        } catch {
            let failure = error as? SMTPClientError
                ?? SMTPClientError(code: .connectionFailed, stage: .connect, isTransient: true, detail: "\(error)")
            return envelope.recipients.map { failure.outcome(for: $0) }
        }
        let outcomes = await session.send(envelope: envelope, message: message)
        await session.quit()
        return outcomes
    }

    /// Only IP literals: name resolution and MX routing live in the delivery layer.
    static func socketAddress(host: String, port: Int) throws -> SocketAddress {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        do {
            return try SocketAddress(ipAddress: bare, port: port)
        } catch {
            throw SMTPClientError(code: .connectionFailed, stage: .connect, isTransient: true,
                                  detail: "\(host) is not an IP address literal", underlying: error)
        }
    }
}
