import MIME

/// A part shown as an attachment (Postmark's `Attachments` entries).
public struct ParsedAttachment: Sendable {
    /// The file name (RFC 2183 `filename`, else Content-Type `name`), decoded.
    public var name: String?
    /// `type/subtype`, lowercased.
    public var contentType: String
    /// Content-ID without angle brackets.
    public var contentID: String?
    /// `attachment`, `inline`, another token, or nil without Content-Disposition.
    public var disposition: String?
    /// The transfer-decoded bytes (for an embedded message, the message as transmitted).
    public var content: [UInt8]
    /// The part itself, for anything else (headers, raw bytes, field blocks).
    public var part: ParsedPart

    public var size: Int { content.count }

    init(_ part: ParsedPart) {
        self.name = part.filename
        self.contentType = part.contentType.mimeType
        self.contentID = part.contentID
        self.disposition = part.disposition?.type
        self.content = part.decodedBody
        self.part = part
    }
}

extension ParsedAttachment {
    /// The attachment as the builder's ``MIME/Attachment`` (for re-sending or storing):
    /// a missing name becomes empty, the Content-ID is kept only for inline parts.
    public var mimeAttachment: Attachment {
        Attachment(name: name ?? "", contentType: contentType, content: content,
                   contentID: disposition == "attachment" ? nil : contentID)
    }
}
