/// Serialises a ``MIMEPart`` tree with CRLF line ends.
struct MIMEWriter {
    /// Random per-message token shared by all boundaries of one message.
    let token: String
    private var nextBoundaryIndex = 0
    private(set) var output: [UInt8] = []

    init(token: String) {
        self.token = token
    }

    /// The boundary of the next multipart in depth-first order. Every multipart of a message
    /// gets its own (RFC 2046 §5.1.2: nested boundaries must differ). `=_` cannot occur in
    /// quoted-printable or base64 output, and the whole string is ≤ 70 characters and made
    /// of bchars (RFC 2046 §5.1.1).
    mutating func nextBoundary() -> String {
        defer { nextBoundaryIndex += 1 }
        return BoundaryToken.prefix + token + "_" + String(nextBoundaryIndex)
    }

    mutating func write(_ line: String) {
        output.append(contentsOf: line.utf8)
        output.append(contentsOf: [0x0D, 0x0A])
    }

    /// Writes `part`'s own header fields, the blank line, and its body (RFC 2045 §3,
    /// RFC 5322 §2.1). Message-level fields, if any, must already have been written.
    mutating func writePart(_ part: MIMEPart) {
        switch part.content {
        case let .leaf(headers, body, _):
            headers.forEach { write($0) }
            write("")
            output.append(contentsOf: body)
        case let .multipart(subtype, parts):
            let boundary = nextBoundary()
            write(HeaderFolder.fold(
                name: "Content-Type",
                pieces: [" multipart/\(subtype);", " boundary=" + MIMEParameter.quoted(boundary)]
            ))
            write("")
            // RFC 2046 §5.1.1: dash-boundary CRLF body-part *(CRLF dash-boundary CRLF body-part)
            // CRLF close-delimiter. The CRLF before each delimiter belongs to the delimiter,
            // so a body's own final line break is preserved.
            for child in parts {
                write("--" + boundary)
                writePart(child)
                output.append(contentsOf: [0x0D, 0x0A])
            }
            output.append(contentsOf: ("--" + boundary + "--").utf8)
        }
    }
}
