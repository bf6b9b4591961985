/// A mailbox: an RFC 5322 addr-spec with an optional display name.
///
/// `address` holds the addr-spec exactly as Postage will use it on the wire
/// (`local-part "@" domain`, RFC 5322 §3.4.1), without angle brackets. A quoted
/// local part keeps its quotes (`"john doe"@example.test`). UTF-8 is allowed in
/// both halves (RFC 6531 / RFC 6532).
///
/// Values built with the memberwise initialiser are not validated; use
/// ``AddressParser`` (or ``init(parsing:)``) for untrusted input.
public struct EmailAddress: Sendable, Hashable, Codable {
    /// The decoded display name (`Jane Doe`, `Renée`), or `nil` when there is none.
    public var displayName: String?
    /// The addr-spec, e.g. `a.b@example.test`.
    public var address: String

    public init(displayName: String? = nil, address: String) {
        self.displayName = displayName
        self.address = address
    }

    /// Parses exactly one mailbox (`addr`, `Name <addr>`, `"Quoted" <addr>`).
    public init(parsing string: String) throws(AddressError) {
        self = try AddressParser.parseMailbox(string)
    }

    /// The part before the last `@` (quotes kept for a quoted local part).
    public var localPart: String {
        guard let at = address.lastIndex(of: "@") else { return address }
        return String(address[..<at])
    }

    /// The part after the last `@` (a domain name or an address literal such as `[192.0.2.1]`).
    /// The last `@` is the separator because a domain can never contain `@` (RFC 5322 §3.4.1).
    public var domain: String {
        guard let at = address.lastIndex(of: "@") else { return "" }
        return String(address[address.index(after: at)...])
    }

    /// The display form used in JSON responses: `"Display Name" <a@b>` when there is a
    /// display name, else just the addr-spec. The name is always a quoted-string with `"`
    /// and `\` escaped as quoted-pairs (RFC 5322 §3.2.4), so commas and dots are safe.
    public var formatted: String {
        guard let name = displayName, !name.isEmpty else { return address }
        return EmailAddress.quotedString(name) + " <" + address + ">"
    }

    /// Wraps `text` in double quotes, escaping `"` and `\` (RFC 5322 §3.2.4 quoted-pair).
    static func quotedString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        out += "\""
        return out
    }
}

extension EmailAddress: CustomStringConvertible {
    public var description: String { formatted }
}
