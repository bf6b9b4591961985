import MIME
import MailCore
import PostmarkWire

/// An `EmailRequest` that passed every check: addresses parsed, attachments decoded, limits met.
public struct ValidatedEmail: Sendable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var bcc: [EmailAddress]
    public var replyTo: [EmailAddress]
    public var subject: String
    public var tag: String?
    public var textBody: String?
    public var htmlBody: String?
    public var headers: [MessageHeader]
    public var attachments: [Attachment]
    public var metadata: [(key: String, value: String)]
    public var trackOpens: Bool?
    public var trackLinks: String?
    public var stream: String
    /// The `To` field as the client sent it, echoed in the send response.
    public var toField: String?

    /// Envelope recipients, de-duplicated case-insensitively, in To, Cc, Bcc order.
    public var envelopeRecipients: [String] {
        var seen = Set<String>()
        var result: [String] = []
        for address in to + cc + bcc where seen.insert(address.address.lowercased()).inserted {
            result.append(address.address)
        }
        return result
    }
}
