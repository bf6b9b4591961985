/// A resource record TYPE (RFC 1035 §3.2.2) or QTYPE. Any 16-bit value is valid; the named ones
/// are those this module decodes into typed data.
public struct DNSRecordType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    /// IPv4 host address (RFC 1035 §3.4.1).
    public static let a = DNSRecordType(rawValue: 1)
    /// Authoritative name server (RFC 1035 §3.3.11).
    public static let ns = DNSRecordType(rawValue: 2)
    /// Canonical name of an alias (RFC 1035 §3.3.1).
    public static let cname = DNSRecordType(rawValue: 5)
    /// Start of a zone of authority (RFC 1035 §3.3.13); carries the negative-caching TTL (RFC 2308 §4).
    public static let soa = DNSRecordType(rawValue: 6)
    /// Mail exchange (RFC 1035 §3.3.9, RFC 7505 null MX).
    public static let mx = DNSRecordType(rawValue: 15)
    /// Text strings (RFC 1035 §3.3.14); SPF (RFC 7208) and DKIM keys (RFC 6376) live here.
    public static let txt = DNSRecordType(rawValue: 16)
    /// IPv6 host address (RFC 3596 §2.1).
    public static let aaaa = DNSRecordType(rawValue: 28)
    /// EDNS(0) pseudo-record (RFC 6891 §6.1).
    public static let opt = DNSRecordType(rawValue: 41)

    public var description: String {
        switch self {
        case .a: "A"
        case .ns: "NS"
        case .cname: "CNAME"
        case .soa: "SOA"
        case .mx: "MX"
        case .txt: "TXT"
        case .aaaa: "AAAA"
        case .opt: "OPT"
        default: "TYPE\(rawValue)"  // RFC 3597 §5
        }
    }
}

/// A resource record CLASS (RFC 1035 §3.2.4). Only IN is used in practice.
public struct DNSClass: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let internet = DNSClass(rawValue: 1)

    public var description: String { self == .internet ? "IN" : "CLASS\(rawValue)" }
}
