import DNSProtocol
import DNSResolver
import NIOCore
import NIOPosix
import Synchronization

/// A UDP DNS server inside the test process, on 127.0.0.1, that answers each query with a
/// scripted list of datagrams: wrong IDs, wrong questions, replies from another address
/// (127.0.0.2, a spoofing attempt), FORMERR to EDNS, broken bodies. It covers what the external
/// peers cannot do on demand.
final class ScriptedDNSServer: Sendable {
    struct Datagram: Sendable {
        var bytes: [UInt8]
        /// Sent from a second socket on 127.0.0.2 instead of the server's own.
        var fromOtherAddress = false
    }

    typealias Script = @Sendable (DNSMessage) -> [Datagram]

    let address: DNSServerAddress
    private let channel: any Channel
    private let otherChannel: any Channel
    private let log: Log

    private init(address: DNSServerAddress, channel: any Channel, otherChannel: any Channel, log: Log) {
        self.address = address
        self.channel = channel
        self.otherChannel = otherChannel
        self.log = log
    }

    /// The queries received so far, decoded.
    var queries: [DNSMessage] { log.queries.withLock { $0.map(\.message) } }

    /// The source port of each query received so far.
    var sourcePorts: [Int] { log.queries.withLock { $0.map(\.port) } }

    static func start(_ script: @escaping Script) async throws -> ScriptedDNSServer {
        let group = MultiThreadedEventLoopGroup.singleton
        let otherChannel = try await DatagramBootstrap(group: group).bind(host: "127.0.0.2", port: 0).get()
        let log = Log()
        let channel = try await DatagramBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(script: script, other: otherChannel, log: log))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        let port = try requirePort(channel.localAddress?.port)
        return ScriptedDNSServer(
            address: try DNSServerAddress(host: "127.0.0.1", port: port), channel: channel, otherChannel: otherChannel,
            log: log)
    }

    func stop() async {
        try? await channel.close()
        try? await otherChannel.close()
    }

    /// Runs `body` with a server, then stops it.
    static func with<R: Sendable>(_ script: @escaping Script, _ body: (ScriptedDNSServer) async throws -> R) async throws -> R {
        let server = try await start(script)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }

    private final class Log: Sendable {
        let queries = Mutex<[(message: DNSMessage, port: Int)]>([])
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        typealias OutboundOut = AddressedEnvelope<ByteBuffer>

        let script: Script
        let other: any Channel
        let log: Log

        init(script: @escaping Script, other: any Channel, log: Log) {
            self.script = script
            self.other = other
            self.log = log
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let envelope = Self.unwrapInboundIn(data)
            guard let query = try? DNSMessage(decoding: envelope.data) else { return }
            log.queries.withLock { $0.append((query, envelope.remoteAddress.port ?? 0)) }
            for datagram in script(query) {
                let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress, data: ByteBuffer(bytes: datagram.bytes))
                if datagram.fromOtherAddress {
                    other.writeAndFlush(reply, promise: nil)
                } else {
                    context.writeAndFlush(Self.wrapOutboundOut(reply), promise: nil)
                }
            }
        }
    }
}

private func requirePort(_ port: Int?) throws -> Int {
    guard let port else { throw DNSResolverError(.network, "scripted server has no port") }
    return port
}
