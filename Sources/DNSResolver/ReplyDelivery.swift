import DNSProtocol
import NIOCore

/// What one UDP or TCP exchange with a server produced.
enum ExchangeReply: Sendable {
    /// A reply that matched the query and decoded completely.
    case message(DNSMessage)
    /// A UDP reply with the TC bit: ask again over TCP.
    case truncated
}

/// Completes an exchange's promise from a matcher's verdict; shared by the UDP and TCP handlers.
struct ReplyDelivery: Sendable {
    let matcher: ReplyMatcher
    let promise: EventLoopPromise<ExchangeReply>
    /// Called for every dropped packet (for logs and statistics).
    let onIgnored: @Sendable (ReplyMatcher.Reason) -> Void

    func deliver(_ buffer: ByteBuffer, from source: SocketAddress?) {
        switch matcher.match(Array(buffer.readableBytesView), from: source) {
        case .accept(let message):
            promise.succeed(.message(message))
        case .truncated:
            promise.succeed(.truncated)
        case .ignore(let reason):
            onIgnored(reason)
        case .malformed(let error):
            promise.fail(DNSResolverError(.malformedReply, "reply does not decode: \(error)", underlying: error))
        }
    }

    func fail(_ error: any Error) {
        promise.fail(DNSResolverError(.network, "\(error)", underlying: error))
    }

    func closed() {
        promise.fail(DNSResolverError(.network, "connection closed before a reply"))
    }
}
