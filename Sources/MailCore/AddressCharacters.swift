/// Character classes of RFC 5322 §3.2.3 and their UTF-8 extensions (RFC 6532 §3.2).
enum AddressCharacters {
    /// atext (RFC 5322 §3.2.3): ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" /
    /// "+" / "-" / "/" / "=" / "?" / "^" / "_" / "`" / "{" / "|" / "}" / "~".
    static func isASCIIAtext(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9": true
        case "!", "#", "$", "%", "&", "'", "*", "+", "-", "/", "=", "?", "^", "_", "`", "{", "|", "}", "~": true
        default: false
        }
    }

    /// Characters of an unquoted display-name word: atext plus any non-ASCII character
    /// other than C1 controls and line/paragraph separators (RFC 6532 §3.2 UTF8-non-ascii).
    static func isPhraseText(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIIAtext(c) }
        switch c.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator: return false
        default: return true
        }
    }

    /// Characters of a dot-atom local part (RFC 5322 §3.2.3 atext, extended with UTF-8 by
    /// RFC 6531 §3.3); non-ASCII whitespace and controls are excluded.
    static func isLocalText(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return isASCIIAtext(c) }
        switch c.properties.generalCategory {
        case .control, .lineSeparator, .paragraphSeparator, .spaceSeparator: return false
        default: return true
        }
    }

    /// Content allowed in a quoted local part after resolving quoted-pairs: qtext, WSP and
    /// quoted VCHARs (RFC 5322 §3.2.4), i.e. printable ASCII, space, tab, or UTF-8.
    static func isQuotedLocalText(_ c: Unicode.Scalar) -> Bool {
        if c == "\t" { return true }
        if c.isASCII { return c.value >= 0x20 && c.value < 0x7F }
        return isLocalText(c)
    }

    /// A domain-label character: LDH (RFC 1035 §2.3.1, RFC 1123 §2.1) or, for IDN U-labels,
    /// a non-ASCII letter, mark or digit (RFC 5890 §2.3.2.1).
    static func isLabelCharacter(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case "a"..."z", "A"..."Z", "0"..."9", "-": return true
        default:
            guard !c.isASCII else { return false }
            switch c.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return false
            }
        }
    }

    /// Characters that end an unbracketed domain while scanning a list.
    static func endsDomain(_ c: Unicode.Scalar) -> Bool {
        switch c {
        case " ", "\t", ",", "<", ">", "(", ";": true
        default: false
        }
    }

    static func trimmingWhitespace(_ s: String) -> String {
        let scalars = Array(s.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
        while end > start, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}
