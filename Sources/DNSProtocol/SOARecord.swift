/// The RDATA of an SOA record (RFC 1035 §3.3.13).
///
/// In a negative answer (NXDOMAIN or NODATA) the authority section carries the zone's SOA, and
/// the answer may be cached for min(SOA record TTL, `minimum`) seconds (RFC 2308 §5).
public struct SOARecord: Sendable, Hashable {
    /// The primary name server.
    public var primaryServer: DNSName
    /// The mailbox of the person responsible, first label being the local part.
    public var responsibleMailbox: DNSName
    public var serial: UInt32
    public var refresh: UInt32
    public var retry: UInt32
    public var expire: UInt32
    /// The negative-caching TTL (RFC 2308 §4).
    public var minimum: UInt32

    public init(
        primaryServer: DNSName, responsibleMailbox: DNSName, serial: UInt32, refresh: UInt32,
        retry: UInt32, expire: UInt32, minimum: UInt32
    ) {
        self.primaryServer = primaryServer
        self.responsibleMailbox = responsibleMailbox
        self.serial = serial
        self.refresh = refresh
        self.retry = retry
        self.expire = expire
        self.minimum = minimum
    }

    /// How long a negative answer carrying this SOA (with the given record TTL) may be cached:
    /// the smaller of the two (RFC 2308 §5).
    public func negativeCachingTTL(recordTTL: UInt32) -> UInt32 {
        Swift.min(recordTTL, minimum)
    }
}
