/// A DNS message or name that cannot be encoded or decoded.
///
/// Decoding never traps on hostile input: every read is bounds-checked and a malformed message
/// throws this error with the byte offset where decoding stopped.
public struct DNSProtocolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong. Extensible: new codes may be added, so switch with a `default`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let name: String
        private init(_ name: String) { self.name = name }
        public var description: String { name }

        /// The message ends before a field it announces (RFC 1035 §4.1).
        public static let truncated = Code("truncated")
        /// A label is longer than 63 bytes, a name longer than 255 bytes (RFC 1035 §2.3.4), or a
        /// label is empty where it must not be.
        public static let invalidName = Code("invalidName")
        /// A compression pointer that points forward, at itself, or into a loop (RFC 1035 §4.1.4).
        public static let badPointer = Code("badPointer")
        /// Label type 0b01 or 0b10 (extended labels, RFC 6891 §5; never deployed).
        public static let unsupportedLabelType = Code("unsupportedLabelType")
        /// RDATA whose length does not match its type's layout.
        public static let badRecordData = Code("badRecordData")
        /// An OPT record outside the additional section, or more than one (RFC 6891 §6.1.1).
        public static let badOPT = Code("badOPT")
        /// A value that does not fit the wire format (e.g. a frame over 65535 bytes).
        public static let tooLarge = Code("tooLarge")
    }

    public var code: Code
    /// Byte offset in the message where the problem was found, when decoding.
    public var offset: Int?
    public var detail: String

    public init(_ code: Code, _ detail: String, offset: Int? = nil) {
        self.code = code
        self.detail = detail
        self.offset = offset
    }

    public var description: String {
        if let offset { return "DNS \(code) at offset \(offset): \(detail)" }
        return "DNS \(code): \(detail)"
    }
}
