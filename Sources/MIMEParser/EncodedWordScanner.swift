/// One RFC 2047 §2 encoded-word: `"=?" charset "?" encoding "?" encoded-text "?="`, found in
/// a header value with look-up tables so that scanning stays linear however many `=?` the
/// value holds.
struct EncodedWordScanner {
    enum ParseResult {
        /// Decoded octets: UTF-8 when the charset decoded cleanly, else the raw octets.
        case word([UInt8], end: Int)
        /// Shaped like an encoded-word but not one (stays literal text).
        case invalid
        /// No `?=` follows at all.
        case unterminated
    }

    let bytes: [UInt8]
    /// nextClose[i]: the smallest j >= i with `?=` at j, or nil.
    private let nextClose: [Int]
    /// questionsBefore[i]: number of `?` in bytes[0..<i].
    private let questionsBefore: [Int]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var next = [Int](repeating: -1, count: bytes.count + 1)
        var i = bytes.count - 1
        while i >= 0 {
            let isClose = i + 1 < bytes.count && bytes[i] == ASCII.question && bytes[i + 1] == ASCII.equals
            next[i] = isClose ? i : next[i + 1]
            i -= 1
        }
        var counts = [Int](repeating: 0, count: bytes.count + 1)
        for (index, byte) in bytes.enumerated() {
            counts[index + 1] = counts[index] + (byte == ASCII.question ? 1 : 0)
        }
        nextClose = next
        questionsBefore = counts
    }

    private func close(from index: Int) -> Int? {
        guard index < bytes.count else { return nil }
        let value = nextClose[index]
        return value < 0 ? nil : value
    }

    private func questions(_ range: Range<Int>) -> Int {
        questionsBefore[range.upperBound] - questionsBefore[range.lowerBound]
    }

    func startsWord(at i: Int) -> Bool {
        i + 1 < bytes.count && bytes[i] == ASCII.equals && bytes[i + 1] == ASCII.question
    }

    /// Parses the encoded-word starting at `start` (which holds `=?`).
    ///
    /// The word ends at the first `?=` after the encoding's `?`; as in Python, a `?=` that
    /// is really the start of Q text such as `?=C3` is skipped. Whitespace inside the encoded
    /// text is tolerated (RFC 2047 §5 forbids it; some mailers produce it).
    func parse(at start: Int) -> ParseResult {
        let body = start + 2
        guard var end = close(from: body) else { return .unterminated }
        if questions(body..<end) < 2, end + 3 < bytes.count,
           ASCII.hexValue(bytes[end + 2]) != nil, ASCII.hexValue(bytes[end + 3]) != nil {
            end = close(from: end + 2) ?? bytes.count
        }
        let wordEnd = min(end + 2, bytes.count)
        guard end <= bytes.count, questions(body..<end) == 2 else { return .invalid }
        let fields = bytes[body..<end].split(separator: ASCII.question, omittingEmptySubsequences: false)
        guard fields.count == 3, fields[1].count == 1 else { return .invalid }
        let charset = String(decoding: fields[0], as: UTF8.self)
        let text = fields[2]
        let decoded: [UInt8]
        switch ASCII.lowercased(fields[1][fields[1].startIndex]) {
        case UInt8(ascii: "b"): decoded = Base64Decoder.decode(text)
        case UInt8(ascii: "q"): decoded = EncodedWordScanner.decodeQ(text)
        default: return .invalid
        }
        if let string = CharsetDecoder.decodeStrictly(decoded, charset: charset) {
            return .word(Array(string.utf8), end: wordEnd)
        }
        return .word(decoded, end: wordEnd)
    }

    /// True when `=?[^?]*?[QqBb]?.*??=` matches at `start` (Python's `rfc2047_matcher`).
    func matchesPattern(at start: Int) -> Bool {
        guard startsWord(at: start) else { return false }
        // The charset runs to the next "?"; find it through the prefix counts.
        let target = questionsBefore[start + 2]
        var low = start + 2
        var high = bytes.count
        while low < high { // first i with questionsBefore[i + 1] > target
            let mid = (low + high) / 2
            if questionsBefore[mid + 1] > target { high = mid } else { low = mid + 1 }
        }
        let i = low
        guard i + 2 < bytes.count else { return false }
        let encoding = ASCII.lowercased(bytes[i + 1])
        guard encoding == UInt8(ascii: "q") || encoding == UInt8(ascii: "b"), bytes[i + 2] == ASCII.question else {
            return false
        }
        return close(from: i + 3) != nil
    }

    /// RFC 2047 §4.2: `_` is a space, `=XX` (either case) an octet, anything else literal.
    static func decodeQ(_ text: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(text)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == ASCII.underscore {
                out.append(ASCII.space)
            } else if byte == ASCII.equals, i + 2 < bytes.count,
                      let high = ASCII.hexValue(bytes[i + 1]), let low = ASCII.hexValue(bytes[i + 2]) {
                out.append(high << 4 | low)
                i += 3
                continue
            } else {
                out.append(byte)
            }
            i += 1
        }
        return out
    }
}
