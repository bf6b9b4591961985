/// Content-Transfer-Encoding (RFC 2045 §6.1).
public enum TransferEncoding: Sendable, Hashable {
    case sevenBit
    case eightBit
    case binary
    case quotedPrintable
    case base64
    /// An unknown or x-token encoding, lowercased; the body is kept as is (RFC 2045 §6.4:
    /// such an entity is effectively application/octet-stream).
    case other(String)

    /// Parses a field value: the first token, case-insensitive (RFC 2045 §6.1); a missing
    /// or empty field is 7bit (RFC 2045 §6.1 default).
    public init(_ value: String?) {
        let token = value.map { ParameterListParser.split($0).value } ?? ""
        let word = ASCII.lowercased(token.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? "")
        switch word {
        case "", "7bit": self = .sevenBit
        case "8bit": self = .eightBit
        case "binary": self = .binary
        case "quoted-printable": self = .quotedPrintable
        case "base64": self = .base64
        default: self = .other(word)
        }
    }

    /// True for the identity encodings that composite types may use (RFC 2045 §6.4).
    public var isIdentity: Bool {
        switch self {
        case .sevenBit, .eightBit, .binary: true
        default: false
        }
    }

    /// The encoding's name as it would be written in the field.
    public var name: String {
        switch self {
        case .sevenBit: "7bit"
        case .eightBit: "8bit"
        case .binary: "binary"
        case .quotedPrintable: "quoted-printable"
        case .base64: "base64"
        case let .other(name): name
        }
    }

    /// Decodes a body. Identity and unknown encodings return the bytes unchanged.
    public func decode(_ body: ArraySlice<UInt8>) -> [UInt8] {
        switch self {
        case .quotedPrintable: QuotedPrintableDecoder.decode(body)
        case .base64: Base64Decoder.decode(body)
        default: Array(body)
        }
    }
}
