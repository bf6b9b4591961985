import MIMEParser

/// Describes a ``ParsedMessage`` in the shape the Python oracle prints.
enum OracleDescriber {
    static let structuralDefects: Set<String> = [
        "StartBoundaryNotFoundDefect", "CloseBoundaryNotFoundDefect", "NoBoundaryInMultipartDefect",
        "MissingHeaderBodySeparatorDefect", "FirstHeaderLineIsContinuationDefect", "MisplacedEnvelopeHeaderDefect",
    ]

    static func describe(_ message: ParsedMessage, file: String) -> OracleMessage {
        func pairs(_ name: String) -> [[String]]? {
            guard message.header.contains(name) else { return nil }
            return message.addresses(name).addresses.map { [$0.displayName ?? "", $0.address] }
        }
        let attachments = message.attachments.map { attachment -> OracleAttachment in
            let opaque = attachment.part.message != nil || isFieldBlockType(attachment.part.contentType)
            return OracleAttachment(
                name: attachment.name, contentType: attachment.contentType, contentID: attachment.contentID,
                disposition: attachment.disposition,
                sha256: opaque ? nil : SHA256.hex(attachment.content), size: opaque ? nil : attachment.size
            )
        }
        return OracleMessage(
            file: file, crash: nil, subject: message.subject,
            from: pairs("from"), to: pairs("to"), cc: pairs("cc"),
            date: message.date.map { $0.timeIntervalSince1970 },
            tree: node(message.root),
            text: message.textBody, textError: nil, html: message.htmlBody, htmlError: nil,
            attachments: attachments
        )
    }

    /// message/* types other than rfc822/global, which Python parses as header blocks.
    static func isFieldBlockType(_ type: ContentType) -> Bool {
        type.type == "message" && type.subtype != "rfc822" && type.subtype != "global"
    }

    static func node(_ part: ParsedPart) -> OracleNode {
        var node = OracleNode(
            type: part.contentType.mimeType, filename: part.filename, disposition: part.disposition?.type,
            defects: part.defects.map(\.code.rawValue).filter(structuralDefects.contains).sorted()
        )
        switch part.content {
        case let .multipart(multipart):
            node.boundary = multipart.boundary
            node.children = multipart.parts.map(self.node)
        case let .message(message):
            node.message = [self.node(message.root)]
        case .leaf where part.contentType.mimeType == "message/delivery-status":
            node.blocks = part.fieldBlocks().map { $0.fields.map(\.name) }
        case .leaf where isFieldBlockType(part.contentType):
            node.fields = part.fieldBlocks().first.map { $0.fields.map(\.name) } ?? []
        case .leaf:
            let decoded = part.decodedBody
            node.size = decoded.count
            node.sha256 = SHA256.hex(decoded)
            if part.contentType.isText {
                node.textSha256 = SHA256.hex(Array(part.text.utf8))
            }
        }
        return node
    }
}
