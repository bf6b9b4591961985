/// Bounds that keep parsing linear in time and memory on hostile input. Every limit has a
/// named default; exceeding one never fails the parse, it records a ``ParseDefect`` and
/// stops descending (the bytes stay in the enclosing part's raw body).
public struct ParseLimits: Sendable, Hashable {
    /// Nesting of multipart and message/rfc822 entities below the top-level message.
    /// Deeper entities are kept as opaque leaves.
    public var maximumDepth: Int
    /// Entities (parts of every kind, the top level included) in one parse. Body parts past
    /// the limit are skipped.
    public var maximumParts: Int
    /// Header fields kept per header section; later fields are consumed but not stored.
    public var maximumHeaderFields: Int
    /// Bytes of header fields kept per header section; later fields are consumed but not stored.
    public var maximumHeaderBytes: Int

    public static let defaultMaximumDepth = 20
    public static let defaultMaximumParts = 2_000
    public static let defaultMaximumHeaderFields = 2_000
    public static let defaultMaximumHeaderBytes = 512 * 1024

    public init(
        maximumDepth: Int = defaultMaximumDepth,
        maximumParts: Int = defaultMaximumParts,
        maximumHeaderFields: Int = defaultMaximumHeaderFields,
        maximumHeaderBytes: Int = defaultMaximumHeaderBytes
    ) {
        self.maximumDepth = max(0, maximumDepth)
        self.maximumParts = max(1, maximumParts)
        self.maximumHeaderFields = max(0, maximumHeaderFields)
        self.maximumHeaderBytes = max(0, maximumHeaderBytes)
    }

    public static let `default` = ParseLimits()
}
