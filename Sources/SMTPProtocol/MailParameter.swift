/// An ESMTP parameter on MAIL FROM (RFC 5321 §4.1.2 `Mail-parameters`).
public enum MailParameter: Hashable, Sendable {
    /// `SIZE=n`: the message size in octets, as counted by RFC 1870 §3 (CRLF line ends, without
    /// dot-stuffing and without the terminating `.CRLF`).
    case size(Int)
    /// `BODY=8BITMIME` (RFC 6152 §2): the content has octets above 127.
    case body8BitMIME
    /// `SMTPUTF8` (RFC 6531 §3.4): the envelope or headers carry UTF-8.
    case smtpUTF8
    /// Anything else, `keyword[=value]`.
    case other(keyword: String, value: String?)

    var wireText: String {
        switch self {
        case .size(let size): return "SIZE=\(size)"
        case .body8BitMIME: return "BODY=8BITMIME"
        case .smtpUTF8: return "SMTPUTF8"
        case .other(let keyword, let value?): return "\(keyword)=\(value)"
        case .other(let keyword, nil): return keyword
        }
    }
}
