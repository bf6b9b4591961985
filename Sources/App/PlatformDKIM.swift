import DKIM
import Foundation
import Logging
import Storage
import Submission

/// The platform's DKIM keys: every message is signed for the bounce domain until domains with
/// their own verified keys exist (issue: domains and DKIM). The keys are made on first start and
/// kept in the database, so every node signs with the same selectors; the records to publish are
/// logged at start and printed by `postage dkim`.
public enum PlatformDKIM {
    /// Loads the active keys of the bounce domain, creating the missing ones (RSA 2048 always,
    /// Ed25519 when configured), and returns the signer for the submission paths.
    public static func signer(configuration: Configuration, store: any Store, logger: Logger) async throws
        -> MessageSigner?
    {
        guard configuration.dkim.enabled else { return nil }
        let records = try await keys(configuration: configuration, store: store, create: true)
        var signers: [DKIMSigner] = []
        for record in records {
            let key = try DKIMKey(pem: record.privateKeyPEM)
            signers.append(DKIMSigner(domain: record.domain, selector: record.selector, key: key))
            logger.info(
                "DKIM: signing with the platform key; publish its TXT record",
                metadata: [
                    "postage.dkim_host": .string("\(record.selector)._domainkey.\(record.domain)"),
                    "postage.dkim_algorithm": .string(record.algorithm),
                ])
        }
        return MessageSigner(signers: signers, keys: store, logger: logger)
    }

    /// The active platform keys, created first when `create` is set and one is missing.
    public static func keys(configuration: Configuration, store: any Store, create: Bool) async throws
        -> [DKIMKeyRecord]
    {
        let domain = configuration.bounceDomain.lowercased()
        var wanted: [DKIMAlgorithm] = [.rsaSHA256]
        if configuration.dkim.ed25519 { wanted.append(.ed25519SHA256) }
        var active = try await store.activeDKIMKeys(domain: domain)
        guard create else { return active.filter { record in wanted.contains { $0.rawValue == record.algorithm } } }
        for algorithm in wanted where !active.contains(where: { $0.algorithm == algorithm.rawValue }) {
            let key: DKIMKey
            switch algorithm {
            case .rsaSHA256: key = try DKIMKey.generateRSA(bits: 2048)
            case .ed25519SHA256: key = DKIMKey.generateEd25519()
            }
            let now = Date()
            let record = DKIMKeyRecord(
                id: 0, domain: domain, selector: selector(for: algorithm, at: now), algorithm: algorithm.rawValue,
                privateKeyPEM: key.privateKeyPEM, publicDNSValue: key.publicKeyDNSValue, createdAt: now)
            active.append(try await store.addDKIMKeyIfNone(record))
        }
        return active.filter { record in wanted.contains { $0.rawValue == record.algorithm } }
    }

    /// `20261129071500pmr` / `…pme`: one selector per algorithm, apart across rotations.
    static func selector(for algorithm: DKIMAlgorithm, at date: Date) -> String {
        DKIMSelector.timestamped(date, suffix: algorithm == .rsaSHA256 ? "pmr" : "pme")
    }
}
