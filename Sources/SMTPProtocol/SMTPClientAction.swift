import NIOCore

/// What the client state machine asks its handler to do. The handler performs the actions of
/// one event in order.
public enum SMTPClientAction: Hashable, Sendable {
    /// Write these commands (one buffer, one flush; several at once only under PIPELINING).
    case send([SMTPCommand])
    /// Write the encoded message (after 354). The handler calls
    /// ``SMTPClientStateMachine/messageWritten(complete:)`` as chunks leave, so the data-block
    /// timeout (RFC 5321 §4.5.3.2.5) restarts per chunk.
    case sendMessage(ByteBuffer)
    /// Insert the TLS handler and start the handshake, then call `tlsEstablished()` or
    /// `tlsFailed(_:)`.
    case startTLS
    /// (Re)arm the single timer; when it fires call `timeoutFired()`.
    case setTimeout(SMTPStage, TimeAmount)
    case cancelTimeout
    /// Setup is complete: the session can take transactions.
    case sessionReady(SMTPSessionInfo)
    /// Setup failed; a `.close` follows.
    case sessionFailed(SMTPClientError)
    /// The oldest started transaction has finished; one outcome per recipient, in order.
    case transactionCompleted([RecipientOutcome])
    /// Close the connection.
    case close
}
