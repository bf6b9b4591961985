import NIOCore

/// Per-stage timeouts. The state machine says which one applies; the channel handler enforces it.
///
/// Defaults follow RFC 5321 §4.5.3.2: initial 220 5 minutes, MAIL 5, RCPT 5, DATA initiation 2,
/// each data block 3, DATA termination 10. The RFC names no value for EHLO, STARTTLS, AUTH or
/// RSET; they use `command` (5 minutes, like MAIL). `connect` follows Postfix's
/// smtp_connect_timeout (30 s). Tests shorten them.
public struct SMTPTimeouts: Hashable, Sendable {
    public var connect: TimeAmount = .seconds(30)
    /// §4.5.3.2.1
    public var greeting: TimeAmount = .minutes(5)
    /// EHLO, HELO, STARTTLS, AUTH, RSET, NOOP.
    public var command: TimeAmount = .minutes(5)
    public var tlsHandshake: TimeAmount = .minutes(2)
    /// §4.5.3.2.2
    public var mail: TimeAmount = .minutes(5)
    /// §4.5.3.2.3
    public var rcpt: TimeAmount = .minutes(5)
    /// §4.5.3.2.4
    public var dataInitiation: TimeAmount = .minutes(2)
    /// §4.5.3.2.5: while each chunk of the message is being sent.
    public var dataBlock: TimeAmount = .minutes(3)
    /// §4.5.3.2.6: after the final `.CRLF`, for the reply.
    public var dataTermination: TimeAmount = .minutes(10)
    /// The reply to QUIT; not worth waiting long for.
    public var quit: TimeAmount = .seconds(30)

    public init() {}

    /// Every timeout set to `amount` (tests).
    public static func uniform(_ amount: TimeAmount) -> SMTPTimeouts {
        var timeouts = SMTPTimeouts()
        for stage in SMTPStage.allCases { timeouts[stage] = amount }
        return timeouts
    }

    public subscript(stage: SMTPStage) -> TimeAmount {
        get {
            switch stage {
            case .connect: return self.connect
            case .greeting: return self.greeting
            case .ehlo, .helo, .startTLS, .auth, .rset: return self.command
            case .tlsHandshake: return self.tlsHandshake
            case .mail: return self.mail
            case .rcpt: return self.rcpt
            case .data: return self.dataInitiation
            case .dataBlock: return self.dataBlock
            case .dataTermination: return self.dataTermination
            case .quit: return self.quit
            }
        }
        set {
            switch stage {
            case .connect: self.connect = newValue
            case .greeting: self.greeting = newValue
            case .ehlo, .helo, .startTLS, .auth, .rset: self.command = newValue
            case .tlsHandshake: self.tlsHandshake = newValue
            case .mail: self.mail = newValue
            case .rcpt: self.rcpt = newValue
            case .data: self.dataInitiation = newValue
            case .dataBlock: self.dataBlock = newValue
            case .dataTermination: self.dataTermination = newValue
            case .quit: self.quit = newValue
            }
        }
    }
}
