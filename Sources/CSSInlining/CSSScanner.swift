/// Low-level CSS scanning over UTF-8 bytes: skips comments and strings, tracks bracket depth, and finds the
/// delimiter that ends a prelude, a block or a declaration at the top level (CSS Syntax Level 3, simplified: it
/// never needs to produce tokens, only boundaries).
struct CSSScanner {
    let bytes: [UInt8]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let semicolon = UInt8(ascii: ";")
    static let colon = UInt8(ascii: ":")
    static let comma = UInt8(ascii: ",")
    static let at = UInt8(ascii: "@")

    /// Past the comment starting at `index` (which holds `/*`); an unclosed comment runs to the end.
    func endOfComment(at index: Int) -> Int {
        var cursor = index + 2
        while cursor + 1 < bytes.count {
            if bytes[cursor] == ASCII.star && bytes[cursor + 1] == ASCII.slash { return cursor + 2 }
            cursor += 1
        }
        return bytes.count
    }

    /// Past the string starting at `index` (a quote); backslash escapes are honoured.
    func endOfString(at index: Int) -> Int {
        let quote = bytes[index]
        var cursor = index + 1
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == ASCII.backslash {
                cursor += 2
                continue
            }
            if byte == quote { return cursor + 1 }
            if byte == 0x0A { return cursor }  // an unclosed string ends at the line end
            cursor += 1
        }
        return bytes.count
    }

    func isCommentStart(_ index: Int) -> Bool {
        index + 1 < bytes.count && bytes[index] == ASCII.slash && bytes[index + 1] == ASCII.star
    }

    /// The first `target` (or `other`) at bracket depth zero in `range`, outside strings and comments.
    func find(_ target: UInt8, or other: UInt8? = nil, in range: Range<Int>) -> Int? {
        let second = other ?? target
        var depth = 0
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            let byte = bytes[cursor]
            if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                cursor = endOfString(at: cursor)
                continue
            }
            if isCommentStart(cursor) {
                cursor = endOfComment(at: cursor)
                continue
            }
            if byte == ASCII.backslash {
                cursor += 2
                continue
            }
            if depth == 0 && (byte == target || byte == second) { return cursor }
            switch byte {
            case UInt8(ascii: "("), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: ")"), UInt8(ascii: "]"): depth = max(0, depth - 1)
            default: break
            }
            cursor += 1
        }
        return nil
    }

    /// The `}` matching the `{` at `open`, honouring nesting, strings and comments; nil when unclosed.
    func matchingBrace(from open: Int) -> Int? {
        var depth = 0
        var cursor = open
        while cursor < bytes.count {
            let byte = bytes[cursor]
            if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                cursor = endOfString(at: cursor)
                continue
            }
            if isCommentStart(cursor) {
                cursor = endOfComment(at: cursor)
                continue
            }
            if byte == ASCII.backslash {
                cursor += 2
                continue
            }
            if byte == Self.openBrace { depth += 1 }
            if byte == Self.closeBrace {
                depth -= 1
                if depth == 0 { return cursor }
            }
            cursor += 1
        }
        return nil
    }

    /// The text of `range` with comments removed and surrounding white space trimmed.
    func text(_ range: Range<Int>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        var cursor = range.lowerBound
        while cursor < range.upperBound {
            if bytes[cursor] == ASCII.doubleQuote || bytes[cursor] == ASCII.singleQuote {
                let end = min(endOfString(at: cursor), range.upperBound)
                out.append(contentsOf: bytes[cursor..<end])
                cursor = end
                continue
            }
            if isCommentStart(cursor) {
                cursor = min(endOfComment(at: cursor), range.upperBound)
                out.append(0x20)
                continue
            }
            out.append(bytes[cursor])
            cursor += 1
        }
        var start = 0
        var end = out.count
        while start < end, ASCII.isSpace(out[start]) { start += 1 }
        while end > start, ASCII.isSpace(out[end - 1]) { end -= 1 }
        return String(decoding: out[start..<end], as: UTF8.self)
    }
}
