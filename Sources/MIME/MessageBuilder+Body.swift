/// The body structure of a message.
extension MessageBuilder {
    /// - text only ⇒ text/plain; html only ⇒ text/html; both ⇒ multipart/alternative with
    ///   the plainest part first (RFC 2046 §5.1.4).
    /// - inline attachments (with a Content-ID) and an html body ⇒ multipart/related with the
    ///   html or alternative part as its root, first (RFC 2387 §3.1, §5).
    /// - other attachments (and inline ones when there is no html to refer to them) ⇒
    ///   multipart/mixed around everything (RFC 2046 §5.1.3).
    /// - no body at all ⇒ the attachments alone in multipart/mixed, or an empty text/plain
    ///   part when there is nothing else, so the message is always valid MIME.
    static func bodyTree(_ draft: MessageDraft) -> MIMEPart {
        let text = draft.textBody.flatMap { $0.isEmpty ? nil : TextBody.part($0, subtype: "plain") }
        let html = draft.htmlBody.flatMap { $0.isEmpty ? nil : TextBody.part($0, subtype: "html") }

        var root: MIMEPart?
        switch (text, html) {
        case let (text?, html?): root = MIMEPart(multipart: "alternative", parts: [text, html])
        case let (text?, nil): root = text
        case let (nil, html?): root = html
        case (nil, nil): root = nil
        }

        let inline = draft.attachments.filter { contentID(of: $0) != nil }
        var remaining = draft.attachments
        if html != nil, let body = root, !inline.isEmpty {
            root = MIMEPart(multipart: "related", parts: [body] + inline.map(attachmentPart))
            remaining = draft.attachments.filter { contentID(of: $0) == nil }
        }
        if !remaining.isEmpty {
            root = MIMEPart(multipart: "mixed", parts: (root.map { [$0] } ?? []) + remaining.map(attachmentPart))
        }
        return root ?? TextBody.part("", subtype: "plain")
    }

    /// A base64 leaf (RFC 2045 §6.8) with Content-Disposition (RFC 2183) and, for inline
    /// parts, Content-ID (RFC 2045 §7, RFC 2392).
    static func attachmentPart(_ attachment: Attachment) -> MIMEPart {
        let mediaType = MediaType.attachment(attachment.contentType)
        var typeParameters: [[String]] = mediaType.parameters.flatMap {
            MIMEParameter.render(name: $0.name, value: $0.value)
        }
        var dispositionParameters: [[String]] = []
        if !attachment.name.isEmpty {
            if HeaderEncoder.hasUnsafeCharacters(attachment.name) {
                typeParameters.append(MIMEParameter.encodedWords(name: "name", value: attachment.name))
            } else {
                typeParameters += MIMEParameter.render(name: "name", value: attachment.name, alwaysQuote: true)
            }
            dispositionParameters = MIMEParameter.render(name: "filename", value: attachment.name, alwaysQuote: true)
        }
        let id = contentID(of: attachment)
        var headers = [
            field("Content-Type", mediaType.essence, typeParameters),
            "Content-Transfer-Encoding: base64",
            field("Content-Disposition", id == nil ? "attachment" : "inline", dispositionParameters),
        ]
        if let id { headers.append("Content-ID: <" + id + ">") }
        return MIMEPart(headers: headers, body: Base64Lines.encode(attachment.content), isSevenBit: false)
    }

    /// `Name: value; p1; p2`, folded between parameters.
    private static func field(_ name: String, _ value: String, _ parameters: [[String]]) -> String {
        var pieces = [" " + value]
        for parameter in parameters {
            pieces[pieces.count - 1] += ";"
            pieces.append(" " + parameter[0])
            pieces += parameter.dropFirst()
        }
        return HeaderFolder.fold(name: name, pieces: pieces)
    }

    /// The attachment's Content-ID without `cid:` and angle brackets, or `nil` when it has
    /// none or it cannot be a msg-id (RFC 2392 §2, RFC 5322 §3.6.4: no whitespace, brackets
    /// or line breaks).
    static func contentID(of attachment: Attachment) -> String? {
        guard var id = attachment.contentID else { return nil }
        id = id.trimmingWhitespace()
        if id.lowercased().hasPrefix("cid:") { id.removeFirst(4) }
        if id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 { id = String(id.dropFirst().dropLast()) }
        let forbidden: Set<Unicode.Scalar> = [" ", "\t", "\r", "\n", "\0", "<", ">"]
        guard !id.isEmpty, id.utf8.count <= 250, !id.unicodeScalars.contains(where: forbidden.contains) else {
            return nil
        }
        return id
    }
}
