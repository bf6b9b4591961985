/// Why a session, or a transaction in it, failed. It carries the stage, the server's reply when
/// there was one, and whether trying again later may help. Unknown failures are transient.
public struct SMTPClientError: Error, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case connectionFailed, connectionLost, timeout
            case greetingRejected, heloRejected
            case startTLSNotOffered, startTLSRejected, tlsHandshakeFailed, startTLSResponseInjection
            case authUnavailable, authRejected
            case serviceClosing, protocolError, unexpectedReply
            case messageTooLarge, smtputf8Unsupported, invalidAddress
            case resetFailed, sessionClosed
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// TCP connect failed or was refused.
        public static let connectionFailed = Self(.connectionFailed)
        /// The peer closed the connection or the socket failed.
        public static let connectionLost = Self(.connectionLost)
        /// No reply within the stage's timeout (RFC 5321 §4.5.3.2).
        public static let timeout = Self(.timeout)
        /// The greeting was not 2xx (RFC 5321 §3.1).
        public static let greetingRejected = Self(.greetingRejected)
        /// EHLO and then HELO (or HELO alone) were refused.
        public static let heloRejected = Self(.heloRejected)
        /// TLS is required and the server did not offer STARTTLS.
        public static let startTLSNotOffered = Self(.startTLSNotOffered)
        /// TLS is required and the server refused STARTTLS.
        public static let startTLSRejected = Self(.startTLSRejected)
        /// The TLS handshake failed (certificate, protocol, ...).
        public static let tlsHandshakeFailed = Self(.tlsHandshakeFailed)
        /// Bytes followed the 220 reply to STARTTLS before the handshake (CVE-2011-0411 class).
        public static let startTLSResponseInjection = Self(.startTLSResponseInjection)
        /// Credentials are configured but AUTH PLAIN is not offered (or not over TLS).
        public static let authUnavailable = Self(.authUnavailable)
        /// The server refused the credentials.
        public static let authRejected = Self(.authRejected)
        /// 421: the server is closing the channel (RFC 5321 §3.8).
        public static let serviceClosing = Self(.serviceClosing)
        /// The server's bytes were not valid SMTP (framing, reply syntax).
        public static let protocolError = Self(.protocolError)
        /// A reply that makes no sense at this point (e.g. unsolicited).
        public static let unexpectedReply = Self(.unexpectedReply)
        /// The message is larger than the server's SIZE (RFC 1870 §6).
        public static let messageTooLarge = Self(.messageTooLarge)
        /// The envelope needs SMTPUTF8 and the server does not offer it (RFC 6531 §3.2).
        public static let smtputf8Unsupported = Self(.smtputf8Unsupported)
        /// An address cannot be put into a command (control characters, angle brackets).
        public static let invalidAddress = Self(.invalidAddress)
        /// RSET was refused, so the session's state is unknown.
        public static let resetFailed = Self(.resetFailed)
        /// The session was already closed.
        public static let sessionClosed = Self(.sessionClosed)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    public var stage: SMTPStage
    /// The server's reply, when one caused the error.
    public var reply: SMTPReply?
    public var isTransient: Bool
    public var detail: String
    public var underlying: (any Error & Sendable)?

    public init(
        code: Code,
        stage: SMTPStage,
        reply: SMTPReply? = nil,
        isTransient: Bool? = nil,
        detail: String = "",
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.stage = stage
        self.reply = reply
        self.isTransient = isTransient ?? (reply.map { !$0.isPermanentNegative } ?? !Self.permanentLocalCodes.contains(code))
        self.detail = detail
        self.underlying = underlying
    }

    private static let permanentLocalCodes: Set<Code> = [.messageTooLarge, .smtputf8Unsupported, .invalidAddress]

    /// The server's reply, or one made up for a local failure with the matching RFC 3463 code:
    /// 4.4.1 no answer, 4.4.2 bad connection, 4.7.x security, 4.5.0 protocol, 5.3.4 too big,
    /// 5.6.7 no SMTPUTF8 (RFC 6531 §3.7.4), 5.1.3 bad address syntax.
    public var effectiveReply: SMTPReply {
        if let reply = self.reply, self.isTransient == !reply.isPermanentNegative {
            return reply
        }
        let text = self.detail.isEmpty ? "\(self.code) at \(self.stage)" : self.detail
        func made(_ code: Int, _ enhanced: String) -> SMTPReply { SMTPReply(code: code, "\(enhanced) \(text)") }
        switch self.code {
        case .connectionFailed: return made(451, "4.4.1")
        case .connectionLost, .timeout, .sessionClosed: return made(451, "4.4.2")
        case .startTLSNotOffered, .startTLSRejected, .authUnavailable: return made(451, "4.7.4")
        case .tlsHandshakeFailed: return made(451, "4.7.5")
        case .startTLSResponseInjection: return made(451, "4.7.0")
        case .messageTooLarge: return made(552, "5.3.4")
        case .smtputf8Unsupported: return made(553, "5.6.7")
        case .invalidAddress: return made(553, "5.1.3")
        default:
            if let reply = self.reply {
                // A remote 5xx turned transient by policy (e.g. STARTTLS refused in required mode).
                return SMTPReply(code: 451, lines: ["4.7.0 " + reply.description])
            }
            return made(451, "4.5.0")
        }
    }

    /// The outcome this error gives a recipient.
    public func outcome(for recipient: String) -> RecipientOutcome {
        RecipientOutcome(
            recipient: recipient,
            status: self.isTransient ? .transient : .permanent,
            stage: self.stage,
            reply: self.effectiveReply,
            localError: self.reply == nil || self.effectiveReply != self.reply ? self.code : nil
        )
    }

    public var description: String {
        var text = "SMTPClientError(\(self.code), stage: \(self.stage), \(self.isTransient ? "transient" : "permanent")"
        if let reply = self.reply { text += ", reply: \(reply)" }
        if !self.detail.isEmpty { text += ", \(self.detail)" }
        if let underlying = self.underlying { text += ", underlying: \(underlying)" }
        return text + ")"
    }
}

/// Equal when code, stage, reply, transience and detail are; the underlying error is context only.
extension SMTPClientError: Hashable {
    public static func == (lhs: SMTPClientError, rhs: SMTPClientError) -> Bool {
        lhs.code == rhs.code && lhs.stage == rhs.stage && lhs.reply == rhs.reply
            && lhs.isTransient == rhs.isTransient && lhs.detail == rhs.detail
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(self.code)
        hasher.combine(self.stage)
        hasher.combine(self.reply)
    }
}
