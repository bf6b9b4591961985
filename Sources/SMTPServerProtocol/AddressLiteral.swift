/// The inside of an address literal (RFC 5321 §4.1.3):
///
/// ```
/// IPv4-address-literal    = Snum 3("."  Snum)
/// IPv6-address-literal    = "IPv6:" IPv6-addr
/// General-address-literal = Standardized-tag ":" 1*dcontent
/// ```
enum AddressLiteral {
    static func isValid(_ content: ArraySlice<UInt8>) -> Bool {
        guard let colon = content.firstIndex(of: UInt8(ascii: ":")) else {
            return self.isIPv4(content)
        }
        let tag = content[content.startIndex..<colon]
        let value = content[(colon + 1)...]
        if String(decoding: tag, as: UTF8.self).uppercased() == "IPV6" {
            return self.isIPv6(value)
        }
        // Standardized-tag = Ldh-str; dcontent was checked by the caller.
        guard let first = tag.first, ByteScanner.isLetDig(first), let last = tag.last, ByteScanner.isLetDig(last),
              tag.allSatisfy({ ByteScanner.isLetDig($0) || $0 == UInt8(ascii: "-") })
        else { return false }
        return !value.isEmpty
    }

    /// `Snum 3("." Snum)`, `Snum = 1*3DIGIT` with a value of 0 to 255.
    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ (48...57).contains($0) }) else { return false }
            return Int(String(decoding: part, as: UTF8.self))! <= 255
        }
    }

    /// `IPv6-full / IPv6-comp / IPv6v4-full / IPv6v4-comp` (RFC 5321 §4.1.3): eight 16-bit groups,
    /// the last two of which may be an IPv4 address, with at most one "::".
    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = Array(bytes)
        var groups = 0
        var compressed = false
        var index = 0
        if text.starts(with: Array("::".utf8)) {
            compressed = true
            index = 2
            if index == text.count { return true }
        }
        while index < text.count {
            let groupEnd = text[index...].firstIndex(of: UInt8(ascii: ":")) ?? text.count
            let group = text[index..<groupEnd]
            if groupEnd == text.count, group.contains(UInt8(ascii: ".")) {
                // A trailing IPv4 address stands for two groups.
                guard self.isIPv4(group) else { return false }
                groups += 2
                index = groupEnd
                break
            }
            guard (1...4).contains(group.count), group.allSatisfy(Self.isHexDigit) else { return false }
            groups += 1
            index = groupEnd
            if index == text.count { break }
            index += 1 // ":"
            if index < text.count, text[index] == UInt8(ascii: ":") {
                guard !compressed else { return false }
                compressed = true
                index += 1
                if index == text.count { break }
            } else if index == text.count {
                return false // a trailing single ":"
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (48...57).contains(byte) || (65...70).contains(byte) || (97...102).contains(byte)
    }
}
