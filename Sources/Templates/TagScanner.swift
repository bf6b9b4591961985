/// Finds Mustachio tags in a template's UTF-8 source (`mustachio.md` §2).
///
/// A tag is `{{` + one or more characters that are neither `{` nor `}` + `}}`, or the same with three braces. At
/// each position the two-brace form is tried first, then the three-brace form; a position where neither matches is
/// plain text and the search moves on by one character. So `{{{{name}}` is `{{` followed by the tag `{{name}}`,
/// `{{name}}}` is a tag followed by `}`, and `{{ a{b }}` is no tag at all. Tags may span lines. Everything between
/// tags is text, copied byte for byte (there is no escape syntax and no standalone-line removal).
struct TagScanner {
    /// One tag: the byte range of the whole tag, braces included.
    struct Tag {
        var range: Range<Int>
        /// Three braces on each side.
        var isTriple: Bool
    }

    private let bytes: [UInt8]
    private(set) var position = 0

    private static let open = UInt8(ascii: "{")
    private static let close = UInt8(ascii: "}")

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The next tag at or after the current position, or nil when only text remains.
    mutating func next() -> Tag? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == Self.open, bytes[index + 1] == Self.open {
                if let end = closing(after: index + 2, braces: 2) {
                    position = end
                    return Tag(range: index..<end, isTriple: false)
                }
                if index + 2 < bytes.count, bytes[index + 2] == Self.open,
                   let end = closing(after: index + 3, braces: 3)
                {
                    position = end
                    return Tag(range: index..<end, isTriple: true)
                }
            }
            index += 1
        }
        return nil
    }

    /// The end of a tag whose inside starts at `start`: a non-empty run of non-brace bytes, then `braces` closing
    /// braces. Nil if the run is empty or not followed by enough `}`.
    private func closing(after start: Int, braces: Int) -> Int? {
        var index = start
        while index < bytes.count, bytes[index] != Self.open, bytes[index] != Self.close {
            index += 1
        }
        guard index > start, index + braces <= bytes.count else { return nil }
        for offset in 0..<braces where bytes[index + offset] != Self.close {
            return nil
        }
        return index + braces
    }
}
