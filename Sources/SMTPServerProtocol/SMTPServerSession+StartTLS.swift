import SMTPProtocol

/// STARTTLS (RFC 3207): `STARTTLS` CRLF, no parameters.
extension SMTPServerSession {
    mutating func handleStartTLS(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        // RFC 3207 §4: "A publicly-referenced SMTP server MUST NOT ... STARTTLS ... with parameters":
        // 501 Syntax error (no parameters allowed).
        guard argument == nil else {
            self.error(.syntax("STARTTLS"), &actions)
            return
        }
        guard self.configuration.tlsAvailable else {
            self.error(.commandNotImplemented, &actions)
            return
        }
        // RFC 3207 §4.2: STARTTLS is not offered again once TLS is in place.
        guard !self.isTLS else {
            self.error(.badSequence("TLS already active"), &actions)
            return
        }
        guard self.transaction == nil else {
            self.error(.badSequence("MAIL transaction in progress"), &actions)
            return
        }
        actions.append(.reply(.readyToStartTLS))
        actions.append(.startTLS)
        // The read loop now discards every byte until `tlsEstablished()`: commands pipelined
        // after STARTTLS arrived in plaintext and must not be run inside the TLS session
        // (RFC 3207 §4 "STARTTLS command injection", CVE-2011-0411).
        self.phase = .tlsHandshake
    }
}
