/// Something malformed that the parser noticed and recovered from. Parsing never fails:
/// like Python's email package, it records defects and carries on.
public struct ParseDefect: Sendable, Hashable, CustomStringConvertible {
    /// Stable, extensible identifier. Names follow Python's `email.errors` defects where one
    /// exists, so reports can be compared.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A line that is neither a header field nor blank ended the header section
        /// (RFC 5322 §2.1: a blank line separates header and body).
        public static let missingHeaderBodySeparator = Code(rawValue: "MissingHeaderBodySeparatorDefect")
        /// The first header line starts with whitespace (RFC 5322 §2.2.3 folding needs a field).
        public static let firstHeaderLineIsContinuation = Code(rawValue: "FirstHeaderLineIsContinuationDefect")
        /// An mbox `From ` line after the first line of a header section.
        public static let misplacedEnvelopeHeader = Code(rawValue: "MisplacedEnvelopeHeaderDefect")
        /// A header line with an empty field name (`: value`).
        public static let invalidHeader = Code(rawValue: "InvalidHeaderDefect")
        /// multipart/* without a usable `boundary` parameter (RFC 2046 §5.1.1).
        public static let noBoundaryInMultipart = Code(rawValue: "NoBoundaryInMultipartDefect")
        /// No delimiter line of the multipart's boundary was found.
        public static let startBoundaryNotFound = Code(rawValue: "StartBoundaryNotFoundDefect")
        /// The close delimiter `--boundary--` is missing (RFC 2046 §5.1.1).
        public static let closeBoundaryNotFound = Code(rawValue: "CloseBoundaryNotFoundDefect")
        /// A multipart or message entity with a transfer encoding other than 7bit/8bit/binary
        /// (RFC 2045 §6.4, RFC 2046 §5.2.1).
        public static let invalidCompositeTransferEncoding = Code(rawValue: "InvalidMultipartContentTransferEncodingDefect")
        /// Content-Type present but not `type/subtype` (RFC 2045 §5.2: treated as text/plain).
        public static let invalidContentType = Code(rawValue: "InvalidContentTypeDefect")
        /// An unknown Content-Transfer-Encoding (RFC 2045 §6.4); the body is kept undecoded.
        public static let unknownTransferEncoding = Code(rawValue: "UnknownTransferEncodingDefect")
        /// A charset that this platform cannot decode; text was decoded as lossy UTF-8.
        public static let unknownCharset = Code(rawValue: "CharsetError")
        /// Nesting deeper than ``ParseLimits/maximumDepth``.
        public static let depthLimitExceeded = Code(rawValue: "DepthLimitExceeded")
        /// More entities than ``ParseLimits/maximumParts``.
        public static let partLimitExceeded = Code(rawValue: "PartLimitExceeded")
        /// More header fields or bytes than the ``ParseLimits`` allow.
        public static let headerLimitExceeded = Code(rawValue: "HeaderLimitExceeded")
    }

    public var code: Code
    /// Byte offset in the parsed buffer where the problem was noticed.
    public var offset: Int
    /// Human-readable detail (may be empty).
    public var detail: String

    public init(code: Code, offset: Int, detail: String = "") {
        self.code = code
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "\(code) at \(offset)" : "\(code) at \(offset): \(detail)"
    }
}
