import MIMEParser

/// Builds a message from lines joined with CRLF (RFC 5322 §2.1).
func crlf(_ lines: String...) -> [UInt8] {
    Array(lines.joined(separator: "\r\n").utf8)
}

func parse(_ text: String) -> ParsedMessage {
    ParsedMessage.parse(Array(text.utf8))
}

func string(_ bytes: some Collection<UInt8>) -> String {
    String(decoding: bytes, as: UTF8.self)
}

extension ParsedMessage {
    /// The defect codes of every entity, in document order.
    var defectCodes: [String] { allDefects.map(\.code.rawValue) }
}
