import DKIM
import Foundation
import Logging
import MIME
import MailCore
import PostmarkWire
import Storage

/// Who is sending: the authenticated server with its streams, or the `POSTMARK_API_TEST` token,
/// which validates everything and stores nothing (reference section 1).
public enum SenderContext: Sendable {
    case server(ServerRecord, streams: [StreamRecord])
    case testToken
}

/// What a successful send returns (reference 3.1).
public struct SendReceipt: Sendable, Equatable {
    public var to: String?
    public var submittedAt: Date
    public var messageID: String
    public var testMode: Bool
    /// Recipients left out because they are suppressed on the stream (the others are sent to).
    public var inactiveRecipients: [String] = []
}

/// The single entry point for new outbound mail (architecture section 2): validate, build the MIME
/// message, and commit it with its delivery rows before anyone is told "OK".
public struct Submitter: Sendable {
    let store: any MessageStore
    /// Where templated sends find their templates; without it every template is "not found" (1101).
    let templates: (any TemplateStore)?
    let renderer: TemplateRenderer
    let hostname: String
    /// DKIM signing of every message at submission; nil sends unsigned (tests, or turned off).
    let signer: MessageSigner?
    /// Per-stream suppression lists; nil checks none (tests).
    let suppressions: (any SuppressionStore)?
    /// When false, the From address must be on a domain with a verified DKIM key or be a
    /// confirmed sender signature (ErrorCodes 400 and 401).
    let allowUnverifiedSenders: Bool
    /// The sender signatures, for that policy; nil knows none (tests).
    let senders: (any SenderSignatureStore)?
    let now: @Sendable () -> Date
    let logger: Logger

    public init(
        store: any MessageStore, templates: (any TemplateStore)? = nil, suppressions: (any SuppressionStore)? = nil,
        hostname: String, signer: MessageSigner? = nil, allowUnverifiedSenders: Bool = true,
        senders: (any SenderSignatureStore)? = nil, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.allowUnverifiedSenders = allowUnverifiedSenders
        self.senders = senders
        self.store = store
        self.templates = templates
        self.suppressions = suppressions
        self.signer = signer
        self.renderer = TemplateRenderer()
        self.hostname = hostname
        self.logger = logger
        self.now = now
    }

    /// Validates and durably accepts one message. Throws `PostmarkError` for anything the client
    /// must fix; other errors are internal (storage).
    public func send(_ request: EmailRequest, as sender: SenderContext) async throws -> SendReceipt {
        let results = try await sendBatch([.success(request)], as: sender)
        return try results[0].get()
    }

    /// Postage's own mail (sender confirmations), sent from the system server: the sending policy
    /// does not apply to its From address, everything else does.
    public func sendSystemMail(_ request: EmailRequest, server: ServerRecord, streams: [StreamRecord]) async throws
        -> SendReceipt
    {
        try await sendBatch([.success(request)], as: .server(server, streams: streams), senderPolicy: false)[0].get()
    }

    /// Validates each item on its own; the valid ones are committed together in one transaction.
    /// The result array matches the input order (reference 3.1, `/email/batch`).
    public func sendBatch(_ items: [Result<EmailRequest, PostmarkError>], as sender: SenderContext) async throws
        -> [Result<SendReceipt, PostmarkError>]
    {
        try await sendBatch(items, as: sender, senderPolicy: !allowUnverifiedSenders)
    }

