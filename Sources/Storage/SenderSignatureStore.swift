import Foundation

/// A sender signature (reference 4.2): one From address the account may send as once the person
/// behind it has confirmed it, by following the link in the confirmation email.
public struct SenderSignatureRecord: Sendable, Equatable {
    public var id: Int64
    public var emailAddress: String
    /// The domain of the address, as the address spells it.
    public var domain: String
    public var name: String
    public var replyToEmailAddress: String?
    public var returnPathDomain: String?
    public var returnPathVerified: Bool
    public var confirmationPersonalNote: String?
    public var confirmed: Bool
    public var spfVerified: Bool
    public var createdAt: Date
    public var confirmedAt: Date?
    /// When the last confirmation email was queued.
    public var confirmationSentAt: Date?

    public init(
        id: Int64, emailAddress: String, domain: String, name: String, replyToEmailAddress: String?,
        returnPathDomain: String?, returnPathVerified: Bool, confirmationPersonalNote: String?, confirmed: Bool,
        spfVerified: Bool, createdAt: Date, confirmedAt: Date?, confirmationSentAt: Date?
    ) {
        self.id = id
        self.emailAddress = emailAddress
        self.domain = domain
        self.name = name
        self.replyToEmailAddress = replyToEmailAddress
        self.returnPathDomain = returnPathDomain
        self.returnPathVerified = returnPathVerified
        self.confirmationPersonalNote = confirmationPersonalNote
        self.confirmed = confirmed
        self.spfVerified = spfVerified
        self.createdAt = createdAt
        self.confirmedAt = confirmedAt
        self.confirmationSentAt = confirmationSentAt
    }
}

/// The editable fields of a signature (`POST /senders` and `PUT /senders/{id}`).
public struct SenderSignatureFields: Sendable, Equatable {
    public var name: String
    public var replyToEmailAddress: String?
    public var returnPathDomain: String?
    /// Whether DNS showed `returnPathDomain` to be a CNAME of the bounce domain when it was set.
    public var returnPathVerified: Bool
    public var confirmationPersonalNote: String?

    public init(
        name: String, replyToEmailAddress: String?, returnPathDomain: String?, returnPathVerified: Bool,
        confirmationPersonalNote: String?
    ) {
        self.name = name
        self.replyToEmailAddress = replyToEmailAddress
        self.returnPathDomain = returnPathDomain
        self.returnPathVerified = returnPathVerified
        self.confirmationPersonalNote = confirmationPersonalNote
    }
}

/// Sender signatures. Addresses compare case-insensitively. A signature keeps only a digest of its
/// confirmation token (SHA-256, computed by the caller); the link itself is in the confirmation
/// email, which is queued on the system server like any other message.
public protocol SenderSignatureStore: Sendable {
    /// Creates an unconfirmed signature waiting for the token. Throws `StoreError.duplicateName`.
    func createSenderSignature(
        emailAddress: String, fields: SenderSignatureFields, confirmationDigest: String, at date: Date
    ) async throws -> SenderSignatureRecord
    func listSenderSignatures(count: Int, offset: Int) async throws -> SearchPage<SenderSignatureRecord>
    func senderSignature(id: Int64) async throws -> SenderSignatureRecord?
    /// The signature of this address, confirmed or not.
    func senderSignature(emailAddress: String) async throws -> SenderSignatureRecord?
    /// Throws `.notFound`.
    func updateSenderSignature(id: Int64, fields: SenderSignatureFields) async throws -> SenderSignatureRecord
    /// Throws `.notFound`.
    func deleteSenderSignature(id: Int64) async throws
    /// A new confirmation token for an unconfirmed signature (a resend); the previous link stops
    /// working. Returns nil when the signature does not exist or is confirmed already.
    func renewSenderConfirmation(id: Int64, confirmationDigest: String, at date: Date) async throws
        -> SenderSignatureRecord?
    /// The unconfirmed signature this token confirms, without confirming it (for the confirmation page).
    func senderSignature(confirmationDigest: String) async throws -> SenderSignatureRecord?
    /// Confirms the signature this token belongs to and retires the token. Returns nil for an
    /// unknown or used token.
    func confirmSenderSignature(confirmationDigest: String, at date: Date) async throws -> SenderSignatureRecord?
    /// Confirms the signature of this address without its email (`postage sender confirm`, for an
    /// operator who knows the address is theirs) and retires its token. Returns nil when there is no
    /// signature; a confirmed one is returned as it is.
    func confirmSenderSignature(emailAddress: String, at date: Date) async throws -> SenderSignatureRecord?
    /// Marks the Return-Path unverified if it is still `returnPathDomain` (a re-check found its
    /// CNAME gone); an edit made meanwhile wins. Returns whether it changed anything.
    @discardableResult
    func markSenderReturnPathUnverified(id: Int64, returnPathDomain: String) async throws -> Bool
    /// Records the outcome of an SPF check of the signature's domain. Throws `.notFound`.
    func recordSenderSPF(id: Int64, verified: Bool) async throws -> SenderSignatureRecord
}
