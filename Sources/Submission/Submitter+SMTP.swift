import DKIM
import Foundation
import Logging
import MIMEParser
import MailCore
import PostmarkWire
import Storage

/// The outcome of one SMTP submission once it is durably stored. Either way the SMTP server
/// answers 250: Postmark's SMTP endpoint accepts what it can parse and records message-level
/// problems as SMTPApiError bounces instead of refusing them (reference section 7).
public struct SMTPSubmissionReceipt: Sendable, Equatable {
    public var messageID: String
    /// The error recorded as an SMTPApiError bounce, when the message was refused.
    public var apiError: PostmarkError?
}

extension Submitter {
    /// Accepts one message received by the SMTP submission server for `server`, through the same
    /// store and commit as the API (architecture section 2). Returns after the commit.
    public func submitSMTP(_ message: SMTPReceivedMessage, server: ServerRecord, streams: [StreamRecord])
        async throws -> SMTPSubmissionReceipt
    {
        let receivedAt = now()
        let messageID = Self.newMessageID()
        let stored: NewMessage
        var apiError: PostmarkError?
        // Suppressions are read before the typed-throws block (a storage error is not the client's).
        var translated: Result<SMTPMessageTranslation, PostmarkError>
        do throws(PostmarkError) {
            let translation = try SMTPMessageTranslator.translate(
                message, messageID: messageID, hostname: hostname, receivedAt: receivedAt)
            try Self.checkStream(translation.controls.stream, streams: streams)
            translated = .success(translation)
        } catch {
            translated = .failure(error)
        }
        var suppressed: Set<String> = []
        var domainSigners: [DKIMSigner] = []
        var standing = SenderStanding.noSignature
        if case .success(let translation) = translated {
            if let suppressions {
                suppressed = try await suppressions.suppressedAddresses(
                    serverID: server.id, stream: translation.controls.stream, among: translation.envelopeRecipients)
            }
            if let signer, signer.hasDomainKeys || !allowUnverifiedSenders {
                domainSigners = try await signer.domainSigners(forAddressDomain: translation.from.domain)
            }
            if !allowUnverifiedSenders, domainSigners.isEmpty {
                standing = try await senderStanding(translation.from.address)
            }
        }
        do throws(PostmarkError) {
            var translation = try translated.get()
            // Postmark records sending only to inactive recipients as an SMTPApiError (406); inactive
            // ones among others are left out.
            let skipped = translation.envelopeRecipients.filter { suppressed.contains($0.lowercased()) }
            if !skipped.isEmpty, skipped.count == translation.envelopeRecipients.count {
                throw PostmarkError.inactiveRecipients(skipped)
            }
            translation.envelopeRecipients.removeAll { suppressed.contains($0.lowercased()) }
            if !allowUnverifiedSenders, domainSigners.isEmpty {
                try Self.checkStanding(standing, translation.from.address)
            }
            var message = Self.newMessage(translation, messageID: messageID, server: server, receivedAt: receivedAt)
            if let signer { message.raw = signer.sign(message.raw, domainSigners: domainSigners, at: receivedAt) }
            stored = message
        } catch {
            apiError = error
            stored = Self.rejectedMessage(
                message, error: error, messageID: messageID, hostname: hostname, server: server,
                receivedAt: receivedAt)
        }
        let started = ContinuousClock.now
        try await store.accept([stored])
        let elapsed = ContinuousClock.now - started
        var metadata: Logger.Metadata = [
            LogKey.messageID: .string(messageID),
            LogKey.serverID: .stringConvertible(server.id),
            LogKey.stream: .string(stored.stream),
            LogKey.recipients: .stringConvertible(stored.envelopeRecipients.count),
            LogKey.size: .stringConvertible(stored.raw.count),
            LogKey.commitMillis: .string(String(format: "%.2f", elapsed.milliseconds)),
            LogKey.remoteIP: .string(message.remoteAddress),
            LogKey.channel: "smtp",
        ]
        if let apiError {
            metadata[LogKey.errorCode] = .stringConvertible(apiError.errorCode)
            logger.info("message refused as SMTPApiError", metadata: metadata)
        } else {
            logger.info("message accepted", metadata: metadata)
        }
        return SMTPSubmissionReceipt(messageID: messageID, apiError: apiError)
    }

