import SMTPServerProtocol

/// What the SMTP server needs from the rest of Postage: token checks and the submission path.
/// The App layer implements it over the store and the `Submitter`, so this module stays an
/// adapter that knows sockets and TLS only.
public protocol SMTPSubmissionBackend: Sendable {
    /// The identity a successful AUTH establishes (reference section 7: the server token is both
    /// user name and password), or nil for 535.
    func authenticate(username: String, password: String) async -> SMTPIdentity?

    /// The identity of a peer that has not authenticated, when the operator allows anonymous
    /// submission from its address (loopback benchmarks); nil means AUTH is required.
    func anonymousIdentity(remoteAddress: String) -> SMTPIdentity?

    /// Durably accepts one message for `identity`. Returns `.accepted(messageID)` only after the
    /// commit; a storage failure is `.rejected` with a 4xx reply so the client retries.
    func submit(_ submission: SMTPSubmission, identity: SMTPIdentity, remoteAddress: String) async
        -> SubmissionOutcome

    /// The only recipient domains a new session accepts, or nil for any (a listener for its own
    /// domains, such as the inbound bounce listener, returns them; read once per connection).
    func acceptedRecipientDomains() -> Set<String>?
}

extension SMTPSubmissionBackend {
    public func acceptedRecipientDomains() -> Set<String>? { nil }
}

/// Who is sending: opaque to the SMTP layer.
public struct SMTPIdentity: Sendable, Hashable {
    public var serverID: Int64
    public var name: String

    public init(serverID: Int64, name: String) {
        self.serverID = serverID
        self.name = name
    }
}
