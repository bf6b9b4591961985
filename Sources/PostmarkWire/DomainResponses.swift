/// Domain details (reference 4.3): the DNS records to publish and what verification found.
public struct DomainDetailsResponse: Encodable, Sendable {
    public var name: String
    public var spfVerified: Bool
    public var spfHost: String
    public var spfTextValue: String
    public var dkimVerified: Bool
    public var weakDKIM: Bool
    public var dkimHost: String
    public var dkimTextValue: String
    public var dkimPendingHost: String
    public var dkimPendingTextValue: String
    public var dkimRevokedHost: String
    public var dkimRevokedTextValue: String
    public var safeToRemoveRevokedKeyFromDNS: Bool
    public var dkimUpdateStatus: String
    public var returnPathDomain: String
    public var returnPathDomainVerified: Bool
    public var returnPathDomainCNAMEValue: String
    public var id: Int64
    /// Postage's extension (RFC 8463): present only for a domain with an Ed25519 key, so that
    /// strict clients of other domains see exactly Postmark's fields.
    public var ed25519Signing: Bool?
    public var dkimEd25519Host: String?
    public var dkimEd25519TextValue: String?
    public var dkimEd25519Verified: Bool?

    public init(
        name: String, spfVerified: Bool, spfHost: String, spfTextValue: String, dkimVerified: Bool, weakDKIM: Bool,
        dkimHost: String, dkimTextValue: String, dkimPendingHost: String, dkimPendingTextValue: String,
        dkimRevokedHost: String, dkimRevokedTextValue: String, safeToRemoveRevokedKeyFromDNS: Bool,
        dkimUpdateStatus: String, returnPathDomain: String, returnPathDomainVerified: Bool,
        returnPathDomainCNAMEValue: String, id: Int64
    ) {
        self.name = name
        self.spfVerified = spfVerified
        self.spfHost = spfHost
        self.spfTextValue = spfTextValue
        self.dkimVerified = dkimVerified
        self.weakDKIM = weakDKIM
        self.dkimHost = dkimHost
        self.dkimTextValue = dkimTextValue
        self.dkimPendingHost = dkimPendingHost
        self.dkimPendingTextValue = dkimPendingTextValue
        self.dkimRevokedHost = dkimRevokedHost
        self.dkimRevokedTextValue = dkimRevokedTextValue
        self.safeToRemoveRevokedKeyFromDNS = safeToRemoveRevokedKeyFromDNS
        self.dkimUpdateStatus = dkimUpdateStatus
        self.returnPathDomain = returnPathDomain
        self.returnPathDomainVerified = returnPathDomainVerified
        self.returnPathDomainCNAMEValue = returnPathDomainCNAMEValue
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case name = "Name", spfVerified = "SPFVerified", spfHost = "SPFHost", spfTextValue = "SPFTextValue"
        case dkimVerified = "DKIMVerified", weakDKIM = "WeakDKIM", dkimHost = "DKIMHost", dkimTextValue = "DKIMTextValue"
        case dkimPendingHost = "DKIMPendingHost", dkimPendingTextValue = "DKIMPendingTextValue"
        case dkimRevokedHost = "DKIMRevokedHost", dkimRevokedTextValue = "DKIMRevokedTextValue"
        case safeToRemoveRevokedKeyFromDNS = "SafeToRemoveRevokedKeyFromDNS", dkimUpdateStatus = "DKIMUpdateStatus"
        case returnPathDomain = "ReturnPathDomain", returnPathDomainVerified = "ReturnPathDomainVerified"
        case returnPathDomainCNAMEValue = "ReturnPathDomainCNAMEValue", id = "ID"
        case ed25519Signing = "Ed25519Signing", dkimEd25519Host = "DKIMEd25519Host"
        case dkimEd25519TextValue = "DKIMEd25519TextValue", dkimEd25519Verified = "DKIMEd25519Verified"
    }
}

public struct DomainListResponse: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        public var name: String
        public var spfVerified: Bool
        public var dkimVerified: Bool
        public var weakDKIM: Bool
        public var returnPathDomainVerified: Bool
        public var id: Int64

        public init(name: String, spfVerified: Bool, dkimVerified: Bool, weakDKIM: Bool, returnPathDomainVerified: Bool, id: Int64) {
            self.name = name
            self.spfVerified = spfVerified
            self.dkimVerified = dkimVerified
            self.weakDKIM = weakDKIM
            self.returnPathDomainVerified = returnPathDomainVerified
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case name = "Name", spfVerified = "SPFVerified", dkimVerified = "DKIMVerified", weakDKIM = "WeakDKIM"
            case returnPathDomainVerified = "ReturnPathDomainVerified", id = "ID"
        }
    }

    public var totalCount: Int
    public var domains: [Item]

    public init(totalCount: Int, domains: [Item]) {
        self.totalCount = totalCount
        self.domains = domains
    }

    enum CodingKeys: String, CodingKey { case totalCount = "TotalCount", domains = "Domains" }
}

/// `POST /domains/{id}/verifyspf` (deprecated in Postmark, still answered).
public struct SPFVerificationResponse: Encodable, Sendable {
    public var spfVerified: Bool
    public var spfHost: String
    public var spfTextValue: String

    public init(spfVerified: Bool, spfHost: String, spfTextValue: String) {
        self.spfVerified = spfVerified
        self.spfHost = spfHost
        self.spfTextValue = spfTextValue
    }

    enum CodingKeys: String, CodingKey { case spfVerified = "SPFVerified", spfHost = "SPFHost", spfTextValue = "SPFTextValue" }
}
