/// Reads a header section from a ``LineCursor`` (RFC 5322 §2.2, §2.2.3; RFC 2045 §3).
///
/// Line classification follows RFC 5322 and the tolerances of Python's email package:
/// - `field-name ":"` starts a field; field-name is printable US-ASCII except ":" (§2.2,
///   §3.6.8). Whitespace before the colon is accepted (obsolete syntax, §4.5).
/// - A line starting with WSP continues the previous field (folding, §2.2.3); as the first
///   line it is a defect and is ignored.
/// - An mbox `From ` line is the envelope when first, otherwise a defect and ignored.
/// - A blank line ends the section and is consumed. Any other line also ends it, with a
///   `MissingHeaderBodySeparatorDefect`, and starts the body.
struct HeaderParser {
    struct Result {
        var section: HeaderSection
        /// Where the body starts.
        var bodyStart: Int
        var defects: [ParseDefect]
    }

    let limits: ParseLimits

    func parse(_ cursor: inout LineCursor) -> Result {
        let bytes = cursor.bytes
        var fields: [HeaderField] = []
        var defects: [ParseDefect] = []
        var envelope: (line: String, range: Range<Int>)?
        var pending: (name: String, start: Int, valueStart: Int, end: Int, contentEnd: Int)?
        var storedBytes = 0
        var limitReported = false
        var sectionStart = cursor.position
        var sectionEnd = cursor.position
        var lineNumber = 0

        func finish() {
            guard let field = pending else { return }
            pending = nil
            storedBytes += field.end - field.start
            if fields.count >= limits.maximumHeaderFields || storedBytes > limits.maximumHeaderBytes {
                if !limitReported {
                    limitReported = true
                    defects.append(ParseDefect(code: .headerLimitExceeded, offset: field.start,
                                               detail: "header fields past the limit are not kept"))
                }
                return
            }
            fields.append(HeaderField(name: field.name, range: field.start..<field.end,
                                      valueRange: field.valueStart..<field.contentEnd, source: bytes))
        }

        while let line = cursor.readLine() {
            defer { lineNumber += 1 }
            if line.isBlank {
                finish()
                return Result(section: HeaderSection(fields: fields, range: sectionStart..<sectionEnd, envelope: envelope),
                              bodyStart: line.end, defects: defects)
            }
            sectionEnd = line.end
            let first = bytes[line.start]
            if ASCII.isWhitespace(first) {
                if pending != nil {
                    pending!.end = line.end
                    pending!.contentEnd = line.contentEnd
                } else {
                    defects.append(ParseDefect(code: .firstHeaderLineIsContinuation, offset: line.start))
                }
                continue
            }
            if startsWithFromSpace(bytes, line) {
                finish()
                if lineNumber == 0 {
                    sectionStart = line.end
                    envelope = (String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self), line.start..<line.end)
                } else {
                    defects.append(ParseDefect(code: .misplacedEnvelopeHeader, offset: line.start))
                }
                continue
            }
            guard let colon = HeaderParser.fieldColon(bytes, line) else {
                finish()
                defects.append(ParseDefect(code: .missingHeaderBodySeparator, offset: line.start))
                cursor.unread(line)
                sectionEnd = line.start
                return Result(section: HeaderSection(fields: fields, range: sectionStart..<max(sectionStart, sectionEnd), envelope: envelope),
                              bodyStart: line.start, defects: defects)
            }
            finish()
            var nameEnd = colon
            while nameEnd > line.start, ASCII.isWhitespace(bytes[nameEnd - 1]) { nameEnd -= 1 }
            if nameEnd == line.start {
                defects.append(ParseDefect(code: .invalidHeader, offset: line.start, detail: "missing header name"))
                continue
            }
            pending = (String(decoding: bytes[line.start..<nameEnd], as: UTF8.self), line.start, colon + 1,
                       line.end, line.contentEnd)
        }
        finish()
        return Result(section: HeaderSection(fields: fields, range: sectionStart..<max(sectionStart, sectionEnd), envelope: envelope),
                      bodyStart: cursor.position, defects: defects)
    }

    /// The index of the colon when the line is `ftext+ WSP* ":"` (or `":"` with an empty
    /// name, reported by the caller), else nil.
    static func fieldColon(_ bytes: [UInt8], _ line: Line) -> Int? {
        var i = line.start
        while i < line.contentEnd, bytes[i] >= 33, bytes[i] <= 126, bytes[i] != ASCII.colon { i += 1 }
        let nameEnd = i
        while i < line.contentEnd, ASCII.isWhitespace(bytes[i]) { i += 1 }
        guard i < line.contentEnd, bytes[i] == ASCII.colon else { return nil }
        // Whitespace before the colon is only accepted after a name (obs-optional, RFC 5322 §4.5.3).
        if nameEnd == line.start && i != nameEnd { return nil }
        return i
    }

    private func startsWithFromSpace(_ bytes: [UInt8], _ line: Line) -> Bool {
        line.contentEnd - line.start >= 5 && bytes[line.start..<line.start + 5].elementsEqual("From ".utf8)
    }
}
