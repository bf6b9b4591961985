import SMTPProtocol

/// What became of a submitted message, as the handler reports it back to the session.
public enum SubmissionOutcome: Sendable, Hashable {
    /// Stored durably: `250 2.0.0 Ok: queued as <messageID>`.
    case accepted(messageID: String)
    /// Refused: this reply goes to the client as is (e.g. `451 4.3.0` when storage failed,
    /// `554 5.7.1` for a permanent refusal).
    case rejected(SMTPReply)
}
