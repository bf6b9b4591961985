/// Where in the session something happened: the command whose reply was awaited, or the phase.
public enum SMTPStage: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case connect
    case greeting
    case ehlo
    case helo
    case startTLS
    case tlsHandshake
    case auth
    case mail
    case rcpt
    /// The DATA command, awaiting 354.
    case data
    /// Sending the message content.
    case dataBlock
    /// Awaiting the reply to the end-of-data `.CRLF`.
    case dataTermination
    case rset
    case quit

    public var description: String { self.rawValue }
}
