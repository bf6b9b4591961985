import NIOCore

/// Mail transactions: MAIL, RCPT..., DATA, the message and its final reply (RFC 5321 §3.3),
/// pipelined when the server offers PIPELINING (RFC 2920).
extension SMTPClientStateMachine {
    /// Send one message to `envelope.recipients`. Runs now when the session is idle, later when
    /// it is busy; completes at once (transient, `.sessionClosed`) when the session is closed.
    public mutating func startTransaction(envelope: SMTPEnvelope, payload: SMTPMessagePayload) -> [SMTPClientAction] {
        let transaction = QueuedTransaction(envelope: envelope, payload: payload)
        switch self.state {
        case .ready:
            return self.beginTransaction(transaction)
        case .closed, .quitting:
            return [self.completedBecauseClosed(envelope)]
        default:
            if self.quitRequested { return [self.completedBecauseClosed(envelope)] }
            self.queued.append(transaction)
            return []
        }
    }

    private func completedBecauseClosed(_ envelope: SMTPEnvelope) -> SMTPClientAction {
        let reason = self.closeReason.map { ": \($0.code) at \($0.stage)" } ?? ""
        let error = SMTPClientError(code: .sessionClosed, stage: .mail, isTransient: true, detail: "the SMTP session is closed\(reason)")
        return .transactionCompleted(envelope.recipients.map { error.outcome(for: $0) })
    }

    mutating func beginTransaction(_ queued: QueuedTransaction) -> [SMTPClientAction] {
        let envelope = queued.envelope
        var transaction = SMTPClientTransaction(
            envelope: envelope, payload: queued.payload, mailParameters: [], pipelined: false
        )
        // Decide locally what cannot go out: bad addresses, UTF-8 without SMTPUTF8, too big.
        func failAll(_ error: SMTPClientError) -> [SMTPClientAction] {
            [.transactionCompleted(transaction.outcomes(failingRemainingWith: error))] + self.becomeIdle()
        }
        if (try? SMTPCommand.validatePath(envelope.from)) == nil {
            return failAll(SMTPClientError(code: .invalidAddress, stage: .mail, detail: "invalid sender address"))
        }
        if envelope.requiresSMTPUTF8, !self.capabilities.smtpUTF8 {
            // RFC 6531 §3.2: no UTF-8 addresses to a server that did not offer SMTPUTF8.
            return failAll(SMTPClientError(code: .smtputf8Unsupported, stage: .mail,
                                           detail: "non-ASCII address and the server does not offer SMTPUTF8"))
        }
        let size = queued.payload.summary.size
        if let limit = self.capabilities.sizeLimit, size > limit {
            // RFC 1870 §6: the client should not send a message the server said it won't take.
            return failAll(SMTPClientError(code: .messageTooLarge, stage: .mail,
                                           detail: "message size \(size) exceeds the server's SIZE \(limit)"))
        }
        for (index, recipient) in envelope.recipients.enumerated() {
            if recipient.isEmpty || (try? SMTPCommand.validatePath(recipient)) == nil {
                transaction.outcomes[index] = SMTPClientError(
                    code: .invalidAddress, stage: .rcpt, detail: "invalid recipient address"
                ).outcome(for: recipient)
            } else {
                transaction.rcptOrder.append(index)
            }
        }
        if transaction.rcptOrder.isEmpty {
            return [.transactionCompleted(transaction.outcomes.map { $0! })] + self.becomeIdle()
        }

        // RFC 1870 §3 SIZE, RFC 6152 §2 BODY=8BITMIME, RFC 6531 §3.4 SMTPUTF8.
        if self.capabilities.size { transaction.mailParameters.append(.size(size)) }
        if queued.payload.summary.has8BitOctets, self.capabilities.eightBitMIME {
            transaction.mailParameters.append(.body8BitMIME)
        }
        if envelope.requiresSMTPUTF8 { transaction.mailParameters.append(.smtpUTF8) }
        transaction.pipelined = self.capabilities.pipelining && self.configuration.usePipelining

        var plan: [SMTPClientTransaction.Expected] = []
        if self.needsReset { plan.append(.rset) }
        plan.append(.mail)
        plan.append(contentsOf: transaction.rcptOrder.map { .rcpt($0) })
        plan.append(.data)
        // RFC 2920 §3.1: RSET, MAIL and RCPT may be grouped, and DATA ends the group. Without
        // PIPELINING, one command at a time (RFC 5321 §4.3).
        let sending = transaction.pipelined ? plan : [plan[0]]
        transaction.awaiting.append(contentsOf: sending)
        self.needsReset = true
        self.state = .transaction(transaction)
        return [.send(sending.compactMap { transaction.command(for: $0) }), self.timeout(transaction.currentStage)]
    }

