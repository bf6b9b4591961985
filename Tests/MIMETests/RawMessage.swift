import Foundation

/// A deliberately simple reader for built messages, used to check structure in unit tests.
/// The independent check is the Python oracle test.
struct RawMessage {
    let text: String
    let headerBlock: String
    let body: String
    /// Unfolded header fields in order (RFC 5322 §2.2.3 unfolding: remove CRLF before WSP).
    let headers: [(name: String, value: String)]

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        self.text = text
        if let split = text.range(of: "\r\n\r\n") {
            headerBlock = String(text[..<split.lowerBound])
            body = String(text[split.upperBound...])
        } else {
            headerBlock = text
            body = ""
        }
        headers = RawMessage.parseHeaders(headerBlock)
    }

    static func parseHeaders(_ block: String) -> [(name: String, value: String)] {
        let unfolded = block.replacingOccurrences(of: "\r\n ", with: " ")
            .replacingOccurrences(of: "\r\n\t", with: "\t")
        return unfolded.components(separatedBy: "\r\n").compactMap { line in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            var value = String(line[line.index(after: colon)...])
            if value.hasPrefix(" ") { value.removeFirst() }
            return (String(line[..<colon]), value)
        }
    }

    func values(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    func value(_ name: String) -> String? { values(name).first }

    var headerNames: [String] { headers.map(\.name) }

    /// Raw lines of the whole message (split at CRLF).
    var lines: [Substring] { text.split(separator: "\r\n", omittingEmptySubsequences: false) }
}

/// Splits a multipart body by its boundary into the raw parts (headers + body).
func multipartParts(_ body: String, boundary: String) -> [RawMessage] {
    var pieces = body.components(separatedBy: "--" + boundary)
    guard pieces.count >= 2 else { return [] }
    pieces.removeFirst() // preamble
    pieces.removeLast() // "--" + epilogue
    return pieces.map { piece in
        var part = piece
        if part.hasPrefix("\r\n") { part.removeFirst() } // CRLF is one Character
        if part.hasSuffix("\r\n") { part.removeLast() }
        return RawMessage(Array(part.utf8))
    }
}

func boundary(of contentType: String) -> String? {
    guard let range = contentType.range(of: "boundary=\"") else { return nil }
    let rest = contentType[range.upperBound...]
    return rest.firstIndex(of: "\"").map { String(rest[..<$0]) }
}
