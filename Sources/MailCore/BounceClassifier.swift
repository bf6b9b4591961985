/// Classifies a delivery failure into Postmark's bounce types (reference section 5) from what the
/// remote side said: an SMTP reply code, an enhanced status code (RFC 3463), and the diagnostic
/// text. Used for synchronous refusals during delivery and for the status fields of DSNs.
///
/// The enhanced code decides first, because it is standard; the text refines codes that are too
/// coarse (5.7.1 is used for spam blocks, relay denials and policy alike) and stands in when a
/// server sends no enhanced code.
public enum BounceClassifier {
    public struct Verdict: Sendable, Equatable {
        public var type: BounceType
        /// True for failures that will not go away by retrying (a 5xx class, or 5.x.x status).
        public var permanent: Bool
    }

    public static func classify(smtpCode: Int?, enhancedStatus: String?, diagnostic: String) -> Verdict {
        let text = diagnostic.lowercased()
        let status = enhancedStatus.flatMap(EnhancedStatus.init)
        let permanent = status.map { $0.klass == 5 } ?? ((smtpCode ?? 500) >= 500)
        if !permanent {
            // RFC 3463 class 4: persistent transient failure. Full mailboxes are soft bounces when
            // they surface (a DSN after retries); everything else is a delay.
            if status.map({ $0.subject == 2 && $0.detail == 2 }) == true || mentions(text, quotaWords) {
                return Verdict(type: .softBounce, permanent: false)
            }
            return Verdict(type: .transient, permanent: false)
        }
        if mentions(text, virusWords) { return Verdict(type: .virusNotification, permanent: true) }
        if let status {
            switch (status.subject, status.detail) {
            // RFC 3463 §3.2 addressing status: bad mailbox, bad system, syntax, ambiguous.
            case (1, 1), (1, 3), (1, 6): return Verdict(type: .hardBounce, permanent: true)
            case (1, 2), (1, 10): return Verdict(type: .hardBounce, permanent: true)  // RFC 7505 null MX: 5.1.10
            // RFC 3463 §3.3 mailbox status: disabled, full, too large for mailbox.
            case (2, 1): return Verdict(type: mentions(text, unknownUserWords) ? .hardBounce : .softBounce, permanent: true)
            case (2, 2), (2, 3): return Verdict(type: .softBounce, permanent: true)
            // RFC 3463 §3.5 network and routing: DNS and routing failures.
            case (4, 4), (4, 3): return Verdict(type: .dnsError, permanent: true)
            // RFC 7372: 5.7.26 DMARC / multiple authentication checks failed.
            case (7, 26), (7, 25): return Verdict(type: .dmarcPolicy, permanent: true)
            case (7, _):
                if mentions(text, unknownUserWords) { return Verdict(type: .hardBounce, permanent: true) }
                if mentions(text, spamWords) { return Verdict(type: .spamNotification, permanent: true) }
                return Verdict(type: .blocked, permanent: true)
            default: break
            }
        }
        if mentions(text, unknownUserWords) { return Verdict(type: .hardBounce, permanent: true) }
        if mentions(text, quotaWords) { return Verdict(type: .softBounce, permanent: true) }
        if mentions(text, spamWords) { return Verdict(type: .spamNotification, permanent: true) }
        if mentions(text, blockWords) { return Verdict(type: .blocked, permanent: true) }
        if mentions(text, dnsWords) { return Verdict(type: .dnsError, permanent: true) }
        return Verdict(type: status == nil && smtpCode == nil ? .unknown : .hardBounce, permanent: true)
    }

    static let unknownUserWords = [
        "user unknown", "unknown user", "no such user", "no such mailbox", "mailbox unavailable",
        "does not exist", "doesn't exist", "invalid recipient", "recipient address rejected", "unknown recipient",
        "no mailbox", "address rejected", "not a valid mailbox", "mailbox not found", "user not found",
        "account does not exist", "addressee unknown",
    ]
    static let quotaWords = ["mailbox full", "quota", "over quota", "mailbox is full", "insufficient storage", "exceeded storage"]
    static let spamWords = ["spam", "junk", "unsolicited"]
    static let blockWords = ["blocked", "blacklist", "blocklist", "denylist", "reputation", "rejected for policy", "not allowed"]
    static let virusWords = ["virus", "malware", "infected"]
    static let dnsWords = ["host not found", "domain not found", "no mx", "name service error", "nxdomain", "unrouteable"]

    static func mentions(_ text: String, _ words: [String]) -> Bool {
        words.contains { text.contains($0) }
    }
}

/// An RFC 3463 enhanced status code `class.subject.detail`.
public struct EnhancedStatus: Sendable, Equatable, CustomStringConvertible {
    public var klass: Int
    public var subject: Int
    public var detail: Int

    /// Parses `5.1.1`; classes are 2, 4 or 5, subject 0–999, detail 0–999 (RFC 3463 §2).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let k = Int(parts[0]), let s = Int(parts[1]), let d = Int(parts[2]),
            [2, 4, 5].contains(k), (0...999).contains(s), (0...999).contains(d),
            parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) })
        else { return nil }
        klass = k
        subject = s
        detail = d
    }

    public var description: String { "\(klass).\(subject).\(detail)" }
}
