/// A MIME entity (RFC 2045 §2.4): a header section and a body that is a leaf, a list of
/// body parts (multipart, RFC 2046 §5.1) or an embedded message (message/rfc822,
/// RFC 2046 §5.2.1). Byte ranges index into ``source``.
public struct ParsedPart: Sendable {
    public indirect enum Content: Sendable {
        /// A body that is not parsed further (text, attachments, message/delivery-status, ...).
        case leaf
        case multipart(Multipart)
        /// message/rfc822 or message/global (RFC 6532 §3.5).
        case message(ParsedMessage)
    }

    /// The buffer the ranges refer to: the parsed input, or the transfer-decoded body of an
    /// enclosing message/rfc822 part that was (wrongly) base64 or quoted-printable encoded.
    public let source: [UInt8]
    public let header: HeaderSection
    /// The whole entity: an mbox envelope line if any, header fields, blank line, body.
    public let range: Range<Int>
    /// The body (after the blank line; for a body part, up to the line break that belongs
    /// to the next delimiter, RFC 2046 §5.1.1).
    public let bodyRange: Range<Int>
    /// The effective media type: the declared one, or the default when absent (text/plain,
    /// or message/rfc822 inside multipart/digest) or invalid (text/plain, RFC 2045 §5.2).
    public let contentType: ContentType
    /// False when Content-Type was absent or invalid and ``contentType`` is a default.
    public let hasDeclaredContentType: Bool
    public let transferEncoding: TransferEncoding
    public let disposition: ContentDisposition?
    public let content: Content
    /// Defects found in this entity (not in its children).
    public let defects: [ParseDefect]

    init(
        source: [UInt8], header: HeaderSection, range: Range<Int>, bodyRange: Range<Int>,
        contentType: ContentType, hasDeclaredContentType: Bool, transferEncoding: TransferEncoding,
        disposition: ContentDisposition?, content: Content, defects: [ParseDefect]
    ) {
        self.source = source
        self.header = header
        self.range = range
        self.bodyRange = bodyRange
        self.contentType = contentType
        self.hasDeclaredContentType = hasDeclaredContentType
        self.transferEncoding = transferEncoding
        self.disposition = disposition
        self.content = content
        self.defects = defects
    }

    /// The header fields' byte range (see ``HeaderSection/range``).
    public var headerBlockRange: Range<Int> { header.range }

    /// The body bytes as transmitted.
    public var rawBody: ArraySlice<UInt8> { source[bodyRange] }

    /// The body with its Content-Transfer-Encoding removed (RFC 2045 §6). For a multipart
    /// this is the undecoded body.
    public var decodedBody: [UInt8] {
        if case .multipart = content { return Array(rawBody) }
        return transferEncoding.decode(rawBody)
    }

    /// The body as text in its charset (see ``CharsetDecoder``), for any leaf.
    public var text: String {
        CharsetDecoder.decode(decodedBody, charset: contentType.charset).text
    }

    /// True when the part is a leaf of type text/*.
    public var isTextLeaf: Bool {
        if case .leaf = content { return contentType.isText }
        return false
    }

    /// The file name (RFC 2183 §2.3 `filename`, else the Content-Type `name` parameter of
    /// RFC 1341, as Python's `get_filename` does), trimmed; nil when absent or empty.
    public var filename: String? {
        let name = disposition?.filename ?? contentType.parameters["name"]
        return name.map { ASCII.trimmed($0) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The Content-ID (RFC 2045 §7, RFC 2392) without angle brackets.
    public var contentID: String? {
        guard let value = header.field("content-id")?.unfoldedValue else { return nil }
        return MessageID.strip(value)
    }

    /// True when Content-Disposition says `attachment` (Python's `is_attachment`).
    public var isAttachment: Bool { disposition?.isAttachment ?? false }

    /// Child parts of a multipart, else empty.
    public var parts: [ParsedPart] {
        if case let .multipart(multipart) = content { return multipart.parts }
        return []
    }

    /// The embedded message of a message/rfc822 part.
    public var message: ParsedMessage? {
        if case let .message(message) = content { return message }
        return nil
    }

    /// Blocks of `field: value` lines in the decoded body, for message/delivery-status
    /// (RFC 3464 §2.1), message/feedback-report (RFC 5965 §3.1), message/disposition-notification
    /// and text/rfc822-headers parts.
    public func fieldBlocks() -> [HeaderSection] {
        FieldBlockParser.parse(decodedBody)
    }
}
