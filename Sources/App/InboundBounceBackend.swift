import BounceParsing
import Foundation
import Logging
import MailCore
import SMTPProtocol
import SMTPServer
import SMTPServerProtocol
import Storage
import Synchronization

/// The inbound bounce listener's view of Postage (issue: bounces): every message it accepts is a
/// bounce or complaint for the bounce domain. It is classified, tied to its original message by
/// the return path (`pm_bounces+<MessageID>@<bounce domain>`, else the Message-ID of the copy the
/// report carries), and recorded with its event and, for hard bounces and complaints, the
/// suppression. Reports that match no message are kept, unmatched, for inspection.
final class InboundBounceBackend: SMTPSubmissionBackend {
    private let store: any Store
    private let bounceDomain: String
    private let logger: Logger
    private let now: @Sendable () -> Date

    /// The bounce domain and the customers' verified Return-Path domains (their CNAMEs point here),
    /// refreshed in the background at most every `refreshInterval`.
    private let domains: Mutex<(set: Set<String>, fetched: ContinuousClock.Instant?, refreshing: Bool)>
    static let refreshInterval: Duration = .seconds(15)

    init(store: any Store, bounceDomain: String, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.bounceDomain = bounceDomain.lowercased()
        self.logger = logger
        self.now = now
        self.domains = Mutex(([bounceDomain.lowercased()], nil, false))
    }

    func acceptedRecipientDomains() -> Set<String>? {
        let (current, stale) = domains.withLock { state -> (Set<String>, Bool) in
            let stale = !state.refreshing
                && (state.fetched.map { ContinuousClock.now - $0 > Self.refreshInterval } ?? true)
            if stale { state.refreshing = true }
            return (state.set, stale)
        }
        if stale { Task { await self.refreshDomains() } }
        return current
    }

    func refreshDomains() async {
        var set: Set<String> = [bounceDomain]
        do {
            for domain in try await store.listDomains(count: 100_000, offset: 0).items where domain.returnPathVerified {
                if let returnPath = domain.returnPathDomain { set.insert(returnPath.lowercased()) }
            }
            for signature in try await store.listSenderSignatures(count: 100_000, offset: 0).items
            where signature.confirmed && signature.returnPathVerified {
                if let returnPath = signature.returnPathDomain { set.insert(returnPath.lowercased()) }
            }
            domains.withLock { $0 = (set, ContinuousClock.now, false) }
        } catch {
            logger.warning("inbound: reading the Return-Path domains failed", metadata: ["postage.error": "\(error)"])
            domains.withLock { $0.refreshing = false }
        }
    }

    /// No AUTH: this is the bounce domain's MX, open to every sender, closed to every other domain.
    func authenticate(username: String, password: String) async -> SMTPIdentity? { nil }

    func anonymousIdentity(remoteAddress: String) -> SMTPIdentity? { SMTPIdentity(serverID: 0, name: "inbound") }

    func submit(_ submission: SMTPSubmission, identity: SMTPIdentity, remoteAddress: String) async -> SubmissionOutcome {
        let report = BounceParser.parse(submission.message, envelopeRecipient: submission.recipients.first)
        let messageID = Self.messageID(fromReturnPaths: submission.recipients)
            ?? report.originalMessageID.flatMap(Self.messageID(fromHeader:))
        let receivedAt = now()
        var recipients = report.recipients
        if recipients.isEmpty {
            // A bounce without a recoverable address is still kept, as Unknown.
            recipients = [BouncedRecipient(address: "", permanent: false, bounceType: .unknown)]
        }
        do {
            var ids: [Int64] = []
            for recipient in recipients {
                let type = report.kind == .complaint ? BounceType.spamComplaint : recipient.bounceType
                let suppression: SuppressionReason? =
                    switch type {
                    case .hardBounce: .hardBounce
                    case .spamComplaint: .spamComplaint
                    default: nil
                    }
                let details = [recipient.status, recipient.diagnostic].compactMap { $0 }.joined(separator: " ")
                let (id, matched) = try await store.recordBounce(
                    NewBounce(
                        messageID: messageID, email: recipient.address, type: type.rawValue, typeCode: type.typeCode,
                        description: type.description, details: details.isEmpty ? type.name : details,
                        bouncedAt: receivedAt, content: submission.message, suppression: suppression))
                ids.append(id)
                logger.info(
                    matched ? "bounce recorded" : "bounce kept unmatched",
                    metadata: [
                        "postage.bounce_id": "\(id)", "postage.bounce_type": .string(type.rawValue),
                        "postage.message_id": .string(messageID ?? "-"), "postage.remote_ip": .string(remoteAddress),
                    ])
            }
            return .accepted(messageID: ids.map(String.init).joined(separator: ","))
        } catch {
            logger.error("inbound bounce: storing failed", metadata: ["postage.error": "\(error)"])
            return .rejected(SMTPReply(code: 451, "4.3.0 Temporary failure storing the report, try again later"))
        }
    }

    /// `pm_bounces+<MessageID>@<domain>` (the envelope sender Postage's delivery uses; the session
    /// accepted only the bounce domain and verified Return-Path domains).
    static func messageID(fromReturnPaths recipients: [String]) -> String? {
        for recipient in recipients {
            guard let at = recipient.lastIndex(of: "@") else { continue }
            let local = recipient[..<at]
            guard let plus = local.firstIndex(of: "+"), local[..<plus].lowercased() == "pm_bounces" else { continue }
            let id = local[local.index(after: plus)...].lowercased()
            if UUID(uuidString: id) != nil { return id }
        }
        return nil
    }

    /// From the copy's `X-PM-Message-Id` (a bare UUID) or its `Message-ID` (`<uuid@host>`).
    static func messageID(fromHeader text: String) -> String? {
        var value = text.trimmingCharacters(in: CharacterSet(charactersIn: "<> \t"))
        if let at = value.firstIndex(of: "@") { value = String(value[..<at]) }
        return UUID(uuidString: value) != nil ? value.lowercased() : nil
    }
}
