/// What a server said it supports in its EHLO reply (RFC 5321 §4.1.1.1: the first line is the
/// greeting, each further line is `ehlo-keyword *(SP ehlo-param)`).
public struct SMTPCapabilities: Hashable, Sendable {
    /// Keyword (upper-cased) to its parameters, for everything the server listed.
    public var keywords: [String: [String]]

    /// No extensions: what a HELO session has.
    public static let none = SMTPCapabilities(keywords: [:])

    public init(keywords: [String: [String]]) {
        self.keywords = keywords
    }

    /// Parses an EHLO reply.
    public init(ehloReply reply: SMTPReply) {
        var keywords: [String: [String]] = [:]
        for line in reply.lines.dropFirst() {
            var words = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            guard !words.isEmpty else { continue }
            var keyword = words.removeFirst().uppercased()
            // Old servers write `AUTH=PLAIN LOGIN` (pre-RFC 2554 syntax); read it as AUTH.
            if keyword.hasPrefix("AUTH=") {
                words.insert(String(keyword.dropFirst(5)), at: 0)
                keyword = "AUTH"
            }
            keywords[keyword, default: []].append(contentsOf: words)
        }
        self.keywords = keywords
    }

    public func supports(_ keyword: String) -> Bool { self.keywords[keyword.uppercased()] != nil }

    /// RFC 2920
    public var pipelining: Bool { self.supports("PIPELINING") }
    /// RFC 6152
    public var eightBitMIME: Bool { self.supports("8BITMIME") }
    /// RFC 6531
    public var smtpUTF8: Bool { self.supports("SMTPUTF8") }
    /// RFC 3207
    public var startTLS: Bool { self.supports("STARTTLS") }
    /// RFC 2034
    public var enhancedStatusCodes: Bool { self.supports("ENHANCEDSTATUSCODES") }
    /// RFC 3030
    public var chunking: Bool { self.supports("CHUNKING") }
    /// RFC 3461
    public var dsn: Bool { self.supports("DSN") }
    /// RFC 1870
    public var size: Bool { self.supports("SIZE") }

    /// RFC 1870 §4: `SIZE n` is the largest message the server takes; `SIZE` or `SIZE 0` means no
    /// fixed limit (nil here).
    public var sizeLimit: Int? {
        guard let limit = self.keywords["SIZE"]?.first.flatMap({ Int($0) }), limit > 0 else { return nil }
        return limit
    }

    /// RFC 4954 §3: the SASL mechanisms after AUTH, upper-cased.
    public var authMechanisms: Set<String> {
        Set((self.keywords["AUTH"] ?? []).map { $0.uppercased() })
    }
}
