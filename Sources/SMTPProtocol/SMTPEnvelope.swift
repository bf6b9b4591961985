import NIOCore

/// The envelope of one transaction: reverse-path and forward-paths (RFC 5321 §2.3.1), bare
/// addresses without angle brackets. An empty `from` is the null reverse-path `<>`.
public struct SMTPEnvelope: Hashable, Sendable {
    public var from: String
    public var recipients: [String]

    public init(from: String, recipients: [String]) {
        self.from = from
        self.recipients = recipients
    }

    /// Whether an address has non-ASCII octets, which only SMTPUTF8 allows (RFC 6531 §3.3).
    public var requiresSMTPUTF8: Bool {
        (self.recipients + [self.from]).contains { $0.utf8.contains { $0 >= 0x80 } }
    }
}

/// A message encoded for DATA (see ``SMTPDataEncoder``), with its RFC 1870 size.
public struct SMTPMessagePayload: Hashable, Sendable {
    /// Dot-stuffed, CRLF-normalised, ending in `.CRLF`.
    public var encoded: ByteBuffer
    public var summary: SMTPDataEncoder.Summary

    public init(message: some Sequence<UInt8>) {
        (self.encoded, self.summary) = SMTPDataEncoder.encode(message)
    }

    public init(encoded: ByteBuffer, summary: SMTPDataEncoder.Summary) {
        self.encoded = encoded
        self.summary = summary
    }
}
