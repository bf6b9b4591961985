import SMTPProtocol

/// The replies the session sends, in one place so that tests and the handler can compare against
/// them. Every reply except the greeting, the EHLO/HELO replies (RFC 2034 §3), 334 challenges and
/// 354 carries an enhanced status code (RFC 3463).
extension SMTPReply {
    // MARK: Session

    static func greeting(_ hostname: String) -> SMTPReply { SMTPReply(code: 220, "\(hostname) ESMTP Postage") }
    static let ok = SMTPReply(code: 250, "2.0.0 Ok")
    static let bye = SMTPReply(code: 221, "2.0.0 Bye")
    /// RFC 5321 §3.8: a server that must close sends 421 and closes.
    static let tooManyErrors = SMTPReply(code: 421, "4.7.0 Too many errors")
    static func idleTimeout(_ hostname: String) -> SMTPReply {
        SMTPReply(code: 421, "4.4.2 \(hostname) Error: timeout exceeded")
    }
    static func shuttingDown(_ hostname: String) -> SMTPReply {
        SMTPReply(code: 421, "4.3.2 \(hostname) Service shutting down, closing transmission channel")
    }

    // MARK: Syntax and sequence (RFC 5321 §4.2.2, §4.3.2)

    static let commandUnrecognized = SMTPReply(code: 500, "5.5.1 Command unrecognized")
    static let commandNotImplemented = SMTPReply(code: 502, "5.5.1 Command not implemented")
    static let emptyCommand = SMTPReply(code: 500, "5.5.2 Syntax error: empty command")
    /// RFC 5321 §4.5.3.1.10 gives "500 Line too long" as the reply to an over-long line.
    static let lineTooLong = SMTPReply(code: 500, "5.5.2 Line too long")
    static let bareLineFeedInCommand = SMTPReply(code: 500, "5.5.2 Bare <LF> received; closing")
    static let bareCarriageReturnInCommand = SMTPReply(code: 500, "5.5.2 Bare <CR> received; closing")
    /// RFC 7504: 521, the server does not accept mail and closes. Used for bare CR or LF inside
    /// DATA, as Postfix's `smtpd_forbid_bare_newline` does.
    static let bareLineFeedInData = SMTPReply(code: 521, "5.5.2 Bare <LF> received; closing")
    static let bareCarriageReturnInData = SMTPReply(code: 521, "5.5.2 Bare <CR> received; closing")
    /// A browser or proxy speaking HTTP to the SMTP port (cross-protocol attack): Postfix's
    /// `smtpd_forbidden_commands` answer and close.
    static let forbiddenCommand = SMTPReply(code: 521, "5.7.0 Error: this is an SMTP server; closing")
    static func syntax(_ usage: String) -> SMTPReply { SMTPReply(code: 501, "5.5.4 Syntax: \(usage)") }
    static func badSequence(_ text: String) -> SMTPReply { SMTPReply(code: 503, "5.5.1 \(text)") }

    // MARK: EHLO / HELO (RFC 5321 §4.1.1.1)

    static func helo(_ hostname: String) -> SMTPReply { SMTPReply(code: 250, hostname) }

    // MARK: MAIL / RCPT (RFC 5321 §4.1.1.2, §4.1.1.3)

    static let senderOk = SMTPReply(code: 250, "2.1.0 Ok")
    static let recipientOk = SMTPReply(code: 250, "2.1.5 Ok")
    static let badSenderSyntax = SMTPReply(code: 501, "5.1.7 Bad sender address syntax")
    static let badRecipientSyntax = SMTPReply(code: 501, "5.1.3 Bad recipient address syntax")
    static let relayDenied = SMTPReply(code: 550, "5.7.1 Relay access denied")
    /// RFC 6531 §3.5: a non-ASCII address without SMTPUTF8.
    static let nonASCIIAddress = SMTPReply(code: 553, "5.6.7 Non-ASCII addresses require the SMTPUTF8 parameter")
    /// RFC 1870 §6.1, RFC 3463 X.3.4.
    static let messageTooBig = SMTPReply(code: 552, "5.3.4 Message size exceeds fixed maximum message size")
    /// RFC 5321 §4.5.3.1.10: "452 Too many recipients", not an error that ends the session.
    static let tooManyRecipients = SMTPReply(code: 452, "4.5.3 Too many recipients")
    /// RFC 5321 §4.1.1.11: a parameter that is not recognized or not implemented.
    static func unsupportedParameter(_ keyword: String) -> SMTPReply {
        SMTPReply(code: 555, "5.5.4 Unsupported parameter: \(keyword)")
    }
    static func badParameter(_ text: String) -> SMTPReply { SMTPReply(code: 501, "5.5.4 \(text)") }

    // MARK: DATA (RFC 5321 §4.1.1.4)

    static let startData = SMTPReply(code: 354, "End data with <CR><LF>.<CR><LF>")
    static let noValidRecipients = SMTPReply(code: 554, "5.5.1 No valid recipients")
    static func queued(_ messageID: String) -> SMTPReply { SMTPReply(code: 250, "2.0.0 Ok: queued as \(messageID)") }

    // MARK: AUTH (RFC 4954)

    static let authenticationRequired = SMTPReply(code: 530, "5.7.0 Authentication required")
    static let mustStartTLSFirst = SMTPReply(code: 530, "5.7.0 Must issue a STARTTLS command first")
    static let authenticationSucceeded = SMTPReply(code: 235, "2.7.0 Authentication successful")
    static let authenticationFailed = SMTPReply(code: 535, "5.7.8 Authentication credentials invalid")
    static let authenticationCancelled = SMTPReply(code: 501, "5.7.0 Authentication cancelled")
    static let invalidBase64 = SMTPReply(code: 501, "5.5.2 Cannot decode response")
    static let invalidAuthenticationData = SMTPReply(code: 501, "5.5.2 Invalid authentication data")
    static let unrecognizedMechanism = SMTPReply(code: 504, "5.5.4 Unrecognized authentication type")
    /// RFC 4954 §4: a response longer than the server's buffer fails AUTH with 500 5.5.6.
    static let saslResponseTooLong = SMTPReply(code: 500, "5.5.6 Authentication Exchange line is too long")
    static func saslChallenge(_ base64: String) -> SMTPReply { SMTPReply(code: 334, base64) }

    // MARK: STARTTLS (RFC 3207 §4)

    static let readyToStartTLS = SMTPReply(code: 220, "2.0.0 Ready to start TLS")

    // MARK: VRFY / HELP

    static let cannotVerify = SMTPReply(code: 252, "2.5.0 Cannot VRFY user, but will accept message and attempt delivery")
    static let help = SMTPReply(code: 214, "2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT STARTTLS AUTH VRFY HELP")
}
