import DNSProtocol

/// Looks up the records mail handling needs. `DNSClient` is the real implementation; tests of
/// code above it use a fake.
///
/// Names are absolute (no search list); a trailing dot is optional. Each method returns a
/// `DNSAnswer` for a definite answer (records, NODATA, NXDOMAIN) and throws `DNSResolverError`
/// otherwise: `isTransient` tells a temporary failure (retry later) from a permanent one (such as
/// a name that is not a valid domain name).
public protocol DNSResolving: Sendable {
    /// MX records, ascending by preference (equal preferences in server order). A null MX
    /// (RFC 7505) comes back as `.records([MXRecord(preference: 0, exchange: .root)])`: check
    /// `isNullMX`.
    func mx(_ domain: String) async throws -> DNSAnswer<[MXRecord]>
    /// IPv4 addresses (A records), following CNAMEs.
    func a(_ name: String) async throws -> DNSAnswer<[IPv4Address]>
    /// IPv6 addresses (AAAA records, RFC 3596), following CNAMEs.
    func aaaa(_ name: String) async throws -> DNSAnswer<[IPv6Address]>
    /// TXT records, one element per record, following CNAMEs (a DKIM key delegated with a CNAME);
    /// a record's character-strings stay separate in `TXTRecord.strings` and are joined by
    /// `TXTRecord.text` (SPF, DKIM).
    func txt(_ name: String) async throws -> DNSAnswer<[TXTRecord]>
    /// The CNAME record owned by `name` itself (RFC 1035 §3.3.1): its target, not followed.
    /// A name has at most one CNAME (RFC 2181 §10.1); a server that sends several gets them all,
    /// in server order. `.noData` when `name` exists but is not an alias.
    func cname(_ name: String) async throws -> DNSAnswer<[DNSName]>
}
