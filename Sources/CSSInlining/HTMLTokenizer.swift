/// Cuts an HTML document into tags and everything else, following the HTML5 tokenizer closely enough for
/// real-world e-mail markup: quoted and unquoted attribute values (a `>` inside quotes does not end a tag),
/// comments (`<!-- … -->`, including conditional comments, whose content stays opaque), doctypes and bogus
/// comments, raw-text elements (`<style>`, `<script>`, `<textarea>`, `<title>`, …) whose content is never read as
/// markup, and a `<` that starts no tag being plain text. Never fails: anything malformed becomes text.
struct HTMLTokenizer {
    /// Elements whose content runs to their own end tag without being parsed.
    static let rawTextElements: Set<String> = [
        "style", "script", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    ]

    let bytes: [UInt8]
    private var position = 0
    private(set) var tokens: [HTMLToken] = []

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    static func tokenize(_ bytes: [UInt8]) -> [HTMLToken] {
        var tokenizer = HTMLTokenizer(bytes)
        tokenizer.run()
        return tokenizer.tokens
    }

    mutating func run() {
        var textStart = 0
        while position < bytes.count {
            guard bytes[position] == ASCII.lessThan else {
                position += 1
                continue
            }
            let markupStart = position
            guard let token = markup() else {
                position = markupStart + 1
                continue
            }
            if textStart < markupStart { tokens.append(.text(textStart..<markupStart)) }
            tokens.append(token)
            if case .startTag(let tag) = token, Self.rawTextElements.contains(tag.name) {
                rawText(until: tag.name)
            }
            textStart = position
        }
        if textStart < bytes.count { tokens.append(.text(textStart..<bytes.count)) }
    }

    /// The markup starting at `position` (a `<`), advancing past it; nil when the `<` starts no markup.
    private mutating func markup() -> HTMLToken? {
        let start = position
        let next = start + 1 < bytes.count ? bytes[start + 1] : 0
        if next == ASCII.exclamation {
            if ASCII.hasPrefix(bytes, at: start, caseInsensitive: "<!--") {
                // `<!-->` and `<!--->` are (empty) comments too.
                let searchFrom = start + 4
                var end = bytes.count
                if ASCII.hasPrefix(bytes, at: searchFrom, caseInsensitive: ">") {
                    end = searchFrom + 1
                } else if ASCII.hasPrefix(bytes, at: searchFrom, caseInsensitive: "->") {
                    end = searchFrom + 2
                } else if let close = ASCII.find("-->", in: bytes, from: searchFrom) {
                    end = close + 3
                }
                position = end
                return .text(start..<end)
            }
            return bogusComment(from: start)
        }
        if next == ASCII.question { return bogusComment(from: start) }
        if next == ASCII.slash {
            let nameStart = start + 2
            guard nameStart < bytes.count else { return nil }
            guard ASCII.isLetter(bytes[nameStart]) else {
                // `</>` is dropped by browsers and `</3` is a bogus comment; either way it is not an element.
                return bogusComment(from: start)
            }
            var nameEnd = nameStart
            while nameEnd < bytes.count, !isNameEnd(bytes[nameEnd]) { nameEnd += 1 }
            let close = endOfTag(from: nameEnd)
            position = close
            return .endTag(name: ASCII.lowercasedString(bytes[nameStart..<nameEnd]), range: start..<close)
        }
        guard ASCII.isLetter(next) else { return nil }
        return startTag(from: start)
    }

    private mutating func bogusComment(from start: Int) -> HTMLToken {
        var end = start + 1
        while end < bytes.count, bytes[end] != ASCII.greaterThan { end += 1 }
        position = min(end + 1, bytes.count)
        return .text(start..<position)
    }

    private func isNameEnd(_ byte: UInt8) -> Bool {
        ASCII.isSpace(byte) || byte == ASCII.slash || byte == ASCII.greaterThan
    }

