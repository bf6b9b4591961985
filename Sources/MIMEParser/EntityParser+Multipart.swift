extension EntityParser {
    struct MultipartResult {
        /// Nil when no body part was opened: the entity is then a leaf (as in Python).
        var multipart: Multipart?
        /// For such a leaf whose close delimiter was found, the end of its body (the preamble).
        var leafBodyEnd: Int?
        var defects: [ParseDefect]
    }

    /// Parses a multipart body (RFC 2046 §5.1.1), starting right after the header section.
    ///
    /// Follows Python's email package where RFC 2046 leaves room:
    /// - consecutive delimiter lines do not create empty parts;
    /// - a delimiter of an enclosing multipart ends this one (RFC 2046 §5.1.2), with a
    ///   `CloseBoundaryNotFoundDefect` (or `StartBoundaryNotFoundDefect` before any part);
    /// - text after the close delimiter up to the enclosing delimiter is the epilogue.
    mutating func parseMultipart(
        _ cursor: inout LineCursor, boundary: String, bodyStart: Int, depth: Int, digest: Bool,
        trimsFinalLineBreak: Bool
    ) -> MultipartResult {
        cursor.pushBoundary(Array(boundary.utf8))
        let level = cursor.delimiters.count - 1
        var defects: [ParseDefect] = []
        var parts: [ParsedPart] = []
        var preamble: Range<Int>?
        // RFC 2046 §5.1.5: in multipart/digest the default type is message/rfc822.
        let childDefault: ContentType = digest ? .messageRFC822 : .textPlain

        while let line = cursor.peekLine() {
            guard let match = cursor.delimiterMatch(line) else {
                cursor.consume(line) // preamble (a child always stops at a delimiter)
                continue
            }
            if match.level < level { break } // an enclosing multipart's delimiter
            let firstDelimiter = preamble == nil
            if firstDelimiter {
                preamble = bodyStart..<cursor.contentEnd(before: line.start, floor: bodyStart, atDelimiter: true)
            }
            cursor.consume(line)
            if match.isClose, firstDelimiter {
                // RFC 2046 §5.1.1 requires at least one body part: a close delimiter first means
                // none was found (Python: StartBoundaryNotFoundDefect, the preamble is the body).
                cursor.popBoundary()
                while cursor.readLine() != nil {}
                defects.append(ParseDefect(code: .startBoundaryNotFound, offset: line.start, detail: boundary))
                return MultipartResult(multipart: nil, leafBodyEnd: preamble!.upperBound, defects: defects)
            }
            if match.isClose {
                cursor.popBoundary()
                let epilogueStart = line.end
                while cursor.readLine() != nil {}
                let epilogueEnd = cursor.contentEnd(before: cursor.position, floor: epilogueStart,
                                                    atDelimiter: trimsFinalLineBreak || !cursor.isAtEnd)
                let multipart = Multipart(boundary: boundary, parts: parts, preambleRange: preamble!,
                                          epilogueRange: epilogueStart..<epilogueEnd, isClosed: true)
                return MultipartResult(multipart: multipart, leafBodyEnd: nil, defects: defects)
            }
            // Further delimiter lines right after this one do not open empty parts.
            while let next = cursor.peekLine(), let repeated = cursor.delimiterMatch(next),
                  repeated.level == level, !repeated.isClose {
                cursor.consume(next)
            }
            if let next = cursor.peekLine(), let following = cursor.delimiterMatch(next),
               following.level == level, following.isClose {
                continue
            }
            if hasPartBudget {
                parts.append(parseEntity(&cursor, depth: depth + 1, defaultType: childDefault, trimsFinalLineBreak: true))
            } else {
                reportPartLimit(&defects, at: line.start)
                while cursor.readLine() != nil {}
            }
        }
        cursor.popBoundary()
        guard let preamble else {
            defects.append(ParseDefect(code: .startBoundaryNotFound, offset: bodyStart, detail: boundary))
            return MultipartResult(multipart: nil, leafBodyEnd: nil, defects: defects)
        }
        defects.append(ParseDefect(code: .closeBoundaryNotFound, offset: cursor.position, detail: boundary))
        let multipart = Multipart(boundary: boundary, parts: parts, preambleRange: preamble,
                                  epilogueRange: nil, isClosed: false)
        return MultipartResult(multipart: multipart, leafBodyEnd: nil, defects: defects)
    }
}
