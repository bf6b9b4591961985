/// A cursor over the Unicode scalars of an address string, implementing the RFC 5322 §3.4
/// mailbox grammar for ``AddressParser``. Scalars (not `Character`s) are used so that a
/// combining mark after a quote or bracket cannot merge with it into one grapheme.
struct AddressScanner {
    let input: String
    private let scalars: [Unicode.Scalar]
    private(set) var position = 0

    init(_ input: String) {
        self.input = input
        self.scalars = Array(input.unicodeScalars)
    }

    var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func advance() { position += 1 }

    func error(_ code: AddressError.Code, _ reason: String) -> AddressError {
        AddressError(code: code, input: input, reason: reason)
    }

    func unexpected(_ c: Unicode.Scalar) -> AddressError {
        switch c {
        case ";": error(.syntax, "';' is not an address separator; use ','")
        case ":": error(.syntax, "Address groups are not supported")
        default: error(.syntax, "Unexpected character '\(c)'")
        }
    }

    // MARK: Mailbox (RFC 5322 §3.4)

    /// mailbox = name-addr / addr-spec. Leaves the cursor after trailing CFWS.
    mutating func parseMailbox() throws(AddressError) -> EmailAddress {
        let start = position
        var words: [(text: String, spaceBefore: Bool)] = []
        var spaceBefore = false
        // Read a phrase (RFC 5322 §3.2.5, with obs-phrase dots) that is either the display
        // name or, if an "@" follows, the local part.
        while let c = current {
            if c == "\"" {
                words.append((try readQuotedString(), spaceBefore))
            } else if c == "." {
                advance()
                words.append((".", spaceBefore))
            } else if AddressCharacters.isPhraseText(c) {
                words.append((read(while: AddressCharacters.isPhraseText), spaceBefore))
            } else {
                break
            }
            spaceBefore = try skipCFWS()
        }
        switch current {
        case "<":
            // name-addr = [display-name] angle-addr (RFC 5322 §3.4)
            var name = ""
            for word in words {
                if word.spaceBefore, !name.isEmpty { name += " " }
                name += word.text
            }
            advance()
            try skipCFWS()
            let address = try parseAddrSpec()
            try skipCFWS()
            guard current == ">" else {
                if let c = current { throw error(.syntax, "Unexpected character '\(c)' in angle address") }
                throw error(.syntax, "Missing '>' after address")
            }
            advance()
            try skipCFWS()
            return EmailAddress(displayName: name.isEmpty ? nil : name, address: address)
        case "@":
            // A bare addr-spec: parse again strictly from the start.
            position = start
            let address = try parseAddrSpec()
            try skipCFWS()
            if current == "<" {
                throw error(.syntax, "Display names containing '@' must be quoted")
            }
            return EmailAddress(address: address)
        case nil, ",":
            if words.isEmpty { throw error(.syntax, "Missing address") }
            throw error(.syntax, "Missing '@' in address")
        case let c?:
            throw unexpected(c)
        }
    }

    /// addr-spec = local-part "@" domain (RFC 5322 §3.4.1), returned in wire form.
    mutating func parseAddrSpec() throws(AddressError) -> String {
        let local: String
        if current == "\"" {
            local = try AddrSpec.normalizedQuotedLocalPart(readQuotedString(), input: input)
        } else {
            local = read { AddressCharacters.isLocalText($0) || $0 == "." }
            try AddrSpec.validateDotAtomLocalPart(local, input: input)
        }
        guard current == "@" else {
            if let c = current {
                throw error(.invalidLocalPart, "Invalid character '\(c)' in local part")
            }
            throw error(.syntax, "Missing '@' in address")
        }
        advance()
        let domain: String
        if current == "[" {
            let literal = read { $0 != "]" && $0 != ">" && $0 != "," }
            guard current == "]" else { throw error(.invalidDomain, "Unterminated address literal") }
            advance()
            domain = literal + "]"
        } else {
            domain = read { !AddressCharacters.endsDomain($0) }
        }
        try AddrSpec.validateDomain(domain, input: input)
        let address = local + "@" + domain
        // RFC 5321 §4.5.3.1.3: a path is at most 256 octets including "<" and ">".
        guard address.utf8.count <= AddrSpec.maximumAddressOctets else {
            throw error(.tooLong, "Address is longer than \(AddrSpec.maximumAddressOctets) octets")
        }
        return address
    }

    // MARK: Lexical pieces (RFC 5322 §3.2)

    /// Skips WSP and comments (CFWS, RFC 5322 §3.2.2). Returns whether anything was skipped.
    @discardableResult
    mutating func skipCFWS() throws(AddressError) -> Bool {
        let start = position
        while let c = current {
            if c == " " || c == "\t" {
                advance()
            } else if c == "(" {
                try skipComment()
            } else {
                break
            }
        }
        return position != start
    }

    /// comment = "(" *([FWS] ccontent) [FWS] ")", ccontent includes nested comments
    /// and quoted-pairs (RFC 5322 §3.2.2).
    private mutating func skipComment() throws(AddressError) {
        var depth = 0
        while let c = current {
            advance()
            switch c {
            case "(": depth += 1
            case ")":
                depth -= 1
                if depth == 0 { return }
            case "\\": if current != nil { advance() }
            default: break
            }
        }
        throw error(.syntax, "Unterminated comment")
    }

    /// quoted-string (RFC 5322 §3.2.4); returns the content with quoted-pairs resolved.
    private mutating func readQuotedString() throws(AddressError) -> String {
        advance() // opening DQUOTE
        var content = String.UnicodeScalarView()
        while let c = current {
            advance()
            if c == "\"" { return String(content) }
            if c == "\\" {
                guard let escaped = current else { break }
                advance()
                content.append(escaped)
            } else {
                content.append(c)
            }
        }
        throw error(.syntax, "Unterminated quoted string")
    }

    private mutating func read(while predicate: (Unicode.Scalar) -> Bool) -> String {
        var text = String.UnicodeScalarView()
        while let c = current, predicate(c) {
            text.append(c)
            advance()
        }
        return String(text)
    }

    /// The text of the list item starting at `start`, up to the next top-level comma,
    /// trimmed; used to report which item of a list failed.
    func item(startingAt start: Int) -> String {
        var index = start
        var inQuotes = false
        var commentDepth = 0
        var text = String.UnicodeScalarView()
        while index < scalars.count {
            let c = scalars[index]
            if c == "," && !inQuotes && commentDepth == 0 && index > start { break }
            if c == "\\" && (inQuotes || commentDepth > 0), index + 1 < scalars.count {
                text.append(c)
                index += 1
                text.append(scalars[index])
                index += 1
                continue
            }
            if c == "\"" && commentDepth == 0 { inQuotes.toggle() }
            if !inQuotes {
                if c == "(" { commentDepth += 1 }
                if c == ")" && commentDepth > 0 { commentDepth -= 1 }
            }
            text.append(c)
            index += 1
        }
        return AddressCharacters.trimmingWhitespace(String(text))
    }
}
