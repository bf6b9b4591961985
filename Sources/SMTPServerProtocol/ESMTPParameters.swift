/// The parameters after a MAIL FROM or RCPT TO path (RFC 5321 §4.1.2):
///
/// ```
/// Mail-parameters  = esmtp-param *(SP esmtp-param)
/// esmtp-param      = esmtp-keyword ["=" esmtp-value]
/// esmtp-keyword    = (ALPHA / DIGIT) *(ALPHA / DIGIT / "-")
/// esmtp-value      = 1*(%d33-60 / %d62-126)      ; plus UTF-8 octets, RFC 6531 §3.3
/// ```
///
/// Runs of spaces between parameters (and after the path) are tolerated, as Postfix does.
struct ESMTPParameter: Sendable, Hashable {
    /// Upper-cased.
    var keyword: String
    var value: String?

    /// Parses what follows the path. Returns nil on a syntax error.
    static func parseList(_ bytes: ArraySlice<UInt8>) -> [ESMTPParameter]? {
        if bytes.isEmpty { return [] }
        guard bytes.first == UInt8(ascii: " ") else { return nil }
        var parameters: [ESMTPParameter] = []
        for token in bytes.split(separator: UInt8(ascii: " ")) {
            guard let parameter = self.parse(token) else { return nil }
            parameters.append(parameter)
        }
        return parameters
    }

    static func parse(_ token: ArraySlice<UInt8>) -> ESMTPParameter? {
        let equals = token.firstIndex(of: UInt8(ascii: "="))
        let keyword = token[token.startIndex..<(equals ?? token.endIndex)]
        guard let first = keyword.first, ByteScanner.isLetDig(first),
              keyword.allSatisfy({ ByteScanner.isLetDig($0) || $0 == UInt8(ascii: "-") })
        else { return nil }
        var value: String?
        if let equals {
            let raw = token[(equals + 1)...]
            guard !raw.isEmpty,
                  raw.allSatisfy({ (33...60).contains($0) || (62...126).contains($0) || $0 >= 0x80 }),
                  let decoded = String(validating: raw, as: UTF8.self)
            else { return nil }
            value = decoded
        }
        return ESMTPParameter(keyword: String(decoding: keyword, as: UTF8.self).uppercased(), value: value)
    }
}
