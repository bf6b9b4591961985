/// A node of the MIME tree (RFC 2045 §2.6 entity): a leaf with encoded body bytes, or a
/// multipart (RFC 2046 §5.1) whose boundary is assigned when it is written.
struct MIMEPart {
    enum Content {
        /// `headers` are complete, folded fields without a trailing CRLF; `body` is already
        /// transfer-encoded.
        case leaf(headers: [String], body: [UInt8], isSevenBit: Bool)
        case multipart(subtype: String, parts: [MIMEPart])
    }

    var content: Content

    init(headers: [String], body: [UInt8], isSevenBit: Bool) {
        content = .leaf(headers: headers, body: body, isSevenBit: isSevenBit)
    }

    init(multipart subtype: String, parts: [MIMEPart]) {
        content = .multipart(subtype: subtype, parts: parts)
    }

    /// Bodies that are sent unencoded and so could, in theory, contain a boundary line.
    var sevenBitBodies: [[UInt8]] {
        switch content {
        case let .leaf(_, body, isSevenBit): isSevenBit ? [body] : []
        case let .multipart(_, parts): parts.flatMap(\.sevenBitBodies)
        }
    }
}
