/// What happened to one recipient in one delivery attempt.
public struct RecipientOutcome: Hashable, Sendable, CustomStringConvertible {
    public enum Status: String, Hashable, Sendable {
        /// The server took responsibility for the message (2xx after end of data).
        case delivered
        /// Try again later: 4xx, timeouts, lost connections, TLS policy failures.
        case transient
        /// Do not try again: 5xx.
        case permanent
    }

    public var recipient: String
    public var status: Status
    /// The stage whose reply (or lack of one) decided the outcome.
    public var stage: SMTPStage
    /// The server's reply, or one the client made up when the outcome is local (see `localError`),
    /// so every outcome has a code, an enhanced code and text to record.
    public var reply: SMTPReply
    /// Set when no server reply decided this outcome: timeout, connection lost, TLS policy,
    /// message too large for the server's SIZE, and so on.
    public var localError: SMTPClientError.Code?

    public init(recipient: String, status: Status, stage: SMTPStage, reply: SMTPReply, localError: SMTPClientError.Code? = nil) {
        self.recipient = recipient
        self.status = status
        self.stage = stage
        self.reply = reply
        self.localError = localError
    }

    /// The outcome a server reply gives: 2xx delivered, 5xx permanent, anything else transient
    /// (4xx, and replies that make no sense here: unknown is temporary).
    public init(recipient: String, stage: SMTPStage, reply: SMTPReply) {
        let status: Status
        switch reply.kind {
        case .positiveCompletion: status = .delivered
        case .permanentNegative: status = .permanent
        default: status = .transient
        }
        self.init(recipient: recipient, status: status, stage: stage, reply: reply)
    }

    public var code: Int { self.reply.code }
    public var enhancedCode: EnhancedStatusCode? { self.reply.enhancedCode }
    public var text: String { self.reply.text }

    public var description: String {
        "\(self.recipient): \(self.status) at \(self.stage): \(self.reply)\(self.localError.map { " (local: \($0))" } ?? "")"
    }
}
