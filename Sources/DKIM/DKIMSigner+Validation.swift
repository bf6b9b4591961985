extension DKIMSigner {
    /// True for an ASCII domain-like name: labels of letters, digits, '-' and '_' separated by single dots
    /// (RFC 6376 §3.5 `d=`, `s=`; '_' is tolerated since some selectors use it).
    static func isDomainLike(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 253 else { return false }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63
                && label.utf8.allSatisfy { byte in
                    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                        || byte == 0x2D || byte == 0x5F
                }
        }
    }

    /// The `i=` value: `[local-part]@domain`, whose domain must be `d=` or a subdomain of it (RFC 6376 §3.5),
    /// written in dkim-quoted-printable (§2.11): bytes outside %x21-3A / %x3C / %x3E-7E become `=XX`.
    static func encodedIdentity(_ identity: String, domain: String) throws -> String {
        guard let at = identity.lastIndex(of: "@") else {
            throw DKIMError(.invalidParameter, "i= must contain '@', got '\(identity)'")
        }
        let identityDomain = identity[identity.index(after: at)...].lowercased()
        let signingDomain = domain.lowercased()
        guard identityDomain == signingDomain || identityDomain.hasSuffix("." + signingDomain) else {
            throw DKIMError(.invalidParameter, "i= domain '\(identityDomain)' is not d= '\(domain)' or a subdomain of it")
        }
        var encoded = ""
        for byte in identity.utf8 {
            if (0x21...0x3A).contains(byte) || byte == 0x3C || (0x3E...0x7E).contains(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = Array("0123456789ABCDEF".utf8)
                encoded += "="
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                encoded.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return encoded
    }
}
