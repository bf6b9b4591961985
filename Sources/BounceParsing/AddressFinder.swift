/// Finds email addresses in free text: a permissive `local@domain` scanner for bounce
/// notices, which quote addresses in every decoration (`<a@b>`, `"a@b"`, `[SMTP:a@b]`,
/// `SMTP=a@b;`, `'a@b'`).
enum AddressFinder {
    struct Match: Equatable {
        /// The address as written (case kept).
        var address: String
        /// Byte offsets in the UTF-8 line.
        var start: Int
        var end: Int
    }

    /// Every plausible address in `line`, left to right. The local part is RFC 5322 atext minus
    /// the characters that decorate addresses in bounces (`= / ' * ? | { } # $ ! ^ ~` and the
    /// backquote); the domain needs a dot and an alphabetic top-level label of two or more letters.
    static func find(in line: String) -> [Match] {
        let bytes = Array(line.utf8)
        var out: [Match] = []
        var index = 0
        var searchFrom = 0
        while index < bytes.count {
            defer { index += 1 }
            guard bytes[index] == UInt8(ascii: "@"), index >= searchFrom else { continue }
            var start = index
            // RFC 5321 §4.5.3.1: local part ≤ 64 octets, domain ≤ 255; also keeps the scan linear.
            while start > searchFrom, index - start < 64, isLocal(bytes[start - 1]) { start -= 1 }
            while start < index, bytes[start] == UInt8(ascii: ".") { start += 1 }
            var end = index + 1
            while end < bytes.count, end - index < 256, isDomain(bytes[end]) { end += 1 }
            while end > index + 1, bytes[end - 1] == UInt8(ascii: ".") || bytes[end - 1] == UInt8(ascii: "-") { end -= 1 }
            guard start < index, end > index + 1, validDomain(bytes[(index + 1)..<end]) else { continue }
            out.append(Match(address: String(decoding: bytes[start..<end], as: UTF8.self), start: start, end: end))
            searchFrom = end
            index = end - 1
        }
        return out
    }

    /// True when `text` (trimmed, without one pair of `<>`) is exactly one address.
    static func isBareAddress(_ text: String) -> String? {
        var trimmed = Text.trim(text)
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") { trimmed = String(trimmed.dropFirst().dropLast()) }
        let matches = find(in: trimmed)
        guard matches.count == 1, matches[0].start == 0, matches[0].end == trimmed.utf8.count else { return nil }
        return matches[0].address
    }

    static func isLocal(_ byte: UInt8) -> Bool {
        Text.isAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "%") || byte == UInt8(ascii: "&") || byte >= 0x80
    }

    static func isDomain(_ byte: UInt8) -> Bool {
        Text.isAlnum(byte) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte >= 0x80
    }

    static func validDomain(_ domain: ArraySlice<UInt8>) -> Bool {
        let labels = domain.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && $0.count <= 63 }), let tld = labels.last else { return false }
        return tld.count >= 2 && tld.allSatisfy { Text.isAlpha($0) || $0 >= 0x80 }
    }

    /// Local parts of addresses that are never the failed recipient (the reporting system).
    static let systemLocalParts: Set<String> = [
        "mailer-daemon", "postmaster", "mail-daemon", "mailerdaemon", "mdaemon", "mail.delivery.system",
    ]

    static func isSystemAddress(_ address: String) -> Bool {
        guard let at = address.lastIndex(of: "@") else { return false }
        return systemLocalParts.contains(address[..<at].lowercased())
    }
}