    /// Just past the `>` that ends a tag, skipping quoted strings (end tags rarely have attributes, but a quoted
    /// `>` must not end one).
    private func endOfTag(from start: Int) -> Int {
        var index = start
        var quote: UInt8? = nil
        while index < bytes.count {
            let byte = bytes[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == ASCII.doubleQuote || byte == ASCII.singleQuote {
                quote = byte
            } else if byte == ASCII.greaterThan {
                return index + 1
            }
            index += 1
        }
        return bytes.count
    }

    private mutating func startTag(from start: Int) -> HTMLToken {
        let nameStart = start + 1
        var index = nameStart
        while index < bytes.count, !isNameEnd(bytes[index]) { index += 1 }
        let name = ASCII.lowercasedString(bytes[nameStart..<index])
        var attributes: [HTMLAttribute] = []
        var insertionPoint = index
        var selfClosing = false
        while index < bytes.count {
            let byte = bytes[index]
            if ASCII.isSpace(byte) {
                index += 1
                continue
            }
            if byte == ASCII.greaterThan {
                index += 1
                position = index
                return .startTag(
                    HTMLStartTag(
                        name: name, range: start..<index, attributes: attributes, selfClosing: selfClosing,
                        insertionPoint: insertionPoint))
            }
            if byte == ASCII.slash {
                selfClosing = index + 1 < bytes.count && bytes[index + 1] == ASCII.greaterThan
                index += 1
                continue
            }
            selfClosing = false
            let attribute = self.attribute(from: index)
            attributes.append(attribute)
            index = attribute.range.upperBound
            insertionPoint = index
        }
        // The document ended inside the tag: HTML5 drops such a tag; here it is kept as text, untouched.
        position = bytes.count
        return .text(start..<bytes.count)
    }

    /// One attribute starting at `start` (not white space, `/` or `>`).
    private func attribute(from start: Int) -> HTMLAttribute {
        var index = start + 1  // a leading `=` belongs to the name
        while index < bytes.count, !isNameEnd(bytes[index]), bytes[index] != ASCII.equals { index += 1 }
        let name = ASCII.lowercasedString(bytes[start..<index])
        var afterName = index
        while afterName < bytes.count, ASCII.isSpace(bytes[afterName]) { afterName += 1 }
        guard afterName < bytes.count, bytes[afterName] == ASCII.equals else {
            return HTMLAttribute(name: name, range: start..<index, value: nil, quote: nil)
        }
        var valueStart = afterName + 1
        while valueStart < bytes.count, ASCII.isSpace(bytes[valueStart]) { valueStart += 1 }
        guard valueStart < bytes.count else {
            return HTMLAttribute(name: name, range: start..<valueStart, value: valueStart..<valueStart, quote: nil)
        }
        let first = bytes[valueStart]
        if first == ASCII.doubleQuote || first == ASCII.singleQuote {
            var close = valueStart + 1
            while close < bytes.count, bytes[close] != first { close += 1 }
            let end = min(close + 1, bytes.count)
            return HTMLAttribute(name: name, range: start..<end, value: (valueStart + 1)..<close, quote: first)
        }
        var end = valueStart
        while end < bytes.count, !ASCII.isSpace(bytes[end]), bytes[end] != ASCII.greaterThan { end += 1 }
        return HTMLAttribute(name: name, range: start..<end, value: valueStart..<end, quote: nil)
    }

    /// Emits the content of a raw-text element up to (not including) `</name`, which the main loop then reads as
    /// the end tag. Without an end tag the content runs to the end of the document.
    private mutating func rawText(until name: String) {
        let start = position
        var search = start
        while let found = ASCII.find("</" + name, in: bytes, from: search) {
            let after = found + 2 + name.utf8.count
            if after >= bytes.count || isNameEnd(bytes[after]) {
                if start < found { tokens.append(.rawText(start..<found)) }
                position = found
                return
            }
            search = found + 1
        }
        if start < bytes.count { tokens.append(.rawText(start..<bytes.count)) }
        position = bytes.count
    }
}
