import Foundation

/// A DKIM signing key as stored (issue: domains and DKIM). Keys live in the database so that every
/// node of a deployment signs with the same selector.
public struct DKIMKeyRecord: Sendable, Equatable {
    public var id: Int64
    /// The signing domain (`d=`).
    public var domain: String
    /// The selector (`s=`): the key is published at `<selector>._domainkey.<domain>`.
    public var selector: String
    /// `rsa-sha256` or `ed25519-sha256`.
    public var algorithm: String
    /// PKCS#8 PEM. Never returned by the API.
    public var privateKeyPEM: String
    /// The TXT value to publish: `v=DKIM1; k=...; p=...`.
    public var publicDNSValue: String
    public var createdAt: Date

    public init(
        id: Int64, domain: String, selector: String, algorithm: String, privateKeyPEM: String,
        publicDNSValue: String, createdAt: Date
    ) {
        self.id = id
        self.domain = domain
        self.selector = selector
        self.algorithm = algorithm
        self.privateKeyPEM = privateKeyPEM
        self.publicDNSValue = publicDNSValue
        self.createdAt = createdAt
    }
}

public protocol DKIMKeyStore: Sendable {
    /// The active keys of a signing domain, at most one per algorithm, oldest first.
    func activeDKIMKeys(domain: String) async throws -> [DKIMKeyRecord]

    /// Makes `key` the active key of its domain and algorithm unless one already is (another node
    /// may have created it first); returns the active key either way.
    func addDKIMKeyIfNone(_ key: DKIMKeyRecord) async throws -> DKIMKeyRecord
}
