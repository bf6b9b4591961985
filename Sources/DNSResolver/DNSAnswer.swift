/// The outcome of a lookup that reached a DNS server and got a definite answer.
///
/// Failures that may go away (SERVFAIL, REFUSED, time-outs, malformed replies) are not answers:
/// they are thrown as `DNSResolverError` with `isTransient == true`.
public enum DNSAnswer<Records: Sendable>: Sendable {
    /// The name has records of the requested type (never empty).
    case records(Records)
    /// NODATA: the name exists but has no records of the requested type (NOERROR with an empty
    /// answer, RFC 2308 §2.2). For MX this means "use the implicit MX" (RFC 5321 §5.1).
    case noData
    /// NXDOMAIN: the name does not exist (RFC 1035 §4.1.1 RCODE 3, RFC 2308 §2.1). With a CNAME
    /// chain, it is the chain's last name that does not exist (RFC 6604 §2).
    case noSuchDomain

    /// The records, or nil for `.noData` and `.noSuchDomain`.
    public var records: Records? {
        if case .records(let records) = self { records } else { nil }
    }

    public func map<T: Sendable>(_ transform: (Records) throws -> T) rethrows -> DNSAnswer<T> {
        switch self {
        case .records(let records): .records(try transform(records))
        case .noData: .noData
        case .noSuchDomain: .noSuchDomain
        }
    }
}

extension DNSAnswer: Equatable where Records: Equatable {}
extension DNSAnswer: Hashable where Records: Hashable {}
