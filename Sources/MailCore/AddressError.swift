/// Why an address or address list was rejected.
///
/// `code` is an extensible, stable identifier for programmatic checks; `reason` is a
/// human-readable sentence; `input` is the offending text (the whole item being parsed).
public struct AddressError: Error, Sendable, Hashable {
    /// Stable, extensible error code.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// Nothing to parse where one mailbox was required.
        public static let empty = Code(rawValue: "empty")
        /// CR, LF or NUL somewhere in the input (header injection).
        public static let lineBreak = Code(rawValue: "line_break")
        /// The text does not follow the RFC 5322 §3.4 address grammar.
        public static let syntax = Code(rawValue: "syntax")
        /// The local part is not a valid dot-atom or quoted-string.
        public static let invalidLocalPart = Code(rawValue: "invalid_local_part")
        /// The domain is not a valid host name or address literal.
        public static let invalidDomain = Code(rawValue: "invalid_domain")
        /// A length limit of RFC 5321 §4.5.3.1 was exceeded.
        public static let tooLong = Code(rawValue: "too_long")
        /// More than one mailbox where exactly one was required.
        public static let multipleMailboxes = Code(rawValue: "multiple_mailboxes")

        public var description: String { rawValue }
    }

    public var code: Code
    /// The offending input.
    public var input: String
    /// Human-readable explanation.
    public var reason: String

    public init(code: Code, input: String, reason: String) {
        self.code = code
        self.input = input
        self.reason = reason
    }
}

extension AddressError: CustomStringConvertible {
    /// `reason: "input"`, with the input escaped so control characters cannot leak into logs.
    public var description: String {
        "\(reason) (\(code)): \(input.debugDescription)"
    }
}
