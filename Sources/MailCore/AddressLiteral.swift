/// Address literals in the domain part: `[192.0.2.1]` and `[IPv6:2001:db8::1]`
/// (RFC 5321 §4.1.3, RFC 5322 §3.4.1 domain-literal).
enum AddressLiteral {
    /// True for `[IPv4-address-literal]` or `[IPv6:IPv6-addr]`, brackets included.
    static func isValid(_ literal: String) -> Bool {
        guard literal.hasPrefix("["), literal.hasSuffix("]"), literal.count >= 2 else { return false }
        let body = literal.dropFirst().dropLast()
        if body.lowercased().hasPrefix("ipv6:") {
            return isIPv6(body.dropFirst(5))
        }
        return isIPv4(body)
    }

    /// IPv4-address-literal = Snum 3("." Snum), Snum = 1*3DIGIT with value 0-255.
    static func isIPv4(_ s: Substring) -> Bool {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        return parts.allSatisfy { part in
            guard (1...3).contains(part.count), part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let value = Int(part) else { return false }
            return value <= 255
        }
    }

    /// IPv6-full (8 groups), IPv6-comp (with "::", at most 6 explicit groups), and the
    /// IPv4-suffixed forms IPv6v4-full / IPv6v4-comp (RFC 5321 §4.1.3).
    static func isIPv6(_ s: Substring) -> Bool {
        var text = s
        var groupsForIPv4 = 0
        // An embedded IPv4 address takes the place of the last two groups.
        if let lastColon = text.lastIndex(of: ":"), text[text.index(after: lastColon)...].contains(".") {
            guard isIPv4(text[text.index(after: lastColon)...]) else { return false }
            groupsForIPv4 = 2
            text = text[...lastColon]
            // Keep "::" intact but drop a single trailing ":" separator.
            if !text.hasSuffix("::") { text = text.dropLast() }
        }
        func groups(_ part: Substring) -> [Substring]? {
            if part.isEmpty { return [] }
            let items = part.split(separator: ":", omittingEmptySubsequences: false)
            let valid = items.allSatisfy { item in
                (1...4).contains(item.count) && item.allSatisfy { $0.isASCII && $0.isHexDigit }
            }
            return valid ? items : nil
        }
        guard let compression = text.firstRange(of: "::") else {
            guard let all = groups(text) else { return false }
            return all.count + groupsForIPv4 == 8
        }
        let rightText = text[compression.upperBound...]
        guard !rightText.contains("::"),
              let left = groups(text[..<compression.lowerBound]),
              let right = groups(rightText) else { return false }
        return left.count + right.count + groupsForIPv4 <= 6
    }
}