    mutating func transactionReplyReceived(
        _ reply: SMTPReply,
        transaction: inout SMTPClientTransaction
    ) -> [SMTPClientAction] {
        guard let expected = transaction.awaiting.popFirst() else {
            return self.fail(SMTPClientError(code: .unexpectedReply, stage: .mail, reply: reply, isTransient: true,
                                             detail: "reply with no command outstanding"))
        }
        var actions: [SMTPClientAction] = []
        switch expected {
        case .rset:
            guard reply.isPositiveCompletion else {
                self.state = .transaction(transaction)
                return self.fail(SMTPClientError(code: .resetFailed, stage: .rset, reply: reply, isTransient: true))
            }
            if !transaction.pipelined { actions = self.sendNext(.mail, &transaction) }

        case .mail:
            if !reply.isPositiveCompletion {
                // RFC 5321 §4.1.1.2: no transaction. Under PIPELINING the RCPTs and DATA that
                // follow will be refused too (503); their replies are read and ignored.
                transaction.mailRefused = true
                for index in transaction.rcptOrder {
                    transaction.outcomes[index] = transaction.refusal(index, stage: .mail, reply: reply)
                }
                if !transaction.pipelined { return self.finishTransaction(transaction, succeeded: false) }
            } else if !transaction.pipelined {
                actions = self.sendNext(.rcpt(transaction.rcptOrder[0]), &transaction)
            }

        case .rcpt(let index):
            if !transaction.mailRefused {
                // RFC 5321 §4.1.1.3: 250/251 (and 252) accept; each refusal stands for its recipient.
                if reply.isPositiveCompletion {
                    transaction.accepted.append(index)
                } else {
                    transaction.outcomes[index] = transaction.refusal(index, stage: .rcpt, reply: reply)
                }
            }
            if !transaction.pipelined {
                if let position = transaction.rcptOrder.firstIndex(of: index), position + 1 < transaction.rcptOrder.count {
                    actions = self.sendNext(.rcpt(transaction.rcptOrder[position + 1]), &transaction)
                } else if transaction.accepted.isEmpty {
                    // Every recipient refused: no DATA; RSET clears the transaction.
                    return self.finishTransaction(transaction, succeeded: false)
                } else {
                    actions = self.sendNext(.data, &transaction)
                }
            }

        case .data:
            if reply.isPositiveIntermediate {
                if transaction.accepted.isEmpty {
                    // RFC 2920 §3.1: DATA was accepted although no recipient was; the client
                    // "SHOULD send a single dot" and the message goes nowhere.
                    transaction.awaiting.append(.emptyDataEnd)
                    transaction.messageWritten = false
                    self.state = .transaction(transaction)
                    return [self.timeout(.dataBlock), .sendMessage(ByteBuffer(string: ".\r\n"))]
                }
                transaction.awaiting.append(.dataEnd)
                transaction.messageWritten = false
                self.state = .transaction(transaction)
                // The timer goes first: a write can complete synchronously, and its
                // `messageWritten` must re-arm the timer after this one, not before.
                return [self.timeout(.dataBlock), .sendMessage(transaction.payload.encoded)]
            }
            for index in transaction.accepted {
                transaction.outcomes[index] = transaction.refusal(index, stage: .data, reply: reply)
            }
            return self.finishTransaction(transaction, succeeded: false)

        case .dataEnd:
            // RFC 5321 §4.1.1.4: one reply for the whole transaction; it decides every
            // accepted recipient.
            for index in transaction.accepted {
                transaction.outcomes[index] = reply.isPositiveCompletion
                    ? RecipientOutcome(recipient: transaction.envelope.recipients[index], stage: .dataTermination, reply: reply)
                    : transaction.refusal(index, stage: .dataTermination, reply: reply)
            }
            return self.finishTransaction(transaction, succeeded: reply.isPositiveCompletion)

        case .emptyDataEnd:
            // The lone dot ended the (empty) transaction, whatever its reply says.
            return self.finishTransaction(transaction, succeeded: true)
        }

        if transaction.awaiting.isEmpty {
            // Pipelined group fully answered without a 354 to DATA: the failure is decided.
            if transaction.pipelined {
                return self.finishTransaction(transaction, succeeded: false)
            }
        }
        self.state = .transaction(transaction)
        if actions.isEmpty, !transaction.awaiting.isEmpty {
            actions.append(self.timeout(transaction.currentStage))
        }
        return actions
    }

    /// Without PIPELINING: send the next command and wait for its reply.
    private func sendNext(
        _ expected: SMTPClientTransaction.Expected,
        _ transaction: inout SMTPClientTransaction
    ) -> [SMTPClientAction] {
        transaction.awaiting.append(expected)
        return [.send([transaction.command(for: expected)!]), self.timeout(transaction.currentStage)]
    }

    /// The transaction is decided. After a failure RSET clears the server's state (RFC 5321
    /// §4.1.1.5) before the connection is used again; after success, the next transaction on
    /// this connection starts with RSET instead (connection reuse).
    private mutating func finishTransaction(_ transaction: SMTPClientTransaction, succeeded: Bool) -> [SMTPClientAction] {
        let fallback = SMTPClientError(code: .unexpectedReply, stage: .mail, isTransient: true, detail: "no reply decided this recipient")
        let completed = SMTPClientAction.transactionCompleted(transaction.outcomes(failingRemainingWith: fallback))
        if succeeded {
            self.needsReset = true
            return [completed] + self.becomeIdle()
        }
        self.state = .resetting
        return [completed, .send([.rset]), self.timeout(.rset)]
    }

    /// The handler wrote part (`complete == false`) or all of the message. RFC 5321 §4.5.3.2.5:
    /// the data-block timer runs per chunk; §4.5.3.2.6: then 10 minutes for the final reply.
    public mutating func messageWritten(complete: Bool) -> [SMTPClientAction] {
        guard case .transaction(var transaction) = self.state,
              let next = transaction.awaiting.first, next == .dataEnd || next == .emptyDataEnd
        else { return [] }
        if complete {
            transaction.messageWritten = true
            self.state = .transaction(transaction)
            return [self.timeout(.dataTermination)]
        }
        return [self.timeout(.dataBlock)]
    }
}
