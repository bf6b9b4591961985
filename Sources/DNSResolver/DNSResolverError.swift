import DNSProtocol

/// A lookup that produced no definite answer.
///
/// `isTransient` says whether trying again later may succeed: true for server failures,
/// refusals, time-outs, network errors and malformed replies (mail is then deferred, 4xx);
/// false only for problems a retry cannot fix, such as an invalid name or configuration.
public struct DNSResolverError: Error, Sendable, CustomStringConvertible {
    /// What went wrong. Extensible: switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The server answered SERVFAIL (RFC 1035 §4.1.1 RCODE 2).
        public static let serverFailure = Code("serverFailure")
        /// The server answered REFUSED (RCODE 5).
        public static let refused = Code("refused")
        /// Another response code that is neither an answer nor NXDOMAIN (FORMERR, NOTIMP, ...).
        public static let unexpectedResponseCode = Code("unexpectedResponseCode")
        /// No acceptable reply within the time-out, on every try.
        public static let timeout = Code("timeout")
        /// A reply matched the query but could not be decoded.
        public static let malformedReply = Code("malformedReply")
        /// Sending or receiving failed (connection refused, unreachable, closed early).
        public static let network = Code("network")
        /// A CNAME chain that loops or is longer than the client follows.
        public static let cnameChain = Code("cnameChain")
        /// The name is not a valid domain name (permanent).
        public static let invalidName = Code("invalidName")
        /// The server list or resolv.conf is unusable (permanent).
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The client was shut down.
        public static let shutdown = Code("shutdown")
    }

    public var code: Code
    public var isTransient: Bool
    /// The name looked up, when there is one.
    public var name: String?
    public var type: DNSRecordType?
    /// The server of the last try, as `host:port`.
    public var server: String?
    public var detail: String
    public var underlying: (any Error)?

    public init(
        _ code: Code, _ detail: String, isTransient: Bool = true, name: String? = nil, type: DNSRecordType? = nil,
        server: String? = nil, underlying: (any Error)? = nil
    ) {
        self.code = code
        self.isTransient = isTransient
        self.name = name
        self.type = type
        self.server = server
        self.detail = detail
        self.underlying = underlying
    }

    public var description: String {
        var text = "DNS \(isTransient ? "temporary" : "permanent") failure (\(code))"
        if let name { text += " for \(name)" + (type.map { " \($0)" } ?? "") }
        if let server { text += " from \(server)" }
        return text + ": " + detail
    }

    func with(name: DNSName, type: DNSRecordType) -> DNSResolverError {
        var copy = self
        copy.name = name.description
        copy.type = type
        return copy
    }
}
