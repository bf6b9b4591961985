/// Sender signature details (reference 4.2): the address, whether it is confirmed, and the DNS
/// records of its domain (the same DKIM key as the Domains API shows for that domain).
public struct SenderSignatureDetailsResponse: Encodable, Sendable {
    public var domain: String
    public var emailAddress: String
    public var replyToEmailAddress: String
    public var name: String
    public var confirmed: Bool
    public var confirmationPersonalNote: String
    /// The DNS part, shared with the Domains API; its `Name` and `ID` are the domain's, so they
    /// are not encoded here.
    public var dns: DomainDetailsResponse
    public var returnPathDomain: String
    public var returnPathDomainVerified: Bool
    public var id: Int64

    public init(
        domain: String, emailAddress: String, replyToEmailAddress: String, name: String, confirmed: Bool,
        confirmationPersonalNote: String, dns: DomainDetailsResponse, returnPathDomain: String,
        returnPathDomainVerified: Bool, id: Int64
    ) {
        self.domain = domain
        self.emailAddress = emailAddress
        self.replyToEmailAddress = replyToEmailAddress
        self.name = name
        self.confirmed = confirmed
        self.confirmationPersonalNote = confirmationPersonalNote
        self.dns = dns
        self.returnPathDomain = returnPathDomain
        self.returnPathDomainVerified = returnPathDomainVerified
        self.id = id
    }

    enum CodingKeys: String, CodingKey {
        case domain = "Domain", emailAddress = "EmailAddress", replyToEmailAddress = "ReplyToEmailAddress"
        case name = "Name", confirmed = "Confirmed", spfVerified = "SPFVerified", spfHost = "SPFHost"
        case spfTextValue = "SPFTextValue", dkimVerified = "DKIMVerified", weakDKIM = "WeakDKIM"
        case dkimHost = "DKIMHost", dkimTextValue = "DKIMTextValue", dkimPendingHost = "DKIMPendingHost"
        case dkimPendingTextValue = "DKIMPendingTextValue", dkimRevokedHost = "DKIMRevokedHost"
        case dkimRevokedTextValue = "DKIMRevokedTextValue"
        case safeToRemoveRevokedKeyFromDNS = "SafeToRemoveRevokedKeyFromDNS", dkimUpdateStatus = "DKIMUpdateStatus"
        case returnPathDomain = "ReturnPathDomain", returnPathDomainVerified = "ReturnPathDomainVerified"
        case returnPathDomainCNAMEValue = "ReturnPathDomainCNAMEValue", id = "ID"
        case confirmationPersonalNote = "ConfirmationPersonalNote"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(domain, forKey: .domain)
        try container.encode(emailAddress, forKey: .emailAddress)
        try container.encode(replyToEmailAddress, forKey: .replyToEmailAddress)
        try container.encode(name, forKey: .name)
        try container.encode(confirmed, forKey: .confirmed)
        try container.encode(dns.spfVerified, forKey: .spfVerified)
        try container.encode(dns.spfHost, forKey: .spfHost)
        try container.encode(dns.spfTextValue, forKey: .spfTextValue)
        try container.encode(dns.dkimVerified, forKey: .dkimVerified)
        try container.encode(dns.weakDKIM, forKey: .weakDKIM)
        try container.encode(dns.dkimHost, forKey: .dkimHost)
        try container.encode(dns.dkimTextValue, forKey: .dkimTextValue)
        try container.encode(dns.dkimPendingHost, forKey: .dkimPendingHost)
        try container.encode(dns.dkimPendingTextValue, forKey: .dkimPendingTextValue)
        try container.encode(dns.dkimRevokedHost, forKey: .dkimRevokedHost)
        try container.encode(dns.dkimRevokedTextValue, forKey: .dkimRevokedTextValue)
        try container.encode(dns.safeToRemoveRevokedKeyFromDNS, forKey: .safeToRemoveRevokedKeyFromDNS)
        try container.encode(dns.dkimUpdateStatus, forKey: .dkimUpdateStatus)
        try container.encode(returnPathDomain, forKey: .returnPathDomain)
        try container.encode(returnPathDomainVerified, forKey: .returnPathDomainVerified)
        try container.encode(dns.returnPathDomainCNAMEValue, forKey: .returnPathDomainCNAMEValue)
        try container.encode(id, forKey: .id)
        try container.encode(confirmationPersonalNote, forKey: .confirmationPersonalNote)
    }
}

public struct SenderSignatureListResponse: Encodable, Sendable {
    public struct Item: Encodable, Sendable {
        public var domain: String
        public var emailAddress: String
        public var replyToEmailAddress: String
        public var name: String
        public var confirmed: Bool
        public var id: Int64

        public init(domain: String, emailAddress: String, replyToEmailAddress: String, name: String, confirmed: Bool, id: Int64) {
            self.domain = domain
            self.emailAddress = emailAddress
            self.replyToEmailAddress = replyToEmailAddress
            self.name = name
            self.confirmed = confirmed
            self.id = id
        }

        enum CodingKeys: String, CodingKey {
            case domain = "Domain", emailAddress = "EmailAddress", replyToEmailAddress = "ReplyToEmailAddress"
            case name = "Name", confirmed = "Confirmed", id = "ID"
        }
    }

    public var totalCount: Int
    public var senderSignatures: [Item]

    public init(totalCount: Int, senderSignatures: [Item]) {
        self.totalCount = totalCount
        self.senderSignatures = senderSignatures
    }

    enum CodingKeys: String, CodingKey { case totalCount = "TotalCount", senderSignatures = "SenderSignatures" }
}
