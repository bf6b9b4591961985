/// The bodies and attachments a mail client would show, chosen like Python's
/// `EmailMessage.get_body()` / `iter_attachments()` (RFC 2046 §5.1.3 mixed, §5.1.4
/// alternative, RFC 2387 related).
extension ParsedMessage {
    /// The first text/plain part that is not an attachment (see ``bodyPart(preferring:)``).
    public var textBodyPart: ParsedPart? { bodyPart(preferring: "plain") }
    /// The first text/html part that is not an attachment.
    public var htmlBodyPart: ParsedPart? { bodyPart(preferring: "html") }

    /// The decoded text of ``textBodyPart``.
    public var textBody: String? { textBodyPart?.text }
    /// The decoded text of ``htmlBodyPart``.
    public var htmlBody: String? { htmlBodyPart?.text }

    /// The body part of type text/`subtype`, searched like Python's
    /// `get_body(preferencelist=(subtype,))`:
    /// - parts with `Content-Disposition: attachment` are skipped (with their subtree);
    /// - multipart/related is represented by its root part only: the one whose Content-ID is
    ///   the `start` parameter, else the first (RFC 2387 §3.1, §3.2);
    /// - other multiparts are searched depth-first in order; embedded messages are not
    ///   searched.
    public func bodyPart(preferring subtype: String) -> ParsedPart? {
        BodySelector.find(root, subtype: ASCII.lowercased(subtype))
    }

    /// Everything that is not ``textBodyPart`` or ``htmlBodyPart``, in document order: every
    /// leaf of the multipart tree, and each embedded message (message/rfc822) as one unit.
    public var attachments: [ParsedAttachment] {
        let text = textBodyPart?.range
        let html = htmlBodyPart?.range
        var out: [ParsedAttachment] = []
        var stack: [ParsedPart] = [root]
        while let part = stack.popLast() {
            switch part.content {
            case let .multipart(multipart):
                stack.append(contentsOf: multipart.parts.reversed())
            case .leaf, .message:
                if part.range == text || part.range == html { continue }
                out.append(ParsedAttachment(part))
            }
        }
        return out
    }
}

/// Python's `_find_body` for one preferred text subtype.
enum BodySelector {
    static func find(_ part: ParsedPart, subtype: String) -> ParsedPart? {
        if part.isAttachment { return nil }
        let type = part.contentType
        if type.type == "text" {
            return type.subtype == subtype && part.isTextLeaf ? part : nil
        }
        guard case let .multipart(multipart) = part.content else { return nil }
        if type.subtype != "related" {
            for child in multipart.parts {
                if let found = find(child, subtype: subtype) { return found }
            }
            return nil
        }
        var root = multipart.parts.first
        if let start = type.parameters["start"].flatMap(MessageID.strip) {
            root = multipart.parts.first { $0.contentID == start } ?? root
        }
        return root.flatMap { find($0, subtype: subtype) }
    }
}
