import NIOCore

/// Receives the length-delimited frames of one query's TCP connection.
final class TCPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer

    private let delivery: ReplyDelivery

    init(_ delivery: ReplyDelivery) {
        self.delivery = delivery
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        delivery.deliver(Self.unwrapInboundIn(data), from: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        delivery.fail(error)
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        delivery.closed()
        context.fireChannelInactive()
    }
}