    static func newMessage(
        _ translation: SMTPMessageTranslation, messageID: String, server: ServerRecord, receivedAt: Date
    ) -> NewMessage {
        func entries(_ list: [EmailAddress]) -> [RecipientEntry] {
            list.map { RecipientEntry(email: $0.address, name: $0.displayName ?? "") }
        }
        let controls = translation.controls
        return NewMessage(
            messageID: messageID, serverID: server.id, stream: controls.stream,
            fromEmail: translation.from.address, fromDisplay: translation.from.formatted,
            subject: translation.subject, tag: controls.tag,
            to: entries(translation.to), cc: entries(translation.cc), bcc: entries(translation.bcc),
            metadata: controls.metadata.map { MetadataEntry(key: $0.key, value: $0.value) },
            trackOpens: controls.trackOpens ?? server.settings.trackOpens,
            trackLinks: controls.trackLinks ?? server.settings.trackLinks,
            sandboxed: server.deliveryType == .sandbox,
            textBody: translation.textBody, htmlBody: translation.htmlBody,
            attachmentNames: translation.attachmentNames, raw: translation.raw, receivedAt: receivedAt,
            envelopeRecipients: translation.envelopeRecipients)
    }

    /// A refused message is kept, as Postmark keeps the dump of an SMTPApiError bounce: the bytes
    /// as received (with the trace field), the envelope, and one Bounced event per recipient with
    /// the error. Nothing is queued for delivery.
    static func rejectedMessage(
        _ message: SMTPReceivedMessage, error: PostmarkError, messageID: String, hostname: String,
        server: ServerRecord, receivedAt: Date
    ) -> NewMessage {
        let parsed = ParsedMessage.parse(message.data)
        let from = parsed.from.first ?? EmailAddress(address: message.envelopeFrom)
        var seen = Set<String>()
        let envelope = message.recipients.filter { seen.insert($0.lowercased()).inserted }
        func entries(_ list: [EmailAddress]) -> [RecipientEntry] {
            list.map { RecipientEntry(email: $0.address, name: $0.displayName ?? "") }
        }
        let trace = SMTPMessageTranslator.receivedField(
            message, messageID: messageID, hostname: hostname, receivedAt: receivedAt)
        var rejected = NewMessage(
            messageID: messageID, serverID: server.id, stream: "outbound",
            fromEmail: from.address, fromDisplay: from.formatted,
            subject: String((parsed.subject ?? "").prefix(SubmissionLimits.maxSubjectLength)), tag: nil,
            to: entries(parsed.to.addresses), cc: entries(parsed.cc.addresses), bcc: [],
            metadata: [], trackOpens: false, trackLinks: "None", sandboxed: server.deliveryType == .sandbox,
            textBody: nil, htmlBody: nil, attachmentNames: [], raw: Array(trace.utf8) + message.data,
            receivedAt: receivedAt, envelopeRecipients: envelope)
        rejected.rejection = MessageRejection(
            eventType: "Bounced",
            details: [
                "Type": "SMTPApiError",
                "TypeCode": "100007",
                "Summary": error.message,
                "ErrorCode": String(error.errorCode),
                "Description": "The message was received over SMTP and could not be sent: \(error.message)",
            ],
            bounce: BounceClassification(
                type: BounceType.smtpAPIError.rawValue, typeCode: BounceType.smtpAPIError.typeCode,
                description: BounceType.smtpAPIError.description, details: "ErrorCode \(error.errorCode): \(error.message)"))
        return rejected
    }
}
