/// A parsed Internet message (RFC 5322) with its MIME structure (RFC 2045, RFC 2046).
///
/// ``parse(_:limits:)`` never fails and never traps: malformed input is recovered from as
/// Python's email package does, and recorded as ``ParseDefect``s. Parsing is one forward
/// pass over the bytes, bounded by ``ParseLimits``.
public struct ParsedMessage: Sendable {
    /// The message as an entity: its header section holds both the RFC 5322 fields and the
    /// top-level MIME fields.
    public let root: ParsedPart

    init(root: ParsedPart) {
        self.root = root
    }

    public static func parse(_ bytes: [UInt8], limits: ParseLimits = .default) -> ParsedMessage {
        var cursor = LineCursor(bytes: bytes, range: 0..<bytes.count)
        var parser = EntityParser(limits: limits)
        return ParsedMessage(root: parser.parseEntity(&cursor, depth: 0, defaultType: .textPlain))
    }

    /// The buffer the byte ranges refer to.
    public var source: [UInt8] { root.source }
    public var header: HeaderSection { root.header }

    /// From the first header field to the end of the last one's line break (excluding the
    /// blank line and any mbox `From ` envelope line).
    public var headerBlockRange: Range<Int> { root.header.range }
    /// The body, after the blank line, to the end of the message.
    public var bodyRange: Range<Int> { root.bodyRange }

    /// Every defect in the message, its parts and embedded messages, in document order.
    public var allDefects: [ParseDefect] {
        var out: [ParseDefect] = []
        forEachPart { out += $0.defects }
        return out
    }

    /// Calls `body` for every entity in document order: the root, the parts of multiparts,
    /// and the entities of embedded messages.
    public func forEachPart(_ body: (ParsedPart) -> Void) {
        var stack: [ParsedPart] = [root]
        while let part = stack.popLast() {
            body(part)
            switch part.content {
            case .leaf: break
            case let .multipart(multipart): stack.append(contentsOf: multipart.parts.reversed())
            case let .message(message): stack.append(message.root)
            }
        }
    }

    /// The message bytes with the header fields matching `predicate` removed and every other
    /// byte unchanged (for dropping `X-PM-*` fields before DKIM signing). An mbox `From `
    /// envelope line, which is not part of the message, is dropped too.
    public func removingHeaderFields(where predicate: (HeaderField) -> Bool) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(source.count)
        var position = header.envelope?.range.upperBound ?? root.range.lowerBound
        for field in header.fields where predicate(field) {
            out.append(contentsOf: source[position..<field.range.lowerBound])
            position = field.range.upperBound
        }
        out.append(contentsOf: source[position...])
        return out
    }
}
