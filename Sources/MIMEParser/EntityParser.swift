/// Recursive-descent parser for MIME entities over a shared ``LineCursor``, in one forward
/// pass (as Python's `email.feedparser`), so the cost is linear in the input size.
struct EntityParser {
    let limits: ParseLimits
    /// Entities created so far, against ``ParseLimits/maximumParts``.
    private(set) var partCount = 0
    private var partLimitReported = false

    init(limits: ParseLimits) {
        self.limits = limits
    }

    var hasPartBudget: Bool { partCount < limits.maximumParts }

    /// Parses one entity starting at the cursor and ending at the end of input or at a
    /// delimiter line of an enclosing multipart.
    ///
    /// `trimsFinalLineBreak` is true for body parts: their last line break belongs to the
    /// delimiter that follows (RFC 2046 §5.1.1), and, as in Python, is also dropped when a
    /// truncated multipart ends without one.
    mutating func parseEntity(
        _ cursor: inout LineCursor, depth: Int, defaultType: ContentType, trimsFinalLineBreak: Bool = false
    ) -> ParsedPart {
        partCount += 1
        let start = cursor.position
        let headers = HeaderParser(limits: limits).parse(&cursor)
        var defects = headers.defects
        let header = headers.section
        let bodyStart = headers.bodyStart

        var contentType = defaultType
        var declared = false
        if let field = header.field("content-type") {
            if let parsed = ContentType.parse(field.unfoldedValue) {
                contentType = parsed
                declared = true
            } else {
                // RFC 2045 §5.2: an invalid Content-Type is treated as text/plain.
                contentType = .textPlain
                defects.append(ParseDefect(code: .invalidContentType, offset: field.range.lowerBound,
                                           detail: field.unfoldedValue))
            }
        }
        let encoding = TransferEncoding(header.field("content-transfer-encoding")?.unfoldedValue)
        let disposition = header.field("content-disposition").map { ContentDisposition.parse($0.unfoldedValue) }
        if case .other = encoding {
            defects.append(ParseDefect(code: .unknownTransferEncoding, offset: bodyStart, detail: encoding.name))
        }

        var content = ParsedPart.Content.leaf
        var leafBodyEnd: Int?
        let isComposite = contentType.isMultipart || isEmbeddedMessage(contentType)
        if isComposite, depth >= limits.maximumDepth {
            defects.append(ParseDefect(code: .depthLimitExceeded, offset: bodyStart))
            skipBody(&cursor)
        } else if contentType.isMultipart {
            if !encoding.isIdentity {
                defects.append(ParseDefect(code: .invalidCompositeTransferEncoding, offset: bodyStart))
            }
            if let boundary = contentType.boundary {
                let result = parseMultipart(&cursor, boundary: boundary, bodyStart: bodyStart, depth: depth,
                                            digest: contentType.subtype == "digest",
                                            trimsFinalLineBreak: trimsFinalLineBreak)
                defects += result.defects
                if let multipart = result.multipart { content = .multipart(multipart) }
                leafBodyEnd = result.leafBodyEnd
            } else {
                defects.append(ParseDefect(code: .noBoundaryInMultipart, offset: bodyStart))
                skipBody(&cursor)
            }
        } else if isEmbeddedMessage(contentType), hasPartBudget {
            if encoding != .base64 && encoding != .quotedPrintable {
                // RFC 2046 §5.2.1: the body is a complete message, parsed in place.
                content = .message(ParsedMessage(root: parseEntity(
                    &cursor, depth: depth + 1, defaultType: .textPlain, trimsFinalLineBreak: trimsFinalLineBreak
                )))
            } else {
                // RFC 2046 §5.2.1 forbids encoding message/rfc822, but it is seen in practice:
                // decode, then parse the decoded bytes.
                defects.append(ParseDefect(code: .invalidCompositeTransferEncoding, offset: bodyStart))
                skipBody(&cursor)
                let end = cursor.contentEnd(before: cursor.position, floor: bodyStart,
                                            atDelimiter: trimsFinalLineBreak || !cursor.isAtEnd)
                let decoded = encoding.decode(cursor.bytes[bodyStart..<end])
                var inner = LineCursor(bytes: decoded, range: 0..<decoded.count)
                content = .message(ParsedMessage(root: parseEntity(&inner, depth: depth + 1, defaultType: .textPlain)))
            }
        } else {
            if isEmbeddedMessage(contentType) { reportPartLimit(&defects, at: bodyStart) }
            skipBody(&cursor)
        }

        let end = cursor.contentEnd(before: cursor.position, floor: bodyStart,
                                    atDelimiter: trimsFinalLineBreak || !cursor.isAtEnd)
        return ParsedPart(
            source: cursor.bytes, header: header, range: start..<end, bodyRange: bodyStart..<(leafBodyEnd ?? end),
            contentType: contentType, hasDeclaredContentType: declared, transferEncoding: encoding,
            disposition: disposition, content: content, defects: defects
        )
    }

    /// message/rfc822 (RFC 2046 §5.2.1) and message/global (RFC 6532 §3.5) hold a message.
    private func isEmbeddedMessage(_ type: ContentType) -> Bool {
        type.type == "message" && (type.subtype == "rfc822" || type.subtype == "global")
    }

    /// Consumes lines up to the end of input or an enclosing delimiter.
    private func skipBody(_ cursor: inout LineCursor) {
        while cursor.readLine() != nil {}
    }

    mutating func reportPartLimit(_ defects: inout [ParseDefect], at offset: Int) {
        guard !partLimitReported else { return }
        partLimitReported = true
        defects.append(ParseDefect(code: .partLimitExceeded, offset: offset,
                                   detail: "more than \(limits.maximumParts) parts; the rest are not parsed"))
    }
}