    func sendBatch(_ items: [Result<EmailRequest, PostmarkError>], as sender: SenderContext, senderPolicy: Bool)
        async throws -> [Result<SendReceipt, PostmarkError>]
    {
        let receivedAt = now()
        // Validate everything first, so the suppression lists are read once per stream for the batch.
        var validated: [Result<ValidatedEmail, PostmarkError>] = []
        validated.reserveCapacity(items.count)
        for item in items {
            do throws(PostmarkError) {
                let email = try EmailValidator.validate(try item.get())
                switch sender {
                case .testToken: try Self.checkStream(email.stream, streams: nil)
                case .server(_, let streams): try Self.checkStream(email.stream, streams: streams)
                }
                validated.append(.success(email))
            } catch {
                validated.append(.failure(error))
            }
        }
        var inactive: [String: Set<String>] = [:]
        // Postage's own mail (a confirmation the customer asked for again) is not held back by the
        // system server's suppressions, which nobody can see or lift.
        if case .server(let server, _) = sender, let suppressions, !server.isSystem {
            var byStream: [String: [String]] = [:]
            for case .success(let email) in validated { byStream[email.stream, default: []] += email.envelopeRecipients }
            for (stream, recipients) in byStream {
                inactive[stream] = try await suppressions.suppressedAddresses(
                    serverID: server.id, stream: stream, among: recipients)
            }
        }
        // The sender domains' verified keys: for signing, and for the sending policy.
        var domainSigners: [String: [DKIMSigner]] = [:]
        if case .server = sender, let signer, signer.hasDomainKeys || senderPolicy {
            for case .success(let email) in validated where domainSigners[email.from.domain.lowercased()] == nil {
                let domain = email.from.domain.lowercased()
                domainSigners[domain] = try await signer.domainSigners(forAddressDomain: domain)
            }
        }
        // Addresses on no verified domain may still be confirmed sender signatures.
        var signatures: [String: SenderStanding] = [:]
        if case .server = sender, senderPolicy {
            for case .success(let email) in validated where (domainSigners[email.from.domain.lowercased()] ?? []).isEmpty {
                let address = email.from.address.lowercased()
                if signatures[address] == nil { signatures[address] = try await senderStanding(address) }
            }
        }
        var results: [Result<SendReceipt, PostmarkError>] = []
        results.reserveCapacity(items.count)
        var accepted: [NewMessage] = []
        for item in validated {
            do throws(PostmarkError) {
                let email = try item.get()
                let receipt: SendReceipt
                switch sender {
                case .testToken:
                    receipt = SendReceipt(
                        to: email.toField, submittedAt: receivedAt, messageID: Self.newMessageID(), testMode: true)
                case .server(let server, _):
                    let suppressed = inactive[email.stream] ?? []
                    let skipped = email.envelopeRecipients.filter { suppressed.contains($0.lowercased()) }
                    if !skipped.isEmpty, skipped.count == email.envelopeRecipients.count {
                        throw PostmarkError.inactiveRecipients(skipped, batch: items.count > 1)
                    }
                    let signers = domainSigners[email.from.domain.lowercased()] ?? []
                    if senderPolicy, signers.isEmpty {
                        try Self.checkStanding(signatures[email.from.address.lowercased()] ?? .noSignature, email.from.address)
                    }
                    var message = build(email, server: server, receivedAt: receivedAt, domainSigners: signers)
                    if !skipped.isEmpty {
                        message.envelopeRecipients.removeAll { suppressed.contains($0.lowercased()) }
                    }
                    accepted.append(message)
                    var sent = SendReceipt(
                        to: email.toField, submittedAt: receivedAt, messageID: message.messageID, testMode: false)
                    sent.inactiveRecipients = skipped
                    receipt = sent
                }
                results.append(.success(receipt))
            } catch {
                results.append(.failure(error))
            }
        }
        if !accepted.isEmpty {
            let started = ContinuousClock.now
            try await store.accept(accepted)
            let elapsed = ContinuousClock.now - started
            for message in accepted {
                logger.info(
                    "message accepted",
                    metadata: [
                        LogKey.messageID: .string(message.messageID),
                        LogKey.serverID: .stringConvertible(message.serverID),
                        LogKey.stream: .string(message.stream),
                        LogKey.recipients: .stringConvertible(message.envelopeRecipients.count),
                        LogKey.size: .stringConvertible(message.raw.count),
                        LogKey.commitMillis: .string(String(format: "%.2f", elapsed.milliseconds)),
                    ])
            }
        }
        return results
    }

    /// Where a From address on no verified domain stands with the sender signatures.
    enum SenderStanding: Sendable {
        case noSignature
        case unconfirmed
        case confirmed
    }

