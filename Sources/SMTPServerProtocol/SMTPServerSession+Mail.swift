import SMTPProtocol

/// MAIL FROM (RFC 5321 §4.1.1.2):
/// `mail = "MAIL FROM:" Reverse-path [SP Mail-parameters] CRLF`.
extension SMTPServerSession {
    mutating func handleMail(_ argument: ArraySlice<UInt8>?, into actions: inout [SMTPServerAction]) {
        // RFC 5321 §4.1.4: MAIL needs a greeting first and may not be nested.
        guard self.greeting != nil else {
            self.error(.badSequence("Send HELO/EHLO first"), &actions)
            return
        }
        guard self.transaction == nil else {
            self.error(.badSequence("Nested MAIL command"), &actions)
            return
        }
        // RFC 4954 §6: 530 5.7.0 when authentication is required.
        if self.configuration.authRequired, self.authenticatedUser == nil {
            self.error(.authenticationRequired, &actions)
            return
        }
        guard let argument, let afterPrefix = Self.stripPrefix("FROM:", from: argument) else {
            self.error(.syntax("MAIL FROM:<address>"), &actions)
            return
        }
        guard let (path, rest) = MailboxPath.parse(afterPrefix) else {
            self.error(.badSenderSyntax, &actions)
            return
        }
        guard let parameters = ESMTPParameter.parseList(rest) else {
            self.error(.syntax("MAIL FROM:<address> [parameters]"), &actions)
            return
        }
        var transaction = SMTPServerTransaction(reversePath: path, bodyType: nil, smtpUTF8: false, declaredSize: nil)
        var seen: Set<String> = []
        for parameter in parameters {
            // RFC 5321 §4.1.2: a parameter appears at most once.
            guard seen.insert(parameter.keyword).inserted else {
                self.error(.badParameter("Duplicate parameter \(parameter.keyword)"), &actions)
                return
            }
            switch (parameter.keyword, parameter.value) {
            case ("SIZE", let value?):
                // RFC 1870 §6: `size-value = 1*20DIGIT`.
                guard (1...20).contains(value.utf8.count), value.utf8.allSatisfy({ (48...57).contains($0) }) else {
                    self.error(.badParameter("Bad SIZE value"), &actions)
                    return
                }
                // Twenty digits can overflow Int; anything that large is over the limit anyway.
                transaction.declaredSize = Int(value) ?? Int.max
            case ("BODY", let value?):
                // RFC 6152 §2: BODY=7BIT / BODY=8BITMIME. BINARYMIME (RFC 3030) is not offered.
                guard let bodyType = SMTPSubmission.BodyType(rawValue: value.uppercased()) else {
                    self.error(.unsupportedParameter("BODY=\(value)"), &actions)
                    return
                }
                transaction.bodyType = bodyType
            case ("SMTPUTF8", nil):
                // RFC 6531 §3.4: a keyword without value.
                transaction.smtpUTF8 = true
            case ("AUTH", _?):
                // RFC 4954 §5: the AUTH= parameter may be ignored by a server that does not
                // trust the client to vouch for the message's original submitter.
                break
            case ("SIZE", nil), ("BODY", nil), ("AUTH", nil), ("SMTPUTF8", _?):
                self.error(.badParameter("Bad \(parameter.keyword) parameter syntax"), &actions)
                return
            default:
                // RFC 5321 §4.1.1.11: 555 for a parameter not recognized.
                self.error(.unsupportedParameter(parameter.keyword), &actions)
                return
            }
        }
        // RFC 6531 §3.5: a non-ASCII reverse-path needs SMTPUTF8.
        if path.containsNonASCII, !transaction.smtpUTF8 {
            self.error(.nonASCIIAddress, &actions)
            return
        }
        // RFC 1870 §6.1: refuse up front when the declared size is over the limit.
        if let size = transaction.declaredSize, size > self.configuration.maximumMessageSize {
            actions.append(.reply(.messageTooBig))
            return
        }
        self.transaction = transaction
        actions.append(.reply(.senderOk))
    }

    /// Removes `prefix` ("FROM:" / "TO:", case-insensitive) and at most one space after it: the
    /// grammar has none, but `MAIL FROM: <a@b>` is common and Postfix accepts it.
    static func stripPrefix(_ prefix: String, from argument: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        let expected = Array(prefix.utf8)
        guard argument.count >= expected.count else { return nil }
        let head = argument.prefix(expected.count)
        guard zip(head, expected).allSatisfy({ Self.asciiUppercased($0) == $1 }) else { return nil }
        var rest = argument.dropFirst(expected.count)
        if rest.first == UInt8(ascii: " ") {
            rest = rest.dropFirst()
        }
        return rest
    }

    static func asciiUppercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) ? byte - 32 : byte
    }
}
