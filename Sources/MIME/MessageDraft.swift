import Foundation
import MailCore

/// Everything ``MessageBuilder`` needs to produce a message. Bcc recipients are not part of
/// the draft: they belong to the SMTP envelope only and never to the message (RFC 5322 §3.6.3
/// lets the Bcc field be omitted; Postmark omits it).
public struct MessageDraft: Sendable {
    public var from: EmailAddress
    public var to: [EmailAddress]
    public var cc: [EmailAddress]
    public var replyTo: [EmailAddress]
    /// `nil` omits the Subject field.
    public var subject: String?
    /// `nil` or empty means no text/plain part.
    public var textBody: String?
    /// `nil` or empty means no text/html part.
    public var htmlBody: String?
    /// Custom headers from the API, already validated (no CR/LF). Reserved names are dropped
    /// (see ``MessageBuilder/isReservedHeader(_:)``); `Message-ID` replaces the generated one.
    public var headers: [MessageHeader]
    public var attachments: [Attachment]
    /// The generated Message-ID in addr-spec form without angle brackets,
    /// e.g. `6a1f...@postage.example` (RFC 5322 §3.6.4 msg-id).
    public var messageID: String
    public var date: Date
    /// Headers Postage adds (`X-PM-Message-Id`, `X-PM-Tag`, ...), emitted as given after the
    /// custom headers.
    public var extraTraceHeaders: [MessageHeader]

    public init(
        from: EmailAddress,
        to: [EmailAddress] = [],
        cc: [EmailAddress] = [],
        replyTo: [EmailAddress] = [],
        subject: String? = nil,
        textBody: String? = nil,
        htmlBody: String? = nil,
        headers: [MessageHeader] = [],
        attachments: [Attachment] = [],
        messageID: String,
        date: Date = Date(),
        extraTraceHeaders: [MessageHeader] = []
    ) {
        self.from = from
        self.to = to
        self.cc = cc
        self.replyTo = replyTo
        self.subject = subject
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.headers = headers
        self.attachments = attachments
        self.messageID = messageID
        self.date = date
        self.extraTraceHeaders = extraTraceHeaders
    }
}
