/// One line of the input: `start..<end` includes the line break; `contentEnd` is where the
/// CRLF or bare LF starts (RFC 5322 §2.1 lines end in CRLF; bare LF is tolerated).
struct Line {
    var start: Int
    var contentEnd: Int
    var end: Int

    var isBlank: Bool { contentEnd == start && end > start }
}

/// A forward cursor over lines with a stack of active multipart boundaries.
///
/// RFC 2046 §5.1.2: a delimiter line of an enclosing multipart ends every entity nested
/// inside it, so ``readLine()`` reports a "false end of input" at a line that is a
/// delimiter of any active boundary. Every line is found once and compared with at most
/// ``ParseLimits/maximumDepth`` boundaries, which keeps parsing linear.
struct LineCursor {
    let bytes: [UInt8]
    private(set) var position: Int
    let limit: Int
    /// `--boundary` for each active multipart, outermost first.
    private(set) var delimiters: [[UInt8]] = []

    init(bytes: [UInt8], range: Range<Int>) {
        self.bytes = bytes
        self.position = range.lowerBound
        self.limit = range.upperBound
    }

    var isAtEnd: Bool { position >= limit }

    /// The line at the cursor, without consuming it.
    func peekLine() -> Line? {
        guard position < limit else { return nil }
        var end = position
        while end < limit, bytes[end] != ASCII.lf { end += 1 }
        if end < limit {
            let contentEnd = end > position && bytes[end - 1] == ASCII.cr ? end - 1 : end
            return Line(start: position, contentEnd: contentEnd, end: end + 1)
        }
        return Line(start: position, contentEnd: end, end: end)
    }

    /// The next line, or nil at the end of input or at a delimiter line of any active boundary.
    mutating func readLine() -> Line? {
        guard let line = peekLine(), delimiterMatch(line) == nil else { return nil }
        position = line.end
        return line
    }

    /// Consumes a line obtained from ``peekLine()``.
    mutating func consume(_ line: Line) {
        position = line.end
    }

    /// Moves back to the start of a line that was read but belongs to what follows.
    mutating func unread(_ line: Line) {
        position = line.start
    }

    mutating func pushBoundary(_ boundary: [UInt8]) {
        delimiters.append([ASCII.dash, ASCII.dash] + boundary)
    }

    mutating func popBoundary() {
        delimiters.removeLast()
    }

    /// Which active boundary `line` is a delimiter of (the outermost wins, as in Python's
    /// email package), and whether it is the close delimiter.
    ///
    /// RFC 2046 §5.1.1: `delimiter := CRLF dash-boundary`, `close-delimiter := delimiter "--"`,
    /// either followed by `transport-padding` (LWSP) before the CRLF.
    func delimiterMatch(_ line: Line) -> (level: Int, isClose: Bool)? {
        guard !delimiters.isEmpty, line.contentEnd - line.start >= 2,
              bytes[line.start] == ASCII.dash, bytes[line.start + 1] == ASCII.dash else { return nil }
        for (level, delimiter) in delimiters.enumerated() {
            guard line.contentEnd - line.start >= delimiter.count else { continue }
            var matches = true
            var i = 2
            while i < delimiter.count {
                if bytes[line.start + i] != delimiter[i] { matches = false; break }
                i += 1
            }
            guard matches else { continue }
            var rest = line.start + delimiter.count
            var isClose = false
            if rest + 1 < line.contentEnd, bytes[rest] == ASCII.dash, bytes[rest + 1] == ASCII.dash {
                isClose = true
                rest += 2
            }
            while rest < line.contentEnd, ASCII.isWhitespace(bytes[rest]) { rest += 1 }
            if rest == line.contentEnd { return (level, isClose) }
        }
        return nil
    }

    /// Where an entity that runs up to `position` ends: the line break just before `position`
    /// belongs to the following delimiter (RFC 2046 §5.1.1), never reaching before `floor`.
    func contentEnd(before position: Int, floor: Int, atDelimiter: Bool) -> Int {
        guard atDelimiter, position > floor else { return max(position, floor) }
        var end = position
        if bytes[end - 1] == ASCII.lf {
            end -= 1
            if end > floor, bytes[end - 1] == ASCII.cr { end -= 1 }
        }
        return end
    }
}
