/// The order in which to try a domain's mail servers (RFC 5321 section 5.1).
public enum MXPlan: Sendable, Equatable {
    /// Try these hosts in order; the next one on connection failure or a 4xx.
    case hosts([String])
    /// The domain publishes a null MX (RFC 7505): it accepts no mail. Bounce at once.
    case nullMX

    public struct Record: Sendable, Equatable {
        public var preference: UInt16
        public var exchange: String

        public init(preference: UInt16, exchange: String) {
            self.preference = preference
            self.exchange = exchange
        }
    }

    /// Builds the plan from the MX answer of `domain`:
    /// - no MX records: the implicit MX, the domain itself (RFC 5321 §5.1, its A/AAAA records);
    /// - a single record with exchange "." is a null MX (RFC 7505 §3);
    /// - otherwise by ascending preference, random order among equal preferences (RFC 5321 §5.1:
    ///   "the order ... SHOULD be randomized"), duplicates removed; any "." among other records is
    ///   ignored (RFC 7505 §3 says such a mix is a misconfiguration).
    public static func plan(
        domain: String, records: [Record], using generator: inout some RandomNumberGenerator
    ) -> MXPlan {
        let normalized = records.map {
            Record(preference: $0.preference, exchange: Self.normalize($0.exchange))
        }
        if normalized.isEmpty { return .hosts([Self.normalize(domain)]) }
        if normalized.count == 1, normalized[0].exchange.isEmpty { return .nullMX }
        var byPreference: [UInt16: [String]] = [:]
        for record in normalized where !record.exchange.isEmpty {
            byPreference[record.preference, default: []].append(record.exchange)
        }
        if byPreference.isEmpty { return .nullMX }
        var hosts: [String] = []
        var seen = Set<String>()
        for preference in byPreference.keys.sorted() {
            for host in byPreference[preference]!.shuffled(using: &generator) where seen.insert(host).inserted {
                hosts.append(host)
            }
        }
        return .hosts(hosts)
    }

    /// Lower-cases and drops the root dot: `MX1.Example.TEST.` ⇒ `mx1.example.test`; "." ⇒ "".
    static func normalize(_ name: String) -> String {
        var lowered = name.lowercased()
        while lowered.hasSuffix(".") { lowered.removeLast() }
        return lowered
    }
}
