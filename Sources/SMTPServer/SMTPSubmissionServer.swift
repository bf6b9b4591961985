import Logging
import NIOCore
import NIOPosix
import NIOSSL
import SMTPServerProtocol
import Synchronization

/// The SMTP submission listener (issue: SMTP submission). `run()` binds, serves until
/// `shutdown()`, then drains: it stops accepting, lets sessions in DATA finish, tells idle ones
/// 421, and returns when every connection is closed or the drain bound has passed.
public final class SMTPSubmissionServer: Sendable {
    public struct Configuration: Sendable {
        public var host: String
        public var port: Int
        public var session: SMTPServerConfiguration
        /// RFC 5321 section 4.5.3.2.7 asks for at least 5 minutes.
        public var idleTimeout: TimeAmount = .minutes(5)
        public var maximumConnectionsPerAddress = 50
        public var maximumConnections = 1000
        /// AUTH without TLS for peers on loopback (local applications, tests).
        public var plaintextAuthOnLoopback = false
        /// How long shutdown waits for sessions to finish.
        public var drainTimeout: TimeAmount = .seconds(30)

        public init(host: String, port: Int, session: SMTPServerConfiguration) {
            self.host = host
            self.port = port
            self.session = session
        }
    }

    private let configuration: Configuration
    private let backend: any SMTPSubmissionBackend
    private let sslContext: NIOSSLContext?
    private let group: any EventLoopGroup
    private let registry: ConnectionRegistry
    private let logger: Logger
    private let channel = Mutex<(any Channel)?>(nil)

    public init(
        configuration: Configuration, backend: any SMTPSubmissionBackend, tls: NIOSSLContext?,
        group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger
    ) {
        self.configuration = configuration
        self.backend = backend
        self.sslContext = tls
        self.group = group
        self.registry = ConnectionRegistry(
            limits: .init(perAddress: configuration.maximumConnectionsPerAddress, total: configuration.maximumConnections))
        self.logger = logger
    }

    /// A peer on 127.0.0.0/8 or ::1 (also IPv4-mapped): where plaintext AUTH and anonymous
    /// submission may be allowed.
    public static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.")
    }

    /// Binds the listener and returns its address (`host:port`, useful with port 0).
    @discardableResult
    public func start() async throws -> String {
        let settings = SMTPServerHandler.Settings(
            session: configuration.session, idleTimeout: configuration.idleTimeout,
            plaintextAuthOnLoopback: configuration.plaintextAuthOnLoopback)
        let backend = self.backend
        let sslContext = self.sslContext
        let registry = self.registry
        let logger = self.logger
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        SMTPServerHandler(
                            settings: settings, backend: backend, sslContext: sslContext, registry: registry,
                            logger: logger))
                }
            }
            .bind(host: configuration.host, port: configuration.port)
            .get()
        self.channel.withLock { $0 = channel }
        let address = channel.localAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "?"
        logger.info(
            "SMTP submission listening",
            metadata: [LogKey.address: .string(address), "postage.tls": "\(sslContext != nil)"])
        return address
    }

    /// Stops accepting, asks every session to finish, and waits (bounded) until all are closed.
    public func shutdown() async {
        let channel = self.channel.withLock { value -> (any Channel)? in
            defer { value = nil }
            return value
        }
        try? await channel?.close()
        let open = registry.openCount
        if open > 0 {
            logger.info("SMTP submission draining sessions", metadata: [LogKey.connections: "\(open)"])
        }
        registry.shutdownAll()
        let registry = self.registry
        let drained = await withTaskGroup(of: Bool.self) { group -> Bool in
            group.addTask {
                await registry.waitUntilDrained()
                return true
            }
            let timeout = configuration.drainTimeout
            group.addTask {
                try? await Task.sleep(for: .nanoseconds(timeout.nanoseconds))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !drained {
            logger.warning(
                "SMTP submission: sessions still open after the drain timeout",
                metadata: [LogKey.connections: "\(registry.openCount)"])
        }
    }
}
