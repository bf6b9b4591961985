/// One message received over SMTP, with its envelope and how the session looked when DATA ended.
public struct SMTPSubmission: Sendable, Hashable {
    /// The MAIL FROM reverse-path without angle brackets (source route dropped), `""` for `<>`.
    public var reversePath: String
    /// The RCPT TO forward-paths in RCPT order, as given (no angle brackets, source route dropped),
    /// each once.
    public var recipients: [String]
    /// The DATA content: dot-unstuffed, CRLF line ends, without the final `.` CRLF.
    public var message: [UInt8]
    /// MAIL `BODY=` (RFC 6152 §2), nil when absent.
    public var bodyType: BodyType?
    /// MAIL `SMTPUTF8` (RFC 6531 §3.4).
    public var smtpUTF8: Bool
    /// The EHLO or HELO argument.
    public var heloName: String
    /// The session was in TLS when DATA ended.
    public var tls: Bool
    /// The username that succeeded AUTH, nil when the session did not authenticate.
    public var authenticatedUser: String?

    /// RFC 6152 §2 (8BITMIME) body types.
    public enum BodyType: String, Sendable, Hashable {
        case sevenBit = "7BIT"
        case eightBitMIME = "8BITMIME"
    }

    public init(
        reversePath: String,
        recipients: [String],
        message: [UInt8],
        bodyType: BodyType?,
        smtpUTF8: Bool,
        heloName: String,
        tls: Bool,
        authenticatedUser: String?
    ) {
        self.reversePath = reversePath
        self.recipients = recipients
        self.message = message
        self.bodyType = bodyType
        self.smtpUTF8 = smtpUTF8
        self.heloName = heloName
        self.tls = tls
        self.authenticatedUser = authenticatedUser
    }
}

extension SMTPSubmission: CustomStringConvertible {
    public var description: String {
        "SMTPSubmission(from: <\(self.reversePath)>, to: \(self.recipients.map { "<\($0)>" }.joined(separator: ", ")), "
            + "\(self.message.count) bytes, body: \(self.bodyType?.rawValue ?? "-"), smtpUTF8: \(self.smtpUTF8), "
            + "helo: \(self.heloName), tls: \(self.tls), user: \(self.authenticatedUser ?? "-"))"
    }
}
