/// Validation rules for the two halves of an addr-spec (RFC 5322 §3.4.1) and the length
/// limits of RFC 5321 §4.5.3.1.
enum AddrSpec {
    /// RFC 5321 §4.5.3.1.1: a local part is at most 64 octets.
    static let maximumLocalPartOctets = 64
    /// RFC 5321 §4.5.3.1.2: a domain is at most 255 octets; as a DNS name in text form
    /// with no trailing dot that is 253 (RFC 1035 §2.3.4).
    static let maximumDomainOctets = 253
    /// RFC 5321 §4.5.3.1.3: a path is at most 256 octets including the angle brackets.
    static let maximumAddressOctets = 254
    /// RFC 1035 §2.3.4: a label is at most 63 octets.
    static let maximumLabelOctets = 63

    /// dot-atom-text = 1*atext *("." 1*atext) (RFC 5322 §3.2.3): no leading, trailing or
    /// consecutive dots.
    static func validateDotAtomLocalPart(_ local: String, input: String) throws(AddressError) {
        guard !local.isEmpty else {
            throw AddressError(code: .invalidLocalPart, input: input, reason: "Empty local part")
        }
        guard isDotAtom(local) else {
            throw AddressError(code: .invalidLocalPart, input: input,
                               reason: "Local part has a leading, trailing or double dot")
        }
        try checkLocalLength(local, input: input)
    }

    /// A quoted local part (RFC 5322 §3.2.4). Returns the wire form: unquoted when the
    /// content is a valid dot-atom (RFC 5321 §4.1.2 asks for the simplest form), else
    /// quoted with `"` and `\` escaped.
    static func normalizedQuotedLocalPart(_ content: String, input: String) throws(AddressError) -> String {
        guard !content.isEmpty else {
            throw AddressError(code: .invalidLocalPart, input: input, reason: "Empty quoted local part")
        }
        guard content.unicodeScalars.allSatisfy(AddressCharacters.isQuotedLocalText) else {
            throw AddressError(code: .invalidLocalPart, input: input,
                               reason: "Control character in quoted local part")
        }
        let wire = isDotAtom(content) ? content : EmailAddress.quotedString(content)
        try checkLocalLength(wire, input: input)
        return wire
    }

    static func isDotAtom(_ s: String) -> Bool {
        var previousWasDot = true // a leading dot is invalid
        for c in s.unicodeScalars {
            if c == "." {
                if previousWasDot { return false }
                previousWasDot = true
            } else if AddressCharacters.isLocalText(c) {
                previousWasDot = false
            } else {
                return false
            }
        }
        return !previousWasDot // also rejects empty and trailing dot
    }

    private static func checkLocalLength(_ local: String, input: String) throws(AddressError) {
        guard local.utf8.count <= maximumLocalPartOctets else {
            throw AddressError(code: .tooLong, input: input,
                               reason: "Local part is longer than \(maximumLocalPartOctets) octets")
        }
    }

    // MARK: Domain

    /// A domain is a host name of at least two labels or an address literal.
    static func validateDomain(_ domain: String, input: String) throws(AddressError) {
        func fail(_ reason: String) -> AddressError {
            AddressError(code: .invalidDomain, input: input, reason: reason)
        }
        guard !domain.isEmpty else { throw fail("Missing domain") }
        if domain.hasPrefix("[") {
            guard AddressLiteral.isValid(domain) else { throw fail("Invalid address literal") }
            return
        }
        guard domain.utf8.count <= maximumDomainOctets else {
            throw AddressError(code: .tooLong, input: input,
                               reason: "Domain is longer than \(maximumDomainOctets) octets")
        }
        if let bad = domain.unicodeScalars.first(where: { $0 != "." && !AddressCharacters.isLabelCharacter($0) }) {
            throw fail("Invalid character '\(bad)' in domain")
        }
        let labels = domain.split(separator: ".", omittingEmptySubsequences: false)
        // A bare host name (`localhost`, `test`) is not deliverable on the public mail
        // system; require a dot (RFC 5321 §2.3.5 fully-qualified domain).
        guard labels.count >= 2 else { throw fail("Domain must have at least two labels") }
        for label in labels {
            // RFC 1035 §2.3.1 / RFC 1123 §2.1: 1–63 octets, no leading or trailing hyphen.
            // U-labels are measured in UTF-8 octets, an approximation of their A-label length.
            guard !label.isEmpty else { throw fail("Empty label in domain") }
            guard label.utf8.count <= maximumLabelOctets else {
                throw fail("Domain label is longer than \(maximumLabelOctets) octets")
            }
            guard label.first != "-", label.last != "-" else {
                throw fail("Domain label starts or ends with a hyphen")
            }
        }
        // RFC 3696 §2: a top-level domain is never all-numeric (this also rejects a@1.2.3.4,
        // which must be written [1.2.3.4]).
        if let tld = labels.last, tld.unicodeScalars.allSatisfy({ $0.isASCII && ("0"..."9").contains($0) }) {
            throw fail("Top-level domain is numeric")
        }
    }
}
