import Foundation
import MIME
import MIMEParser
import MailCore
import PostmarkWire

/// A message as the SMTP submission server received it: the envelope and the DATA bytes.
public struct SMTPReceivedMessage: Sendable {
    /// MAIL FROM's reverse-path; empty for `<>`.
    public var envelopeFrom: String
    /// RCPT TO's forward-paths: To, Cc and Bcc alike (reference section 7).
    public var recipients: [String]
    /// The message, dot-unstuffed, CRLF line ends.
    public var data: [UInt8]
    public var heloName: String
    public var remoteAddress: String
    public var tls: Bool
    public var authenticated: Bool

    public init(
        envelopeFrom: String, recipients: [String], data: [UInt8], heloName: String, remoteAddress: String,
        tls: Bool, authenticated: Bool
    ) {
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.data = data
        self.heloName = heloName
        self.remoteAddress = remoteAddress
        self.tls = tls
        self.authenticated = authenticated
    }
}

/// The stored form of an SMTP message: what the API path gets from `EmailRequest`, read here from
/// the message itself. Pure: no I/O, no clock, no randomness (all passed in).
struct SMTPMessageTranslation: Sendable {
    var controls: SMTPControlHeaders
    var from: EmailAddress
    var to: [EmailAddress]
    var cc: [EmailAddress]
    var bcc: [EmailAddress]
    var subject: String
    var textBody: String?
    var htmlBody: String?
    var attachmentNames: [String]
    /// The message to queue: control fields and `Bcc` removed, Message-ID replaced unless kept,
    /// trace fields prepended.
    var raw: [UInt8]
    /// The envelope recipients, de-duplicated case-insensitively, in RCPT order.
    var envelopeRecipients: [String]
}

enum SMTPMessageTranslator {
    /// Reads and rewrites one submitted message. Throws what Postmark records as an SMTPApiError.
    static func translate(
        _ message: SMTPReceivedMessage, messageID: String, hostname: String, receivedAt: Date
    ) throws(PostmarkError) -> SMTPMessageTranslation {
        let parsed = ParsedMessage.parse(message.data)
        let header = parsed.header
        let controls = try SMTPControlHeaders.read(header)

        guard let from = parsed.from.first else {
            throw .invalidEmailRequest("The message has no valid 'From' header.")
        }
        let to = parsed.to.addresses
        let cc = parsed.cc.addresses
        var envelope: [String] = []
        var seen = Set<String>()
        for recipient in message.recipients where seen.insert(recipient.lowercased()).inserted {
            envelope.append(recipient)
        }
        if envelope.count > SubmissionLimits.maxRecipients {
            throw .invalidEmailRequest("You may not have more than \(SubmissionLimits.maxRecipients) recipients.")
        }
        // Recipients in the envelope but in neither To nor Cc are the blind copies (RFC 5321
        // section 3.3, RFC 5322 section 3.6.3: Bcc recipients appear only in the envelope).
        let visible = Set((to + cc).map { $0.address.lowercased() })
        let bcc = envelope.filter { !visible.contains($0.lowercased()) }.map { EmailAddress(address: $0) }

        let subject = parsed.subject ?? ""
        if subject.count > SubmissionLimits.maxSubjectLength {
            throw .invalidEmailRequest("Subject may not be longer than \(SubmissionLimits.maxSubjectLength) characters.")
        }
        let attachments = parsed.attachments
        for attachment in attachments {
            if let name = attachment.name, let ext = name.split(separator: ".").last, name.contains("."),
                SubmissionLimits.forbiddenExtensions.contains(ext.lowercased())
            {
                throw .forbiddenAttachment(name)
            }
        }

        let keepMessageID = controls.keepID && header.contains("message-id")
        let stripped = parsed.removingHeaderFields { field in
            SMTPControlHeaders.isControlField(field) || field.hasName("bcc") || field.hasName("return-path")
                || (!keepMessageID && field.hasName("message-id"))
        }
        var prefix = receivedField(message, messageID: messageID, hostname: hostname, receivedAt: receivedAt)
        prefix += "X-PM-Message-Id: \(messageID)\r\n"
        if !keepMessageID { prefix += "Message-ID: <\(messageID)@\(hostname)>\r\n" }
        if !header.contains("date") { prefix += "Date: \(RFC5322Date.format(receivedAt))\r\n" }
        var raw = Array(prefix.utf8)
        raw.reserveCapacity(raw.count + stripped.count)
        raw += stripped

        return SMTPMessageTranslation(
            controls: controls, from: from, to: to, cc: cc, bcc: bcc, subject: subject,
            textBody: parsed.textBody, htmlBody: parsed.htmlBody,
            attachmentNames: attachments.map { $0.name ?? "" }, raw: raw, envelopeRecipients: envelope)
    }

    /// The trace field every SMTP server adds (RFC 5321 section 4.4), with the protocol keyword
    /// of RFC 3848 (ESMTP, ESMTPS with TLS, ESMTPA/ESMTPSA when authenticated).
    static func receivedField(
        _ message: SMTPReceivedMessage, messageID: String, hostname: String, receivedAt: Date
    ) -> String {
        let keyword = "ESMTP" + (message.tls ? "S" : "") + (message.authenticated ? "A" : "")
        let helo = message.heloName.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "(") && $0 != UInt8(ascii: ")") }
            ? message.heloName : "unknown"
        let address = message.remoteAddress.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F } ? message.remoteAddress : "unknown"
        return "Received: from \(helo) ([\(address)])\r\n\tby \(hostname) (Postage) with \(keyword) id \(messageID);\r\n"
            + "\t\(RFC5322Date.format(receivedAt))\r\n"
    }
}
