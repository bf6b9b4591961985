import Delivery
import Logging
import SMTPClient
import SMTPProtocol

/// Delivers over SMTP with Postage's client: tries the host's addresses in order until one
/// accepts a connection, then runs one transaction for all the recipients (RFC 5321 section 5.1:
/// "the SMTP client SHOULD try at least two addresses").
public struct SMTPMailTransport: MailTransport {
    let helo: String
    let tls: SMTPClientTLS
    let timeouts: SMTPTimeouts
    /// AUTH for a smarthost (`POSTAGE_RELAY_USER`/`POSTAGE_RELAY_PASSWORD`); only sent over TLS.
    let credentials: SMTPCredentials?
    let logger: Logger
    let pool = SessionPool()

    /// Opportunistic TLS without certificate checks is what MTAs do on port 25 (RFC 7435): an
    /// encrypted session with an unverified peer beats plaintext, and refusing self-signed
    /// certificates would bounce mail that every other MTA delivers. MTA-STS/DANE add checks later.
    public init(
        helo: String, tls: SMTPClientTLS = .opportunistic(verification: .none), timeouts: SMTPTimeouts = SMTPTimeouts(),
        credentials: SMTPCredentials? = nil, logger: Logger
    ) {
        self.helo = helo
        self.tls = tls
        self.timeouts = timeouts
        self.credentials = credentials
        self.logger = logger
    }

    static let dataStages: Set<SMTPStage> = [.data, .dataBlock, .dataTermination]

    public func deliver(envelopeFrom: String, recipients: [String], message: [UInt8], to host: MailHost) async
        -> [TransportOutcome]
    {
        var lastError = "no address to connect to"
        for address in host.addresses {
            let key = "\(address)|\(host.port)"
            if let session = await pool.take(key) {
                let outcomes = await session.send(envelope: (from: envelopeFrom, recipients: recipients), message: message)
                // A reused connection the server had dropped while idle fails as a whole before any
                // of the message left: open a new one at once. A failure once DATA has begun is an
                // attempt like any other; it is recorded and retried on the schedule, so the
                // Messages API shows it (and a possible duplicate at the remote is explained).
                let droppedWhileIdle = outcomes.allSatisfy { $0.status == .transient && !Self.dataStages.contains($0.stage) }
                if !(droppedWhileIdle && !session.isOpen) {
                    await pool.put(key, session)
                    return convert(outcomes, address: address)
                }
            }
            let session: SMTPClientSession
            do {
                session = try await SMTPClientSession.connect(
                    to: address, port: host.port, helo: helo, tls: tls, credentials: credentials, timeouts: timeouts,
                    logger: logger)
            } catch let error as SMTPClientError where !error.isTransient {
                // A permanent refusal during setup (a 554 greeting, 5xx to EHLO and HELO) is the
                // host's answer for every recipient: no other address will say otherwise.
                return recipients.map { recipient in
                    let outcome = error.outcome(for: recipient)
                    return TransportOutcome(
                        recipient: recipient, status: .permanent, code: outcome.code,
                        enhancedStatus: outcome.enhancedCode?.description, text: outcome.reply.textWithoutEnhancedCode,
                        remoteAddress: address)
                }
            } catch {
                lastError = "\(error)"
                continue
            }
            let outcomes = await session.send(envelope: (from: envelopeFrom, recipients: recipients), message: message)
            await pool.put(key, session)
            return convert(outcomes, address: address)
        }
        return recipients.map {
            TransportOutcome(
                recipient: $0, status: .transient, code: 421, enhancedStatus: "4.4.1",
                text: "could not connect to \(host.name): \(lastError)", remoteAddress: nil)
        }
    }

    /// Closes the connections kept for reuse.
    public func shutdown() async { await pool.drain() }

    func convert(_ outcomes: [RecipientOutcome], address: String) -> [TransportOutcome] {
        outcomes.map { outcome in
            TransportOutcome(
                recipient: outcome.recipient, status: Self.status(outcome.status), code: outcome.code,
                enhancedStatus: outcome.enhancedCode?.description, text: outcome.reply.textWithoutEnhancedCode,
                remoteAddress: address)
        }
    }

    static func status(_ status: RecipientOutcome.Status) -> TransportOutcome.Status {
        switch status {
        case .delivered: .delivered
        case .transient: .transient
        case .permanent: .permanent
        }
    }
}
