/// A Content-Disposition field (RFC 2183 §2): `disposition-type *(";" parameter)`.
public struct ContentDisposition: Sendable, Hashable {
    /// Lowercased type: `inline`, `attachment`, or an extension token.
    public var type: String
    public var parameters: MIMEParameters

    public init(type: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = ASCII.lowercased(type)
        self.parameters = parameters
    }

    public var isAttachment: Bool { type == "attachment" }
    public var isInline: Bool { type == "inline" }

    /// The `filename` parameter (RFC 2183 §2.3), RFC 2231 / RFC 2047 decoded.
    public var filename: String? { parameters["filename"] }

    /// Parses an unfolded value. The type is whatever precedes the first `;` (lowercased,
    /// trimmed), as Python's email package reads it.
    public static func parse(_ value: String) -> ContentDisposition {
        let (type, raw) = ParameterListParser.split(value)
        return ContentDisposition(type: type, parameters: ParameterDecoder.decode(raw))
    }
}
