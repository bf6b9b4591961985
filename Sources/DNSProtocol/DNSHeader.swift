/// The fixed 12-byte message header (RFC 1035 §4.1.1), without the section counts: those come from
/// the sections of `DNSMessage` when encoding and are checked against them when decoding.
///
///     0  1  2  3  4  5  6  7  8  9 10 11 12 13 14 15
///     |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
public struct DNSHeader: Sendable, Hashable {
    public static let length = 12

    public var id: UInt16
    /// QR: set in responses.
    public var isResponse: Bool
    /// 0 is a standard query (QUERY).
    public var opcode: UInt8
    /// AA: the answer comes from an authoritative server.
    public var isAuthoritativeAnswer: Bool
    /// TC: the message was truncated to fit the transport; repeat over TCP (RFC 7766 §5).
    public var isTruncated: Bool
    /// RD: the client asks the server to recurse.
    public var isRecursionDesired: Bool
    /// RA: the server offers recursion.
    public var isRecursionAvailable: Bool
    /// AD: DNSSEC-validated data (RFC 4035 §3.2.3). Only meaningful from a trusted resolver.
    public var isAuthenticData: Bool
    /// CD: checking disabled (RFC 4035 §3.2.2).
    public var isCheckingDisabled: Bool
    /// The low 4 bits of the response code (see `DNSMessage.responseCode` for the full value).
    public var rcode: UInt8

    public init(
        id: UInt16, isResponse: Bool = false, opcode: UInt8 = 0, isAuthoritativeAnswer: Bool = false,
        isTruncated: Bool = false, isRecursionDesired: Bool = false, isRecursionAvailable: Bool = false,
        isAuthenticData: Bool = false, isCheckingDisabled: Bool = false, rcode: UInt8 = 0
    ) {
        self.id = id
        self.isResponse = isResponse
        self.opcode = opcode & 0x0F
        self.isAuthoritativeAnswer = isAuthoritativeAnswer
        self.isTruncated = isTruncated
        self.isRecursionDesired = isRecursionDesired
        self.isRecursionAvailable = isRecursionAvailable
        self.isAuthenticData = isAuthenticData
        self.isCheckingDisabled = isCheckingDisabled
        self.rcode = rcode & 0x0F
    }

    /// Decodes the second 16-bit word of the header. The Z bit is ignored (RFC 1035: must be zero).
    public init(id: UInt16, flags: UInt16) {
        self.init(
            id: id,
            isResponse: flags & 0x8000 != 0,
            opcode: UInt8((flags >> 11) & 0x0F),
            isAuthoritativeAnswer: flags & 0x0400 != 0,
            isTruncated: flags & 0x0200 != 0,
            isRecursionDesired: flags & 0x0100 != 0,
            isRecursionAvailable: flags & 0x0080 != 0,
            isAuthenticData: flags & 0x0020 != 0,
            isCheckingDisabled: flags & 0x0010 != 0,
            rcode: UInt8(flags & 0x000F)
        )
    }

    /// The second 16-bit word of the header.
    public var flags: UInt16 {
        var flags = UInt16(opcode & 0x0F) << 11 | UInt16(rcode & 0x0F)
        if isResponse { flags |= 0x8000 }
        if isAuthoritativeAnswer { flags |= 0x0400 }
        if isTruncated { flags |= 0x0200 }
        if isRecursionDesired { flags |= 0x0100 }
        if isRecursionAvailable { flags |= 0x0080 }
        if isAuthenticData { flags |= 0x0020 }
        if isCheckingDisabled { flags |= 0x0010 }
        return flags
    }
}
