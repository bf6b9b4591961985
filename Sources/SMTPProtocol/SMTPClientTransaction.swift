import NIOCore

/// One mail transaction in flight (RFC 5321 §3.3): what was sent, which replies are still due,
/// and the outcome of each recipient so far.
struct SMTPClientTransaction: Sendable {
    /// A reply the client is waiting for, in the order the commands went out (RFC 2920 §3.2:
    /// replies come in command order).
    enum Expected: Hashable, Sendable {
        case rset
        case mail
        case rcpt(Int)
        case data
        /// The reply to the end of a message that went out.
        case dataEnd
        /// The reply to a lone `.CRLF` sent after a 354 that no recipient can use (RFC 2920 §3.1).
        case emptyDataEnd
    }

    var envelope: SMTPEnvelope
    var payload: SMTPMessagePayload
    var mailParameters: [MailParameter]
    var pipelined: Bool
    /// Recipients (by index) that get a RCPT, in order; invalid ones were already decided.
    var rcptOrder: [Int]
    var outcomes: [RecipientOutcome?]
    var accepted: [Int] = []
    var mailRefused = false
    var awaiting = CircularBuffer<Expected>()
    /// The whole message has been written: the wait is now for the final reply.
    var messageWritten = false

    init(envelope: SMTPEnvelope, payload: SMTPMessagePayload, mailParameters: [MailParameter], pipelined: Bool) {
        self.envelope = envelope
        self.payload = payload
        self.mailParameters = mailParameters
        self.pipelined = pipelined
        self.rcptOrder = []
        self.outcomes = Array(repeating: nil, count: envelope.recipients.count)
    }

    var currentStage: SMTPStage {
        guard let next = self.awaiting.first else { return .mail }
        return Self.stage(of: next, messageWritten: self.messageWritten)
    }

    static func stage(of expected: Expected, messageWritten: Bool) -> SMTPStage {
        switch expected {
        case .rset: return .rset
        case .mail: return .mail
        case .rcpt: return .rcpt
        case .data: return .data
        case .dataEnd: return messageWritten ? .dataTermination : .dataBlock
        case .emptyDataEnd: return .dataTermination
        }
    }

    func command(for expected: Expected) -> SMTPCommand? {
        switch expected {
        case .rset: return .rset
        case .mail: return .mail(from: self.envelope.from, parameters: self.mailParameters)
        case .rcpt(let index): return .rcpt(to: self.envelope.recipients[index])
        case .data: return .data
        case .dataEnd, .emptyDataEnd: return nil
        }
    }

    /// A refusal at `stage`: 5xx permanent; 4xx and anything unexpected transient.
    func refusal(_ index: Int, stage: SMTPStage, reply: SMTPReply) -> RecipientOutcome {
        let recipient = self.envelope.recipients[index]
        if reply.isPermanentNegative || reply.isTransientNegative {
            return RecipientOutcome(recipient: recipient, stage: stage, reply: reply)
        }
        // e.g. 250 to DATA: the server is confused; the message was not sent, so try again later.
        let error = SMTPClientError(code: .unexpectedReply, stage: stage, reply: reply, isTransient: true,
                                    detail: "unexpected reply \(reply) at \(stage)")
        return error.outcome(for: recipient)
    }

    /// Outcomes with every undecided recipient given `error`'s outcome.
    func outcomes(failingRemainingWith error: SMTPClientError) -> [RecipientOutcome] {
        self.outcomes.enumerated().map { index, outcome in
            outcome ?? error.outcome(for: self.envelope.recipients[index])
        }
    }
}
