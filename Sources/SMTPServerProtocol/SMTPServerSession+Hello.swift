import SMTPProtocol

/// EHLO and HELO (RFC 5321 §4.1.1.1).
extension SMTPServerSession {
    mutating func handleHello(_ argument: ArraySlice<UInt8>?, extended: Bool, into actions: inout [SMTPServerAction]) {
        let verb = extended ? "EHLO" : "HELO"
        // `ehlo = "EHLO" SP ( Domain / address-literal ) CRLF`. The name is not checked against
        // DNS (as Postfix by default), but it is one printable token, since it ends up in a
        // Received header.
        guard let argument,
              argument.allSatisfy({ $0 > 32 && $0 != 127 }),
              let name = String(validating: argument, as: UTF8.self)
        else {
            self.error(.syntax("\(verb) hostname"), &actions)
            return
        }
        // RFC 5321 §4.1.4: EHLO/HELO in a session resets it as RSET does. AUTH is kept.
        self.resetTransaction()
        self.greeting = Greeting(name: name, extended: extended)
        guard extended else {
            // RFC 5321 §4.1.1.1: a single-line reply, no extensions. RFC 2034 §3: no enhanced
            // status code on HELO/EHLO replies.
            actions.append(.reply(.helo(self.configuration.hostname)))
            return
        }
        actions.append(.reply(SMTPReply(code: 250, lines: self.ehloLines(clientName: name))))
    }

    /// The EHLO reply: greeting line, then one keyword per line (RFC 5321 §4.1.1.1).
    func ehloLines(clientName: String) -> [String] {
        var lines = ["\(self.configuration.hostname) Hello \(clientName)"]
        lines.append("PIPELINING") // RFC 2920
        lines.append("SIZE \(self.configuration.maximumMessageSize)") // RFC 1870 §4
        lines.append("8BITMIME") // RFC 6152
        lines.append("SMTPUTF8") // RFC 6531
        lines.append("ENHANCEDSTATUSCODES") // RFC 2034
        if self.configuration.tlsAvailable, !self.isTLS {
            lines.append("STARTTLS") // RFC 3207 §4.2: not offered again after the handshake.
        }
        if self.authAllowedOnThisConnection {
            lines.append("AUTH PLAIN LOGIN") // RFC 4954 §3
        }
        return lines
    }

    /// RFC 4954 §4: plaintext mechanisms only over TLS unless configured otherwise.
    var authAllowedOnThisConnection: Bool {
        self.isTLS || !self.configuration.authRequiresTLS
    }
}
