/// Why a key could not be read or a message could not be signed.
///
/// None of these can reach an SMTP peer directly: the submission path decides what a signing failure means.
public struct DKIMError: Error, Sendable, CustomStringConvertible {
    /// An extensible error code (compare with the static members).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The PEM or raw key bytes could not be read, or the key is of an unsupported kind or size.
        public static let invalidKey = Code("invalidKey")
        /// Key generation failed.
        public static let keyGenerationFailed = Code("keyGenerationFailed")
        /// `d=`, `s=` or `i=` is not usable as a tag value (RFC 6376 §3.5).
        public static let invalidParameter = Code("invalidParameter")
        /// The message has no `From:` header field, which must be signed (RFC 6376 §5.4).
        public static let missingFrom = Code("missingFrom")
        /// The cryptographic signing operation failed.
        public static let signingFailed = Code("signingFailed")
    }

    public var code: Code
    /// What was wrong, for logs. Never contains key material.
    public var context: String
    public var underlying: (any Error)?

    public init(_ code: Code, _ context: String, underlying: (any Error)? = nil) {
        self.code = code
        self.context = context
        self.underlying = underlying
    }

    public var description: String {
        if let underlying {
            return "DKIMError.\(code): \(context) (\(underlying))"
        }
        return "DKIMError.\(code): \(context)"
    }
}
