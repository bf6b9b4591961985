import Foundation
import Logging
import Storage
import Synchronization

/// Settings of the delivery role, each with its named default.
public struct DeliveryConfiguration: Sendable {
    /// Deliveries claimed per round.
    public var batchSize = 200
    /// SMTP transactions in flight at once, over all destinations.
    public var maxConcurrentTransactions = 32
    /// SMTP transactions in flight at once to one recipient domain (Postfix's
    /// default_destination_concurrency_limit is 20).
    public var maxPerDomain = 20
    /// How long a claim is held before another worker may take it over.
    public var lease: TimeInterval = 600
    /// Pause between rounds when nothing was due.
    public var idlePoll: Duration = .milliseconds(250)
    public var schedule: RetrySchedule = .standard
    /// Envelope sender domain: `pm_bounces+<MessageID>@<bounceDomain>` (VERP, architecture 2).
    public var bounceDomain: String
    /// This worker's name in leases.
    public var owner: String

    public init(bounceDomain: String, owner: String) {
        self.bounceDomain = bounceDomain
        self.owner = owner
    }
}

/// The delivery role: claims due recipients with a lease, delivers them grouped per message and
/// domain (one SMTP transaction for all recipients of a message at one domain), and records every
/// attempt. Claims are ordered by due time, so retries and new mail are served first due, first
/// served.
public final class DeliveryService: Sendable {
    let store: any DeliveryStore
    let router: any MailRouter
    let transport: any MailTransport
    let configuration: DeliveryConfiguration
    let logger: Logger
    let now: @Sendable () -> Date
    private let stopping = Mutex(false)

    public init(
        store: any DeliveryStore, router: any MailRouter, transport: any MailTransport,
        configuration: DeliveryConfiguration, logger: Logger, now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.store = store
        self.router = router
        self.transport = transport
        self.configuration = configuration
        self.logger = logger
        self.now = now
    }

    /// Runs rounds until `stop()`: what is in flight finishes, nothing new is claimed, and the
    /// leases still held are given back.
    public func run() async {
        let limiter = DomainLimiter(limit: configuration.maxPerDomain)
        while !stopping.withLock({ $0 }) {
            let processed: Int
            do {
                processed = try await runRound(limiter: limiter)
            } catch {
                logger.error("delivery round failed", metadata: ["postage.error": "\(error)"])
                processed = 0
            }
            if processed == 0 && !stopping.withLock({ $0 }) {
                try? await Task.sleep(for: configuration.idlePoll)
            }
        }
        do {
            let released = try await store.releaseLeases(owner: configuration.owner)
            logger.info("delivery stopped", metadata: ["postage.released_leases": "\(released)"])
        } catch {
            logger.error("could not release leases", metadata: ["postage.error": "\(error)"])
        }
    }

    public func stop() { stopping.withLock { $0 = true } }

    /// One round: claim, deliver, record. Returns how many deliveries it handled.
    @discardableResult
    public func runRound() async throws -> Int {
        try await runRound(limiter: DomainLimiter(limit: configuration.maxPerDomain))
    }

    func runRound(limiter: DomainLimiter) async throws -> Int {
        let claimed = try await store.claimDue(
            now: now(), limit: configuration.batchSize, owner: configuration.owner, lease: configuration.lease)
        if claimed.isEmpty { return 0 }
        let groups = Dictionary(grouping: claimed) { GroupKey(messageID: $0.messageID, domain: Self.domain(of: $0.recipient)) }
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for (key, deliveries) in groups.sorted(by: { $0.value[0].id < $1.value[0].id }) {
                if running >= configuration.maxConcurrentTransactions {
                    await group.next()
                    running -= 1
                }
                running += 1
                group.addTask {
                    await limiter.acquire(key.domain)
                    await self.deliver(deliveries, key: key)
                    await limiter.release(key.domain)
                }
            }
        }
        return claimed.count
    }

    struct GroupKey: Hashable {
        var messageID: String
        var domain: String
    }

    /// Delivers one message to the recipients it has at one domain.
    func deliver(_ deliveries: [ClaimedDelivery], key: GroupKey) async {
        var generator = SystemRandomNumberGenerator()
        let schedule = configuration.schedule
        if deliveries[0].sandboxed {
            for delivery in deliveries { await record(DeliveryPlanner.sandboxed(now: now()), delivery) }
            return
        }
        let hosts: [MailHost]
        do {
            hosts = try await router.route(domain: key.domain)
        } catch {
            for delivery in deliveries {
                await record(DeliveryPlanner.decide(error, delivery: delivery, now: now(), schedule: schedule, using: &generator), delivery)
            }
            return
        }
        guard let raw = try? await store.rawMessage(messageID: key.messageID) else {
            logger.error("queued message has no raw bytes", metadata: ["postage.message_id": "\(key.messageID)"])
            return
        }
        var pending = deliveries
        var last: [String: (TransportOutcome, MailHost)] = [:]
        // RFC 5321 §5.1: on connection failure or a 4xx, go on to the next host.
        for host in hosts where !pending.isEmpty {
            let outcomes = await transport.deliver(
                envelopeFrom: "pm_bounces+\(key.messageID)@\(deliveries[0].returnPathDomain ?? configuration.bounceDomain)",
                recipients: pending.map(\.recipient), message: raw, to: host)
            var stillPending: [ClaimedDelivery] = []
            for delivery in pending {
                let outcome =
                    outcomes.first { $0.recipient == delivery.recipient }
                    ?? TransportOutcome(
                        recipient: delivery.recipient, status: .transient, code: 451, enhancedStatus: "4.3.0",
                        text: "no outcome reported", remoteAddress: nil)
                last[delivery.recipient] = (outcome, host)
                if outcome.status == .transient {
                    stillPending.append(delivery)
                } else {
                    await record(
                        DeliveryPlanner.decide(outcome, host: host, delivery: delivery, now: now(), schedule: schedule, using: &generator),
                        delivery)
                }
            }
            pending = stillPending
        }
        for delivery in pending {
            let (outcome, host) = last[delivery.recipient]
                ?? (TransportOutcome(recipient: delivery.recipient, status: .transient, code: 451, enhancedStatus: "4.4.0",
                                     text: "no host to try", remoteAddress: nil), MailHost(name: key.domain, addresses: [], port: 25))
            await record(
                DeliveryPlanner.decide(outcome, host: host, delivery: delivery, now: now(), schedule: schedule, using: &generator),
                delivery)
        }
    }

    func record(_ decision: DeliveryPlanner.Decision, _ delivery: ClaimedDelivery) async {
        do {
            let held = try await store.record(
                decision.attempt, resolution: decision.resolution, for: delivery, owner: configuration.owner)
            logger.info(
                "delivery attempt",
                metadata: [
                    "postage.message_id": "\(delivery.messageID)",
                    "postage.recipient_domain": "\(Self.domain(of: delivery.recipient))",
                    "postage.outcome": "\(decision.attempt.eventType)",
                    "postage.detail": "\(decision.attempt.details["DeliveryMessage"] ?? decision.attempt.details["Summary"] ?? "")",
                    "postage.lease_held": "\(held)",
                ])
        } catch {
            // The lease expires and the delivery is attempted again: at-least-once.
            logger.error("could not record a delivery outcome", metadata: ["postage.error": "\(error)"])
        }
    }

    static func domain(of address: String) -> String {
        guard let at = address.lastIndex(of: "@") else { return address.lowercased() }
        return String(address[address.index(after: at)...]).lowercased()
    }
}
