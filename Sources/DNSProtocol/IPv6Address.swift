/// An IPv6 address, the RDATA of an AAAA record (RFC 3596 §2.2).
public struct IPv6Address: Sendable, Hashable, CustomStringConvertible {
    /// The sixteen bytes in network order.
    public let bytes: [UInt8]

    public init?(bytes: [UInt8]) {
        guard bytes.count == 16 else { return nil }
        self.bytes = bytes
    }

    /// Parses the text forms of RFC 4291 §2.2: eight groups of up to four hex digits, one `::`
    /// for a run of zero groups, and an optional dotted IPv4 address in the last 32 bits.
    /// Zone indexes (`%eth0`) are not part of an address and are rejected.
    public init?(_ text: String) {
        guard !text.isEmpty, text.utf8.count <= 45 else { return nil }
        let halves = Self.splitDoubleColon(text)
        guard halves.count <= 2 else { return nil }
        guard let head = Self.groups(halves[0], allowIPv4: halves.count == 1) else { return nil }
        var groups: [UInt16]
        if halves.count == 2 {
            guard let tail = Self.groups(halves[1], allowIPv4: true), head.count + tail.count <= 7 else { return nil }
            groups = head + Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        } else {
            groups = head
        }
        guard groups.count == 8 else { return nil }
        self.bytes = groups.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// Splits at each `::` (a ":::" yields an empty middle part, which fails later).
    private static func splitDoubleColon(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        var parts: [String] = []
        var start = 0, index = 0
        while index + 1 < bytes.count {
            if bytes[index] == UInt8(ascii: ":"), bytes[index + 1] == UInt8(ascii: ":") {
                parts.append(String(decoding: bytes[start..<index], as: UTF8.self))
                index += 2
                start = index
            } else {
                index += 1
            }
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }

    /// Splits one side of `::` into 16-bit groups; an IPv4 tail counts as two groups.
    private static func groups(_ text: String, allowIPv4: Bool) -> [UInt16]? {
        if text.isEmpty { return [] }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var groups: [UInt16] = []
        for (index, part) in parts.enumerated() {
            if index == parts.count - 1, allowIPv4, part.contains(".") {
                guard let v4 = IPv4Address(String(part)) else { return nil }
                groups.append(UInt16(v4.bytes[0]) << 8 | UInt16(v4.bytes[1]))
                groups.append(UInt16(v4.bytes[2]) << 8 | UInt16(v4.bytes[3]))
                continue
            }
            guard (1...4).contains(part.count), part.allSatisfy(\.isHexDigit), let value = UInt16(part, radix: 16)
            else { return nil }
            groups.append(value)
        }
        return groups
    }

    private var groups: [UInt16] {
        stride(from: 0, to: 16, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
    }

    /// The canonical text form of RFC 5952 §4: lower-case hex without leading zeros, the longest
    /// run of two or more zero groups (the first on a tie) as `::`, and IPv4-mapped addresses
    /// (::ffff:0:0/96) with a dotted IPv4 tail (§5).
    public var description: String {
        let groups = self.groups
        if groups[0..<5].allSatisfy({ $0 == 0 }), groups[5] == 0xFFFF {
            return "::ffff:" + bytes[12...].map(String.init).joined(separator: ".")
        }
        var bestStart = -1, bestLength = 0, index = 0
        while index < 8 {
            guard groups[index] == 0 else { index += 1; continue }
            let start = index
            while index < 8, groups[index] == 0 { index += 1 }
            if index - start > bestLength { bestStart = start; bestLength = index - start }
        }
        let hex = groups.map { String($0, radix: 16) }
        guard bestLength >= 2 else { return hex.joined(separator: ":") }
        let head = hex[..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }

    /// ::1 (RFC 4291 §2.5.3).
    public var isLoopback: Bool { bytes[0..<15].allSatisfy { $0 == 0 } && bytes[15] == 1 }
}
