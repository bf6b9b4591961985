import MailCore

/// Turns header values into folded, 7-bit-safe header fields.
enum HeaderEncoder {
    /// How strictly an unstructured value must survive a parse.
    enum Policy {
        /// The decoded value must equal the input exactly (Subject): anything a reader could
        /// alter (leading/trailing whitespace, text that looks like an encoded-word, words too
        /// long to fold) is encoded.
        case exact
        /// Client or trace headers that may be structured (`List-Unsubscribe: <...>`): ASCII is
        /// kept as given and only encoded when it cannot be sent otherwise.
        case asGiven
    }

    /// An unstructured field (RFC 5322 §3.2.5 `unstructured`): plain and folded at
    /// whitespace when possible, otherwise as RFC 2047 encoded-words (RFC 2047 §5(1)).
    static func unstructured(name: String, value: String, policy: Policy) -> String {
        if !needsEncoding(value, policy: policy) {
            let folded = HeaderFolder.fold(name: name, pieces: HeaderFolder.pieces(splittingAtWhitespace: " " + value))
            // RFC 5322 §2.1.1: never more than 998 octets; an unbreakable run must be encoded.
            if HeaderFolder.longestLine(folded) <= HeaderFolder.hardLimit { return folded }
        }
        let words = EncodedWord.encode(value, firstWordLimit: firstWordLimit(forName: name))
        return HeaderFolder.fold(name: name, pieces: words.map { " " + $0 })
    }

    /// An address-list field (RFC 5322 §3.6.2, §3.6.3): `mailbox *("," mailbox)`.
    static func addressList(name: String, addresses: [EmailAddress]) -> String {
        var pieces: [String] = []
        for (index, address) in addresses.enumerated() {
            let room = index == 0 ? firstWordLimit(forName: name) : EncodedWord.maximumLength
            var mailbox = mailboxPieces(address, firstWordLimit: room)
            mailbox[0] = " " + mailbox[0]
            if index < addresses.count - 1 { mailbox[mailbox.count - 1] += "," }
            pieces += mailbox
        }
        return HeaderFolder.fold(name: name, pieces: pieces)
    }

    /// `[display-name] angle-addr` or a bare addr-spec (RFC 5322 §3.4), as fold pieces.
    static func mailboxPieces(_ mailbox: EmailAddress, firstWordLimit: Int) -> [String] {
        guard let name = mailbox.displayName, !name.isEmpty else { return [mailbox.address] }
        let angle = "<" + mailbox.address + ">"
        let phrase: [String]
        if displayNameNeedsEncoding(name) {
            // RFC 2047 §5(3): encoded-words may replace words of a phrase.
            let words = EncodedWord.encode(name, firstWordLimit: firstWordLimit)
            phrase = words.enumerated().map { $0.offset == 0 ? $0.element : " " + $0.element }
        } else if isAtomPhrase(name) {
            // RFC 5322 §3.2.5: phrase = 1*word, atoms separated by single spaces.
            phrase = HeaderFolder.pieces(splittingAtWhitespace: name)
        } else {
            // RFC 5322 §3.2.4 quoted-string; folding between its words is allowed (FWS).
            phrase = HeaderFolder.pieces(splittingAtWhitespace: quotedString(name))
        }
        return phrase + [" " + angle]
    }

    // MARK: Rules

    /// Room for the first encoded-word on the `Name: ` line (at least the minimum word, so a
    /// very long field name gives a first line over 78 rather than an empty first line).
    private static func firstWordLimit(forName name: String) -> Int {
        max(HeaderFolder.softLimit - name.utf8.count - 2, EncodedWord.minimumLength) // "Name: "
    }

    /// Non-ASCII and control characters (other than tab) can only travel as encoded-words.
    static func hasUnsafeCharacters(_ value: String) -> Bool {
        value.unicodeScalars.contains { !$0.isASCII || ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
    }

    private static func needsEncoding(_ value: String, policy: Policy) -> Bool {
        if hasUnsafeCharacters(value) { return true }
        switch policy {
        case .asGiven:
            return false
        case .exact:
            // Readers strip leading whitespace (and MTAs sometimes trailing whitespace), decode
            // anything shaped like an encoded-word, and cannot fold a run longer than a line.
            let first = value.unicodeScalars.first
            let last = value.unicodeScalars.last
            return first == " " || first == "\t" || last == " " || last == "\t"
                || value.contains("=?")
                || longestRun(value) > HeaderFolder.softLimit - 1
        }
    }

    /// Display names that cannot be written as atoms or a quoted-string on foldable lines.
    /// Encoded-words are used for non-ASCII, for names containing `=?` (parsers such as
    /// Python's decode encoded-words even inside quoted-strings), and for names with a run
    /// too long to fold.
    static func displayNameNeedsEncoding(_ name: String) -> Bool {
        hasUnsafeCharacters(name) || name.contains("=?") || longestRun(name) > 60
    }

    private static func isAtomPhrase(_ name: String) -> Bool {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        return words.allSatisfy { word in
            !word.isEmpty && word.unicodeScalars.allSatisfy(isAtext)
        }
    }

    /// RFC 5322 §3.2.3 atext.
    static func isAtext(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~": true
        default: false
        }
    }

    /// RFC 5322 §3.2.4: DQUOTE content DQUOTE with `"` and `\` as quoted-pairs.
    static func quotedString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            if scalar == "\"" || scalar == "\\" { out.unicodeScalars.append("\\") }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }

    /// Length in octets of the longest run without space or tab.
    private static func longestRun(_ value: String) -> Int {
        var longest = 0
        var current = 0
        for byte in value.utf8 {
            if byte == 0x20 || byte == 0x09 {
                current = 0
            } else {
                current += 1
                longest = max(longest, current)
            }
        }
        return longest
    }
}
