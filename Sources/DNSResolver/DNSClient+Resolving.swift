import DNSProtocol

extension DNSClient {
    public func mx(_ domain: String) async throws -> DNSAnswer<[MXRecord]> {
        try await typedLookup(domain, type: .mx) { records in
            // RFC 5321 §5.1: ascending preference; equal preferences keep the server's order.
            records.compactMap(\.data.mx).enumerated()
                .sorted { ($0.element.preference, $0.offset) < ($1.element.preference, $1.offset) }
                .map(\.element)
        }
    }

    public func a(_ name: String) async throws -> DNSAnswer<[IPv4Address]> {
        try await typedLookup(name, type: .a) { $0.compactMap(\.data.ipv4) }
    }

    public func aaaa(_ name: String) async throws -> DNSAnswer<[IPv6Address]> {
        try await typedLookup(name, type: .aaaa) { $0.compactMap(\.data.ipv6) }
    }

    public func txt(_ name: String) async throws -> DNSAnswer<[TXTRecord]> {
        try await typedLookup(name, type: .txt) { $0.compactMap(\.data.txt) }
    }

    public func cname(_ name: String) async throws -> DNSAnswer<[DNSName]> {
        // Asking for type CNAME stops at the first alias: `ResponseInterpreter` does not follow it.
        try await typedLookup(name, type: .cname) { $0.compactMap(\.data.cname) }
    }

    private func typedLookup<T: Sendable>(
        _ name: String, type: DNSRecordType, extract: ([DNSResourceRecord]) -> T
    ) async throws -> DNSAnswer<T> {
        let result = try await lookup(try Self.parseName(name), type: type)
        switch result.outcome {
        case .records(let records): return .records(extract(records))
        case .noData: return .noData
        case .noSuchDomain: return .noSuchDomain
        }
    }
}
