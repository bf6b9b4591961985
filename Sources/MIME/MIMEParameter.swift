/// Renders Content-Type / Content-Disposition parameters (RFC 2045 §5.1, RFC 2231).
///
/// Each parameter is returned as fold pieces: the first piece starts the parameter, later
/// pieces start with a space. The caller joins parameters with `;` and a space.
enum MIMEParameter {
    /// Longest RFC 2231 `name*=` item before continuations are used, so that the parameter
    /// fits on a folded line of its own (" " + item + ";" ≤ 78).
    static let maximumItemLength = 72
    /// Longest plain `name="value"` item. Printable ASCII values stay one quoted-string (what
    /// every client reads) even past 78 characters, a SHOULD of RFC 5322 §2.1.1; only values
    /// that would approach the 998-octet MUST are split into continuations.
    static let maximumPlainItemLength = 900
    /// Size of each continuation segment's value.
    static let segmentLength = 48

    /// `name=value`, quoted when needed (or always, for file names). Values outside
    /// printable ASCII use the RFC 2231 §4 charset form `name*=utf-8''%XX`; values too long
    /// for one line are split into RFC 2231 §3 continuations `name*0=...; name*1=...`.
    static func render(name: String, value: String, alwaysQuote: Bool = false) -> [[String]] {
        if value.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7F }) {
            let plain = alwaysQuote || !isToken(value) ? quoted(value) : value
            let single = name + "=" + plain
            if single.utf8.count <= maximumPlainItemLength { return [[single]] }
            // RFC 2231 §3: name*0="..."; name*1="..." (segments are plain, so quoted).
            return chunks(Array(value.unicodeScalars).map { String($0) })
                .enumerated()
                .map { [name + "*\($0.offset)=" + quoted($0.element)] }
        }
        // RFC 2231 §4: charset'language'percent-encoded octets; split at character
        // boundaries so every segment holds whole characters.
        let encoded = value.map { percentEncode(String($0)) }
        let single = name + "*=utf-8''" + encoded.joined()
        if single.utf8.count <= maximumItemLength { return [[single]] }
        return chunks(encoded).enumerated().map { segment in
            // RFC 2231 §4.1: only the first segment carries charset and language.
            [name + "*\(segment.offset)*=" + (segment.offset == 0 ? "utf-8''" : "") + segment.element]
        }
    }

    /// `name="=?utf-8?B?...?= =?utf-8?B?...?="`: RFC 2047 encoded-words in a quoted string.
    /// Not sanctioned by RFC 2047 §5, but what older clients read for a non-ASCII
    /// Content-Type `name`; the RFC 2231 `filename*` on Content-Disposition is authoritative.
    static func encodedWords(name: String, value: String) -> [String] {
        let words = EncodedWord.encode(value, firstWordLimit: EncodedWord.maximumLength - name.utf8.count - 3)
        guard !words.isEmpty else { return [name + "=\"\""] }
        var pieces = words.enumerated().map { $0.offset == 0 ? name + "=\"" + $0.element : " " + $0.element }
        pieces[pieces.count - 1] += "\""
        return pieces
    }

    /// RFC 2045 §5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.allSatisfy { c in
            c.value > 0x20 && c.value < 0x7F && !"()<>@,;:\\\"/[]?=".unicodeScalars.contains(c)
        }
    }

    /// RFC 2045 §5.1 / RFC 5322 §3.2.4 quoted-string.
    static func quoted(_ value: String) -> String {
        HeaderEncoder.quotedString(value)
    }

    /// RFC 2231 §7 attribute-char: token characters other than `*`, `'` and `%`;
    /// everything else becomes `%XX` of its UTF-8 octets.
    private static func percentEncode(_ s: String) -> String {
        let hex = Array("0123456789ABCDEF".unicodeScalars)
        var out = String.UnicodeScalarView()
        for byte in s.utf8 {
            let scalar = Unicode.Scalar(byte)
            if byte < 0x80, isToken(String(scalar)), scalar != "*", scalar != "'", scalar != "%" {
                out.append(scalar)
            } else {
                out.append("%")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(out)
    }

    /// Greedily groups units into segments of at most `segmentLength` octets (a unit that is
    /// longer on its own gets a segment of its own).
    private static func chunks(_ units: [String]) -> [String] {
        var result: [String] = []
        var current = ""
        for unit in units {
            if !current.isEmpty, current.utf8.count + unit.utf8.count > segmentLength {
                result.append(current)
                current = ""
            }
            current += unit
        }
        if !current.isEmpty { result.append(current) }
        return result
    }
}
