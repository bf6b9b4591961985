/// Decodes RFC 2047 encoded-words (`=?charset?B?...?=`, `=?charset?Q?...?=`) in unstructured
/// header text (RFC 2047 §5(1)) and in display names (§5(3)).
///
/// Behaviour follows Python's email package (`policy=default`), the project's MIME oracle:
/// - Whitespace between two adjacent encoded-words is dropped (RFC 2047 §6.2); all other
///   whitespace is kept exactly.
/// - An encoded-word glued to surrounding text (`abc=?utf-8?q?x?=def`) is still decoded.
/// - The charset may carry an RFC 2231 §5 language (`utf-8*en`), which is ignored.
/// - Invalid words (wrong number of `?`, an encoding other than B/Q) stay literal text.
/// - Bytes that are not valid in the word's charset (or an unknown charset) are kept as raw
///   octets, and the whole value is finally read as UTF-8 with U+FFFD for invalid sequences;
///   so a UTF-8 character split across two words still decodes.
public enum EncodedWordDecoder {
    /// Decodes the encoded-words of an unfolded header value.
    public static func decode(_ value: String) -> String {
        guard value.utf8.count >= 8, value.utf8.contains(ASCII.question) else { return value }
        return String(decoding: decodeToBytes(Array(value.utf8)), as: UTF8.self)
    }

    /// Like ``decode(_:)`` for raw header bytes (8-bit bytes are read as UTF-8, RFC 6532 §3).
    public static func decode(bytes: [UInt8]) -> String {
        String(decoding: decodeToBytes(bytes), as: UTF8.self)
    }

    private enum Token {
        case whitespace(Range<Int>)
        case text(Range<Int>)
        case word([UInt8])
    }

    static func decodeToBytes(_ bytes: [UInt8]) -> [UInt8] {
        let scanner = EncodedWordScanner(bytes)
        var tokens: [Token] = []
        var i = 0
        let count = bytes.count
        while i < count {
            if ASCII.isWhitespace(bytes[i]) {
                let start = i
                while i < count, ASCII.isWhitespace(bytes[i]) { i += 1 }
                tokens.append(.whitespace(start..<i))
                continue
            }
            var wordIsWellFormed = true
            if scanner.startsWord(at: i) {
                switch scanner.parse(at: i) {
                case let .word(decoded, end):
                    // RFC 2047 §6.2: whitespace between adjacent encoded-words is ignored.
                    if tokens.count >= 2, case .whitespace = tokens[tokens.count - 1],
                       case .word = tokens[tokens.count - 2] {
                        tokens[tokens.count - 1] = .whitespace(i..<i)
                    }
                    tokens.append(.word(decoded))
                    i = end
                    continue
                case .invalid:
                    wordIsWellFormed = false
                case .unterminated:
                    break
                }
            }
            // Literal text up to the next whitespace, or up to an encoded-word inside it.
            let start = i
            var end = i
            while end < count, !ASCII.isWhitespace(bytes[end]) { end += 1 }
            if wordIsWellFormed, let inner = ((start + 1)..<end).first(where: scanner.matchesPattern(at:)) {
                end = inner
            }
            tokens.append(.text(start..<end))
            i = end
        }
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for token in tokens {
            switch token {
            case let .whitespace(range), let .text(range): out.append(contentsOf: bytes[range])
            case let .word(decoded): out.append(contentsOf: decoded)
            }
        }
        return out
    }
}
