import NIOCore
import SMTPProtocol

/// DATA (RFC 5321 §4.1.1.4) and the end of the message.
extension SMTPServerSession {
    mutating func handleData(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        guard argument == nil else {
            self.error(.syntax("DATA"), &actions)
            return
        }
        guard let transaction = self.transaction else {
            self.error(.badSequence("Need MAIL command"), &actions)
            return
        }
        // RFC 5321 §3.3: with no accepted recipient, DATA gets 554 (or 503).
        guard !transaction.recipients.isEmpty else {
            self.error(.noValidRecipients, &actions)
            return
        }
        actions.append(.reply(.startData))
        self.dataReceiver = DataReceiver(
            maximumLineLength: self.configuration.maximumTextLineLength,
            maximumMessageSize: self.configuration.maximumMessageSize
        )
        self.phase = .data
    }

    /// Feeds the DATA stage. Returns false when it needs more bytes.
    mutating func readData(_ buffer: inout ByteBuffer, into actions: inout [SMTPServerAction]) -> Bool {
        guard var receiver = self.dataReceiver else {
            preconditionFailure("data phase without a receiver")
        }
        // Take the receiver out so that its message buffer is uniquely referenced while it grows.
        self.dataReceiver = nil
        let event = receiver.consume(&buffer)
        switch event {
        case .needMoreData:
            self.dataReceiver = receiver
            return false
        case .bareLineFeed:
            self.rejectBareLineEnd(.bareLineFeedInData, &actions)
        case .bareCarriageReturn:
            self.rejectBareLineEnd(.bareCarriageReturnInData, &actions)
        case .complete:
            self.finishData(receiver, into: &actions)
        }
        return true
    }

    private mutating func finishData(_ receiver: DataReceiver, into actions: inout [SMTPServerAction]) {
        guard let transaction = self.transaction, let greeting = self.greeting else {
            preconditionFailure("data phase without a transaction")
        }
        // Whatever happens next, this transaction is over (RFC 5321 §4.1.1.4).
        self.resetTransaction()
        self.phase = .command
        if receiver.messageTooBig {
            // RFC 1870 §6.2 / RFC 5321 §4.5.3.1.10: "552 Too much mail data".
            actions.append(.reply(.messageTooBig))
            return
        }
        if receiver.lineTooLong {
            // RFC 5321 §4.5.3.1.6 / §4.5.3.1.10: "500 Line too long". The message is refused
            // rather than lines being split, which would change a signed body.
            actions.append(.reply(.lineTooLong))
            return
        }
        let submission = SMTPSubmission(
            reversePath: transaction.reversePath.address,
            recipients: transaction.recipients.map(\.address),
            message: receiver.message,
            bodyType: transaction.bodyType,
            smtpUTF8: transaction.smtpUTF8,
            heloName: greeting.name,
            tls: self.isTLS,
            authenticatedUser: self.authenticatedUser
        )
        self.phase = .awaitingSubmission
        actions.append(.submit(submission))
    }

    /// The handler stored the message, or could not. RFC 5321 §4.1.1.4: the 250 after the data
    /// means the server has taken responsibility for the message, so it comes only from here.
    public mutating func submissionResult(_ result: SubmissionOutcome) -> [SMTPServerAction] {
        guard self.phase == .awaitingSubmission else { return [] }
        self.phase = .command
        var actions: [SMTPServerAction]
        switch result {
        case .accepted(let messageID):
            actions = [.reply(.queued(messageID))]
        case .rejected(let reply):
            actions = [.reply(reply)]
        }
        self.closeIfShuttingDown(&actions)
        return actions
    }
}
