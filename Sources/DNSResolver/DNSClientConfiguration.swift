#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import DNSProtocol

/// How a `DNSClient` talks to its servers. Every setting has a named default here.
public struct DNSClientConfiguration: Sendable {
    /// The environment variable that overrides resolv.conf: comma-separated `host:port` entries,
    /// IPv6 in brackets (`127.0.0.1:10053,[::1]:53`).
    public static let serversEnvironmentVariable = "POSTAGE_DNS_SERVERS"
    public static let defaultResolvConfPath = "/etc/resolv.conf"
    /// resolv.conf(5) defaults: 5 s per try, 2 rounds over the servers.
    public static let defaultTimeout: Duration = .seconds(5)
    public static let defaultAttempts = 2

    /// Servers in the order tried (see `rotate`). Never empty.
    public var servers: [DNSServerAddress]
    /// How long one try waits for an acceptable reply (UDP, or the whole TCP exchange).
    public var timeout: Duration
    /// Rounds over the server list; a query makes at most `attempts × servers.count` tries.
    public var attempts: Int
    /// Start each query with the next server in turn instead of the first.
    public var rotate: Bool
    /// The UDP payload size advertised in the EDNS(0) OPT record (RFC 6891 §6.2.5); nil sends
    /// plain RFC 1035 queries (512-byte replies).
    public var udpPayloadSize: UInt16?
    /// Follow-up queries made when a CNAME chain ends inside an answer without the target's
    /// records (a recursive server normally completes chains itself).
    public var maximumCNAMEQueries: Int
    public var cache: Cache

    /// Caching of answers by TTL (RFC 1035 §3.2.1, negative answers by RFC 2308 §5).
    public struct Cache: Sendable {
        /// At most this many answers are kept; the oldest go first.
        public var maximumEntries: Int
        /// Positive answers are kept at most this long, whatever their TTL says.
        public var maximumTTL: UInt32
        /// NXDOMAIN and NODATA answers are kept at most this long (RFC 2308 §5 suggests one to
        /// three hours as a cap); they are never cached without an SOA in the reply.
        public var maximumNegativeTTL: UInt32

        public init(maximumEntries: Int = 10_000, maximumTTL: UInt32 = 86_400, maximumNegativeTTL: UInt32 = 3_600) {
            self.maximumEntries = maximumEntries
            self.maximumTTL = maximumTTL
            self.maximumNegativeTTL = maximumNegativeTTL
        }

        /// No caching at all.
        public static let disabled = Cache(maximumEntries: 0)
    }

    public init(
        servers: [DNSServerAddress], timeout: Duration = defaultTimeout, attempts: Int = defaultAttempts,
        rotate: Bool = false, udpPayloadSize: UInt16? = EDNSRecord.recommendedPayloadSize,
        maximumCNAMEQueries: Int = 4, cache: Cache = Cache()
    ) {
        self.servers = servers
        self.timeout = timeout
        self.attempts = attempts
        self.rotate = rotate
        self.udpPayloadSize = udpPayloadSize
        self.maximumCNAMEQueries = maximumCNAMEQueries
        self.cache = cache
    }

    /// Servers and options from parsed resolv.conf contents. A file without `nameserver` lines
    /// means the local host, 127.0.0.1:53, as in glibc.
    public init(resolvConf: ResolvConf) {
        let servers = resolvConf.nameservers.isEmpty ? [Self.localServer] : resolvConf.nameservers
        self.init(
            servers: servers,
            timeout: resolvConf.timeoutSeconds.map { .seconds($0) } ?? Self.defaultTimeout,
            attempts: resolvConf.attempts ?? Self.defaultAttempts,
            rotate: resolvConf.rotate)
    }

    /// Reads a resolv.conf-format file.
    public static func resolvConf(path: String = defaultResolvConfPath) throws -> DNSClientConfiguration {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DNSResolverError(
                .invalidConfiguration, "cannot read \(path): \(error)", isTransient: false, underlying: error)
        }
        return DNSClientConfiguration(resolvConf: ResolvConf(parsing: String(decoding: data, as: UTF8.self)))
    }

    /// `POSTAGE_DNS_SERVERS` when it is set and not blank (resolv.conf is then not read at all),
    /// otherwise the resolv.conf file at `resolvConfPath`.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment,
        resolvConfPath: String = defaultResolvConfPath
    ) throws -> DNSClientConfiguration {
        if let list = environment[serversEnvironmentVariable], !list.trimmingASCIIWhitespace().isEmpty {
            do {
                return DNSClientConfiguration(servers: try DNSServerAddress.parseList(list))
            } catch var error as DNSResolverError {
                error.detail = "\(serversEnvironmentVariable): \(error.detail)"
                throw error
            }
        }
        return try resolvConf(path: resolvConfPath)
    }

    /// Checks the values that cannot be checked by their types.
    func validate() throws {
        guard !servers.isEmpty else {
            throw DNSResolverError(.invalidConfiguration, "no DNS server configured", isTransient: false)
        }
        guard attempts >= 1 else {
            throw DNSResolverError(.invalidConfiguration, "attempts must be at least 1", isTransient: false)
        }
        guard timeout > .zero else {
            throw DNSResolverError(.invalidConfiguration, "timeout must be positive", isTransient: false)
        }
        guard maximumCNAMEQueries >= 0, cache.maximumEntries >= 0 else {
            throw DNSResolverError(.invalidConfiguration, "negative limits", isTransient: false)
        }
    }

    static let localServer = try! DNSServerAddress(host: "127.0.0.1")
}
