import MIMEParser

/// The parts of a report that matter, found by walking the MIME tree without descending into
/// attached messages (a bounce of a bounce carries the first one's parts inside its
/// message/rfc822, and those describe somebody else's failure).
struct PartWalk {
    var deliveryStatus: ParsedPart?
    var feedbackReport: ParsedPart?
    var originalMessage: ParsedMessage?
    var originalHeaders: ParsedPart?
    var textParts: [ParsedPart] = []
    var htmlParts: [ParsedPart] = []

    init(_ root: ParsedPart) {
        var stack: [ParsedPart] = [root]
        var visited = 0
        while let part = stack.popLast(), visited < 10_000 {
            visited += 1
            let type = part.contentType
            switch part.content {
            case let .multipart(multipart):
                stack.append(contentsOf: multipart.parts.reversed())
            case let .message(message):
                if originalMessage == nil { originalMessage = message }
            case .leaf:
                switch type.mimeType {
                case "message/delivery-status", "message/global-delivery-status":
                    if deliveryStatus == nil { deliveryStatus = part }
                case "message/feedback-report":
                    if feedbackReport == nil { feedbackReport = part }
                case "text/rfc822-headers", "message/rfc822-headers", "text/rfc822-header":
                    if originalHeaders == nil { originalHeaders = part }
                case "message/rfc822", "message/global":
                    // An empty or unparsed embedded message: its headers, if any, are the body.
                    if originalHeaders == nil { originalHeaders = part }
                case "text/html":
                    htmlParts.append(part)
                default:
                    if type.type == "text" { textParts.append(part) }
                }
            }
        }
    }

    /// The original message's header fields: the attached message/rfc822, else the
    /// text/rfc822-headers part (RFC 6522 §4).
    func originalHeader() -> HeaderSection? {
        if let originalMessage, !originalMessage.header.isEmpty { return originalMessage.header }
        if let originalHeaders { return ParsedMessage.parse(originalHeaders.decodedBody).header }
        return nil
    }

    /// `X-PM-Message-Id` of the original when present, else its `Message-ID`.
    func originalMessageID() -> String? {
        guard let header = originalHeader() else { return nil }
        return Self.messageID(in: header)
    }

    static func messageID(in header: HeaderSection) -> String? {
        if let id = header["x-pm-message-id"].map(Text.trim), !id.isEmpty { return id }
        guard let raw = header.field("message-id")?.unfoldedValue else { return nil }
        let id = Text.strip(raw.split(separator: " ").first ?? "", "<>")
        return id.isEmpty ? nil : id
    }

    /// The human-readable notice: the text/plain parts outside attached messages (text/html,
    /// converted, when there are none), in document order, up to `limit` bytes.
    func noticeText(limit: Int) -> String {
        var text = ""
        let parts = textParts.isEmpty ? htmlParts : textParts
        for part in parts {
            var body = part.text
            if part.contentType.subtype == "html" { body = Text.htmlToText(body) }
            text += body
            text += "\n"
            if text.utf8.count > limit { break }
        }
        if text.utf8.count > limit { text = String(decoding: Array(text.utf8.prefix(limit)), as: UTF8.self) }
        return text
    }
}
