import SMTPProtocol

/// What the channel handler must do for the session, in order.
public enum SMTPServerAction: Sendable, Hashable {
    /// Write this reply. The handler batches writes and flushes once per `receive`.
    case reply(SMTPReply)
    /// The `220` reply before it has been written: install TLS now. Plaintext read before the
    /// handshake must never reach the session (RFC 3207 §4, the STARTTLS injection bug class).
    case startTLS
    /// Check these credentials, then call `authenticationResult(_:)`. Never log the password.
    case authenticate(username: String, password: String)
    /// Durably accept the message, then call `submissionResult(_:)`.
    case submit(SMTPSubmission)
    /// Close the connection once the replies before this action have been flushed.
    case close
}

extension SMTPServerAction: CustomStringConvertible {
    /// Safe to log: the password of `.authenticate` is redacted and a submission shows only its
    /// envelope and size.
    public var description: String {
        switch self {
        case .reply(let reply): return "reply(\(reply))"
        case .startTLS: return "startTLS"
        case .authenticate(let username, _): return "authenticate(username: \(username), password: <redacted>)"
        case .submit(let submission): return "submit(\(submission))"
        case .close: return "close"
        }
    }
}
