/// The EDNS(0) OPT pseudo-record (RFC 6891 §6.1), which lives in the additional section.
///
/// Its fields reuse the RR layout: CLASS is the sender's UDP payload size and TTL holds the
/// extended RCODE, the version and the DO flag.
public struct EDNSRecord: Sendable, Hashable {
    /// The payload size RFC 6891 recommends and DNS Flag Day 2020 settled on: it fits one
    /// unfragmented packet on almost every path.
    public static let recommendedPayloadSize: UInt16 = 1232

    /// The largest UDP payload the sender can reassemble; values below 512 mean 512 (§6.2.3).
    public var udpPayloadSize: UInt16
    /// The upper 8 bits of the 12-bit response code (§6.1.3).
    public var extendedRCode: UInt8
    public var version: UInt8
    /// DO: the sender can handle DNSSEC records (RFC 3225).
    public var dnssecOK: Bool
    /// Options as (code, data), in wire order (§6.1.2).
    public var options: [Option]

    public struct Option: Sendable, Hashable {
        public var code: UInt16
        public var data: [UInt8]

        public init(code: UInt16, data: [UInt8]) {
            self.code = code
            self.data = data
        }
    }

    public init(
        udpPayloadSize: UInt16 = recommendedPayloadSize, extendedRCode: UInt8 = 0, version: UInt8 = 0,
        dnssecOK: Bool = false, options: [Option] = []
    ) {
        self.udpPayloadSize = udpPayloadSize
        self.extendedRCode = extendedRCode
        self.version = version
        self.dnssecOK = dnssecOK
        self.options = options
    }

    /// The TTL field: EXTENDED-RCODE (8 bits), VERSION (8), DO (1), Z (15).
    var ttlField: UInt32 {
        UInt32(extendedRCode) << 24 | UInt32(version) << 16 | (dnssecOK ? 0x8000 : 0)
    }
}
