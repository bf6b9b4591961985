import NIOCore

/// Receives the datagrams of one query's UDP socket.
final class UDPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let delivery: ReplyDelivery

    init(_ delivery: ReplyDelivery) {
        self.delivery = delivery
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = Self.unwrapInboundIn(data)
        delivery.deliver(envelope.data, from: envelope.remoteAddress)
    }

    /// On a connected UDP socket, an ICMP port-unreachable surfaces here as ECONNREFUSED: no
    /// server listens, so stop waiting for this one.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        delivery.fail(error)
    }

    func channelInactive(context: ChannelHandlerContext) {
        delivery.closed()
        context.fireChannelInactive()
    }
}
