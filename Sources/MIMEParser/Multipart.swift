/// The body of a multipart entity (RFC 2046 §5.1.1):
/// `preamble dash-boundary body-part *(delimiter body-part) close-delimiter epilogue`.
public struct Multipart: Sendable {
    public let boundary: String
    public let parts: [ParsedPart]
    /// Text before the first delimiter (without the line break that belongs to it).
    public let preambleRange: Range<Int>
    /// Text after the close delimiter's line; nil when the close delimiter is missing.
    public let epilogueRange: Range<Int>?
    /// False when the close delimiter was missing (a `CloseBoundaryNotFoundDefect`).
    public let isClosed: Bool
}
