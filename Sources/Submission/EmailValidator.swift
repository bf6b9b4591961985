import Foundation
import MIME
import MailCore
import PostmarkWire

/// Checks a send request the way Postmark does (reference 3.1 and 9) and turns every problem into
/// its Postmark error. Pure: no I/O, no clock.
public enum EmailValidator {
    public static func validate(_ request: EmailRequest) throws(PostmarkError) -> ValidatedEmail {
        guard let fromText = request.from else {
            throw .invalidEmailRequest("Invalid 'From' address: ''. A sender address is required.")
        }
        try rejectLineBreaks(fromText, field: "From")
        if fromText.count > SubmissionLimits.maxFromLength {
            throw .invalidEmailRequest("The 'From' field may not be longer than \(SubmissionLimits.maxFromLength) characters.")
        }
        let from: EmailAddress
        do {
            from = try AddressParser.parseMailbox(fromText)
        } catch {
            throw .invalidEmailRequest("Invalid 'From' address: '\(fromText)'.")
        }
        let to = try addresses(request.to, field: "To")
        let cc = try addresses(request.cc, field: "Cc")
        let bcc = try addresses(request.bcc, field: "Bcc")
        let replyTo = try addresses(request.replyTo, field: "ReplyTo")
        let total = to.count + cc.count + bcc.count
        if total == 0 {
            throw .invalidEmailRequest("Zero recipients specified. Provide at least one address in 'To', 'Cc' or 'Bcc'.")
        }
        if total > SubmissionLimits.maxRecipients {
            throw .invalidEmailRequest(
                "You may not send to more than \(SubmissionLimits.maxRecipients) recipients (To, Cc and Bcc together); "
                    + "this message has \(total).")
        }
        let subject = request.subject ?? ""
        try rejectLineBreaks(subject, field: "Subject")
        if subject.count > SubmissionLimits.maxSubjectLength {
            throw .invalidEmailRequest(
                "The 'Subject' field may not be longer than \(SubmissionLimits.maxSubjectLength) characters.")
        }
        if let tag = request.tag {
            try rejectLineBreaks(tag, field: "Tag")
            if tag.count > SubmissionLimits.maxTagLength {
                throw .invalidEmailRequest("The 'Tag' field may not be longer than \(SubmissionLimits.maxTagLength) characters.")
            }
        }
        if request.textBody == nil && request.htmlBody == nil {
            throw .invalidEmailRequest("Provide either email TextBody or HtmlBody or both.")
        }
        for (name, body) in [("TextBody", request.textBody), ("HtmlBody", request.htmlBody)] {
            if let body, body.utf8.count > SubmissionLimits.maxBodyBytes {
                throw .invalidEmailRequest("The '\(name)' field may not be larger than 5 MB.")
            }
            // RFC 5322 section 2.3: a message body carries no NUL characters.
            if let body, body.utf8.contains(0) {
                throw .invalidEmailRequest("The '\(name)' field contains a NUL character, which is not allowed.")
            }
        }
        if let trackLinks = request.trackLinks,
            !SubmissionLimits.trackLinksValues.contains(where: { $0.lowercased() == trackLinks.lowercased() })
        {
            throw .invalidEmailRequest(
                "Invalid 'TrackLinks' value '\(trackLinks)'. Use one of: None, HtmlAndText, HtmlOnly, TextOnly.")
        }
        let trackLinks = request.trackLinks.flatMap { value in
            SubmissionLimits.trackLinksValues.first { $0.lowercased() == value.lowercased() }
        }
        return ValidatedEmail(
            from: from, to: to, cc: cc, bcc: bcc, replyTo: replyTo, subject: subject, tag: request.tag,
            textBody: request.textBody, htmlBody: request.htmlBody,
            headers: try headers(request.headers),
            attachments: try attachments(request.attachments),
            metadata: try metadata(request.metadata),
            trackOpens: request.trackOpens, trackLinks: trackLinks,
            stream: request.messageStream ?? "outbound",
            toField: request.to)
    }

    static func addresses(_ text: String?, field: String) throws(PostmarkError) -> [EmailAddress] {
        guard let text else { return [] }
        try rejectLineBreaks(text, field: field)
        do {
            return try AddressParser.parseList(text)
        } catch {
            throw .invalidEmailRequest("Invalid '\(field)' address: '\(text)'.")
        }
    }

