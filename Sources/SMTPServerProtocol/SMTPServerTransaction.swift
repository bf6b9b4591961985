/// One mail transaction, from MAIL FROM to the end of DATA (RFC 5321 §3.3).
struct SMTPServerTransaction: Sendable, Hashable {
    var reversePath: MailboxPath
    var bodyType: SMTPSubmission.BodyType?
    var smtpUTF8: Bool
    /// The MAIL `SIZE=` estimate (RFC 1870 §6), informational once checked.
    var declaredSize: Int?
    /// Accepted recipients, in RCPT order, each once.
    var recipients: [MailboxPath] = []
    /// `comparisonKey`s of `recipients`.
    var recipientKeys: Set<String> = []
}
