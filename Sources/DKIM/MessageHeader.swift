/// A message split into its header fields and its body (RFC 5322 §2.1, §2.2), as DKIM needs it.
///
/// Line ends: Postage always hands CRLF messages to the signer, but a bare LF is accepted as a line end and
/// treated as CRLF everywhere (the header fields, the body and therefore both hashes). That is what dkimpy and
/// other verifiers do with LF-only messages (they are converted to CRLF on the wire), so a message read from an
/// LF-only file still verifies after it is sent. A lone CR (not followed by LF) is ordinary data.
struct MessageHeader {
    /// One header field: its physical lines without their line terminators (continuation lines keep their leading
    /// WSP, RFC 5322 §2.2.3).
    struct Field {
        var lines: [ArraySlice<UInt8>]

        /// The field name without trailing WSP (RFC 5322 §3.6.8 obsolete syntax allows WSP before the colon), or
        /// nil when the first line has no colon (a malformed line, never selected for signing).
        var name: ArraySlice<UInt8>? {
            guard let first = lines.first, let colon = first.firstIndex(of: ASCII.colon) else { return nil }
            var end = colon
            while end > first.startIndex, ASCII.isWSP(first[end - 1]) { end -= 1 }
            return first[first.startIndex..<end]
        }

        /// The raw field value: everything after the first colon, the continuation lines appended without their
        /// CRLF (that is, unfolded, RFC 5322 §2.2.3), WSP untouched.
        var unfoldedValue: [UInt8] {
            guard let first = lines.first, let colon = first.firstIndex(of: ASCII.colon) else { return [] }
            var value = Array(first[(colon + 1)...])
            for line in lines.dropFirst() { value += line }
            return value
        }

        /// Case-insensitive name comparison (RFC 5322 §1.2.2; RFC 6376 §3.5 `h=` is case-insensitive).
        func hasName(_ lowercasedName: [UInt8]) -> Bool {
            guard let name, name.count == lowercasedName.count else { return false }
            return zip(name, lowercasedName).allSatisfy { ASCII.lowercased($0) == $1 }
        }
    }

    var fields: [Field]
    /// Everything after the empty line that ends the header section (empty when there is none).
    var body: ArraySlice<UInt8>

    init(parsing message: [UInt8]) {
        self.init(parsing: message[...])
    }

    init(parsing message: ArraySlice<UInt8>) {
        var fields: [Field] = []
        var body = message[message.endIndex...]
        var index = message.startIndex
        while index < message.endIndex {
            let lineFeed = message[index...].firstIndex(of: ASCII.lf)
            var contentEnd = lineFeed ?? message.endIndex
            if lineFeed != nil, contentEnd > index, message[contentEnd - 1] == ASCII.cr { contentEnd -= 1 }
            let next = lineFeed.map { $0 + 1 } ?? message.endIndex
            let content = message[index..<contentEnd]
            if content.isEmpty {
                // The empty line separating header and body (RFC 5322 §2.1).
                body = message[next...]
                break
            }
            if ASCII.isWSP(content[content.startIndex]), !fields.isEmpty {
                fields[fields.count - 1].lines.append(content)  // a folded continuation line
            } else {
                fields.append(Field(lines: [content]))
            }
            index = next
        }
        self.fields = fields
        self.body = body
    }
}

enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let crlf: [UInt8] = [cr, lf]

    /// WSP = SP / HTAB (RFC 5234 Appendix B.1).
    @inline(__always)
    static func isWSP(_ byte: UInt8) -> Bool { byte == space || byte == tab }

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
}
