/// RFC 2047 encoded-words (`=?utf-8?B?...?=` / `=?utf-8?Q?...?=`) for non-ASCII text in
/// headers.
public enum EncodedWord {
    /// RFC 2047 §2: "An 'encoded-word' may not be more than 75 characters long".
    public static let maximumLength = 75
    /// The smallest limit that always fits one Unicode scalar (4 UTF-8 octets as Q: 12 chars
    /// of text plus 12 of `=?utf-8?Q?` / `?=`).
    public static let minimumLength = 24

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// The two encodings of RFC 2047 §4.
    public enum Encoding: Sendable {
        case base64, quotedPrintable
    }

    /// Encodes `text` as UTF-8 encoded-words, to be joined with single spaces (whitespace
    /// between adjacent encoded-words is ignored when decoding, RFC 2047 §6.2).
    ///
    /// - Each word is at most `wordLimit` characters; the first at most `firstWordLimit`
    ///   (for the space left on a header's first line). Limits are clamped to
    ///   `minimumLength...maximumLength`.
    /// - A word always holds whole characters (RFC 2047 §5: "each 'encoded-word' MUST
    ///   represent an integral number of characters"): text is split between grapheme
    ///   clusters, and only a cluster too long for one word is split between Unicode
    ///   scalars, so a UTF-8 sequence is never split.
    /// - The encoding is Q or B, whichever is shorter for the whole text (ties go to Q).
    ///   Q uses only the characters RFC 2047 §5(3) allows in a phrase, so the words are
    ///   valid in display names as well as in unstructured text and are safe in comments.
    /// - Empty text gives no words.
    public static func encode(
        _ text: String,
        firstWordLimit: Int = maximumLength,
        wordLimit: Int = maximumLength
    ) -> [String] {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return [] }
        let qLength = bytes.reduce(0) { $0 + qWidth($1) }
        let encoding: Encoding = qLength <= (bytes.count + 2) / 3 * 4 ? .quotedPrintable : .base64
        return encode(text, encoding: encoding, firstWordLimit: firstWordLimit, wordLimit: wordLimit)
    }

    /// Like ``encode(_:firstWordLimit:wordLimit:)`` with a fixed encoding.
    public static func encode(
        _ text: String,
        encoding: Encoding,
        firstWordLimit: Int = maximumLength,
        wordLimit: Int = maximumLength
    ) -> [String] {
        let prefix = encoding == .base64 ? "=?utf-8?B?" : "=?utf-8?Q?"
        let overhead = prefix.utf8.count + 2 // "?="
        func clamp(_ limit: Int) -> Int { min(max(limit, minimumLength), maximumLength) - overhead }
        var budget = clamp(firstWordLimit)
        let laterBudget = clamp(wordLimit)

        var words: [String] = []
        var chunk: [UInt8] = []
        func width(_ bytes: [UInt8]) -> Int {
            switch encoding {
            case .base64: (bytes.count + 2) / 3 * 4
            case .quotedPrintable: bytes.reduce(0) { $0 + qWidth($1) }
            }
        }
        func flush() {
            guard !chunk.isEmpty else { return }
            words.append(prefix + render(chunk, encoding) + "?=")
            chunk = []
            budget = laterBudget
        }
        func add(_ piece: [UInt8]) -> Bool {
            if width(chunk + piece) <= budget {
                chunk += piece
                return true
            }
            return false
        }
        for character in text {
            let piece = Array(String(character).utf8)
            if add(piece) { continue }
            flush()
            if add(piece) { continue }
            // A single grapheme cluster longer than a word: split it between scalars.
            for scalar in character.unicodeScalars {
                let scalarBytes = Array(String(scalar).utf8)
                if !add(scalarBytes) {
                    flush()
                    chunk = scalarBytes // always fits: budgets are at least one scalar wide
                }
            }
        }
        flush()
        return words
    }

    /// Width of one octet in Q encoding (RFC 2047 §4.2).
    private static func qWidth(_ byte: UInt8) -> Int {
        isQLiteral(byte) || byte == 0x20 ? 1 : 3
    }

    /// RFC 2047 §5(3): in a phrase only letters, digits, "!", "*", "+", "-", "/" may appear
    /// unencoded ("=" and "_" are part of the encoding itself).
    private static func isQLiteral(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "!"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            true
        default:
            false
        }
    }

    private static func render(_ bytes: [UInt8], _ encoding: Encoding) -> String {
        switch encoding {
        case .base64:
            return String(decoding: Base64Lines.plain(bytes), as: UTF8.self)
        case .quotedPrintable:
            var out: [UInt8] = []
            for byte in bytes {
                if isQLiteral(byte) {
                    out.append(byte)
                } else if byte == 0x20 {
                    out.append(UInt8(ascii: "_")) // RFC 2047 §4.2 rule 2
                } else {
                    out.append(UInt8(ascii: "="))
                    out.append(hexDigits[Int(byte >> 4)])
                    out.append(hexDigits[Int(byte & 0x0F)])
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
