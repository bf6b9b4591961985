import MailCore

/// What a bounce, delay notice or complaint says, as ``BounceParser/parse(_:envelopeRecipient:)``
/// understood it.
public struct BounceReport: Sendable, Equatable, Codable {
    /// What kind of message this is.
    public enum Kind: String, Sendable, Codable {
        /// A non-delivery report: at least one recipient failed for good (RFC 3464 `Action:
        /// failed`, or a non-standard "could not be delivered" notice). Also a recognisable bounce
        /// whose failed address could not be recovered (then ``BounceReport/recipients`` is empty).
        case bounce
        /// A feedback report (RFC 5965 ARF): the recipient complained (or, for `not-spam`,
        /// withdrew a complaint; see ``BouncedRecipient/bounceType``).
        case complaint
        /// A delay warning only: every reported recipient is still being retried (RFC 3464
        /// `Action: delayed`, or "this is just a warning, delivery attempts will continue").
        case delay
        /// An automatic reply (RFC 3834 `Auto-Submitted: auto-replied`, "Auto reply", "Out of
        /// office"): not a delivery failure, no recipients.
        case autoReply
        /// Not recognised as any of the above (an ordinary message), no recipients.
        case unknown
    }

    public var kind: Kind
    /// One entry per failed (or delayed) recipient, deduplicated case-insensitively.
    public var recipients: [BouncedRecipient]
    /// `X-PM-Message-Id` of the original message when present (the id Postage assigned), else
    /// its `Message-ID` without angle brackets: from the attached message/rfc822 or
    /// text/rfc822-headers part, or from a copy of the headers quoted in a plain-text bounce.
    public var originalMessageID: String?
    /// The envelope recipient of the bounce when the caller knows it (the VERP return path),
    /// else the DSN's `Original-Envelope-Id`, else the bounce's `To` address.
    public var returnPath: String?
    /// `Reporting-MTA` (DSN or ARF) without its type (`dns;`).
    public var reportingMTA: String?
    /// ARF `Feedback-Type` (RFC 5965 §3.1: abuse, fraud, other, virus, not-spam, auth-failure, ...).
    public var feedbackType: String?
    /// ARF `User-Agent`.
    public var userAgent: String?

    public init(
        kind: Kind, recipients: [BouncedRecipient] = [], originalMessageID: String? = nil, returnPath: String? = nil,
        reportingMTA: String? = nil, feedbackType: String? = nil, userAgent: String? = nil
    ) {
        self.kind = kind
        self.recipients = recipients
        self.originalMessageID = originalMessageID
        self.returnPath = returnPath
        self.reportingMTA = reportingMTA
        self.feedbackType = feedbackType
        self.userAgent = userAgent
    }

    /// True for spam complaints (ARF reports other than `not-spam`).
    public var isComplaint: Bool { kind == .complaint }

    /// The report's overall Postmark type: the first recipient's, else `AutoResponder` for an
    /// automatic reply and `Unknown` otherwise.
    public var bounceType: BounceType {
        if let first = recipients.first { return first.bounceType }
        return kind == .autoReply ? .autoResponder : .unknown
    }
}

/// One recipient a report says failed (or was delayed, or complained).
public struct BouncedRecipient: Sendable, Equatable, Codable {
    public var address: String
    /// RFC 3464 §2.3.3 action, lowercased (`failed`, `delayed`); for non-standard bounces
    /// `failed` or `delayed` as inferred; nil for complaints.
    public var action: String?
    /// Enhanced status code (RFC 3463), e.g. `5.1.1`, from `Status:` or found in the text.
    public var status: String?
    /// `Diagnostic-Code` text without its type, or the most telling line of a free-text bounce.
    public var diagnostic: String?
    /// `Remote-MTA` (RFC 3464 §2.3.5) without its type, when the DSN gives one.
    public var remoteMTA: String?
    /// True when the sender will not retry: a DSN `Action: failed` (whatever the status class,
    /// as the reporting MTA has given up), a non-standard bounce that is not a delay warning,
    /// and complaints. False for delays.
    public var permanent: Bool
    /// Postmark's bounce type, from ``MailCore/BounceClassifier`` (a 4.x.x status after the
    /// sender gave up stays `Transient`/`SoftBounce`, so it does not deactivate the recipient).
    public var bounceType: BounceType

    public init(
        address: String, action: String? = nil, status: String? = nil, diagnostic: String? = nil,
        remoteMTA: String? = nil, permanent: Bool, bounceType: BounceType
    ) {
        self.address = address
        self.action = action
        self.status = status
        self.diagnostic = diagnostic
        self.remoteMTA = remoteMTA
        self.permanent = permanent
        self.bounceType = bounceType
    }
}
