import Foundation

/// Why a stored message was never queued for delivery, as the event each recipient gets.
public struct MessageRejection: Sendable, Equatable {
    /// The event type in `/messages/outbound/{id}/details`, e.g. `Bounced`.
    public var eventType: String
    /// The event's `Details`, e.g. `Type: SMTPApiError`, `Summary`, `ErrorCode`.
    public var details: [String: String]
    /// Also recorded in the Bounces API (one bounce per recipient, dump = the message), as Postmark
    /// records an SMTPApiError.
    public var bounce: BounceClassification?

    public init(eventType: String, details: [String: String], bounce: BounceClassification? = nil) {
        self.eventType = eventType
        self.details = details
        self.bounce = bounce
    }
}

/// One address with its display name, as the Messages API reports it (`{"Email","Name"}`).
public struct RecipientEntry: Sendable, Equatable, Codable {
    public var email: String
    public var name: String

    public init(email: String, name: String) {
        self.email = email
        self.name = name
    }
}

/// A fully built outbound message, ready to be committed with its delivery rows.
public struct NewMessage: Sendable, Equatable {
    /// Postmark's MessageID: a lower-case UUID.
    public var messageID: String
    public var serverID: Int64
    public var stream: String
    /// The bare From address (lower-cased for search).
    public var fromEmail: String
    /// The From header as shown in the Messages API, e.g. `"Name" <a@b.test>`.
    public var fromDisplay: String
    public var subject: String
    public var tag: String?
    public var to: [RecipientEntry]
    public var cc: [RecipientEntry]
    public var bcc: [RecipientEntry]
    /// Metadata in submission order.
    public var metadata: [MetadataEntry]
    public var trackOpens: Bool
    public var trackLinks: String
    public var sandboxed: Bool
    public var textBody: String?
    public var htmlBody: String?
    public var attachmentNames: [String]
    /// The exact MIME bytes that are queued and returned by `/dump`.
    public var raw: [UInt8]
    public var receivedAt: Date
    /// The envelope recipients: one delivery row each, de-duplicated case-insensitively.
    public var envelopeRecipients: [String]
    /// Set when the message was taken in but refused before delivery (an SMTP submission with an
    /// error Postmark records as an SMTPApiError bounce): no recipient is queued, and each gets
    /// this event instead.
    public var rejection: MessageRejection?

    public init(
        messageID: String, serverID: Int64, stream: String, fromEmail: String, fromDisplay: String,
        subject: String, tag: String?, to: [RecipientEntry], cc: [RecipientEntry], bcc: [RecipientEntry],
        metadata: [MetadataEntry], trackOpens: Bool, trackLinks: String, sandboxed: Bool,
        textBody: String?, htmlBody: String?, attachmentNames: [String], raw: [UInt8], receivedAt: Date,
        envelopeRecipients: [String]
    ) {
        self.messageID = messageID
        self.serverID = serverID
        self.stream = stream
        self.fromEmail = fromEmail
        self.fromDisplay = fromDisplay
        self.subject = subject
        self.tag = tag
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.metadata = metadata
        self.trackOpens = trackOpens
        self.trackLinks = trackLinks
        self.sandboxed = sandboxed
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.attachmentNames = attachmentNames
        self.raw = raw
        self.receivedAt = receivedAt
        self.envelopeRecipients = envelopeRecipients
    }
}

public struct MetadataEntry: Sendable, Equatable, Codable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

/// The states a message moves through. `Queued` at accept; delivery sets the others.
public enum MessageStatus: String, Sendable, Codable, CaseIterable {
    case queued = "Queued"
    case sent = "Sent"
    case processed = "Processed"
}

/// One row of `/messages/outbound`.
public struct MessageSummary: Sendable, Equatable {
    public var messageID: String
    public var stream: String
    public var tag: String?
    public var to: [RecipientEntry]
    public var cc: [RecipientEntry]
    public var bcc: [RecipientEntry]
    public var fromDisplay: String
    public var subject: String
    public var attachmentNames: [String]
    public var status: MessageStatus
    public var trackOpens: Bool
    public var trackLinks: String
    public var metadata: [MetadataEntry]
    public var sandboxed: Bool
    public var receivedAt: Date

    public init(
        messageID: String, stream: String, tag: String?, to: [RecipientEntry], cc: [RecipientEntry],
        bcc: [RecipientEntry], fromDisplay: String, subject: String, attachmentNames: [String],
        status: MessageStatus, trackOpens: Bool, trackLinks: String, metadata: [MetadataEntry],
        sandboxed: Bool, receivedAt: Date
    ) {
        self.messageID = messageID
        self.stream = stream
        self.tag = tag
        self.to = to
        self.cc = cc
        self.bcc = bcc
        self.fromDisplay = fromDisplay
        self.subject = subject
        self.attachmentNames = attachmentNames
        self.status = status
        self.trackOpens = trackOpens
        self.trackLinks = trackLinks
        self.metadata = metadata
        self.sandboxed = sandboxed
        self.receivedAt = receivedAt
    }

    /// Every envelope recipient, as `Recipients` reports them.
    public var recipients: [String] { (to + cc + bcc).map(\.email) }
}

/// An event in a message's history (`MessageEvents` in `/details`).
public struct MessageEvent: Sendable, Equatable {
    public var recipient: String
    public var type: String
    public var receivedAt: Date
    public var details: [String: String]

    public init(recipient: String, type: String, receivedAt: Date, details: [String: String]) {
        self.recipient = recipient
        self.type = type
        self.receivedAt = receivedAt
        self.details = details
    }
}

/// `/messages/outbound/{id}/details`.
public struct MessageDetails: Sendable, Equatable {
    public var summary: MessageSummary
    public var textBody: String?
    public var htmlBody: String?
    public var raw: [UInt8]
    public var events: [MessageEvent]

    public init(summary: MessageSummary, textBody: String?, htmlBody: String?, raw: [UInt8], events: [MessageEvent]) {
        self.summary = summary
        self.textBody = textBody
        self.htmlBody = htmlBody
        self.raw = raw
        self.events = events
    }
}

/// A queued delivery: one envelope recipient of one message.
public struct DeliveryRecord: Sendable, Equatable {
    public var messageID: String
    public var recipient: String
    public var status: String
    public var dueAt: Date
    public var attempts: Int

    public init(messageID: String, recipient: String, status: String, dueAt: Date, attempts: Int) {
        self.messageID = messageID
        self.recipient = recipient
        self.status = status
        self.dueAt = dueAt
        self.attempts = attempts
    }
}
