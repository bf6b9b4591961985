/// An error in the bytes exchanged with an SMTP peer: framing, reply syntax, or an argument that
/// cannot be put on the wire. The code is an opaque, extensible value (postgres-nio style), so
/// new codes can be added without breaking `switch`es in callers.
public struct SMTPProtocolError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case lineTooLong
            case bareLineFeed
            case bareCarriageReturn
            case malformedReplyLine
            case inconsistentReplyCode
            case replyTooLong
            case invalidCommandArgument
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// A line exceeded the decoder's length cap before its CRLF (RFC 5321 §4.5.3.1.5).
        public static let lineTooLong = Self(.lineTooLong)
        /// An LF not preceded by CR. SMTP lines end in CRLF only (RFC 5321 §2.3.8); accepting a bare
        /// LF is the root of SMTP smuggling.
        public static let bareLineFeed = Self(.bareLineFeed)
        /// A CR not followed by LF inside a line.
        public static let bareCarriageReturn = Self(.bareCarriageReturn)
        /// A reply line that is not `3DIGIT [("-" / SP) text]` (RFC 5321 §4.2).
        public static let malformedReplyLine = Self(.malformedReplyLine)
        /// The lines of one multi-line reply carry different codes (RFC 5321 §4.2.1).
        public static let inconsistentReplyCode = Self(.inconsistentReplyCode)
        /// A multi-line reply had more lines than the decoder allows.
        public static let replyTooLong = Self(.replyTooLong)
        /// A command argument would break the command syntax (CR, LF, NUL, `<`, `>` or a space
        /// where none is allowed): refused rather than sent, so nothing can be injected.
        public static let invalidCommandArgument = Self(.invalidCommandArgument)

        public var description: String { self.base.rawValue }
    }

    public var code: Code
    public var detail: String

    public init(code: Code, detail: String) {
        self.code = code
        self.detail = detail
    }

    public var description: String { "SMTPProtocolError(\(self.code)): \(self.detail)" }
}
