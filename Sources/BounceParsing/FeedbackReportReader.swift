import MIMEParser
import MailCore

/// Reads an RFC 5965 feedback report (ARF): the message/feedback-report part and the
/// original message (or its headers) attached beside it.
enum FeedbackReportReader {
    static func read(_ part: ParsedPart, original: HeaderSection?, base: BounceReport) -> BounceReport {
        var report = base
        report.kind = .complaint
        var fields: [HeaderField] = []
        for block in part.fieldBlocks().prefix(100) { fields += block.fields }
        func first(_ name: String) -> String? {
            fields.first { $0.hasName(name) }.map { Text.trim($0.decodedValue) }.flatMap { $0.isEmpty ? nil : $0 }
        }
        let feedbackType = first("feedback-type")?.lowercased()
        report.feedbackType = feedbackType
        report.userAgent = first("user-agent")
        report.reportingMTA = first("reporting-mta").map(DeliveryStatusReader.typedValue)

        // RFC 5965 §3.2 Original-Rcpt-To (may repeat), else the original's To (RFC 6650 §3 asks
        // reporters to keep it; many redact the local part instead).
        var addresses: [String] = []
        for field in fields where field.hasName("original-rcpt-to") {
            let value = Text.strip(field.unfoldedValue, "<>")
            if value.contains("@") { addresses.append(value) }
        }
        if addresses.isEmpty, let original {
            for field in original.fields("to") {
                addresses += AddressListParser.parse(field.unfoldedValue).addresses.map(\.address)
            }
        }

        let type: BounceType
        let permanent: Bool
        switch feedbackType ?? "abuse" {
        case "not-spam": (type, permanent) = (.unknown, false)  // RFC 6430: a complaint withdrawn
        case "virus": (type, permanent) = (.virusNotification, true)
        case "opt-out", "opt-out-list": (type, permanent) = (.unsubscribe, true)
        case "auth-failure": (type, permanent) = (.dmarcPolicy, false)  // RFC 6591: about the sender, not the recipient
        default: (type, permanent) = (.spamComplaint, true)  // abuse, fraud, other, and unknown types
        }
        var seen: Set<String> = []
        report.recipients = addresses.filter { seen.insert($0.lowercased()).inserted }.map {
            BouncedRecipient(
                address: $0, action: nil, status: nil, diagnostic: feedbackType.map { "Feedback-Type: " + $0 },
                permanent: permanent, bounceType: type)
        }
        return report
    }
}
