/// The RDATA of a resource record, decoded for the types this module knows and kept as raw bytes
/// for every other type (RFC 3597 §2: unknown types are opaque and never decompressed).
public enum DNSRecordData: Sendable, Hashable {
    case a(IPv4Address)
    case aaaa(IPv6Address)
    case mx(MXRecord)
    case txt(TXTRecord)
    case cname(DNSName)
    case ns(DNSName)
    case soa(SOARecord)
    /// Any other type: the RDATA bytes as received.
    case unknown([UInt8])

    public var ipv4: IPv4Address? { if case .a(let value) = self { value } else { nil } }
    public var ipv6: IPv6Address? { if case .aaaa(let value) = self { value } else { nil } }
    public var mx: MXRecord? { if case .mx(let value) = self { value } else { nil } }
    public var txt: TXTRecord? { if case .txt(let value) = self { value } else { nil } }
    public var cname: DNSName? { if case .cname(let value) = self { value } else { nil } }
    public var soa: SOARecord? { if case .soa(let value) = self { value } else { nil } }
}
