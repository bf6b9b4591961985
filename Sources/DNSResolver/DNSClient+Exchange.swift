import DNSProtocol
import Logging
import NIOCore
import NIOPosix

extension DNSClient {
    /// Sends `query` from a new UDP socket (fresh ephemeral port) connected to the server, and
    /// waits up to the time-out for the matching reply.
    func udpExchange(_ query: DNSMessage, server: ResolvedServer) async throws -> ExchangeReply {
        let payload = try query.encoded()
        let loop = eventLoopGroup.next()
        let delivery = makeDelivery(for: query, server: server.socket, loop: loop)
        let channel: any Channel
        do {
            channel = try await DatagramBootstrap(group: loop)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(UDPReplyHandler(delivery))
                    }
                }
                .connect(to: server.socket)
                .get()
        } catch {
            delivery.fail(error)
            throw DNSResolverError(.network, "cannot open a UDP socket: \(error)", underlying: error)
        }
        count { $0.udpQueries += 1 }
        return try await exchange(on: channel, delivery: delivery, deadline: .now() + timeAmount(configuration.timeout)) {
            channel.writeAndFlush(channel.allocator.buffer(bytes: payload))
        }
    }

    /// Sends `query` over a new TCP connection with the two-byte length prefix (RFC 7766 §8)
    /// and waits for the matching reply. Connecting counts against the same time-out.
    func tcpExchange(_ query: DNSMessage, server: ResolvedServer) async throws -> ExchangeReply {
        let frame = try DNSTCPFraming.frame(try query.encoded())
        let loop = eventLoopGroup.next()
        let delivery = makeDelivery(for: query, server: nil, loop: loop)
        let timeout = timeAmount(configuration.timeout)
        let deadline = NIODeadline.now() + timeout
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: loop)
                .connectTimeout(timeout)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(DNSTCPFrameDecoder()))
                        try channel.pipeline.syncOperations.addHandler(TCPReplyHandler(delivery))
                    }
                }
                .connect(to: server.socket)
                .get()
        } catch {
            delivery.fail(error)
            if case ChannelError.connectTimeout = error {
                throw DNSResolverError(.timeout, "TCP connection timed out", underlying: error)
            }
            throw DNSResolverError(.network, "TCP connection failed: \(error)", underlying: error)
        }
        count { $0.tcpQueries += 1 }
        return try await exchange(on: channel, delivery: delivery, deadline: deadline) {
            channel.writeAndFlush(frame)
        }
    }

    private func makeDelivery(for query: DNSMessage, server: SocketAddress?, loop: any EventLoop) -> ReplyDelivery {
        let matcher = ReplyMatcher(id: query.header.id, question: query.questions[0], server: server)
        let logger = self.logger
        return ReplyDelivery(
            matcher: matcher,
            promise: loop.makePromise(of: ExchangeReply.self),
            onIgnored: { [weak self] reason in
                self?.count { $0.ignoredReplies += 1 }
                logger.debug(
                    "DNS reply ignored", metadata: [DNSLogKey.name: "\(matcher.question.name)", DNSLogKey.reason: "\(reason.rawValue)"])
            })
    }

    /// The part both transports share: register the channel for `shutdown()`, send, wait for the
    /// reply until `deadline` (or task cancellation), then close the channel whatever happened.
    private func exchange(
        on channel: any Channel, delivery: ReplyDelivery, deadline: NIODeadline,
        send: () -> EventLoopFuture<Void>
    ) async throws -> ExchangeReply {
        let promise = delivery.promise
        guard let registration = register(channel) else {
            promise.fail(Self.shutdownError())
            throw Self.shutdownError()
        }
        defer {
            channel.close(promise: nil)
            unregister(registration)
        }
        let timer = channel.eventLoop.scheduleTask(deadline: deadline) {
            promise.fail(DNSResolverError(.timeout, "no reply in time"))
        }
        defer { timer.cancel() }
        send().whenFailure { error in
            promise.fail(DNSResolverError(.network, "send failed: \(error)", underlying: error))
        }
        return try await withTaskCancellationHandler {
            try await promise.futureResult.get()
        } onCancel: {
            promise.fail(CancellationError())
        }
    }

    func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}
