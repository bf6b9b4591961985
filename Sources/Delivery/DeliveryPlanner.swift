import Foundation
import MailCore
import Storage

/// Turns what happened to a recipient into what the queue records: the event shown in
/// `/messages/outbound/{id}/details` and the row's next state. Pure.
public enum DeliveryPlanner {
    public struct Decision: Sendable, Equatable {
        public var attempt: DeliveryAttempt
        public var resolution: DeliveryResolution
        /// Set when the recipient bounced.
        public var bounce: BounceType?
    }

    /// A remote reply for the recipient, after every host that could be tried.
    public static func decide(
        _ outcome: TransportOutcome, host: MailHost?, delivery: ClaimedDelivery, now: Date, schedule: RetrySchedule,
        using generator: inout some RandomNumberGenerator
    ) -> Decision {
        var details = ["DeliveryMessage": outcome.replyLine]
        if let host { details["DestinationServer"] = host.name }
        if let address = outcome.remoteAddress { details["DestinationIP"] = address }
        switch outcome.status {
        case .delivered:
            return Decision(
                attempt: DeliveryAttempt(at: now, eventType: "Delivered", details: details), resolution: .delivered,
                bounce: nil)
        case .permanent:
            let verdict = BounceClassifier.classify(
                smtpCode: outcome.code, enhancedStatus: outcome.enhancedStatus, diagnostic: outcome.text)
            return bounced(verdict.permanent ? verdict.type : .hardBounce, summary: outcome.replyLine, details: details, now: now)
        case .transient:
            return deferOrGiveUp(summary: outcome.replyLine, details: details, delivery: delivery, now: now,
                                 schedule: schedule, using: &generator)
        }
    }

    /// A routing failure for the recipient's domain.
    public static func decide(
        _ error: RoutingError, delivery: ClaimedDelivery, now: Date, schedule: RetrySchedule,
        using generator: inout some RandomNumberGenerator
    ) -> Decision {
        switch error.kind {
        case .nullMX:
            // RFC 7505 §4.2: mail to a null MX domain fails at once, 550 5.1.10 in substance.
            return bounced(.hardBounce, summary: "556 5.1.10 Recipient domain accepts no mail (null MX): \(error.detail)",
                           details: [:], now: now)
        case .noSuchDomain:
            return bounced(.dnsError, summary: "550 5.1.2 Recipient domain not found: \(error.detail)", details: [:], now: now)
        case .temporary:
            return deferOrGiveUp(summary: "451 4.4.3 DNS lookup failed: \(error.detail)", details: [:], delivery: delivery,
                                 now: now, schedule: schedule, using: &generator)
        }
    }

    /// Sandbox servers store mail but never send it (issue: delivery, "Sandbox servers").
    public static func sandboxed(now: Date) -> Decision {
        Decision(
            attempt: DeliveryAttempt(
                at: now, eventType: "Sandboxed",
                details: ["Summary": "Sandbox server: the message was accepted and stored, and not delivered."]),
            resolution: .delivered, bounce: nil)
    }

    static func bounced(_ type: BounceType, summary: String, details: [String: String], now: Date) -> Decision {
        var details = details
        details["Summary"] = summary
        details["BounceType"] = type.rawValue
        details["TypeCode"] = String(type.typeCode)
        return Decision(
            attempt: DeliveryAttempt(
                at: now, eventType: "Bounced", details: details, suppression: suppression(for: type),
                bounce: BounceClassification(
                    type: type.rawValue, typeCode: type.typeCode, description: type.description, details: summary)),
            resolution: .failed, bounce: type)
    }

    /// Hard bounces and spam complaints deactivate the recipient on the stream (reference section 5).
    static func suppression(for type: BounceType) -> SuppressionReason? {
        switch type {
        case .hardBounce: .hardBounce
        case .spamComplaint: .spamComplaint
        default: nil
        }
    }

    static func deferOrGiveUp(
        summary: String, details: [String: String], delivery: ClaimedDelivery, now: Date, schedule: RetrySchedule,
        using generator: inout some RandomNumberGenerator
    ) -> Decision {
        guard
            let next = schedule.nextAttempt(
                afterAttempts: delivery.attempts + 1, now: now, queuedAt: delivery.queuedAt, using: &generator)
        else {
            // Too old to retry: it bounces as undeliverable (Postmark's "Transient" type).
            return bounced(.transient, summary: "Gave up after \(delivery.attempts + 1) attempts: \(summary)",
                           details: details, now: now)
        }
        var details = details
        details["DeliveryMessage"] = summary
        return Decision(
            attempt: DeliveryAttempt(at: now, eventType: "Transient", details: details),
            resolution: .deferred(until: next), bounce: nil)
    }
}
