/// One complete SMTP reply: a three-digit code and one or more text lines (RFC 5321 §4.2).
///
/// A multi-line reply arrives as `250-first`, `250-second`, `250 last`; here it is one value with
/// `lines == ["first", "second", "last"]`.
public struct SMTPReply: Hashable, Sendable, CustomStringConvertible {
    /// The reply code, 200...599 (RFC 5321 §4.2: `%x32-35 %x30-35 %x30-39`).
    public var code: Int
    /// The text of each line, without code, separator and CRLF. Never empty.
    public var lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// A reply with the given text; `\n` in the text separates lines.
    public init(code: Int, _ text: String) {
        self.init(code: code, lines: text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }

    /// RFC 5321 §4.2.1: the first digit tells the kind of reply.
    public enum Kind: Hashable, Sendable {
        /// 2yz
        case positiveCompletion
        /// 3yz
        case positiveIntermediate
        /// 4yz
        case transientNegative
        /// 5yz
        case permanentNegative
        /// anything else (1yz is not used by SMTP)
        case unknown
    }

    public var kind: Kind {
        switch self.code / 100 {
        case 2: return .positiveCompletion
        case 3: return .positiveIntermediate
        case 4: return .transientNegative
        case 5: return .permanentNegative
        default: return .unknown
        }
    }

    public var isPositiveCompletion: Bool { self.kind == .positiveCompletion }
    public var isPositiveIntermediate: Bool { self.kind == .positiveIntermediate }
    public var isTransientNegative: Bool { self.kind == .transientNegative }
    public var isPermanentNegative: Bool { self.kind == .permanentNegative }

    /// The enhanced status code at the start of the first line (RFC 2034 §4), when present and
    /// of the same class as the basic code (RFC 3463 §2: the class must agree; a mismatched one is
    /// ignored rather than trusted over the basic code).
    public var enhancedCode: EnhancedStatusCode? {
        guard let (code, _) = EnhancedStatusCode.parsePrefix(Array(self.lines[0].utf8)),
              code.statusClass == self.code / 100
        else { return nil }
        return code
    }

    /// All lines joined with `\n`.
    public var text: String { self.lines.joined(separator: "\n") }

    /// The lines with a leading enhanced status code (and its space) removed from each.
    public var textWithoutEnhancedCode: String {
        self.lines.map { line -> String in
            let bytes = Array(line.utf8)
            guard let (_, length) = EnhancedStatusCode.parsePrefix(bytes) else { return line }
            let rest = bytes.dropFirst(length).drop { $0 == UInt8(ascii: " ") }
            return String(decoding: rest, as: UTF8.self)
        }.joined(separator: "\n")
    }

    /// The reply as it was on the wire, without the final CRLF: `250-a\r\n250 b`.
    public var wireDescription: String {
        self.lines.enumerated().map { index, line in
            let separator = index == self.lines.count - 1 ? " " : "-"
            return line.isEmpty && separator == " " ? "\(self.code)" : "\(self.code)\(separator)\(line)"
        }.joined(separator: "\r\n")
    }

    /// `550 5.1.1 User unknown`, lines joined with ` / `.
    public var description: String {
        "\(self.code) " + self.lines.joined(separator: " / ")
    }
}
