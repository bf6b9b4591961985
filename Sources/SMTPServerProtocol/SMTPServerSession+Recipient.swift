import SMTPProtocol

/// RCPT TO (RFC 5321 §4.1.1.3):
/// `rcpt = "RCPT TO:" ( "<Postmaster@" Domain ">" / "<Postmaster>" / Forward-path ) [SP Rcpt-parameters] CRLF`.
///
/// `<Postmaster>` without a domain is refused: Postage relays to other domains and has no local
/// postmaster to deliver to.
extension SMTPServerSession {
    mutating func handleRecipient(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        // RFC 5321 §4.1.4: RCPT only inside a transaction.
        guard var transaction = self.transaction else {
            self.error(.badSequence("Need MAIL command"), &actions)
            return
        }
        guard let argument, let afterPrefix = Self.stripPrefix("TO:", from: argument) else {
            self.error(.syntax("RCPT TO:<address>"), &actions)
            return
        }
        guard let (path, rest) = MailboxPath.parse(afterPrefix), !path.isNull else {
            self.error(.badRecipientSyntax, &actions)
            return
        }
        guard let parameters = ESMTPParameter.parseList(rest) else {
            self.error(.syntax("RCPT TO:<address>"), &actions)
            return
        }
        // DSN (RFC 3461: NOTIFY, ORCPT) is not advertised, so no RCPT parameter is valid
        // (RFC 5321 §4.1.1.11: 555).
        if let parameter = parameters.first {
            self.error(.unsupportedParameter(parameter.keyword), &actions)
            return
        }
        // RFC 6531 §3.5: a non-ASCII forward-path needs SMTPUTF8 on MAIL.
        if path.containsNonASCII, !transaction.smtpUTF8 {
            self.error(.nonASCIIAddress, &actions)
            return
        }
        // A listener for its own domains never relays (RFC 5321 §3.6.2, §7.1): 550 5.7.1.
        if let domains = self.configuration.acceptedRecipientDomains, !domains.contains(path.domain.lowercased()) {
            self.error(.relayDenied, &actions)
            return
        }
        // A repeated recipient is accepted and kept once: one copy is delivered, as a
        // client that lists an address twice expects.
        if transaction.recipientKeys.contains(path.comparisonKey) {
            actions.append(.reply(.recipientOk))
            return
        }
        // RFC 5321 §4.5.3.1.8 / §4.5.3.1.10: over the limit, 452 (the client sends the rest in
        // another transaction). Not an error: it does not count towards maximumErrors.
        guard transaction.recipients.count < self.configuration.maximumRecipients else {
            actions.append(.reply(.tooManyRecipients))
            return
        }
        transaction.recipients.append(path)
        transaction.recipientKeys.insert(path.comparisonKey)
        self.transaction = transaction
        actions.append(.reply(.recipientOk))
    }
}
