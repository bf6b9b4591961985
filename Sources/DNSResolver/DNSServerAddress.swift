import DNSProtocol

/// A DNS server to query: an IP address literal (never a host name: resolving one would need
/// DNS), an optional IPv6 zone index, and a port.
public struct DNSServerAddress: Sendable, Hashable, CustomStringConvertible {
    public static let defaultPort = 53

    /// The address, without brackets or zone: `127.0.0.1`, `::1`, `fe80::1`.
    public let host: String
    /// The IPv6 zone index (interface name or number) of a link-local address, as in `fe80::1%eth0`.
    public let zone: String?
    public let port: Int

    /// - Throws: `DNSResolverError(.invalidConfiguration)` unless `host` is an IPv4 or IPv6
    ///   literal (an IPv6 one may end in `%zone`) and `port` is 1...65535.
    public init(host: String, port: Int = defaultPort) throws {
        var address = host
        var zone: String?
        if let percent = host.firstIndex(of: "%") {
            address = String(host[..<percent])
            zone = String(host[host.index(after: percent)...])
            guard IPv6Address(address) != nil, let zone, !zone.isEmpty else {
                throw Self.invalid("\"\(host)\": a zone index needs an IPv6 address and a zone")
            }
        }
        guard IPv4Address(address) != nil || IPv6Address(address) != nil else {
            throw Self.invalid("\"\(host)\" is not an IP address (a DNS server must be given by address)")
        }
        guard (1...65535).contains(port) else { throw Self.invalid("port \(port) of \(host) is not in 1...65535") }
        self.host = address
        self.zone = zone
        self.port = port
    }

    /// Parses one `host:port` entry: `127.0.0.1:10053`, `[::1]:53`, `[fe80::1%eth0]:53`, or an
    /// address alone for port 53 (`127.0.0.1`, `[::1]`, `::1`).
    public init(parsing text: String) throws {
        let text = text.trimmingASCIIWhitespace()
        guard !text.isEmpty else { throw Self.invalid("empty server entry") }
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw Self.invalid("\"\(text)\": missing ]") }
            let host = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            guard IPv6Address(host.split(separator: "%", maxSplits: 1).first.map(String.init) ?? "") != nil else {
                throw Self.invalid("\"\(text)\": only IPv6 addresses go in brackets")
            }
            if rest.isEmpty {
                try self.init(host: host)
            } else {
                guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else {
                    throw Self.invalid("\"\(text)\": expected [address]:port")
                }
                try self.init(host: host, port: port)
            }
            return
        }
        let colons = text.filter { $0 == ":" }.count
        if colons == 1 {
            let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let port = Int(parts[1]) else { throw Self.invalid("\"\(text)\": port is not a number") }
            try self.init(host: String(parts[0]), port: port)
        } else {
            // No colon: IPv4 alone. Several: a bare IPv6 address (no port can follow without brackets).
            try self.init(host: text)
        }
    }

    /// Parses the `POSTAGE_DNS_SERVERS` format: entries separated by commas (whitespace around
    /// them is ignored), each as `init(parsing:)` reads it. At least one entry is required.
    public static func parseList(_ text: String) throws -> [DNSServerAddress] {
        let entries = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0) }
        guard entries.contains(where: { !$0.trimmingASCIIWhitespace().isEmpty }) else {
            throw invalid("no DNS server in \"\(text)\"")
        }
        return try entries.map { try DNSServerAddress(parsing: $0) }
    }

    public var isIPv6: Bool { host.contains(":") }

    /// `127.0.0.1:53`, `[::1]:53`, `[fe80::1%eth0]:53`.
    public var description: String {
        guard isIPv6 else { return "\(host):\(port)" }
        return "[\(host)\(zone.map { "%" + $0 } ?? "")]:\(port)"
    }

    static func invalid(_ detail: String) -> DNSResolverError {
        DNSResolverError(.invalidConfiguration, detail, isTransient: false)
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
