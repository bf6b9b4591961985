/// A file attached to a message.
public struct Attachment: Sendable, Hashable {
    /// The file name shown to the recipient (any Unicode).
    public var name: String
    /// The media type, e.g. `image/png`. Invalid or non-encodable types are sent as
    /// `application/octet-stream`.
    public var contentType: String
    /// The raw (decoded) bytes.
    public var content: [UInt8]
    /// For inline parts: the Content-ID without `cid:` and without angle brackets
    /// (tolerated if present). `nil` for an ordinary attachment.
    public var contentID: String?

    public init(name: String, contentType: String, content: [UInt8], contentID: String? = nil) {
        self.name = name
        self.contentType = contentType
        self.content = content
        self.contentID = contentID
    }
}
