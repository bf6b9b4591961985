import MIMEParser
import MailCore

/// Reads a bounce, delay notice, complaint or auto-reply sent back to Postage and says which
/// recipients failed, how, and for which original message.
///
/// The order of the checks:
/// 1. an RFC 5965 feedback report (message/feedback-report part) → ``BounceReport/Kind/complaint``;
/// 2. an RFC 3464 delivery-status part (message/delivery-status or RFC 6533
///    message/global-delivery-status) with per-recipient blocks → bounce or delay;
/// 3. an automatic reply (RFC 3834) → ``BounceReport/Kind/autoReply``;
/// 4. a message that looks like a non-delivery notice (system sender, subject or wording) → the
///    free-text heuristics of ``TextBounceScanner`` (qmail, Exim, Postfix without DSN,
///    Exchange, Yahoo, AOL, Sendmail, Lotus Domino, "550 5.1.1 <x@y>: user unknown" lines);
/// 5. otherwise ``BounceReport/Kind/unknown``.
///
/// Parsing never throws or traps; the MIME parse is bounded by ``MIMEParser/ParseLimits`` and
/// the text heuristics look at most at ``maximumTextBytes`` of notice text.
public enum BounceParser {
    /// How much of the human-readable notice the text heuristics read.
    static let maximumTextBytes = 256 * 1024

    public static func parse(_ message: [UInt8], envelopeRecipient: String? = nil) -> BounceReport {
        let parsed = ParsedMessage.parse(message)
        var walk = PartWalk(parsed.root)
        // Some gateways (Exchange behind InterScan) wrap the whole DSN or ARF report as a
        // message/rfc822 attachment of a plain multipart/mixed: read the wrapped report then.
        if walk.deliveryStatus == nil, walk.feedbackReport == nil, let inner = walk.originalMessage,
            inner.root.contentType.mimeType == "multipart/report"
        {
            let wrapped = PartWalk(inner.root)
            if wrapped.deliveryStatus != nil || wrapped.feedbackReport != nil {
                walk.deliveryStatus = wrapped.deliveryStatus
                walk.feedbackReport = wrapped.feedbackReport
                walk.originalMessage = wrapped.originalMessage
                walk.originalHeaders = wrapped.originalHeaders
                walk.textParts += wrapped.textParts
            }
        }
        var report = BounceReport(kind: .unknown)
        report.originalMessageID = walk.originalMessageID()
        let excluded = excludedAddresses(parsed, envelopeRecipient: envelopeRecipient)

        if let feedback = walk.feedbackReport {
            report = FeedbackReportReader.read(feedback, original: walk.originalHeader(), base: report)
        } else if let status = walk.deliveryStatus,
            let dsn = DeliveryStatusReader.read(status), !dsn.recipients.isEmpty
        {
            report.recipients = dsn.recipients
            report.reportingMTA = dsn.reportingMTA
            report.returnPath = dsn.envelopeID
            report.kind = dsn.recipients.contains(where: { $0.permanent }) ? .bounce : .delay
        } else if isAutoReply(parsed, walk: walk) {
            report.kind = .autoReply
        } else {
            let notice = walk.noticeText(limit: maximumTextBytes)
            let scan = TextBounceScanner.scan(
                notice: notice, subject: parsed.subject ?? "", header: parsed.header,
                senderDomain: parsed.from.first?.domain, excluded: excluded)
            if scan.isBounce || walk.deliveryStatus != nil {
                report.recipients = scan.recipients
                report.kind = !scan.recipients.isEmpty && scan.recipients.allSatisfy({ !$0.permanent }) ? .delay : .bounce
                if report.originalMessageID == nil { report.originalMessageID = scan.quotedMessageID }
            }
            if let status = walk.deliveryStatus, let dsn = DeliveryStatusReader.read(status) {
                report.reportingMTA = dsn.reportingMTA
                report.returnPath = dsn.envelopeID
            }
        }
        report.returnPath = envelopeRecipient ?? report.returnPath ?? parsed.to.first?.address
        return report
    }

    /// Addresses that name the bounce's own parties, never the failed recipient.
    static func excludedAddresses(_ parsed: ParsedMessage, envelopeRecipient: String?) -> Set<String> {
        var out: Set<String> = []
        // Not Delivered-To / X-Original-To: some gateways copy the failed recipient there.
        for name in ["from", "to", "cc", "reply-to", "sender", "return-path", "errors-to"] {
            for address in parsed.addresses(name).addresses { out.insert(address.address.lowercased()) }
        }
        if let envelopeRecipient { out.insert(envelopeRecipient.lowercased()) }
        return out
    }

    /// RFC 3834 §5 `Auto-Submitted: auto-replied`, the de-facto `X-Autoreply`/`X-Autorespond`
    /// fields, `Precedence: auto_reply`, and the usual subjects; never for a system sender.
    static func isAutoReply(_ parsed: ParsedMessage, walk: PartWalk) -> Bool {
        if let from = parsed.from.first, AddressFinder.isSystemAddress(from.address) { return false }
        let header = parsed.header
        let fromText = (header["from"] ?? "").lowercased()
        // Reports (RFC 6522) and Sieve rejections (RFC 5429 §2.3 `auto-replied (rejected)`) are
        // bounces even though they are auto-submitted.
        if parsed.root.contentType.mimeType == "multipart/report" || walk.deliveryStatus != nil
            || Text.containsAny(fromText, ["mail delivery", "mailer-daemon", "postmaster"])
        {
            return false
        }
        if let auto = header["auto-submitted"]?.lowercased(), auto.contains("auto-replied") {
            return !auto.contains("rejected")
        }
        if header.contains("x-autoreply") || header.contains("x-autorespond") { return true }
        if let precedence = header["precedence"]?.lowercased(), precedence.contains("auto_reply") { return true }
        let subject = (parsed.subject ?? "").lowercased()
        return ["auto reply", "autoreply", "auto-reply", "automatic reply", "out of office", "out of the office",
                "autoresponder", "abwesenheitsnotiz", "respuesta automática", "réponse automatique"]
            .contains { subject.hasPrefix($0) || subject.contains($0 + ":") }
    }
}
