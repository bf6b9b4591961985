/// A resource record of the answer, authority or additional section (RFC 1035 §4.1.3). OPT
/// records are not represented here: see `DNSMessage.edns`.
public struct DNSResourceRecord: Sendable, Hashable, CustomStringConvertible {
    public var name: DNSName
    public var type: DNSRecordType
    public var dnsClass: DNSClass
    /// Seconds the record may be cached. A TTL with the top bit set is read as 0 (RFC 2181 §8).
    public var ttl: UInt32
    public var data: DNSRecordData

    public init(name: DNSName, type: DNSRecordType, dnsClass: DNSClass = .internet, ttl: UInt32, data: DNSRecordData) {
        self.name = name
        self.type = type
        self.dnsClass = dnsClass
        self.ttl = ttl
        self.data = data
    }

    /// A record whose type follows from its data (unknown data needs the explicit initializer).
    public init(name: DNSName, ttl: UInt32, data: DNSRecordData) {
        let type: DNSRecordType =
            switch data {
            case .a: .a
            case .aaaa: .aaaa
            case .mx: .mx
            case .txt: .txt
            case .cname: .cname
            case .ns: .ns
            case .soa: .soa
            case .unknown: DNSRecordType(rawValue: 0)
            }
        self.init(name: name, type: type, ttl: ttl, data: data)
    }

    public var description: String {
        let rdata: String =
            switch data {
            case .a(let address): address.description
            case .aaaa(let address): address.description
            case .mx(let mx): mx.description
            case .txt(let txt): txt.description
            case .cname(let target), .ns(let target): target.description + "."
            case .soa(let soa):
                "\(soa.primaryServer). \(soa.responsibleMailbox). \(soa.serial) \(soa.refresh) \(soa.retry) \(soa.expire) \(soa.minimum)"
            case .unknown(let bytes): "\\# \(bytes.count) " + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            }
        return "\(name). \(ttl) \(dnsClass) \(type) \(rdata)"
    }
}
