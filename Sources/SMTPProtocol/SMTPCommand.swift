import NIOCore

/// The commands the client sends (RFC 5321 §4.1.1, RFC 3207, RFC 4954).
public enum SMTPCommand: Hashable, Sendable, CustomStringConvertible {
    /// `EHLO domain` (RFC 5321 §4.1.1.1)
    case ehlo(String)
    /// `HELO domain`, the fallback when EHLO is refused with 5xx (RFC 5321 §3.2)
    case helo(String)
    /// `STARTTLS` (RFC 3207 §4)
    case startTLS
    /// `AUTH PLAIN <initial-response>` (RFC 4954 §4, RFC 4616)
    case authPlain(SMTPCredentials)
    /// `MAIL FROM:<reverse-path> [params]`; an empty path is the null sender `<>` (RFC 5321 §4.1.1.2)
    case mail(from: String, parameters: [MailParameter])
    /// `RCPT TO:<forward-path>` (RFC 5321 §4.1.1.3)
    case rcpt(to: String)
    /// `DATA` (RFC 5321 §4.1.1.4)
    case data
    /// `RSET` (RFC 5321 §4.1.1.5)
    case rset
    /// `NOOP` (RFC 5321 §4.1.1.9)
    case noop
    /// `QUIT` (RFC 5321 §4.1.1.10)
    case quit

    /// The command line without CRLF. Throws if an argument would change the command's syntax.
    public func line() throws -> String {
        switch self {
        case .ehlo(let domain):
            try Self.validateDomain(domain)
            return "EHLO \(domain)"
        case .helo(let domain):
            try Self.validateDomain(domain)
            return "HELO \(domain)"
        case .startTLS:
            return "STARTTLS"
        case .authPlain(let credentials):
            return "AUTH PLAIN \(credentials.plainInitialResponse)"
        case .mail(let from, let parameters):
            try Self.validatePath(from)
            let params = try parameters.map { parameter -> String in
                let text = parameter.wireText
                guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
                    throw SMTPProtocolError(code: .invalidCommandArgument, detail: "bad MAIL parameter")
                }
                return " " + text
            }.joined()
            return "MAIL FROM:<\(from)>\(params)"
        case .rcpt(let to):
            guard !to.isEmpty else {
                throw SMTPProtocolError(code: .invalidCommandArgument, detail: "empty forward-path")
            }
            try Self.validatePath(to)
            return "RCPT TO:<\(to)>"
        case .data: return "DATA"
        case .rset: return "RSET"
        case .noop: return "NOOP"
        case .quit: return "QUIT"
        }
    }

    /// Writes the command and its CRLF.
    public func encode(into buffer: inout ByteBuffer) throws {
        buffer.writeString(try self.line())
        buffer.writeStaticString("\r\n")
    }

    /// What the transcript log may show: AUTH arguments are replaced (conventions: trace-level
    /// SMTP transcripts with AUTH redacted).
    public var redactedDescription: String {
        switch self {
        case .authPlain: return "AUTH PLAIN <redacted>"
        default: return (try? self.line()) ?? "<invalid command>"
        }
    }

    public var description: String { self.redactedDescription }

    /// A path must not contain anything that ends or re-opens the `<...>` or the command line.
    /// Non-ASCII is allowed here; whether it may be sent (SMTPUTF8) is the state machine's call.
    static func validatePath(_ path: String) throws {
        for byte in path.utf8 where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") {
            throw SMTPProtocolError(
                code: .invalidCommandArgument,
                detail: "path contains a control character or angle bracket"
            )
        }
    }

    static func validateDomain(_ domain: String) throws {
        guard !domain.isEmpty, domain.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw SMTPProtocolError(code: .invalidCommandArgument, detail: "bad EHLO/HELO domain")
        }
    }
}
