import MailCore

/// Builds the exact RFC 5322 / MIME bytes Postage queues and delivers.
public enum MessageBuilder {
    /// Builds `draft` with boundaries drawn from the system random number generator.
    public static func build(_ draft: MessageDraft) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return build(draft, using: &generator)
    }

    /// Builds `draft`, drawing boundary tokens from `generator` (a seeded generator gives
    /// reproducible output).
    ///
    /// Field order: Date, From, Reply-To, To, Cc, Subject, Message-ID, MIME-Version, custom
    /// headers, trace headers, then the body's Content-Type / Content-Transfer-Encoding.
    /// The output uses CRLF throughout, has no line over 998 octets (RFC 5322 §2.1.1) and
    /// ends with CRLF.
    public static func build(_ draft: MessageDraft, using generator: inout some RandomNumberGenerator) -> [UInt8] {
        let root = bodyTree(draft)
        var writer = MIMEWriter(token: BoundaryToken.make(avoiding: root.sevenBitBodies, using: &generator))
        headerFields(draft).forEach { writer.write($0) }
        writer.writePart(root)
        var output = writer.output
        // RFC 5322 §2.1: the message is lines ending in CRLF.
        if !output.ends(with: [0x0D, 0x0A]) { output.append(contentsOf: [0x0D, 0x0A]) }
        return output
    }

    /// Header names Postage owns: a custom header with one of these names (compared
    /// case-insensitively, RFC 5322 §1.2.2) is dropped. `X-PM-*` are Postmark/Postage
    /// control and trace headers. `Message-ID` is not reserved: it replaces the generated one.
    public static func isReservedHeader(_ name: String) -> Bool {
        let lower = name.lowercased()
        // Every Content-* field describes the MIME structure Postage builds (RFC 2045 §3), so a
        // client's Content-Disposition or Content-ID at the top level would contradict it.
        return reservedNames.contains(lower) || lower.hasPrefix("x-pm-") || lower.hasPrefix("content-")
    }

    private static let reservedNames: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "reply-to", "sender", "return-path",
        "mime-version", "content-type", "content-transfer-encoding", "dkim-signature", "received",
    ]

    /// The message-level fields (everything except Content-Type / Content-Transfer-Encoding).
    static func headerFields(_ draft: MessageDraft) -> [String] {
        var fields: [String] = []
        // RFC 5322 §3.6.1: orig-date.
        fields.append("Date: " + RFC5322Date.format(draft.date))
        // RFC 5322 §3.6.2: originator fields.
        fields.append(HeaderEncoder.addressList(name: "From", addresses: [draft.from]))
        if !draft.replyTo.isEmpty {
            fields.append(HeaderEncoder.addressList(name: "Reply-To", addresses: draft.replyTo))
        }
        // RFC 5322 §3.6.3: destination fields; Bcc is never written.
        if !draft.to.isEmpty { fields.append(HeaderEncoder.addressList(name: "To", addresses: draft.to)) }
        if !draft.cc.isEmpty { fields.append(HeaderEncoder.addressList(name: "Cc", addresses: draft.cc)) }
        // RFC 5322 §3.6.5: informational fields.
        if let subject = draft.subject {
            fields.append(HeaderEncoder.unstructured(name: "Subject", value: subject, policy: .exact))
        }
        // RFC 5322 §3.6.4: msg-id = "<" id-left "@" id-right ">".
        fields.append(messageIDField(draft))
        // RFC 2045 §4.
        fields.append("MIME-Version: 1.0")
        for header in draft.headers where isSendable(header) {
            let lower = header.name.lowercased()
            if lower == "message-id" || isReservedHeader(header.name) { continue }
            fields.append(HeaderEncoder.unstructured(name: header.name, value: header.value, policy: .asGiven))
        }
        for header in draft.extraTraceHeaders where isSendable(header) {
            fields.append(HeaderEncoder.unstructured(name: header.name, value: header.value, policy: .asGiven))
        }
        return fields
    }

    /// The client's `Message-ID` header (the first usable one) as given, else the generated id.
    private static func messageIDField(_ draft: MessageDraft) -> String {
        let custom = draft.headers.first { $0.name.lowercased() == "message-id" && isSendable($0) }
        if let custom {
            let value = custom.value.trimmingWhitespace()
            if !value.isEmpty {
                let field = HeaderFolder.fold(
                    name: "Message-ID", pieces: HeaderFolder.pieces(splittingAtWhitespace: " " + value)
                )
                if HeaderFolder.longestLine(field) <= HeaderFolder.hardLimit { return field }
            }
        }
        var id = draft.messageID.trimmingWhitespace()
        if id.hasPrefix("<") { id.removeFirst() }
        if id.hasSuffix(">") { id.removeLast() }
        return "Message-ID: <" + id + ">"
    }

    /// Defence in depth: headers are validated upstream, but a bad name or a line break
    /// would corrupt the message (header injection), so such headers are dropped.
    private static func isSendable(_ header: MessageHeader) -> Bool {
        HeaderName.isValid(header.name) && !HeaderValue.containsLineBreak(header.value)
    }
}
