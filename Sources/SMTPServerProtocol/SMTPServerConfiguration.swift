/// The tunables of one SMTP submission listener, each with a named default.
public struct SMTPServerConfiguration: Sendable, Hashable {
    /// The name in the greeting and the first EHLO line (RFC 5321 §4.1.1.1, §4.3.1).
    public var hostname: String
    /// The largest message accepted, in bytes of unstuffed DATA content, advertised with SIZE
    /// (RFC 1870 §4).
    public var maximumMessageSize: Int
    /// The most recipients in one transaction; the next RCPT gets `452 4.5.3` (RFC 5321 §4.5.3.1.8,
    /// §4.5.3.1.10).
    public var maximumRecipients: Int
    /// Errors (syntax, bad sequence, unknown command, failed AUTH) allowed per session; the one
    /// that reaches this count is followed by `421 4.7.0` and the connection is closed.
    public var maximumErrors: Int
    /// STARTTLS is offered (while the session is not in TLS yet) (RFC 3207).
    public var tlsAvailable: Bool
    /// AUTH is refused with `530 5.7.0` and not advertised until STARTTLS succeeded.
    public var authRequiresTLS: Bool
    /// MAIL is refused with `530 5.7.0` until AUTH succeeded (RFC 4954 §6).
    public var authRequired: Bool
    /// The longest command line, CRLF included (RFC 5321 §4.5.3.1.4: 512).
    public var maximumCommandLineLength: Int
    /// The longest DATA text line, CRLF included (RFC 5321 §4.5.3.1.6: 1000).
    public var maximumTextLineLength: Int
    /// The longest SASL response line, CRLF included. RFC 4954 §4 calls 12288 octets sufficient
    /// for deployed mechanisms; an AUTH command line itself stays within `maximumCommandLineLength`.
    public var maximumSASLResponseLength: Int
    /// When set, RCPT accepts only addresses in these domains (lower-case) and refuses others with
    /// `550 5.7.1` (a listener that receives for its own domains and never relays, such as the
    /// inbound bounce listener). Nil accepts any domain (submission relays to the world).
    public var acceptedRecipientDomains: Set<String>? = nil

    public static let defaultMaximumMessageSize = 10 * 1024 * 1024 + 512 * 1024
    /// Postmark's limit of 50 recipients per message.
    public static let defaultMaximumRecipients = 50
    public static let defaultMaximumErrors = 10
    public static let defaultMaximumCommandLineLength = 512
    public static let defaultMaximumTextLineLength = 1000
    public static let defaultMaximumSASLResponseLength = 12288

    public init(
        hostname: String,
        maximumMessageSize: Int = Self.defaultMaximumMessageSize,
        maximumRecipients: Int = Self.defaultMaximumRecipients,
        maximumErrors: Int = Self.defaultMaximumErrors,
        tlsAvailable: Bool = false,
        authRequiresTLS: Bool = true,
        authRequired: Bool = true,
        maximumCommandLineLength: Int = Self.defaultMaximumCommandLineLength,
        maximumTextLineLength: Int = Self.defaultMaximumTextLineLength,
        maximumSASLResponseLength: Int = Self.defaultMaximumSASLResponseLength
    ) {
        self.hostname = hostname
        self.maximumMessageSize = maximumMessageSize
        self.maximumRecipients = maximumRecipients
        self.maximumErrors = maximumErrors
        self.tlsAvailable = tlsAvailable
        self.authRequiresTLS = authRequiresTLS
        self.authRequired = authRequired
        self.maximumCommandLineLength = maximumCommandLineLength
        self.maximumTextLineLength = maximumTextLineLength
        self.maximumSASLResponseLength = maximumSASLResponseLength
    }
}
