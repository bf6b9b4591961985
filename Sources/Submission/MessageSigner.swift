import DKIM
import Foundation
import Logging
import Storage
import Synchronization

/// Signs every accepted message at submission (issue: domains and DKIM): with the key of the
/// sender's verified domain when there is one (`d=` the From domain or a parent of it, so DMARC
/// aligns), and always with the platform keys of the bounce domain (rsa-sha256, plus
/// ed25519-sha256 when configured; RFC 6376, RFC 8463), as Postmark signs for both. The
/// signatures are part of the queued bytes, so `/dump` shows exactly what is sent.
public final class MessageSigner: Sendable {
    public let platform: [DKIMSigner]
    private let keys: (any DKIMKeyStore)?
    private let logger: Logger
    private let cache = Mutex<[String: (signers: [DKIMSigner], until: ContinuousClock.Instant)]>([:])
    /// How long a domain's key is cached: a rotation reaches every node within this time.
    static let cacheLifetime: Duration = .seconds(10)

    /// True when domain keys are looked up at all (a store was given).
    public var hasDomainKeys: Bool { keys != nil }

    public init(signers: [DKIMSigner], keys: (any DKIMKeyStore)? = nil, logger: Logger) {
        self.platform = signers
        self.keys = keys
        self.logger = logger
    }

    /// The active keys of the sender domain, or of its nearest parent that has one; empty when
    /// no domain of the From address is verified.
    public func domainSigners(forAddressDomain domain: String) async throws -> [DKIMSigner] {
        guard let keys else { return [] }
        var labels = domain.lowercased().split(separator: ".").map(String.init)
        while labels.count >= 2 {
            let candidate = labels.joined(separator: ".")
            let now = ContinuousClock.now
            if let cached = cache.withLock({ $0[candidate] }), cached.until > now {
                if !cached.signers.isEmpty { return cached.signers }
            } else {
                let records = try await keys.activeDKIMKeys(domain: candidate)
                let signers = records.compactMap { record -> DKIMSigner? in
                    guard let key = try? DKIMKey(pem: record.privateKeyPEM) else {
                        logger.error("DKIM: a stored key does not load", metadata: ["postage.dkim_domain": .string(candidate)])
                        return nil
                    }
                    return DKIMSigner(domain: candidate, selector: record.selector, key: key)
                }
                cache.withLock { $0[candidate] = (signers, now + Self.cacheLifetime) }
                if !signers.isEmpty { return signers }
            }
            labels.removeFirst()
        }
        return []
    }

    /// The message with its signature fields prepended: the domain's, then the platform's. Each
    /// signer signs the unsigned message (a DKIM-Signature field is never in another's `h=`).
    public func sign(_ message: [UInt8], domainSigners: [DKIMSigner] = [], at date: Date) -> [UInt8] {
        var fields = ""
        for signer in domainSigners + platform {
            do {
                fields += try signer.signatureField(for: message, timestamp: date)
            } catch {
                // Only a message without From cannot be signed; the submission paths never build one.
                logger.warning(
                    "DKIM signing failed; the message is queued without this signature",
                    metadata: ["postage.dkim_domain": .string(signer.domain), "postage.error": "\(error)"])
            }
        }
        if fields.isEmpty { return message }
        var signed = Array(fields.utf8)
        signed.reserveCapacity(signed.count + message.count)
        signed += message
        return signed
    }
}
