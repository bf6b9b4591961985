/// The RDATA of an MX record (RFC 1035 §3.3.9): a preference (lower is tried first, RFC 5321
/// §5.1) and the host that accepts mail for the domain.
public struct MXRecord: Sendable, Hashable, CustomStringConvertible {
    public var preference: UInt16
    public var exchange: DNSName

    public init(preference: UInt16, exchange: DNSName) {
        self.preference = preference
        self.exchange = exchange
    }

    /// The exchange is the root name `.`: the domain accepts no mail (RFC 7505 §3: a null MX has
    /// preference 0 and exchange `.`; a root exchange with another preference can no more
    /// receive mail, so it counts too).
    public var isNull: Bool { exchange.isRoot }

    public var description: String { "\(preference) \(exchange.isRoot ? "." : exchange.description + ".")" }
}

extension Array where Element == MXRecord {
    /// The domain publishes a null MX (RFC 7505 §3): exactly one MX record, whose exchange is
    /// `.`. A sender must not deliver to such a domain and should fail permanently (RFC 7505
    /// §4.2: 556 5.1.10 / 550 5.1.10).
    public var isNullMX: Bool { count == 1 && self[0].isNull }

    /// The records in the order to try them (RFC 5321 §5.1): ascending preference, records of equal
    /// preference in the order given (randomizing those is the sender's job), null MX entries
    /// dropped when real ones exist.
    public func sortedByPreference() -> [MXRecord] {
        let usable = contains { !$0.isNull } ? filter { !$0.isNull } : self
        return usable.enumerated()
            .sorted { ($0.element.preference, $0.offset) < ($1.element.preference, $1.offset) }
            .map(\.element)
    }
}
