import Foundation

/// A sending domain of the account (reference 4.3): its DKIM keys and what DNS checks found.
public struct DomainRecord: Sendable, Equatable {
    public var id: Int64
    public var name: String
    public var returnPathDomain: String?
    public var returnPathVerified: Bool
    public var dkimVerified: Bool
    public var spfVerified: Bool
    /// Why the last check did not verify, for the operator.
    public var lastReason: String?
    public var createdAt: Date
    /// The key messages are signed with, once verified.
    public var activeKey: DKIMKeyRecord?
    /// A new key waiting for its DNS record (a new domain's first key, or a rotation).
    public var pendingKey: DKIMKeyRecord?
    /// The key a rotation replaced; its record may be removed from DNS.
    public var revokedKey: DKIMKeyRecord?
    /// The optional Ed25519 key (RFC 8463), signing beside the RSA key once its record verifies.
    public var ed25519Key: DKIMKeyRecord?
    public var ed25519Verified: Bool

    public init(
        id: Int64, name: String, returnPathDomain: String?, returnPathVerified: Bool, dkimVerified: Bool,
        spfVerified: Bool, lastReason: String?, createdAt: Date, activeKey: DKIMKeyRecord?, pendingKey: DKIMKeyRecord?,
        revokedKey: DKIMKeyRecord?, ed25519Key: DKIMKeyRecord? = nil, ed25519Verified: Bool = false
    ) {
        self.id = id
        self.name = name
        self.returnPathDomain = returnPathDomain
        self.returnPathVerified = returnPathVerified
        self.dkimVerified = dkimVerified
        self.spfVerified = spfVerified
        self.lastReason = lastReason
        self.createdAt = createdAt
        self.activeKey = activeKey
        self.pendingKey = pendingKey
        self.revokedKey = revokedKey
        self.ed25519Key = ed25519Key
        self.ed25519Verified = ed25519Verified
    }
}

public enum DomainCheck: Sendable, Equatable {
    /// The RSA key's record (the pending one while a rotation or a new domain waits for DNS).
    case dkim
    /// The Ed25519 key's record: verified (with the RSA key active), it signs; failing, it stops
    /// signing until it verifies again.
    case dkimEd25519
    case returnPath
    case spf
}

public protocol DomainStore: Sendable {
    /// Creates the domain with its first key, pending. Throws `StoreError.duplicateName`.
    func createDomain(name: String, returnPathDomain: String?, pendingKey: DKIMKeyRecord, at date: Date) async throws
        -> DomainRecord
    func listDomains(count: Int, offset: Int) async throws -> SearchPage<DomainRecord>
    func domain(id: Int64) async throws -> DomainRecord?
    /// The domain with this name (case-insensitive).
    func domain(named name: String) async throws -> DomainRecord?
    /// Changes the Return-Path domain (which then needs verifying again). Throws `.notFound`.
    func updateDomain(id: Int64, returnPathDomain: String?) async throws -> DomainRecord
    /// Deletes the domain and its keys. Throws `.notFound`.
    func deleteDomain(id: Int64) async throws
    /// Records a check's outcome. A verified DKIM check promotes the pending key to active (the
    /// previous active key becomes revoked), so signing switches only once DNS serves the new key.
    func recordDomainCheck(id: Int64, _ check: DomainCheck, verified: Bool, reason: String?, at date: Date) async throws
        -> DomainRecord
    /// Starts a rotation: a new pending key. Throws `StoreError.inUse` when one is pending already.
    func addPendingKey(domainID: Int64, key: DKIMKeyRecord) async throws -> DomainRecord
    /// Replaces the domain's Ed25519 key with `key` (pending until its record verifies), or with
    /// none. The replaced key is deleted and stops signing at once. Throws `.notFound`.
    func setEd25519Key(domainID: Int64, key: DKIMKeyRecord?) async throws -> DomainRecord
}
