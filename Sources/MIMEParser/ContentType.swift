/// A media type with parameters (RFC 2045 §5.1): `type "/" subtype *(";" parameter)`.
public struct ContentType: Sendable, Hashable {
    /// Lowercased top-level type (`text`, `multipart`, ...).
    public var type: String
    /// Lowercased subtype (`plain`, `mixed`, ...).
    public var subtype: String
    public var parameters: MIMEParameters

    public init(type: String, subtype: String, parameters: MIMEParameters = MIMEParameters()) {
        self.type = ASCII.lowercased(type)
        self.subtype = ASCII.lowercased(subtype)
        self.parameters = parameters
    }

    /// `type/subtype`, lowercased.
    public var mimeType: String { type + "/" + subtype }

    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }

    /// The `charset` parameter (RFC 2046 §4.1.2), if any.
    public var charset: String? { parameters["charset"] }

    /// The `boundary` parameter (RFC 2046 §5.1.1) with trailing whitespace removed (a boundary
    /// cannot end in a space), or nil when absent or empty.
    public var boundary: String? {
        guard var value = parameters["boundary"] else { return nil }
        while let last = value.unicodeScalars.last, last == " " || last == "\t" { value.unicodeScalars.removeLast() }
        return value.isEmpty ? nil : value
    }

    /// RFC 2045 §5.2: the default for a part without Content-Type.
    public static let textPlain = ContentType(
        type: "text", subtype: "plain",
        parameters: MIMEParameters([.init(name: "charset", value: "us-ascii", language: nil)])
    )

    /// RFC 2046 §5.1.5: the default inside multipart/digest.
    public static let messageRFC822 = ContentType(type: "message", subtype: "rfc822")

    /// Parses an unfolded Content-Type value; nil when it is not `type/subtype` made of
    /// RFC 2045 tokens.
    public static func parse(_ value: String) -> ContentType? {
        let (essence, raw) = ParameterListParser.split(value)
        let pieces = essence.split(separator: "/", omittingEmptySubsequences: false)
        guard pieces.count == 2 else { return nil }
        let type = ASCII.trimmed(pieces[0])
        // A subtype followed by junk before ";" (`text/plain charset=x`) keeps its first word.
        let subtype = ASCII.trimmed(pieces[1]).split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? ""
        guard isToken(type), isToken(subtype) else { return nil }
        return ContentType(type: type, subtype: subtype, parameters: ParameterDecoder.decode(raw))
    }

    /// RFC 2045 §5.1 token: US-ASCII without SPACE, CTLs and tspecials.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { byte in
            byte > 0x20 && byte < 0x7F && !"()<>@,;:\\\"/[]?=".utf8.contains(byte)
        }
    }
}

extension ContentType: CustomStringConvertible {
    public var description: String {
        ([mimeType] + parameters.parameters.map { "\($0.name)=\($0.value)" }).joined(separator: "; ")
    }
}
