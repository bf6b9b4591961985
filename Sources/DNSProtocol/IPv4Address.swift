/// An IPv4 address, the RDATA of an A record (RFC 1035 §3.4.1).
public struct IPv4Address: Sendable, Hashable, CustomStringConvertible {
    /// The four bytes in network order.
    public let bytes: [UInt8]

    /// - Precondition: exactly 4 bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 4 else { return nil }
        self.bytes = bytes
    }

    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.bytes = [a, b, c, d]
    }

    /// Parses dotted-quad text: four decimal numbers 0...255 without leading zeros (a leading
    /// zero is ambiguous: some parsers read it as octal).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  !(part.count > 1 && part.first == "0"), let value = UInt8(part)
            else { return nil }
            bytes.append(value)
        }
        self.bytes = bytes
    }

    public var description: String { bytes.map(String.init).joined(separator: ".") }

    /// 127.0.0.0/8 (RFC 1122 §3.2.1.3).
    public var isLoopback: Bool { bytes[0] == 127 }
}
