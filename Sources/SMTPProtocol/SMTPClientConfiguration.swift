/// When to use STARTTLS (RFC 3207).
public enum SMTPTLSPolicy: String, Hashable, Sendable {
    /// Never, even when offered.
    case disabled
    /// When the server offers it (RFC 7435 opportunistic security); plaintext otherwise. A failed
    /// handshake still fails the session: the connection is unusable after it.
    case opportunistic
    /// Fail (transiently) when it is not offered, refused, or the handshake fails.
    case required
}

/// Settings of the client state machine.
public struct SMTPClientConfiguration: Hashable, Sendable {
    /// The name sent in EHLO/HELO (RFC 5321 §4.1.1.1: the client's FQDN or an address literal).
    public var heloName: String
    public var tlsPolicy: SMTPTLSPolicy
    /// AUTH PLAIN after EHLO when set (a smarthost). Failure to authenticate fails the session.
    public var credentials: SMTPCredentials?
    /// Allow AUTH without TLS (only sensible on loopback).
    public var allowPlaintextAuth: Bool
    /// Use PIPELINING (RFC 2920) when the server offers it.
    public var usePipelining: Bool
    public var timeouts: SMTPTimeouts

    public init(
        heloName: String,
        tlsPolicy: SMTPTLSPolicy = .opportunistic,
        credentials: SMTPCredentials? = nil,
        allowPlaintextAuth: Bool = false,
        usePipelining: Bool = true,
        timeouts: SMTPTimeouts = SMTPTimeouts()
    ) {
        self.heloName = heloName
        self.tlsPolicy = tlsPolicy
        self.credentials = credentials
        self.allowPlaintextAuth = allowPlaintextAuth
        self.usePipelining = usePipelining
        self.timeouts = timeouts
    }
}

/// What the session learned while it was set up.
public struct SMTPSessionInfo: Hashable, Sendable {
    public var greeting: SMTPReply
    /// False when the server only took HELO.
    public var esmtp: Bool
    public var capabilities: SMTPCapabilities
    public var tlsActive: Bool
    public var authenticated: Bool

    public init(greeting: SMTPReply, esmtp: Bool, capabilities: SMTPCapabilities, tlsActive: Bool, authenticated: Bool) {
        self.greeting = greeting
        self.esmtp = esmtp
        self.capabilities = capabilities
        self.tlsActive = tlsActive
        self.authenticated = authenticated
    }
}