    /// RFC 5322 section 2.2: a header field is one logical line. A CR or LF from JSON would let a
    /// client inject headers or a body; it is refused, never passed on or silently stripped.
    static func rejectLineBreaks(_ value: String, field: String) throws(PostmarkError) {
        if HeaderValue.containsLineBreak(value) {
            throw .invalidEmailRequest("The '\(field)' field contains a line break (CR or LF), which is not allowed.")
        }
    }

    static func headers(_ headers: [EmailRequest.Header]) throws(PostmarkError) -> [MessageHeader] {
        var result: [MessageHeader] = []
        for header in headers {
            if !HeaderName.isValid(header.name) {
                throw .invalidEmailRequest("Invalid header name '\(header.name)'.")
            }
            if HeaderValue.containsLineBreak(header.value) {
                throw .invalidEmailRequest(
                    "The value of header '\(header.name)' contains a line break (CR or LF), which is not allowed.")
            }
            result.append(MessageHeader(name: header.name, value: header.value))
        }
        return result
    }

    static func attachments(_ attachments: [EmailRequest.Attachment]) throws(PostmarkError) -> [Attachment] {
        var result: [Attachment] = []
        for attachment in attachments {
            if attachment.name.isEmpty {
                throw .invalidEmailRequest("Every attachment needs a 'Name'.")
            }
            if HeaderValue.containsLineBreak(attachment.name)
                || (attachment.contentType.map(HeaderValue.containsLineBreak) ?? false)
                || (attachment.contentID.map(HeaderValue.containsLineBreak) ?? false)
            {
                throw .invalidEmailRequest("Attachment '\(attachment.name)' has a line break in its Name, ContentType or ContentID.")
            }
            if let dot = attachment.name.lastIndex(of: "."),
                SubmissionLimits.forbiddenExtensions.contains(String(attachment.name[attachment.name.index(after: dot)...]).lowercased())
            {
                throw .forbiddenAttachment(attachment.name)
            }
            guard let data = Data(base64Encoded: attachment.content, options: .ignoreUnknownCharacters),
                attachment.content.allSatisfy({ $0.isASCII })
            else {
                throw .invalidEmailRequest("Attachment '\(attachment.name)' has invalid base64 'Content'.")
            }
            var contentID = attachment.contentID
            if let id = contentID {
                var trimmed = Substring(id)
                if trimmed.lowercased().hasPrefix("cid:") { trimmed = trimmed.dropFirst(4) }
                if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") && trimmed.count >= 2 {
                    trimmed = trimmed.dropFirst().dropLast()
                }
                contentID = trimmed.isEmpty ? nil : String(trimmed)
            }
            result.append(
                Attachment(
                    name: attachment.name, contentType: attachment.contentType ?? "application/octet-stream",
                    content: [UInt8](data), contentID: contentID))
        }
        return result
    }

    static func metadata(_ entries: [(key: String, value: String)]) throws(PostmarkError) -> [(key: String, value: String)] {
        if entries.count > SubmissionLimits.maxMetadataFields {
            throw .invalidEmailRequest("Metadata may have at most \(SubmissionLimits.maxMetadataFields) fields.")
        }
        var seen = Set<String>()
        for entry in entries {
            if entry.key.isEmpty || entry.key.count > SubmissionLimits.maxMetadataKeyLength {
                throw .invalidEmailRequest(
                    "Metadata key '\(entry.key)' must be 1 to \(SubmissionLimits.maxMetadataKeyLength) characters long.")
            }
            if HeaderValue.containsLineBreak(entry.key) || entry.value.utf8.contains(0) {
                throw .invalidEmailRequest("Metadata '\(entry.key)' contains a control character (CR, LF or NUL).")
            }
            if entry.value.count > SubmissionLimits.maxMetadataValueLength {
                throw .invalidEmailRequest(
                    "Metadata value for '\(entry.key)' may not be longer than \(SubmissionLimits.maxMetadataValueLength) characters.")
            }
            if !seen.insert(entry.key.lowercased()).inserted {
                throw .invalidEmailRequest("Metadata key '\(entry.key)' appears more than once (keys are case-insensitive).")
            }
        }
        return entries
    }
}