    func senderStanding(_ address: String) async throws -> SenderStanding {
        guard let signature = try await senders?.senderSignature(emailAddress: address) else { return .noSignature }
        return signature.confirmed ? .confirmed : .unconfirmed
    }

    /// The sending policy (reference 3.1 `From`): a confirmed signature passes; an unconfirmed one
    /// is ErrorCode 401; no signature is 400.
    static func checkStanding(_ standing: SenderStanding, _ address: String) throws(PostmarkError) {
        switch standing {
        case .confirmed: return
        case .unconfirmed: throw PostmarkError.unconfirmedSender(address)
        case .noSignature: throw PostmarkError.unverifiedSender(address)
        }
    }

    /// The stream must exist on the server, be live, and accept outbound mail (ErrorCodes 1235, 1236).
    static func checkStream(_ id: String, streams: [StreamRecord]?) throws(PostmarkError) {
        guard let streams else {
            // The test token has the default streams of a new server.
            if id == "outbound" || id == "broadcast" { return }
            if id == "inbound" { throw .streamCannotSend(id) }
            throw .unknownStream(id)
        }
        guard let stream = streams.first(where: { $0.id == id }), stream.archivedAt == nil else {
            throw .unknownStream(id)
        }
        if stream.type == .inbound { throw .streamCannotSend(id) }
    }

    func build(_ email: ValidatedEmail, server: ServerRecord, receivedAt: Date, domainSigners: [DKIMSigner] = [])
        -> NewMessage
    {
        let messageID = Self.newMessageID()
        var trace = [MessageHeader(name: "X-PM-Message-Id", value: messageID)]
        if let tag = email.tag { trace.append(MessageHeader(name: "X-PM-Tag", value: tag)) }
        var draft = MessageDraft(
            from: email.from, to: email.to, cc: email.cc, replyTo: email.replyTo, subject: email.subject,
            textBody: email.textBody, htmlBody: email.htmlBody, headers: email.headers,
            attachments: email.attachments, messageID: "\(messageID)@\(hostname)", date: receivedAt)
        draft.extraTraceHeaders = trace
        var raw = MessageBuilder.build(draft)
        if let signer { raw = signer.sign(raw, domainSigners: domainSigners, at: receivedAt) }
        func entries(_ list: [EmailAddress]) -> [RecipientEntry] {
            list.map { RecipientEntry(email: $0.address, name: $0.displayName ?? "") }
        }
        return NewMessage(
            messageID: messageID, serverID: server.id, stream: email.stream,
            fromEmail: email.from.address, fromDisplay: email.from.formatted, subject: email.subject,
            tag: email.tag, to: entries(email.to), cc: entries(email.cc), bcc: entries(email.bcc),
            metadata: email.metadata.map { MetadataEntry(key: $0.key, value: $0.value) },
            trackOpens: email.trackOpens ?? server.settings.trackOpens,
            trackLinks: email.trackLinks ?? server.settings.trackLinks,
            sandboxed: server.deliveryType == .sandbox,
            textBody: email.textBody, htmlBody: email.htmlBody,
            attachmentNames: email.attachments.map(\.name), raw: raw, receivedAt: receivedAt,
            envelopeRecipients: email.envelopeRecipients)
    }

    /// Postmark's MessageID: a lower-case UUID.
    static func newMessageID() -> String { UUID().uuidString.lowercased() }
}

/// Structured log metadata keys, in one place (conventions: "metadata keys come from one enum").
public enum LogKey {
    public static let messageID = "postage.message_id"
    public static let serverID = "postage.server_id"
    public static let stream = "postage.stream"
    public static let recipients = "postage.recipients"
    public static let size = "postage.size"
    public static let commitMillis = "postage.commit_ms"
    public static let remoteIP = "postage.remote_ip"
    public static let requestID = "postage.request_id"
    public static let errorCode = "postage.error_code"
    /// `api` or `smtp`: how the message arrived.
    public static let channel = "postage.channel"
}

extension Duration {
    var milliseconds: Double {
        let parts = components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
