/// A reverse-path or forward-path from MAIL FROM / RCPT TO (RFC 5321 §4.1.2), with the
/// SMTPUTF8 extensions of RFC 6531 §3.3 (UTF-8 in atoms, quoted strings and domain labels).
///
/// ```
/// Path           = "<" [ A-d-l ":" ] Mailbox ">"
/// A-d-l          = At-domain *( "," At-domain )     ; source route, parsed and ignored (§4.1.1.3, App. C)
/// Mailbox        = Local-part "@" ( Domain / address-literal )
/// Local-part     = Dot-string / Quoted-string
/// ```
struct MailboxPath: Sendable, Hashable {
    /// The mailbox as given, without brackets and source route; "" for the null path `<>`.
    var address: String
    /// The local part as given (quotes included when quoted).
    var localPart: String
    /// The domain or address literal as given.
    var domain: String
    /// The address has octets above 127, which needs SMTPUTF8 (RFC 6531 §3.5).
    var containsNonASCII: Bool

    var isNull: Bool { self.address.isEmpty }

    static let null = MailboxPath(address: "", localPart: "", domain: "", containsNonASCII: false)

    /// The recipient as compared for duplicates: the local part is case-sensitive
    /// (RFC 5321 §2.4), the domain is not.
    var comparisonKey: String { "\(self.localPart)@\(self.domain.lowercased())" }

    /// RFC 5321 §4.5.3.1.2: a domain is at most 255 octets, and a label 63 (RFC 1035 §2.3.4).
    static let maximumDomainLength = 255
    static let maximumLabelLength = 63

    /// Parses a path at the start of `bytes`, returning it and the bytes after the closing `>`.
    /// Returns nil for anything that is not a path: there is no lenient form without brackets.
    static func parse(_ bytes: ArraySlice<UInt8>) -> (MailboxPath, ArraySlice<UInt8>)? {
        var scanner = ByteScanner(bytes)
        guard scanner.take(UInt8(ascii: "<")) else { return nil }
        if scanner.take(UInt8(ascii: ">")) {
            return (.null, scanner.rest)
        }
        // RFC 5321 §4.1.1.3 / Appendix C: a source route is accepted and ignored.
        if scanner.peek == UInt8(ascii: "@") {
            repeat {
                guard scanner.take(UInt8(ascii: "@")), scanner.domain() != nil else { return nil }
            } while scanner.take(UInt8(ascii: ","))
            guard scanner.take(UInt8(ascii: ":")) else { return nil }
        }
        let mailboxStart = scanner.index
        guard let localPart = scanner.localPart(), scanner.take(UInt8(ascii: "@")) else { return nil }
        let domain: ArraySlice<UInt8>
        if scanner.peek == UInt8(ascii: "[") {
            guard let literal = scanner.addressLiteral() else { return nil }
            domain = literal
        } else {
            guard let name = scanner.domain() else { return nil }
            domain = name
        }
        let mailboxEnd = scanner.index
        guard scanner.take(UInt8(ascii: ">")) else { return nil }
        let mailbox = bytes[mailboxStart..<mailboxEnd]
        // RFC 6531 §3.3: non-ASCII must be well-formed UTF-8.
        guard let address = String(validating: mailbox, as: UTF8.self),
              let local = String(validating: localPart, as: UTF8.self),
              let domainString = String(validating: domain, as: UTF8.self)
        else { return nil }
        let path = MailboxPath(
            address: address,
            localPart: local,
            domain: domainString,
            containsNonASCII: mailbox.contains { $0 >= 0x80 }
        )
        return (path, scanner.rest)
    }
}

/// A cursor over the bytes of one command argument.
struct ByteScanner {
    private let bytes: ArraySlice<UInt8>
    private(set) var index: Int

    init(_ bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        self.index = bytes.startIndex
    }

    var peek: UInt8? { self.index < self.bytes.endIndex ? self.bytes[self.index] : nil }
    var rest: ArraySlice<UInt8> { self.bytes[self.index...] }

    mutating func take(_ byte: UInt8) -> Bool {
        guard self.peek == byte else { return false }
        self.index += 1
        return true
    }

    /// Takes bytes while `predicate` holds; returns how many.
    @discardableResult
    mutating func take(while predicate: (UInt8) -> Bool) -> Int {
        let start = self.index
        while let byte = self.peek, predicate(byte) { self.index += 1 }
        return self.index - start
    }

    /// `Local-part = Dot-string / Quoted-string` (RFC 5321 §4.1.2).
    mutating func localPart() -> ArraySlice<UInt8>? {
        let start = self.index
        if self.take(UInt8(ascii: "\"")) {
            // Quoted-string = DQUOTE *QcontentSMTP DQUOTE
            while let byte = self.peek {
                self.index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return self.bytes[start..<self.index]
                case UInt8(ascii: "\\"):
                    // quoted-pairSMTP = %d92 %d32-126
                    guard let escaped = self.peek, (32...126).contains(escaped) else { return nil }
                    self.index += 1
                default:
                    guard Self.isQText(byte) else { return nil }
                }
            }
            return nil
        }
        // Dot-string = Atom *("." Atom)
        repeat {
            guard self.take(while: Self.isAText) > 0 else { return nil }
        } while self.take(UInt8(ascii: "."))
        return self.bytes[start..<self.index]
    }

    /// `Domain = sub-domain *("." sub-domain)`, `sub-domain = Let-dig [Ldh-str]`
    /// (RFC 5321 §4.1.2), or a U-label (RFC 6531 §3.3), with the length limits of §4.5.3.1.2.
    mutating func domain() -> ArraySlice<UInt8>? {
        let start = self.index
        repeat {
            let labelStart = self.index
            guard let first = self.peek, Self.isLetDig(first) || first >= 0x80 else { return nil }
            self.take(while: { Self.isLetDig($0) || $0 == UInt8(ascii: "-") || $0 >= 0x80 })
            let label = self.bytes[labelStart..<self.index]
            guard label.last != UInt8(ascii: "-"), label.count <= MailboxPath.maximumLabelLength else { return nil }
        } while self.take(UInt8(ascii: "."))
        guard self.index - start <= MailboxPath.maximumDomainLength else { return nil }
        return self.bytes[start..<self.index]
    }

    /// `address-literal = "[" ( IPv4-address-literal / IPv6-address-literal /
    /// General-address-literal ) "]"` (RFC 5321 §4.1.3).
    mutating func addressLiteral() -> ArraySlice<UInt8>? {
        let start = self.index
        guard self.take(UInt8(ascii: "[")) else { return nil }
        let contentStart = self.index
        // dcontent = %d33-90 / %d94-126: everything printable but "[", "\" and "]".
        self.take(while: { (33...90).contains($0) || (94...126).contains($0) })
        let content = self.bytes[contentStart..<self.index]
        guard self.take(UInt8(ascii: "]")), AddressLiteral.isValid(content) else { return nil }
        return self.bytes[start..<self.index]
    }

    /// `atext` (RFC 5322 §3.2.3) plus UTF-8 octets (RFC 6531 §3.3).
    static func isAText(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
             UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"),
             UInt8(ascii: "="), UInt8(ascii: "?"), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: "}"), UInt8(ascii: "~"):
            return true
        default:
            return byte >= 0x80
        }
    }

    /// `qtextSMTP = %d32-33 / %d35-91 / %d93-126` plus UTF-8 octets (RFC 6531 §3.3).
    static func isQText(_ byte: UInt8) -> Bool {
        (32...33).contains(byte) || (35...91).contains(byte) || (93...126).contains(byte) || byte >= 0x80
    }

    static func isLetDig(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
