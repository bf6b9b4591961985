/// Parses bodies made of `field: value` blocks separated by blank lines: the per-message
/// and per-recipient blocks of message/delivery-status (RFC 3464 §2.1, §2.2, §2.3), the
/// report of message/feedback-report (RFC 5965 §3.1), message/disposition-notification
/// (RFC 8098 §3.1) and text/rfc822-headers (RFC 6522 §4).
///
/// Field lines and continuation lines follow RFC 5322 §2.2 / §2.2.3; one or more blank
/// lines end a block; lines that are neither (free text some MTAs add) are skipped.
public enum FieldBlockParser {
    public static func parse(_ bytes: [UInt8]) -> [HeaderSection] {
        var cursor = LineCursor(bytes: bytes, range: 0..<bytes.count)
        var blocks: [HeaderSection] = []
        var fields: [HeaderField] = []
        var blockStart = 0
        var blockEnd = 0
        var pending: (name: String, start: Int, valueStart: Int, end: Int, contentEnd: Int)?

        func finishField() {
            guard let field = pending else { return }
            pending = nil
            fields.append(HeaderField(name: field.name, range: field.start..<field.end,
                                      valueRange: field.valueStart..<field.contentEnd, source: bytes))
        }
        func finishBlock() {
            finishField()
            if !fields.isEmpty { blocks.append(HeaderSection(fields: fields, range: blockStart..<blockEnd)) }
            fields = []
        }

        while let line = cursor.readLine() {
            if line.isBlank || (line.start..<line.contentEnd).allSatisfy({ ASCII.isWhitespace(bytes[$0]) }) {
                finishBlock()
                continue
            }
            if fields.isEmpty && pending == nil { blockStart = line.start }
            if ASCII.isWhitespace(bytes[line.start]) {
                if pending != nil {
                    pending!.end = line.end
                    pending!.contentEnd = line.contentEnd
                    blockEnd = line.end
                }
                continue
            }
            finishField()
            guard let colon = HeaderParser.fieldColon(bytes, line), colon > line.start else { continue }
            var nameEnd = colon
            while nameEnd > line.start, ASCII.isWhitespace(bytes[nameEnd - 1]) { nameEnd -= 1 }
            pending = (String(decoding: bytes[line.start..<nameEnd], as: UTF8.self), line.start, colon + 1,
                       line.end, line.contentEnd)
            blockEnd = line.end
        }
        finishBlock()
        return blocks
    }
}
