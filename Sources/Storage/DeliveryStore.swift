import Foundation

/// One envelope recipient claimed for a delivery attempt. The claim is a lease (owner, expiry),
/// never a delete: a lease that expires because its node died is claimed again (architecture
/// section 3).
public struct ClaimedDelivery: Sendable, Equatable {
    public var id: Int64
    public var messageID: String
    public var serverID: Int64
    public var recipient: String
    /// Attempts made before this claim.
    public var attempts: Int
    public var sandboxed: Bool
    /// When the message was accepted (retries give up after a maximum age).
    public var queuedAt: Date
    public var leaseUntil: Date
    /// The customer's verified Return-Path domain for the message's From domain, when there is
    /// one: the envelope sender is then `pm_bounces+<MessageID>@<it>` (SPF and DMARC align).
    public var returnPathDomain: String?

    public init(
        id: Int64, messageID: String, serverID: Int64, recipient: String, attempts: Int, sandboxed: Bool,
        queuedAt: Date, leaseUntil: Date, returnPathDomain: String? = nil
    ) {
        self.returnPathDomain = returnPathDomain
        self.id = id
        self.messageID = messageID
        self.serverID = serverID
        self.recipient = recipient
        self.attempts = attempts
        self.sandboxed = sandboxed
        self.queuedAt = queuedAt
        self.leaseUntil = leaseUntil
    }
}

/// What an attempt did to a delivery row.
public enum DeliveryResolution: Sendable, Equatable {
    /// The remote server took the message (2xx).
    case delivered
    /// Try again at the given time (4xx, connection failure, timeout).
    case deferred(until: Date)
    /// No more attempts: a permanent failure or the maximum age was reached.
    case failed
}

/// One attempt as the Messages API shows it (`MessageEvents`: `Delivered`, `Transient`, `Bounced`).
public struct DeliveryAttempt: Sendable, Equatable {
    public var at: Date
    public var eventType: String
    public var details: [String: String]
    /// Set when the outcome deactivates the recipient on the message's stream (a hard bounce or a
    /// complaint, reference section 5): the suppression is written with the event, in one commit.
    public var suppression: SuppressionReason?
    /// Set for a bounce: it is also recorded in the Bounces API, in the same commit.
    public var bounce: BounceClassification?

    public init(
        at: Date, eventType: String, details: [String: String], suppression: SuppressionReason? = nil,
        bounce: BounceClassification? = nil
    ) {
        self.at = at
        self.eventType = eventType
        self.details = details
        self.suppression = suppression
        self.bounce = bounce
    }
}

/// Postmark's bounce type of an attempt, with what the Bounces API shows.
public struct BounceClassification: Sendable, Equatable {
    public var type: String
    public var typeCode: Int
    public var description: String
    public var details: String

    public init(type: String, typeCode: Int, description: String, details: String) {
        self.type = type
        self.typeCode = typeCode
        self.description = description
        self.details = details
    }
}

/// The delivery queue: claims with leases, outcomes with their events (issue: delivery).
public protocol DeliveryStore: Sendable {
    /// Leases up to `limit` due deliveries (queued, due, and not leased or with an expired lease),
    /// oldest due first, to `owner` until `now + lease`.
    func claimDue(now: Date, limit: Int, owner: String, lease: TimeInterval) async throws -> [ClaimedDelivery]

    /// The queued MIME bytes of a message.
    func rawMessage(messageID: String) async throws -> [UInt8]?

    /// Records one attempt: the event, the row's new state, and the message's status once no
    /// recipient is left queued. Returns false, changing nothing, when `owner` no longer holds the
    /// lease (it expired and another worker claimed the row).
    func record(_ attempt: DeliveryAttempt, resolution: DeliveryResolution, for delivery: ClaimedDelivery, owner: String)
        async throws -> Bool

    /// Gives back every lease `owner` holds (graceful shutdown); returns how many.
    @discardableResult
    func releaseLeases(owner: String) async throws -> Int
}
