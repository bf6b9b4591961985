/// A response code: the 4-bit RCODE of the header (RFC 1035 §4.1.1), extended to 12 bits by the
/// OPT record's EXTENDED-RCODE field (RFC 6891 §6.1.3).
public struct DNSResponseCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }

    public static let noError = DNSResponseCode(rawValue: 0)
    /// The server could not interpret the query.
    public static let formatError = DNSResponseCode(rawValue: 1)
    /// The server failed (e.g. could not reach the authoritative servers): temporary.
    public static let serverFailure = DNSResponseCode(rawValue: 2)
    /// The name does not exist (NXDOMAIN); with RFC 6604 it applies to the last name of a CNAME chain.
    public static let nameError = DNSResponseCode(rawValue: 3)
    public static let notImplemented = DNSResponseCode(rawValue: 4)
    /// The server refuses to answer (policy).
    public static let refused = DNSResponseCode(rawValue: 5)
    /// The server does not support the EDNS version of the query (RFC 6891 §6.1.3).
    public static let badVersion = DNSResponseCode(rawValue: 16)

    public var description: String {
        switch self {
        case .noError: "NOERROR"
        case .formatError: "FORMERR"
        case .serverFailure: "SERVFAIL"
        case .nameError: "NXDOMAIN"
        case .notImplemented: "NOTIMP"
        case .refused: "REFUSED"
        case .badVersion: "BADVERS"
        default: "RCODE\(rawValue)"
        }
    }
}
