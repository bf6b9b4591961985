import DNSProtocol
import Logging
import NIOCore
import NIOPosix
import Synchronization

/// A stub resolver: sends queries to the configured recursive servers over UDP (TCP when a
/// reply is truncated), retries across servers, follows CNAMEs and caches answers by TTL.
///
/// Safe to share: any number of lookups may run at once. Every try uses a new UDP socket on a
/// fresh ephemeral port and a random transaction ID, and only a reply from the queried server
/// with the same ID and question is accepted (RFC 5452 §9.1). Call `shutdown()` when done; the
/// event loop group is not owned by the client and is not shut down.
public final class DNSClient: DNSResolving {
    public let configuration: DNSClientConfiguration
    let servers: [ResolvedServer]
    let eventLoopGroup: any EventLoopGroup
    let logger: Logger
    let state: Mutex<State>

    struct ResolvedServer: Sendable {
        let address: DNSServerAddress
        let socket: SocketAddress
    }

    struct State {
        var cache: DNSCache
        var statistics = DNSClientStatistics()
        var isShutdown = false
        var activeLookups = 0
        var channels: [UInt64: any Channel] = [:]
        var nextChannelID: UInt64 = 0
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
        var rotation = 0
    }

    /// - Throws: `DNSResolverError(.invalidConfiguration)` for an empty server list, an address
    ///   that is not usable, or limits out of range.
    public init(
        configuration: DNSClientConfiguration,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postage.dns")
    ) throws {
        try configuration.validate()
        self.configuration = configuration
        self.servers = try configuration.servers.map { ResolvedServer(address: $0, socket: try $0.socketAddress()) }
        self.eventLoopGroup = eventLoopGroup
        self.logger = logger
        self.state = Mutex(State(cache: DNSCache(maximumEntries: configuration.cache.maximumEntries)))
    }

    /// A client configured from `POSTAGE_DNS_SERVERS`, or from resolv.conf when it is not set.
    public static func fromEnvironment(
        _ environment: [String: String],
        resolvConfPath: String = DNSClientConfiguration.defaultResolvConfPath,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
        logger: Logger = Logger(label: "postage.dns")
    ) throws -> DNSClient {
        let configuration = try DNSClientConfiguration.fromEnvironment(environment, resolvConfPath: resolvConfPath)
        return try DNSClient(configuration: configuration, eventLoopGroup: eventLoopGroup, logger: logger)
    }

    public var statistics: DNSClientStatistics {
        state.withLock { $0.statistics }
    }

    /// Forgets every cached answer.
    public func clearCache() {
        state.withLock { $0.cache.removeAll() }
    }

    /// Stops the client: new lookups fail with `.shutdown`, lookups in flight have their sockets
    /// closed and fail with `.shutdown`. Returns when no lookup is running any more. Idempotent.
    public func shutdown() async {
        let channels = state.withLock { state in
            state.isShutdown = true
            return Array(state.channels.values)
        }
        for channel in channels {
            channel.close(promise: nil)
        }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state in
                if state.activeLookups == 0 { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    // MARK: - Lookup bookkeeping

    func beginLookup() throws {
        try state.withLock { state in
            guard !state.isShutdown else { throw Self.shutdownError() }
            state.activeLookups += 1
        }
    }

    func endLookup() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.activeLookups -= 1
            guard state.activeLookups == 0, state.isShutdown else { return [] }
            defer { state.drainWaiters.removeAll() }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Tracks a query's channel so `shutdown()` can close it. Returns nil (and closes the
    /// channel) when the client is already shut down.
    func register(_ channel: any Channel) -> UInt64? {
        let id = state.withLock { state -> UInt64? in
            guard !state.isShutdown else { return nil }
            state.nextChannelID += 1
            state.channels[state.nextChannelID] = channel
            return state.nextChannelID
        }
        if id == nil { channel.close(promise: nil) }
        return id
    }

    func unregister(_ id: UInt64) {
        _ = state.withLock { $0.channels.removeValue(forKey: id) }
    }

    var isShutdown: Bool { state.withLock { $0.isShutdown } }

    func count(_ update: (inout DNSClientStatistics) -> Void) {
        state.withLock { update(&$0.statistics) }
    }

    static func shutdownError() -> DNSResolverError {
        DNSResolverError(.shutdown, "the DNS client was shut down")
    }
}
